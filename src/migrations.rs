//! The SQL migrations, embedded in the library so `car-migrate` and the tests
//! need no migration files at run time.

use diesel::Connection;
use diesel::migration::MigrationVersion;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// The SQL migrations of `migrations/`, compiled in.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// A blocking connection for diesel's migration harness; use it inside `spawn_blocking`.
pub type MigrationConnection = AsyncConnectionWrapper<AsyncPgConnection>;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Applies every pending migration and returns the versions applied.
pub fn run_pending(conn: &mut MigrationConnection) -> Result<Vec<String>, BoxError> {
    Ok(conn
        .run_pending_migrations(MIGRATIONS)?
        .iter()
        .map(ToString::to_string)
        .collect())
}

/// The version of the newest embedded migration, e.g. `20261201000022`: a database
/// whose newest applied migration is older is not migrated for this library.
pub fn newest_version() -> &'static str {
    static NEWEST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NEWEST.get_or_init(|| {
        diesel::migration::MigrationSource::<diesel::pg::Pg>::migrations(&MIGRATIONS)
            .expect("the embedded migrations")
            .iter()
            .map(|m| m.name().version().to_string())
            .max()
            .unwrap_or_default()
    })
}

/// Reverts the most recent migration and returns its version.
pub fn revert_last(conn: &mut MigrationConnection) -> Result<String, BoxError> {
    Ok(conn.revert_last_migration(MIGRATIONS)?.to_string())
}

/// Reverts every applied migration, newest first, and returns their versions.
pub fn revert_all(conn: &mut MigrationConnection) -> Result<Vec<String>, BoxError> {
    Ok(conn
        .revert_all_migrations(MIGRATIONS)?
        .iter()
        .map(ToString::to_string)
        .collect())
}

/// Every embedded migration's name and whether it is applied, oldest first.
pub fn status(conn: &mut MigrationConnection) -> Result<Vec<(String, bool)>, BoxError> {
    let applied: Vec<MigrationVersion<'static>> = conn.applied_migrations()?;
    let migrations = diesel::migration::MigrationSource::<diesel::pg::Pg>::migrations(&MIGRATIONS)?;
    Ok(migrations
        .iter()
        .map(|m| {
            (
                m.name().to_string(),
                applied.contains(&m.name().version().as_owned()),
            )
        })
        .collect())
}

/// How long a migration's statement waits for a lock: behind a long transaction it
/// fails (run it again later) instead of queuing every chatbot's reads behind it.
const LOCK_TIMEOUT: &str = "SET lock_timeout = '3s'";

/// Runs `work` on a new blocking migration connection to `url`, off the async runtime.
pub async fn with_connection<T, F>(url: &str, work: F) -> Result<T, BoxError>
where
    T: Send + 'static,
    F: FnOnce(&mut MigrationConnection) -> Result<T, BoxError> + Send + 'static,
{
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = MigrationConnection::establish(&url)?;
        diesel::connection::SimpleConnection::batch_execute(&mut conn, LOCK_TIMEOUT)?;
        work(&mut conn)
    })
    .await?
}
