//! Small helpers for running commands.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

/// The workspace root (the folder above `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Runs `command`, inheriting stdio; fails unless it exits 0.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    let shown = describe(command);
    eprintln!("$ {shown}");
    let status = command
        .status()
        .with_context(|| format!("cannot start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Runs `command` and returns its stdout; fails unless it exits 0.
pub fn output(command: &mut Command) -> anyhow::Result<String> {
    let shown = describe(command);
    let out = command
        .output()
        .with_context(|| format!("cannot start `{shown}`"))?;
    if !out.status.success() {
        bail!(
            "`{shown}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// The `cargo` that runs xtask, so the pinned toolchain is used throughout.
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root());
    command
}

/// Replaces this process with `command` (so Ctrl-C reaches the server alone
/// and its exit code is ours).
#[cfg(unix)]
pub fn become_process(mut command: Command) -> anyhow::Result<()> {
    use std::os::unix::process::CommandExt;
    eprintln!("$ {}", describe(&command));
    let err = command.exec();
    Err(err).context("cannot start the server")
}

#[cfg(not(unix))]
pub fn become_process(mut command: Command) -> anyhow::Result<()> {
    let status = command.status().context("cannot start the server")?;
    if !status.success() {
        bail!("the server stopped: {status}");
    }
    Ok(())
}
