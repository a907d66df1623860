//! Fixtures shared by the server's test files: a fresh store per test, on
//! a real SQLite file or a real PostgreSQL database.
//!
//! PostgreSQL comes from `DREMPEL_TEST_POSTGRES_URL` (default: the local
//! server with trust auth, database `test`); each test creates its own
//! database there and drops it after. Without a reachable server these tests
//! fail, naming the variable: they never skip.

#![allow(dead_code)]

pub mod http;

use std::sync::Arc;

use drempel_server::store::{self, Store, TeamId};
use sqlx::Connection;

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

pub struct Fixture {
    pub store: Arc<dyn Store>,
    pub team: TeamId,
    /// The database's URL, for tests that seed it with SQL.
    pub url: String,
    _cleanup: Cleanup,
}

pub enum Cleanup {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
    /// The database belongs to someone else (the test that made it).
    None,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Dropping needs a runtime of its own: the test's is shutting down.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async {
                    if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                        )))
                        .execute(&mut admin)
                        .await;
                    }
                });
            })
            .join();
        }
    }
}

pub async fn sqlite() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("drempel.db").display());
    let store = store::open(&url).await.expect("SQLite store opens");
    let team = store.create_team("Voedselbank Noord").await.unwrap();
    Fixture {
        store,
        team,
        url,
        _cleanup: Cleanup::Dir(dir),
    }
}

pub async fn postgres() -> Fixture {
    let admin_url =
        std::env::var("DREMPEL_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES.into());
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|err| {
            panic!("PostgreSQL is not reachable at DREMPEL_TEST_POSTGRES_URL ({admin_url}): {err}")
        });
    // Tests of one process start in the same nanosecond now and then: a
    // counter keeps their databases apart.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let name = format!(
        "drempel_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    // `name` is digits and underscores made here, never input.
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("a database URL ends in /name");
    let url = format!("{base}/{name}");
    let store = store::open(&url).await.expect("PostgreSQL store opens");
    let team = store.create_team("Voedselbank Noord").await.unwrap();
    Fixture {
        store,
        team,
        url,
        _cleanup: Cleanup::Postgres { admin_url, name },
    }
}

impl Fixture {
    /// A store already open on `url`, cleaned up by whoever made it.
    pub fn existing(store: Arc<dyn Store>, team: TeamId, url: &str) -> Fixture {
        Fixture {
            store,
            team,
            url: url.to_string(),
            _cleanup: Cleanup::None,
        }
    }

    /// Runs one statement on the fixture's database (to set up what no
    /// route can, such as a session unused for a month).
    pub async fn execute(&self, sql: &str) {
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        if self.store.kind() == "sqlite" {
            let mut db = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
            sqlx::query(sql).execute(&mut db).await.unwrap();
        } else {
            let mut db = sqlx::PgConnection::connect(&self.url).await.unwrap();
            sqlx::query(sql).execute(&mut db).await.unwrap();
        }
    }

    /// The one number `sql` selects, read from outside the store.
    pub async fn count(&self, sql: &str) -> i64 {
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        if self.store.kind() == "sqlite" {
            let mut db = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut db).await.unwrap()
        } else {
            let mut db = sqlx::PgConnection::connect(&self.url).await.unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut db).await.unwrap()
        }
    }
}

/// A transaction from outside the store that holds the team's pushes up
/// (SQLite: the database's write lock; PostgreSQL: the team's counter
/// row), so that pushes sent meanwhile queue and go in together.
pub enum HeldWrites {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl Fixture {
    /// Holds the team's pushes until [`HeldWrites::release`]; the team
    /// must have pushed once (its counter row exists).
    pub async fn hold_writes(&self) -> HeldWrites {
        if self.store.kind() == "sqlite" {
            let mut db = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
            sqlx::query("BEGIN IMMEDIATE")
                .execute(&mut db)
                .await
                .unwrap();
            HeldWrites::Sqlite(db)
        } else {
            let mut db = sqlx::PgConnection::connect(&self.url).await.unwrap();
            sqlx::query("BEGIN").execute(&mut db).await.unwrap();
            let locked: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM (SELECT 1 FROM sync_counters WHERE team_id = $1 FOR UPDATE) t",
            )
            .bind(self.team)
            .fetch_one(&mut db)
            .await
            .unwrap();
            assert_eq!(locked, 1, "the team has pushed before");
            HeldWrites::Postgres(db)
        }
    }
}

impl HeldWrites {
    pub async fn release(self) {
        match self {
            HeldWrites::Sqlite(mut db) => {
                sqlx::query("ROLLBACK").execute(&mut db).await.unwrap();
            }
            HeldWrites::Postgres(mut db) => {
                sqlx::query("ROLLBACK").execute(&mut db).await.unwrap();
            }
        }
    }
}

/// Runs each listed test body against both stores.
#[macro_export]
macro_rules! both_stores {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 4)] async fn $name() { super::$name(super::sqlite().await).await } )*
        }
        mod on_postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 4)] async fn $name() { super::$name(super::postgres().await).await } )*
        }
    };
}
