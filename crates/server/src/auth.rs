//! Who is calling: secrets (tokens, join codes, passwords), the `Caller`
//! extractor behind every non-public route, and the rate limits on login
//! and enrolment.
//!
//! Tokens and join codes are 256 random bits: a SHA-256 hash is enough to
//! store them. Passwords are people's: argon2id, run on a blocking thread.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use argon2::Argon2;
use argon2::password_hash::PasswordHasher;
use argon2::password_hash::phc::PasswordHash;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use drempel_core::wire::Role;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::ApiError;
use crate::store::{Scope, TeamId};

pub use crate::limits::Limits;

/// A fresh secret: 32 random bytes as 64 hex digits.
pub fn new_secret() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|err| ApiError::Internal(err.to_string()))?;
    Ok(hex(&bytes))
}

/// A device id: 16 random bytes as 32 hex digits. Not a secret.
pub fn new_device_id() -> Result<String, ApiError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|err| ApiError::Internal(err.to_string()))?;
    Ok(hex(&bytes))
}

/// What the database keeps of a token or join code.
pub fn hash_secret(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// An argon2id hash (PHC string) of `password`, with a random salt.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|err| ApiError::Internal(format!("password hashing: {err}")))
    })
    .await
    .map_err(|err| ApiError::Internal(err.to_string()))?
}

/// Checks `password` against `stored`. With no stored hash (unknown login)
/// it checks against a hash of a random password, so an unknown login and
/// a wrong password take the same time and give the same answer.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || check_now(&password, stored, &mut Vec::new()))
        .await
        .unwrap_or(false)
}

/// The most argon2 memory (blocks of 1 KiB) a stored hash may ask for: the
/// default's, which is what this server makes.
const MAX_BLOCKS: usize = argon2::Params::DEFAULT_M_COST as usize;

/// The check itself, on the calling thread, in `memory`: the caller keeps
/// it for the next check, so the 19 MiB are taken once, not per check.
fn check_now(password: &str, stored: Option<String>, memory: &mut Vec<argon2::Block>) -> bool {
    match stored {
        Some(hash) => check_with(password.as_bytes(), &hash, memory),
        None => {
            check_with(password.as_bytes(), decoy_hash(), memory);
            false
        }
    }
}

/// Whether `password` gives `hash` (a PHC string), computed in `memory`;
/// the outputs are compared in constant time.
fn check_with(password: &[u8], hash: &str, memory: &mut Vec<argon2::Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = argon2::Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let version = match parsed.version.map(argon2::Version::try_from) {
        None => argon2::Version::default(),
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    let Ok(params) = argon2::Params::try_from(&parsed) else {
        return false;
    };
    let blocks = params.block_count();
    if blocks > MAX_BLOCKS {
        return false;
    }
    if memory.len() < blocks {
        memory.resize(blocks, argon2::Block::default());
    }
    let mut buffer = [0u8; 64];
    let Some(out) = buffer.get_mut(..expected.len()) else {
        return false;
    };
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password, &salt, &mut *out, &mut memory[..blocks])
        .is_ok()
        && argon2::password_hash::phc::Output::new(out).is_ok_and(|output| output == expected)
}

/// A hash of nothing anyone knows, with the default cost: an unknown login
/// is checked against it, so it takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    use argon2::password_hash::phc::{Output, ParamsString, Salt};
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let mut bytes = [0u8; 48];
        // Without randomness the decoy still costs a full check.
        let _ = getrandom::fill(&mut bytes);
        let params = argon2::Params::default();
        let decoy = PasswordHash {
            algorithm: argon2::Algorithm::Argon2id.ident(),
            version: Some(argon2::Version::default().into()),
            params: ParamsString::try_from(&params).unwrap_or_default(),
            salt: Salt::new(&bytes[..16]).ok(),
            hash: Output::new(&bytes[16..]).ok(),
        };
        decoy.to_string()
    })
}

const DAY_MS: i64 = 86_400_000;
/// A token's use is written at most once an hour.
const SEEN_EVERY_MS: i64 = 3_600_000;

/// The device behind a request's bearer token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub device: String,
    pub team: TeamId,
    pub role: Role,
    /// When the device joined (ms).
    pub joined_at: i64,
}

impl Caller {
    /// Coordinators reach the whole team; volunteers what they created.
    pub fn scope(&self) -> Scope<'_> {
        match self.role {
            Role::Coordinator => Scope::Team,
            // A region's sign-in is never a device; least reach if it were.
            Role::Volunteer | Role::Region => Scope::Owner(&self.device),
        }
    }

    /// What the device pulls onto itself: the records it made. A
    /// coordinator reads the rest of the team through the server
    /// (dashboard, exports, record pages) and never keeps it.
    pub fn own(&self) -> Scope<'_> {
        Scope::Owner(&self.device)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token_hash = hash_secret(bearer(parts)?);
        let Some(device) = state.store().device_by_token(&token_hash).await? else {
            // A region's sign-in is known, and reaches no team.
            return Err(match state.store().region_session(&token_hash).await? {
                Some(_) => ApiError::Forbidden,
                None => ApiError::Unauthenticated,
            });
        };
        if device.revoked_at.is_some() {
            return Err(ApiError::Revoked);
        }
        let now = now_ms();
        if device.role == Role::Coordinator {
            // A coordinator's session ends after days unused; a volunteer's
            // phone stays joined until removed (it may be offline for weeks).
            let idle_days = i64::from(state.limits().settings.session_idle_days);
            if now - device.last_active() > idle_days * DAY_MS {
                state
                    .store()
                    .revoke_device(device.team, &device.id, now)
                    .await?;
                return Err(ApiError::SessionExpired);
            }
            if now - device.last_seen_at.unwrap_or(0) > SEEN_EVERY_MS {
                state.store().mark_seen(&device.id, now).await?;
            }
        }
        Ok(Caller {
            device: device.id,
            team: device.team,
            role: device.role,
            joined_at: device.created_at,
        })
    }
}

