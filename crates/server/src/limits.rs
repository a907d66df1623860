//! How much anyone may ask of the server: rate limits per address, per
//! device and per login name, the failed sign-ins behind them, and who the
//! client is when a reverse proxy stands in front.
//!
//! Every limit here is stated in the OpenAPI description (`429` with
//! `Retry-After`), so an outside client learns it from there.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::ApiError;

/// Largest request body: a full push page is far below it.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Pushes read at once, over all devices: a push's body is read only once
/// it has a turn, so a thousand phones syncing together wait on their
/// connections instead of each holding a parsed push in memory. A turn
/// lasts until the push's batch starts being written, so the next batch
/// ([`crate::store::batch::MAX_BATCH_CHANGES`]) is read and queued while
/// one is written; in memory are these and the batches being written
/// (one on SQLite, one per write connection on PostgreSQL).
pub const PUSHES_AT_ONCE: usize = 64;
/// Largest pull page.
pub const MAX_PULL: usize = 1_000;
/// Largest page of the conflict log.
pub const MAX_CONFLICTS: usize = 100;
/// Audit log lines per page.
pub const MAX_AUDIT: usize = 100;

/// The numbers behind every limit; `drempel-server` takes each as a flag.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Failed sign-ins per minute from one address, and per login name.
    pub login_per_minute: u32,
    pub enrol_per_minute: u32,
    /// Pushes and pulls per minute of one device (a burst of this many,
    /// refilling evenly over the minute).
    pub sync_per_minute: u32,
    /// Response uploads per minute of one device.
    pub responses_per_minute: u32,
    /// Public report reads per minute from one address.
    pub public_per_minute: u32,
    /// Responses one device may hand in per consultation and hour: what a
    /// kiosk can collect from people in front of it.
    pub responses_per_hour: u32,
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// A coordinator's session ends after this many days unused.
    pub session_idle_days: u32,
}

/// A phone's first sync of 10,000 records is 50 pushes of 200, 50 pulls
/// of 200 and a content request per round: about 100 requests, a third of
/// one burst.
pub const SYNC_PER_MINUTE: u32 = 300;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            login_per_minute: 10,
            enrol_per_minute: 20,
            sync_per_minute: SYNC_PER_MINUTE,
            responses_per_minute: 60,
            public_per_minute: 60,
            responses_per_hour: 120,
            trusted_proxies: Vec::new(),
            session_idle_days: 30,
        }
    }
}

/// The limiters the handlers consult.
pub struct Limiters {
    pub settings: Limits,
    pub enrol: Limiter<IpAddr>,
    pub sync: Limiter<String>,
    pub responses: Limiter<String>,
    pub public: Limiter<IpAddr>,
    pub failed_logins: FailedLogins,
}

impl Limiters {
    pub fn new(settings: Limits) -> Limiters {
        Limiters {
            enrol: Limiter::per_minute(settings.enrol_per_minute),
            sync: Limiter::per_minute(settings.sync_per_minute),
            responses: Limiter::per_minute(settings.responses_per_minute),
            public: Limiter::per_minute(settings.public_per_minute),
            failed_logins: FailedLogins::new(settings.login_per_minute, Duration::from_secs(60)),
            settings,
        }
    }

    /// Forgets keys whose budget is whole again, so the maps stay small.
    pub fn tidy(&self) {
        self.enrol.tidy();
        self.sync.tidy();
        self.responses.tidy();
        self.public.tidy();
        self.failed_logins.tidy(Instant::now());
    }
}

/// Per key, a burst of `n` requests refilling evenly over the minute
/// (governor's GCRA).
pub struct Limiter<K: Hash + Eq + Clone>(Arc<DefaultKeyedRateLimiter<K>>);

impl<K: Hash + Eq + Clone> Limiter<K> {
    pub fn per_minute(n: u32) -> Limiter<K> {
        let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        Limiter(Arc::new(RateLimiter::keyed(Quota::per_minute(n))))
    }

