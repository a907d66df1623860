//! `cargo xtask`: Drempel's build and test driver.
//!
//! - `cargo xtask run [server flags]`  build the app and start the server
//! - `cargo xtask build`               build the app into `dist/`
//! - `cargo xtask test`                install what tests need, run every layer
//! - `cargo xtask bench [--quick]`     measure; writes target/bench/report.json
//! - `cargo xtask load [--devices N] [--records M]` devices pushing at once
//! - `cargo xtask fuzz [--seconds N]` run every fuzz target N seconds (60)
//! - `cargo xtask install`             only install the tools

mod bench;
mod build;
mod contracts;
mod fuzz;
mod layers;
mod load;
mod tools;
mod util;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match command {
        "run" => run(rest),
        "build" => build(),
        "install" => tools::ensure_build_tools().and_then(|_| tools::ensure_browser().map(|_| ())),
        "test" => return layers::test(rest),
        "bench" => bench::bench(rest),
        "load" => bench::load_only(rest),
        "fuzz" => fuzz::fuzz(rest),
        "help" | "--help" | "-h" => {
            print_help();
            Ok(())
        }
        other => {
            print_help();
            Err(anyhow::anyhow!("unknown command `{other}`"))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn print_help() {
    println!(
        "cargo xtask <command>\n\n\
         \x20 run [--host H] [--port P] [--database-url URL]   build the app, start the server\n\
         \x20 build                                            build the app into dist/ and the server with it inside\n\
         \x20 test [layer...]                                  install test tools, run every test layer\n\
         \x20 bench [--quick] [--dashboard|--region]           measure: payload, cold start, save, sync, devices at once, dashboards\n\
         \x20 load [--devices N] [--records M]                 many devices pushing at once (200 × 50), SQLite and PostgreSQL\n\
         \x20 fuzz [--seconds N]                               run every fuzz target for N seconds (60)\n\
         \x20 install                                          install the build and test tools only"
    );
}

/// Builds the app into `dist/` and the release server with it inside.
fn build() -> anyhow::Result<()> {
    let tools = tools::ensure_build_tools()?;
    let dist = build::build_app(&tools)?;
    let server = build::build_server(&dist)?;
    println!(
        "The app is in {} and inside {}: copy that one file to deploy.",
        dist.display(),
        server.display()
    );
    Ok(())
}

/// Builds the app and the server in release mode, then becomes the server.
fn run(server_args: &[String]) -> anyhow::Result<()> {
    let tools = tools::ensure_build_tools()?;
    let dist = build::build_app(&tools)?;
    let server = build::build_server(&dist)?;
    let mut command = std::process::Command::new(&server);
    // `--demo`: on an empty database a demo team and its coordinator are
    // made, and every start prints fresh join links, so whoever runs this
    // can get in.
    command
        .arg("--static-dir")
        .arg(&dist)
        .arg("--demo")
        .args(server_args);
    util::become_process(command)
}