/// The bearer token of a request.
fn bearer(parts: &Parts) -> Result<&str, ApiError> {
    parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or(ApiError::Unauthenticated)
}

/// A region coordinator's sign-in: the region's counts, nothing of a
/// team. A team's token gets 403; a sign-in unused for the team
/// coordinators' idle days ends as theirs do.
#[derive(Debug, Clone)]
pub struct RegionCaller {
    pub region: crate::store::RegionId,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for RegionCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token_hash = hash_secret(bearer(parts)?);
        let store = state.store();
        let Some(session) = store.region_session(&token_hash).await? else {
            return Err(match store.device_by_token(&token_hash).await? {
                Some(_) => ApiError::Forbidden,
                None => ApiError::Unauthenticated,
            });
        };
        if session.revoked_at.is_some() {
            return Err(ApiError::Revoked);
        }
        let now = now_ms();
        let idle_days = i64::from(state.limits().settings.session_idle_days);
        if now - session.last_seen_at > idle_days * DAY_MS {
            store.touch_region_session(&token_hash, now, true).await?;
            return Err(ApiError::SessionExpired);
        }
        if now - session.last_seen_at > SEEN_EVERY_MS {
            store.touch_region_session(&token_hash, now, false).await?;
        }
        Ok(RegionCaller {
            region: session.region,
            token_hash,
        })
    }
}

/// A caller who must be a coordinator: anyone else gets 403.
#[derive(Debug, Clone)]
pub struct Coordinator(pub Caller);

impl FromRequestParts<AppState> for Coordinator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        match caller.role {
            Role::Coordinator => Ok(Coordinator(caller)),
            Role::Volunteer | Role::Region => Err(ApiError::Forbidden),
        }
    }
}

/// Sign-ins that may run argon2id at once. Each check takes 19 MiB for
/// as long as it runs: two at once keep the server's memory small.
pub const HASHING_AT_ONCE: usize = 2;
/// Sign-ins that may wait for a turn; more at once are answered `429`.
pub const HASHING_QUEUE: usize = 30;

type Job = (String, Option<String>, tokio::sync::oneshot::Sender<bool>);

/// The one door to password checks: a few at a time, a bounded queue, and
/// always on the same [`HASHING_AT_ONCE`] threads. argon2id's 19 MiB are
/// freed after each check, but the allocator keeps them per thread: on
/// tokio's blocking pool (a new thread now and then) a server kept a
/// check's memory for every thread it ever used.
pub struct PasswordGate {
    jobs: std::sync::mpsc::SyncSender<Job>,
    admitted: tokio::sync::Semaphore,
    running: tokio::sync::Semaphore,
    checks: AtomicU64,
    active: AtomicUsize,
    peak: AtomicUsize,
}

impl Default for PasswordGate {
    fn default() -> Self {
        let (jobs, queue) = std::sync::mpsc::sync_channel::<Job>(HASHING_AT_ONCE + HASHING_QUEUE);
        let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
        for n in 0..HASHING_AT_ONCE {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || {
                    let mut memory = Vec::new();
                    loop {
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        let Ok((password, stored, answer)) = job else {
                            return;
                        };
                        let _ = answer.send(check_now(&password, stored, &mut memory));
                    }
                });
            if let Err(err) = spawned {
                tracing::error!(error = %err, "cannot start a password thread");
            }
        }
        PasswordGate {
            jobs,
            admitted: tokio::sync::Semaphore::new(HASHING_AT_ONCE + HASHING_QUEUE),
            running: tokio::sync::Semaphore::new(HASHING_AT_ONCE),
            checks: AtomicU64::new(0),
            active: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }
}

impl PasswordGate {
    /// Checks `password` against `stored` (or, with none, against a decoy)
    /// when its turn comes; `429` when the queue is full.
    pub async fn check(&self, password: String, stored: Option<String>) -> Result<bool, ApiError> {
        let busy = || ApiError::TooManyRequests {
            retry_after_secs: 1,
        };
        let _place = self.admitted.try_acquire().map_err(|_| busy())?;
        let _turn = self.running.acquire().await.map_err(|_| busy())?;
        self.checks.fetch_add(1, Ordering::Relaxed);
        let now = self.active.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        let (answer, checked) = tokio::sync::oneshot::channel();
        let ok = match self.jobs.try_send((password, stored, answer)) {
            Ok(()) => checked.await.unwrap_or(false),
            Err(_) => false,
        };
        self.active.fetch_sub(1, Ordering::SeqCst);
        Ok(ok)
    }

    /// Checks run so far: a test sees that an unknown login costs the same
    /// hash as a wrong password.
    pub fn checks(&self) -> u64 {
        self.checks.load(Ordering::Relaxed)
    }

    /// The most checks that ever ran at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_hex_and_hashes_hide_them() {
        let a = new_secret().unwrap();
        let b = new_secret().unwrap();
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_ne!(hash_secret(&a), a);
        assert_ne!(hash_secret(&a), hash_secret(&b));
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse".into(), Some(hash.clone())).await);
        assert!(!verify_password("wrong horse".into(), Some(hash)).await);
        assert!(!verify_password("correct horse".into(), None).await);
        assert!(!verify_password("x".into(), Some("not a hash".into())).await);
    }
}