    pub fn check(&self, key: &K) -> Result<(), ApiError> {
        self.0.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(
                &governor::clock::DefaultClock::default(),
            ));
            ApiError::TooManyRequests {
                retry_after_secs: wait.as_secs().max(1),
            }
        })
    }

    fn tidy(&self) {
        self.0.retain_recent();
        self.0.shrink_to_fit();
    }
}

/// Most keys a failure counter keeps; beyond it, new keys are refused
/// until old ones expire (the server never grows without bound).
const MAX_TRACKED: usize = 100_000;

/// Failed sign-ins in a fixed window, per address and per login name.
///
/// Only wrong passwords count. A login name that failed `limit` times is
/// refused for the rest of its window, from every address: that stops a
/// guesser of one account wherever they come from. An address that failed
/// `limit` times may still try a login name that has not failed: behind a
/// proxy, one guesser then cannot lock out every coordinator.
pub struct FailedLogins {
    limit: u32,
    window: Duration,
    by_address: Mutex<HashMap<IpAddr, Window>>,
    by_name: Mutex<HashMap<String, Window>>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    failures: u32,
}

impl FailedLogins {
    pub fn new(limit: u32, window: Duration) -> FailedLogins {
        FailedLogins {
            limit: limit.max(1),
            window,
            by_address: Mutex::default(),
            by_name: Mutex::default(),
        }
    }

    /// Whether `name` may be tried from `address` now.
    pub fn admit(&self, address: IpAddr, name: &str, now: Instant) -> Result<(), ApiError> {
        let name_failures = self.failures(&self.by_name, &name_key(name), now);
        let refused = if name_failures.0 >= self.limit {
            Some(name_failures.1)
        } else {
            let address_failures = self.failures(&self.by_address, &address, now);
            (address_failures.0 >= self.limit && name_failures.0 > 0).then_some(address_failures.1)
        };
        match refused {
            Some(wait) => Err(ApiError::TooManyRequests {
                retry_after_secs: wait.as_secs().max(1),
            }),
            None => Ok(()),
        }
    }

    pub fn failed(&self, address: IpAddr, name: &str, now: Instant) {
        self.add(&self.by_address, address, now);
        self.add(&self.by_name, name_key(name), now);
    }

    /// A correct password clears its name's failures.
    pub fn succeeded(&self, name: &str) {
        lock(&self.by_name).remove(&name_key(name));
    }

    /// Failures in the current window and the time until it ends.
    fn failures<K: Hash + Eq>(
        &self,
        map: &Mutex<HashMap<K, Window>>,
        key: &K,
        now: Instant,
    ) -> (u32, Duration) {
        let map = lock(map);
        match map.get(key) {
            Some(w) if now.duration_since(w.started) < self.window => (
                w.failures,
                self.window.saturating_sub(now.duration_since(w.started)),
            ),
            // A full table counts as a spent budget: fail closed.
            None if map.len() >= MAX_TRACKED => (self.limit, self.window),
            _ => (0, Duration::ZERO),
        }
    }

    fn add<K: Hash + Eq>(&self, map: &Mutex<HashMap<K, Window>>, key: K, now: Instant) {
        let mut map = lock(map);
        if map.len() >= MAX_TRACKED && !map.contains_key(&key) {
            let window = self.window;
            map.retain(|_, w| now.duration_since(w.started) < window);
            if map.len() >= MAX_TRACKED {
                return;
            }
        }
        let entry = map.entry(key).or_insert(Window {
            started: now,
            failures: 0,
        });
        if now.duration_since(entry.started) >= self.window {
            *entry = Window {
                started: now,
                failures: 0,
            };
        }
        entry.failures = entry.failures.saturating_add(1);
    }

    fn tidy(&self, now: Instant) {
        let window = self.window;
        lock(&self.by_address).retain(|_, w| now.duration_since(w.started) < window);
        lock(&self.by_name).retain(|_, w| now.duration_since(w.started) < window);
    }
}

fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A poisoned lock only means another request panicked mid-count; the
/// counts are still usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The client's address: the peer's, or, when the peer is a trusted proxy,
/// the last address in `X-Forwarded-For` that is not itself a trusted
/// proxy. Anyone can send the header, so it counts only from a proxy named
/// with `--trusted-proxy`.
pub fn client_address(parts: &Parts, trusted: &[IpAddr]) -> IpAddr {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<&str> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect();
    // From the right: each hop was added by the proxy before it; the first
    // one that is not a trusted proxy is the client. Anything unreadable
    // ends the walk: what lies left of it is the client's own claim.
    for hop in hops.iter().rev() {
        match hop.trim().parse::<IpAddr>() {
            Ok(address) if trusted.contains(&address) => continue,
            Ok(address) => return address,
            Err(_) => break,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_refuses_after_the_burst_per_key() {
        let limiter = Limiter::per_minute(3);
        let one: IpAddr = "192.0.2.1".parse().unwrap();
        let two: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            assert!(limiter.check(&one).is_ok());
        }
        assert!(matches!(
            limiter.check(&one),
            Err(ApiError::TooManyRequests { retry_after_secs }) if retry_after_secs >= 1
        ));
        assert!(
            limiter.check(&two).is_ok(),
            "another address has its own budget"
        );
    }

    const PROXY: &str = "10.0.0.1";

    fn address(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_guessed_name_is_refused_from_every_address() {
        let failed = FailedLogins::new(3, Duration::from_secs(60));
        let now = Instant::now();
        for i in 0..3 {
            failed
                .admit(address(&format!("192.0.2.{i}")), "Ans", now)
                .unwrap();
            failed.failed(address(&format!("192.0.2.{i}")), "Ans", now);
        }
        assert!(failed.admit(address("198.51.100.7"), " ans ", now).is_err());
        assert!(failed.admit(address("198.51.100.7"), "piet", now).is_ok());
        let later = now + Duration::from_secs(61);
        assert!(
            failed.admit(address("198.51.100.7"), "ans", later).is_ok(),
            "a new window"
        );
    }

    /// Defect 12 of the outside attack: behind a proxy, twelve wrong
    /// passwords locked every coordinator out.
    #[test]
    fn wrong_passwords_from_one_address_do_not_lock_out_other_names() {
        let failed = FailedLogins::new(3, Duration::from_secs(60));
        let now = Instant::now();
        let proxy = address(PROXY);
        for name in ["a", "b", "c", "d"] {
            failed.admit(proxy, name, now).unwrap();
            failed.failed(proxy, name, now);
        }
        assert!(
            failed.admit(proxy, "ans", now).is_ok(),
            "a name that never failed"
        );
        assert!(
            failed.admit(proxy, "a", now).is_err(),
            "a name that failed here"
        );
        failed.succeeded("a");
        assert!(
            failed.admit(proxy, "a", now).is_ok(),
            "cleared by its right password"
        );
    }

    fn parts(peer: &str, forwarded: &[&str]) -> Parts {
        let mut request = axum::http::Request::builder();
        for value in forwarded {
            request = request.header("x-forwarded-for", *value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        parts
            .extensions
            .insert(ConnectInfo(SocketAddr::new(address(peer), 4000)));
        parts
    }

    #[test]
    fn forwarded_addresses_count_only_from_a_trusted_proxy() {
        let trusted = [address(PROXY)];
        assert_eq!(
            client_address(&parts("192.0.2.9", &["203.0.113.5"]), &trusted),
            address("192.0.2.9"),
            "not a proxy: its header is ignored"
        );
        assert_eq!(
            client_address(&parts(PROXY, &["203.0.113.5"]), &trusted),
            address("203.0.113.5")
        );
        assert_eq!(
            client_address(
                &parts(PROXY, &["1.2.3.4, 203.0.113.5", "10.0.0.1"]),
                &trusted
            ),
            address("203.0.113.5"),
            "the last hop the proxy saw, not what the client claims"
        );
        assert_eq!(
            client_address(&parts(PROXY, &["nonsense"]), &trusted),
            address(PROXY)
        );
        assert_eq!(
            client_address(&parts(PROXY, &["203.0.113.5, nonsense"]), &trusted),
            address(PROXY),
            "a claim left of an unreadable hop is not believed"
        );
        assert_eq!(
            client_address(&parts(PROXY, &[]), &[]),
            address(PROXY),
            "no proxy trusted"
        );
    }
}
