//! `drempel-server`: reads its configuration, starts logging, opens and
//! migrates the database, then serves until Ctrl-C or SIGTERM.

use clap::Parser;
use drempel_server::{Config, serve, shutdown_signal};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    drempel_server::init_tracing();
    match serve(config, shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            eprintln!("drempel-server: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
