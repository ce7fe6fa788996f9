//! One order of locks for every writer of a workshop (`car-import`, `car-migrate seed`,
//! `car-tenant`, `car-prices`, `car-texts`, `car-catalog adopt`), so they wait for each
//! other and never deadlock: first the workshops' rows in the tenant directory, in
//! slug order, then the shared catalogue, then the workshop's own rows.
//!
//! The lock is the workshop's row, held `FOR NO KEY UPDATE` until the transaction
//! ends: a row lock, not an advisory lock, because the chatbots' role may take
//! advisory locks but cannot lock a row. A writer waits for the lock at most the
//! session's `lock_timeout` (`CAR_DB_LOCK_TIMEOUT_MS`), then fails naming what holds
//! the workshop, by the `application_name` the tools give their sessions:
//! `car-import SLUG`, `car-prices SLUG`, `car-migrate seed`, …

use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{OptionalExtension, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::error::{ImportError, Result};
use crate::ids::TenantId;

/// The `application_name` of a tool's session that writes the workshop `slug`.
pub fn session_name(tool: &str, slug: &str) -> String {
    format!("{tool} {slug}")
}

/// An `on_wait` for a command-line tool: one line on stderr.
pub fn print_waiting(tool: &'static str) -> impl Fn(&str) + Sync {
    move |holder| eprintln!("{tool}: waiting for {holder} to finish with the workshop")
}

/// The tools that write many workshops in one transaction.
const MANY_WORKSHOP_WRITERS: [&str; 2] = ["car-migrate seed", "car-catalog"];

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

#[derive(QueryableByName)]
struct Holders {
    #[diesel(sql_type = Nullable<Text>)]
    names: Option<String>,
    #[diesel(sql_type = Text)]
    lock_timeout: String,
}

/// Locks the workshop `slug` for the rest of the transaction, waiting while another
/// writer holds it (`on_wait` is told who, once). Its id; an unknown slug is
/// [`crate::Error::UnknownTenant`]; a wait past `lock_timeout` is
/// [`ImportError::WorkshopBusy`].
pub async fn lock_workshop(
    conn: &mut AsyncPgConnection,
    slug: &str,
    on_wait: &(dyn Fn(&str) + Sync),
) -> Result<TenantId> {
    let lock = |wait: bool| {
        diesel::sql_query(format!(
            "SELECT id FROM tenants WHERE slug = $1 FOR NO KEY UPDATE{}",
            if wait { "" } else { " SKIP LOCKED" }
        ))
        .bind::<Text, _>(slug.to_owned())
    };
    if let Some(locked) = lock(false).get_result::<Locked>(conn).await.optional()? {
        return Ok(TenantId(locked.id));
    }
    let exists: Option<Locked> = diesel::sql_query("SELECT id FROM tenants WHERE slug = $1")
        .bind::<Text, _>(slug)
        .get_result(conn)
        .await
        .optional()?;
    if exists.is_none() {
        return Err(crate::Error::UnknownTenant { slug: slug.into() }.into());
    }
    let holders: Holders = diesel::sql_query(
        "SELECT string_agg(application_name || ' (pid ' || pid || ')', ', ' ORDER BY pid) AS names, \
                current_setting('lock_timeout') AS lock_timeout \
         FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() \
           AND (right(application_name, length($1) + 1) = ' ' || $1 \
                OR application_name = ANY($2))",
    )
    .bind::<Text, _>(slug)
    .bind::<diesel::sql_types::Array<Text>, _>(MANY_WORKSHOP_WRITERS.to_vec())
    .get_result(conn)
    .await?;
    let holder = holders
        .names
        .unwrap_or_else(|| "another session".to_owned());
    on_wait(&holder);
    match lock(true).get_result::<Locked>(conn).await {
        Ok(locked) => Ok(TenantId(locked.id)),
        Err(error) => match crate::Error::from(error) {
            crate::Error::Database(failed)
                if failed.kind() == crate::DatabaseErrorKind::LockNotAvailable =>
            {
                Err(ImportError::WorkshopBusy {
                    slug: slug.into(),
                    holder,
                    waited: holders.lock_timeout,
                })
            }
            error => Err(error.into()),
        },
    }
}
