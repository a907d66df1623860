//! The server's configuration: flags first, then environment variables,
//! then defaults that suit a laptop.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Parser;

/// Drempel's server: the API, the app's files and the database.
#[derive(Debug, Clone, Parser)]
#[command(name = "drempel-server", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<crate::cli::Command>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to listen on. Behind a TLS reverse proxy, keep it on loopback.
    #[arg(long, env = "DREMPEL_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,

    /// Port to listen on; 0 picks a free one (the chosen port is logged).
    #[arg(long, env = "DREMPEL_PORT", default_value_t = 8080)]
    pub port: u16,

    /// `sqlite://path/to/file.db` (created if missing) or
    /// `postgres://user@host/database`.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://data/drempel.db"
    )]
    pub database_url: String,

    /// Folder with the built app (`cargo xtask build` writes `dist/`).
    /// Without it, the app built into the binary is served, or `dist`
    /// when the binary has none inside.
    #[arg(long, env = "DREMPEL_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// On an empty database, create a demo team and its coordinator; on
    /// every start, print fresh join links (what `cargo xtask run` uses).
    #[arg(long, env = "DREMPEL_DEMO")]
    pub demo: bool,

    /// Wrong passwords per minute from one address, and for one login
    /// name; a name that has not failed may still be tried from an address
    /// that has.
    #[arg(long, env = "DREMPEL_LOGIN_PER_MINUTE", default_value_t = 10)]
    pub login_per_minute: u32,

    /// Enrolments per minute from one address: a whole food bank behind one
    /// address enrolling its phones may need more.
    #[arg(long, env = "DREMPEL_ENROL_PER_MINUTE", default_value_t = 20)]
    pub enrol_per_minute: u32,

    /// Pushes and pulls per minute of one device (a burst of this many).
    #[arg(long, env = "DREMPEL_SYNC_PER_MINUTE", default_value_t = crate::limits::SYNC_PER_MINUTE)]
    pub sync_per_minute: u32,

    /// Uploads of consultation responses per minute of one device.
    #[arg(long, env = "DREMPEL_RESPONSES_PER_MINUTE", default_value_t = 60)]
    pub responses_per_minute: u32,

    /// Reads of public reports per minute from one address.
    #[arg(long, env = "DREMPEL_PUBLIC_PER_MINUTE", default_value_t = 60)]
    pub public_per_minute: u32,

    /// Responses one device may hand in per consultation and hour (a kiosk
    /// collects one person at a time).
    #[arg(long, env = "DREMPEL_RESPONSES_PER_HOUR", default_value_t = 120)]
    pub responses_per_hour: u32,

    /// Address of a reverse proxy whose `X-Forwarded-For` header is
    /// believed (repeat for several). Without it, the peer's address counts.
    #[arg(long, env = "DREMPEL_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<IpAddr>,

    /// Days a coordinator's session lasts unused. Volunteers' phones stay
    /// joined until removed: they must work offline for weeks.
    #[arg(long, env = "DREMPEL_SESSION_IDLE_DAYS", default_value_t = 30)]
    pub session_idle_days: u32,

    /// Seconds a client has to send a request's headers (and to start one
    /// at all); slower connections are closed.
    #[arg(long, env = "DREMPEL_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub header_timeout_secs: u64,

    /// Where `/metrics` (Prometheus text format) is served, such as
    /// `127.0.0.1:9180`; off without it. Keep it off the public network.
    #[arg(long, env = "DREMPEL_METRICS_ADDR")]
    pub metrics_addr: Option<std::net::SocketAddr>,

    /// Connections open at once; more wait to be accepted, and while they
    /// wait, connections idle for a second close to make room. Keep it
    /// below the process's open-file limit.
    #[arg(long, env = "DREMPEL_MAX_CONNECTIONS", default_value_t = 512)]
    pub max_connections: usize,
}

/// The origin people open the app at, as a join link starts: `http` or
/// `https`, a host, maybe a port, and nothing else (no user, path, query or
/// fragment). Parsed as browsers do, then held to the text as written, so
/// `http:///evil.example` (which a browser would mend) is refused too.
pub fn public_origin(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('/');
    if text.len() > 200 {
        return None;
    }
    let url = url::Url::parse(text).ok()?;
    let plain = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|host| !host.is_empty())
        && url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none();
    let origin = url.origin().ascii_serialization();
    (plain && origin.eq_ignore_ascii_case(text)).then_some(origin)
}

#[cfg(test)]
mod tests {
    use super::public_origin;

    /// Defect 9 of the outside attack: these passed as public addresses.
    #[test]
    fn join_link_origins_need_a_host_and_nothing_more() {
        for bad in [
            "http:///evil.example",
            "http://#evil",
            "http://?x",
            "http://",
            "https://user@example.org",
            "https://example.org/path",
            "https://example.org?x=1",
            "ftp://example.org",
            "javascript:alert(1)",
            "https://exa mple.org",
            "example.org",
        ] {
            assert_eq!(public_origin(bad), None, "{bad}");
        }
        assert_eq!(
            public_origin("https://drempel.example.org/").as_deref(),
            Some("https://drempel.example.org")
        );
        assert_eq!(
            public_origin("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            public_origin("HTTPS://Drempel.Example.org").as_deref(),
            Some("https://drempel.example.org")
        );
    }
}
