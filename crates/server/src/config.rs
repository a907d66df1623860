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
    #[arg(long, env = "DREMPEL_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// On an empty database, create a demo team and its coordinator; on
    /// every start, print fresh join links (what `cargo xtask run` uses).
    #[arg(long, env = "DREMPEL_DEMO")]
    pub demo: bool,

    /// Sign-in attempts per minute from one address. Raise it when many
    /// coordinators share one address (a NAT).
    #[arg(long, env = "DREMPEL_LOGIN_PER_MINUTE", default_value_t = 10)]
    pub login_per_minute: u32,

    /// Enrolments per minute from one address: a whole food bank behind one
    /// address enrolling its phones may need more.
    #[arg(long, env = "DREMPEL_ENROL_PER_MINUTE", default_value_t = 20)]
    pub enrol_per_minute: u32,
}
