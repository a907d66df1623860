//! Seeds a team through the store, without HTTP, for `cargo xtask bench`:
//! reads one `PushRequest` (JSON) per line on standard input and applies
//! each as a push of one volunteer device added to the team, exactly as
//! the push route would after its checks.
//!
//! `drempel-seed --database-url URL --team ID`

use std::io::BufRead;

use drempel_core::sync::PushRequest;
use drempel_core::wire::Role;
use drempel_server::store::{self, NewDevice, Scope};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .ok_or_else(|| format!("{flag} is missing"))
    };
    let url = value("--database-url")?;
    let team: i64 = value("--team")?.parse()?;
    let store = store::open(url).await?;
    let device = format!("seed-{}", std::process::id());
    store
        .add_device(NewDevice {
            id: &device,
            team,
            role: Role::Volunteer,
            token_hash: &device,
            label: "seed",
            coordinator: None,
            now: 0,
        })
        .await?;
    let mut records = 0usize;
    for line in std::io::stdin().lock().lines() {
        let request: PushRequest = serde_json::from_str(&line?)?;
        records += request.changes.len();
        store
            .push(team, &device, Scope::Owner(&device), request, 0)
            .await?
            .map_err(|refused| format!("the push was refused: {refused:?}"))?;
    }
    println!("{records}");
    Ok(())
}
