//! `drempel-server`'s commands besides serving: create a team, a
//! coordinator, a join link. Secrets are printed once and stored hashed.

use clap::{Args, Subcommand};
use drempel_core::wire::{JOIN_FRAGMENT, Role};

use crate::auth::{hash_password, hash_secret, new_secret, now_ms};
use crate::store::{Store, TeamId};

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the app and the API (what happens without a command).
    Serve,
    /// Create a team (a food bank, a walk-in point, a council).
    Team {
        /// The team's name, as people see it.
        name: String,
    },
    /// Create a coordinator, or give one a new password. The password comes
    /// from DREMPEL_PASSWORD, or a random one is made and printed once.
    Coordinator(CoordinatorArgs),
    /// Print a join link (and its QR code) that enrols a device.
    JoinLink(JoinLinkArgs),
    /// Create a region: several teams seen together, as counts only.
    Region {
        /// The region's name, as people see it.
        name: String,
    },
    /// Add a team to a region, or take it out with --remove.
    RegionTeam(RegionTeamArgs),
    /// Copy the SQLite database to FILE, consistently, while the server
    /// runs (PostgreSQL: use pg_dump).
    Backup {
        /// A new file; an existing one is never overwritten.
        file: std::path::PathBuf,
    },
    /// Fill an empty SQLite database from a backup FILE (stop the server
    /// first; PostgreSQL: use pg_restore).
    Restore { file: std::path::PathBuf },
}

#[derive(Debug, Clone, Args)]
pub struct CoordinatorArgs {
    /// The team whose coordinator this is.
    #[arg(long, required_unless_present = "region", conflicts_with = "region")]
    pub team: Option<TeamId>,
    /// Or the region (by name) whose counts this coordinator sees.
    #[arg(long)]
    pub region: Option<String>,
    #[arg(long)]
    pub login: String,
}

#[derive(Debug, Clone, Args)]
pub struct RegionTeamArgs {
    /// The region's name.
    #[arg(long)]
    pub region: String,
    #[arg(long)]
    pub team: TeamId,
    /// Take the team out of the region instead.
    #[arg(long)]
    pub remove: bool,
}

/// Who the audit logs name for a change made with a command.
const COMMAND_LINE: &str = "drempel-server";

#[derive(Debug, Clone, Args)]
pub struct JoinLinkArgs {
    #[arg(long)]
    pub team: TeamId,
    /// volunteer or coordinator.
    #[arg(long, default_value = "volunteer", value_parser = parse_role)]
    pub role: Role,
    /// How long the link works.
    #[arg(long, default_value_t = 24)]
    pub hours: u32,
    /// How many devices may join with it (1 to 1000); no limit without it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_uses: Option<u32>,
    /// The address people open the app at.
    #[arg(
        long,
        env = "DREMPEL_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| "volunteer or coordinator".to_string())
}

pub type CliResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// The commands that work on the database file itself, without opening it
/// as a store: `backup` and `restore`. `None` for every other command.
pub async fn run_on_file(database_url: &str, command: &Command) -> Option<CliResult> {
    let (done, file) = match command {
        Command::Backup { file } => (
            crate::backup::backup(database_url, file)
                .await
                .map(|s| ("Backup written to", s)),
            file,
        ),
        Command::Restore { file } => (
            crate::backup::restore(database_url, file)
                .await
                .map(|s| ("Restored from", s)),
            file,
        ),
        _ => return None,
    };
    Some(match done {
        Ok((what, summary)) => {
            println!("{what} {}: {summary}.", file.display());
            Ok(())
        }
        Err(err) => Err(err.into()),
    })
}

