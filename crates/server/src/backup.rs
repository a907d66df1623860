//! `drempel-server backup FILE` and `drempel-server restore FILE`.
//!
//! SQLite: a backup is SQLite's own consistent copy (`VACUUM INTO`), made
//! while the server runs and writes: it holds every transaction committed
//! before it began and nothing of one committed after, so a push is in it
//! whole or not at all. A backup never overwrites a file. A restore goes
//! only into a database that holds no team, while no server serves it, and
//! brings the copy up to this binary's migrations.
//!
//! PostgreSQL has its own tools for this (`pg_dump`, `pg_restore`), which
//! know its roles, sequences and versions; these commands point to them.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use crate::store::{OpenError, ServeLock, sqlite::file_of};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "PostgreSQL is backed up with its own tool: pg_dump --format=custom --file=FILE \"$DATABASE_URL\"; \
         restore it with pg_restore --no-owner --dbname=\"$DATABASE_URL\" FILE into an empty database"
    )]
    Postgres,
    #[error("unsupported database URL (expected sqlite://… or postgres://…)")]
    Unsupported,
    #[error("{0} exists already: a backup never overwrites a file; choose a new name")]
    Exists(String),
    #[error("{path} is not a Drempel backup: {why}")]
    NotABackup { path: String, why: String },
    #[error(
        "the backup comes from a newer drempel-server (it has change {0} of the database); restore it with that version"
    )]
    Newer(i64),
    #[error(
        "the database {path} is not empty ({teams} teams): restore only fills an empty database, so nothing is overwritten; give a new file in --database-url"
    )]
    NotEmpty { path: String, teams: i64 },
    #[error("{0} does not exist")]
    Missing(String),
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// What a backup or restore holds, for the operator (numbers only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub teams: i64,
    pub records: i64,
    pub bytes: u64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural =
            |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{}, {}, {} KB",
            plural(self.teams, "team", "teams"),
            plural(self.records, "record", "records"),
            self.bytes.div_ceil(1024)
        )
    }
}

fn sqlite_path(database_url: &str) -> Result<PathBuf, BackupError> {
    if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
        return Err(BackupError::Postgres);
    }
    if !database_url.starts_with("sqlite:") || file_of(database_url).is_empty() {
        return Err(BackupError::Unsupported);
    }
    Ok(PathBuf::from(file_of(database_url)))
}

async fn connect(path: &Path) -> Result<SqliteConnection, BackupError> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(30));
    Ok(options.connect().await?)
}

/// `VACUUM INTO` names its file in the SQL text; the path is quoted as an
/// SQL string.
fn vacuum_into(target: &Path) -> String {
    let text = target.to_string_lossy().replace('\'', "''");
    format!("VACUUM INTO '{text}'")
}

fn text(path: &Path) -> String {
    path.display().to_string()
}

/// Copies the database at `database_url` to `file`, consistently, while a
/// server may be writing to it.
pub async fn backup(database_url: &str, file: &Path) -> Result<Summary, BackupError> {
    let source = sqlite_path(database_url)?;
    if !source.is_file() {
        return Err(BackupError::Missing(text(&source)));
    }
    if file.exists() {
        return Err(BackupError::Exists(text(file)));
    }
    if let Some(parent) = file.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(io_at(parent))?;
    }
    let mut db = connect(&source).await?;
    sqlx::query(sqlx::AssertSqlSafe(vacuum_into(file)))
        .execute(&mut db)
        .await?;
    db.close().await?;
    let (summary, _) = check(file).await?;
    Ok(summary)
}

/// The backup at `file` is a whole Drempel database: its integrity, its
/// migrations, its counts.
async fn check(file: &Path) -> Result<(Summary, i64), BackupError> {
    let not = |why: &str| BackupError::NotABackup {
        path: text(file),
        why: why.to_string(),
    };
    if !file.is_file() {
        return Err(BackupError::Missing(text(file)));
    }
    let mut db = connect(file)
        .await
        .map_err(|_| not("not a SQLite database"))?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut db)
        .await
        .map_err(|_| not("not a SQLite database"))?;
    if integrity != "ok" {
        return Err(not("the file is damaged"));
    }
    let (migration, teams, records): (Option<i64>, i64, i64) = sqlx::query_as(
        "SELECT (SELECT MAX(version) FROM _sqlx_migrations WHERE success), \
         (SELECT COUNT(*) FROM teams), (SELECT COUNT(*) FROM sync_records)",
    )
    .fetch_one(&mut db)
    .await
    .map_err(|_| not("it holds no Drempel tables"))?;
    db.close().await?;
    let bytes = std::fs::metadata(file).map_or(0, |m| m.len());
    Ok((
        Summary {
            teams,
            records,
            bytes,
        },
        migration.unwrap_or(0),
    ))
}

/// The newest database change this binary knows.
fn newest_migration() -> i64 {
    crate::store::sqlite::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

/// Restores the backup at `file` into the database at `database_url`,
/// which must hold no team and must not be served meanwhile.
pub async fn restore(database_url: &str, file: &Path) -> Result<Summary, BackupError> {
    let target = sqlite_path(database_url)?;
    let (summary, migration) = check(file).await?;
    if migration > newest_migration() {
        return Err(BackupError::Newer(migration));
    }
    // No server may serve the file while it is replaced.
    let _serving = ServeLock::take(database_url)?;
    if target.is_file() {
        // One look at the target: its tables, and its teams when it is
        // Drempel's.
        let mut db = connect(&target).await?;
        let (tables, drempel): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(name IN ('teams', 'sync_records')), 0) FROM sqlite_master \
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx_%'",
        )
        .fetch_one(&mut db)
        .await?;
        let teams: i64 = if drempel == 2 {
            sqlx::query_scalar("SELECT COUNT(*) FROM teams")
                .fetch_one(&mut db)
                .await?
        } else {
            0
        };
        db.close().await?;
        if teams > 0 || (tables > 0 && drempel < 2) {
            return Err(BackupError::NotEmpty {
                path: text(&target),
                teams,
            });
        }
        // An empty Drempel database (a server started once): made anew.
        for suffix in ["", "-wal", "-shm"] {
            remove_if_present(&PathBuf::from(format!("{}{suffix}", target.display())))?;
        }
    } else if let Some(parent) = target.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(io_at(parent))?;
    }
    // Written beside the target first, then moved in whole: a restore cut
    // off halfway leaves no half database under the real name.
    let partial = PathBuf::from(format!("{}.restoring", target.display()));
    remove_if_present(&partial)?;
    let mut db = connect(file).await?;
    sqlx::query(sqlx::AssertSqlSafe(vacuum_into(&partial)))
        .execute(&mut db)
        .await?;
    db.close().await?;
    std::fs::rename(&partial, &target).map_err(io_at(&target))?;
    // Brought up to this binary's migrations, as a start would.
    let options = SqliteConnectOptions::from_str(database_url)?;
    let mut db = options.connect().await?;
    crate::store::sqlite::MIGRATOR
        .run(&mut db)
        .await
        .map_err(OpenError::from)?;
    db.close().await?;
    Ok(summary)
}

/// A file error, naming the file.
fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: text(path),
        source,
    }
}

fn remove_if_present(path: &Path) -> Result<(), BackupError> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(io_at(path)(err)),
        _ => Ok(()),
    }
}