pub async fn run(store: &dyn Store, command: Command) -> CliResult {
    match command {
        Command::Serve | Command::Backup { .. } | Command::Restore { .. } => Ok(()),
        Command::Team { name } => {
            let team = store.create_team(name.trim()).await?;
            println!("Team {team} created: {}", name.trim());
            Ok(())
        }
        Command::Coordinator(args) => {
            let password = match std::env::var("DREMPEL_PASSWORD") {
                Ok(password) if password.len() >= 12 => (password, false),
                Ok(_) => return Err("DREMPEL_PASSWORD must be at least 12 characters".into()),
                Err(_) => (new_secret()?[..20].to_string(), true),
            };
            let hash = hash_password(password.0.clone()).await?;
            let login = args.login.trim();
            match (args.team, &args.region) {
                (Some(team), _) => {
                    if store.region_coordinator(login).await?.is_some() {
                        return Err(format!(
                            "{login} is a region's coordinator; pick another login"
                        )
                        .into());
                    }
                    if store.set_password(login, &hash, now_ms()).await? {
                        println!("New password for {login}; its earlier sign-ins have ended.");
                    } else {
                        store
                            .create_coordinator(team, login, &hash, now_ms())
                            .await?;
                        println!("Coordinator {login} created in team {team}.");
                    }
                }
                (None, Some(name)) => {
                    let region = region_named(store, name).await?;
                    if store.set_region_password(login, &hash).await? {
                        println!("New password for {login}.");
                    } else if store
                        .create_region_coordinator(region, login, &hash, now_ms())
                        .await?
                    {
                        println!("Coordinator {login} created for region {}.", name.trim());
                    } else {
                        return Err(
                            format!("{login} is a team's coordinator; pick another login").into(),
                        );
                    }
                }
                (None, None) => return Err("give --team or --region".into()),
            }
            if password.1 {
                println!("Password (shown once): {}", password.0);
            }
            Ok(())
        }
        Command::Region { name } => {
            let name = name.trim();
            drempel_core::check_text("name", name, 120, true).map_err(|e| e.to_string())?;
            match store.create_region(name, COMMAND_LINE, now_ms()).await? {
                Some(id) => {
                    println!("Region {id} created: {name}");
                    Ok(())
                }
                None => Err(format!("a region named {name} exists already").into()),
            }
        }
        Command::RegionTeam(args) => {
            let region = region_named(store, &args.region).await?;
            let name = args.region.trim();
            if args.remove {
                if store
                    .remove_region_team(region, args.team, COMMAND_LINE, now_ms())
                    .await?
                {
                    println!(
                        "Team {} left region {name}; its counts left the region's figures.",
                        args.team
                    );
                } else {
                    println!("Team {} was not in region {name}.", args.team);
                }
            } else if store
                .add_region_team(region, args.team, COMMAND_LINE, now_ms())
                .await?
            {
                println!("Team {} added to region {name}.", args.team);
            } else if store
                .team_regions(args.team)
                .await?
                .iter()
                .any(|(id, _)| *id == region)
            {
                println!("Team {} is in region {name} already.", args.team);
            } else {
                return Err(format!(
                    "there is no team {}, or the region holds {} teams already",
                    args.team,
                    drempel_core::region::MAX_REGION_TEAMS
                )
                .into());
            }
            Ok(())
        }
        Command::JoinLink(args) => {
            let url = join_link(store, &args).await?;
            print_join_link(&url, args.role, args.hours);
            Ok(())
        }
    }
}

/// The id of the region with this name, or an error that says so.
async fn region_named(
    store: &dyn Store,
    name: &str,
) -> Result<crate::store::RegionId, Box<dyn std::error::Error + Send + Sync>> {
    store
        .region_by_name(name.trim())
        .await?
        .ok_or_else(|| format!("there is no region named {}", name.trim()).into())
}

/// Makes a join link and returns its address.
pub async fn join_link(
    store: &dyn Store,
    args: &JoinLinkArgs,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let origin = crate::config::public_origin(&args.public_url)
        .ok_or("--public-url must be the app's address, like https://drempel.example.org")?;
    let code = new_secret()?;
    let now = now_ms();
    store
        .create_join_link(
            args.team,
            args.role,
            &hash_secret(&code),
            now,
            now + i64::from(args.hours) * 3_600_000,
            args.max_uses,
        )
        .await?;
    Ok(format!("{origin}/#{JOIN_FRAGMENT}{code}"))
}

pub fn print_join_link(url: &str, role: Role, hours: u32) {
    let who = match role {
        Role::Volunteer => "a volunteer's phone",
        Role::Coordinator => "a coordinator's device",
        Role::Region => "a region coordinator's device",
    };
    println!("Join link for {who}, valid {hours} h (open it, or scan the code):");
    println!("  {url}");
    if let Ok(code) = qrcode::QrCode::new(url.as_bytes()) {
        let art = code
            .render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .build();
        println!("{art}");
    }
}

/// On an empty database: a demo team, its coordinator (password printed
/// once). On every start: fresh join links, so whoever runs the demo can
/// always get in.
pub async fn demo(store: &dyn Store, public_url: &str) -> CliResult {
    const TEAM: TeamId = 1;
    if store.team_count().await? == 0 {
        let team = store.create_team("Demo voedselbank").await?;
        let password = new_secret()?[..20].to_string();
        let hash = hash_password(password.clone()).await?;
        store
            .create_coordinator(team, "coordinator", &hash, now_ms())
            .await?;
        println!(
            "Demo team created. Coordinator login: coordinator  password (shown once): {password}"
        );
    }
    for (role, hours) in [(Role::Coordinator, 24), (Role::Volunteer, 24)] {
        let args = JoinLinkArgs {
            team: TEAM,
            role,
            hours,
            max_uses: None,
            public_url: public_url.to_string(),
        };
        let url = join_link(store, &args).await?;
        if role == Role::Volunteer {
            print_join_link(&url, role, hours);
        } else {
            println!("Coordinator's own device, valid {hours} h: {url}");
        }
    }
    Ok(())
}
