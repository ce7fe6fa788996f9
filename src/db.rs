//! The connection pool a chatbot builds once per process, and the session checks
//! every connection passes before it is used.

use std::sync::Arc;
use std::time::Duration;

use diesel::sql_types::{Bool, Text};
use diesel::{ConnectionError, QueryableByName};
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};

use crate::bounds;
use crate::error::{DatabaseError, DatabaseErrorKind, Error, Result};
use crate::models::Tenant;
use crate::prepared::Prepared;
use crate::search::index::SharedIndex;
use crate::tenant::TenantDb;

/// The NOLOGIN role a session switches to; all are subject to row-level security.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DbRole {
    /// Chatbots: read-only access.
    App,
    /// The importer: one tenant's patterns and its own models (the catalogue is only read).
    Import,
    /// Operators (`car-migrate seed`, the operator tools): the tenant directory, each
    /// tenant's prices and bot texts, and the shared catalogue.
    Operator,
}

impl DbRole {
    /// The PostgreSQL role's name.
    pub fn name(self) -> &'static str {
        match self {
            DbRole::App => "car_app",
            DbRole::Import => "car_import",
            DbRole::Operator => "car_operator",
        }
    }
}

/// Pool and session settings: [`DbConfig::new`] or [`DbConfig::from_env`], then a
/// setter for each one to change.
///
/// ```
/// use std::time::Duration;
/// use car_chatbot_db::DbConfig;
///
/// let config = DbConfig::new("postgres://bot:secret@127.0.0.1/cars")
///     .max_size(8)
///     .min_idle(2)
///     .statement_timeout(Duration::from_secs(3))
///     .application_name("telegram-bot");
/// // Logged, it shows no password.
/// assert!(format!("{config:?}").contains("postgres://bot:***@127.0.0.1/cars"));
/// ```
#[derive(Debug, Clone)]
pub struct DbConfig {
    url: DatabaseUrl,
    role: DbRole,
    max_size: usize,
    min_idle: usize,
    search_pool_size: usize,
    idle_timeout: Duration,
    max_lifetime: Duration,
    wait_timeout: Duration,
    connect_timeout: Duration,
    statement_timeout: Duration,
    lock_timeout: Duration,
    idle_in_transaction_timeout: Duration,
    application_name: String,
}

impl DbConfig {
    /// The defaults, for the chatbots' role, on `url`.
    pub fn new(url: impl Into<String>) -> Self {
        DbConfig {
            url: DatabaseUrl(url.into()),
            role: DbRole::App,
            max_size: 16,
            min_idle: 0,
            search_pool_size: 0,
            idle_timeout: Duration::from_secs(600),
            max_lifetime: Duration::from_secs(1800),
            wait_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(10),
            lock_timeout: Duration::from_secs(5),
            idle_in_transaction_timeout: Duration::from_secs(60),
            application_name: "car-chatbot-db".into(),
        }
    }

    /// `DATABASE_URL` (also from a `.env` file) and the optional `CAR_DB_*` variables.
    pub fn from_env() -> Result<Self> {
        let _ = dotenvy::dotenv();
        let url = std::env::var("DATABASE_URL")
            .map_err(|_| Error::Config("DATABASE_URL is not set (see .env.example)".into()))?;
        DbConfig::new(url).with_env()
    }

    /// The settings of a command-line tool's session as `role` on `url`, shown in
    /// `pg_stat_activity` as `application_name`: limits that fit an import, a seed or
    /// an operator's change rather than a chatbot's reply (a statement may run 10 min,
    /// [`DbConfig::statement_timeout`]; a workshop another tool is writing is waited
    /// for 60 s, [`DbConfig::lock_timeout`]), then the `CAR_DB_*` variables.
    pub fn for_tool(
        url: impl Into<String>,
        role: DbRole,
        application_name: impl Into<String>,
    ) -> Result<Self> {
        let mut config = DbConfig::new(url)
            .role(role)
            .application_name(application_name);
        config.statement_timeout = Duration::from_secs(600);
        config.lock_timeout = Duration::from_secs(60);
        let name = config.application_name.clone();
        let mut config = config.with_env()?;
        // The tool's name beats the chatbots' variable.
        config.application_name = name;
        Ok(config)
    }

    /// These settings with the `CAR_DB_*` variables that are set.
    fn with_env(mut self) -> Result<Self> {
        for (name, size) in [
            ("CAR_DB_POOL_SIZE", &mut self.max_size),
            ("CAR_DB_SEARCH_POOL_SIZE", &mut self.search_pool_size),
            ("CAR_DB_MIN_IDLE", &mut self.min_idle),
        ] {
            if let Some(value) = env_number(name)? {
                *size = usize::try_from(value).unwrap_or(usize::MAX);
            }
        }
        for (name, timeout) in [
            ("CAR_DB_WAIT_TIMEOUT_MS", &mut self.wait_timeout),
            ("CAR_DB_CONNECT_TIMEOUT_MS", &mut self.connect_timeout),
            ("CAR_DB_IDLE_TIMEOUT_MS", &mut self.idle_timeout),
            ("CAR_DB_MAX_LIFETIME_MS", &mut self.max_lifetime),
            ("CAR_DB_STATEMENT_TIMEOUT_MS", &mut self.statement_timeout),
            ("CAR_DB_LOCK_TIMEOUT_MS", &mut self.lock_timeout),
            (
                "CAR_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS",
                &mut self.idle_in_transaction_timeout,
            ),
        ] {
            if let Some(ms) = env_number(name)? {
                *timeout = Duration::from_millis(ms);
                bounds::check_timeout(name, *timeout).map_err(|e| Error::Config(e.to_string()))?;
            }
        }
        if let Ok(name) = std::env::var("CAR_DB_APPLICATION_NAME") {
            self.application_name = name;
        }
        Ok(self)
    }

    /// The role every session acts as (`SET ROLE`); [`DbRole::App`] for chatbots.
    pub fn role(mut self, role: DbRole) -> Self {
        self.role = role;
        self
    }

    /// Connections kept open at most (default 16, `CAR_DB_POOL_SIZE`).
    pub fn max_size(mut self, max_size: usize) -> Self {
        self.max_size = max_size;
        self
    }

    /// Connections opened by [`Db::connect`] and kept open (default 0,
    /// `CAR_DB_MIN_IDLE`): the first burst of customers then waits for no
    /// connection, and the search's index is loaded up front too.
    pub fn min_idle(mut self, min_idle: usize) -> Self {
        self.min_idle = min_idle;
        self
    }

    /// Connections of a pool kept for the search's statement alone (default 0, the
    /// search shares the pool; `CAR_DB_SEARCH_POOL_SIZE`). Its connections skip the
    /// checkout test, one round trip less for every search.
    pub fn search_pool_size(mut self, search_pool_size: usize) -> Self {
        self.search_pool_size = search_pool_size;
        self
    }

    /// A connection unused this long is closed (default 10 min, `CAR_DB_IDLE_TIMEOUT_MS`).
    pub fn idle_timeout(mut self, idle_timeout: Duration) -> Self {
        self.idle_timeout = idle_timeout;
        self
    }

    /// A connection this old is closed (default 30 min, `CAR_DB_MAX_LIFETIME_MS`), so
    /// server restarts, failovers and settings changes reach every connection.
    pub fn max_lifetime(mut self, max_lifetime: Duration) -> Self {
        self.max_lifetime = max_lifetime;
        self
    }

    /// How long a caller waits for a free connection (default 5 s, `CAR_DB_WAIT_TIMEOUT_MS`).
    pub fn wait_timeout(mut self, wait_timeout: Duration) -> Self {
        self.wait_timeout = wait_timeout;
        self
    }

    /// How long opening a new connection may take (default 5 s, `CAR_DB_CONNECT_TIMEOUT_MS`).
    pub fn connect_timeout(mut self, connect_timeout: Duration) -> Self {
        self.connect_timeout = connect_timeout;
        self
    }

    /// Server-side limit for one statement (default 10 s, `CAR_DB_STATEMENT_TIMEOUT_MS`).
    pub fn statement_timeout(mut self, statement_timeout: Duration) -> Self {
        self.statement_timeout = statement_timeout;
        self
    }

    /// How long a statement waits for a lock before failing (default 5 s,
    /// `CAR_DB_LOCK_TIMEOUT_MS`): a blocked session fails clearly instead of piling up.
    pub fn lock_timeout(mut self, lock_timeout: Duration) -> Self {
        self.lock_timeout = lock_timeout;
        self
    }

    /// A session idle inside a transaction this long is ended by the server (default
    /// 60 s, `CAR_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS`): it would hold its locks.
    pub fn idle_in_transaction_timeout(mut self, idle_in_transaction_timeout: Duration) -> Self {
        self.idle_in_transaction_timeout = idle_in_transaction_timeout;
        self
    }

    /// Shown in `pg_stat_activity` (default `car-chatbot-db`, `CAR_DB_APPLICATION_NAME`;
    /// the tools use their own names).
    pub fn application_name(mut self, name: impl Into<String>) -> Self {
        self.application_name = name.into();
        self
    }

    fn check(&self) -> Result<()> {
        bounds::check_pool_size(self.max_size)?;
        if self.search_pool_size > 0 {
            bounds::check_pool_size(self.search_pool_size)?;
        }
        if self.min_idle > self.max_size {
            return Err(Error::Config(format!(
                "CAR_DB_MIN_IDLE ({}) is more than CAR_DB_POOL_SIZE ({})",
                self.min_idle, self.max_size
            )));
        }
        for (name, timeout) in [
            ("wait timeout", self.wait_timeout),
            ("connect timeout", self.connect_timeout),
            ("statement timeout", self.statement_timeout),
            ("lock timeout", self.lock_timeout),
            (
                "idle in transaction timeout",
                self.idle_in_transaction_timeout,
            ),
            ("idle timeout", self.idle_timeout),
            ("max lifetime", self.max_lifetime),
        ] {
            bounds::check_timeout(name, timeout)?;
        }
        Ok(())
    }

    /// The statements that make a fresh connection a session of `role`. Only
    /// session-wide, tenant-independent settings belong here (behind a
    /// transaction-mode pooler, set them on the login role instead: see README).
    /// The server's messages in English where the role may choose (migration
    /// 000027 grants it): errors are classified by them (`error::sqlstate`).
    fn session_setup_sql(&self) -> String {
        format!(
            "SET ROLE {}; SET application_name = '{}'; SET statement_timeout = {}; \
             SET lock_timeout = {}; SET idle_in_transaction_session_timeout = {}; \
             SET client_connection_check_interval = 1000; \
             SELECT set_config('lc_messages', 'C', false) \
             WHERE has_parameter_privilege('lc_messages', 'SET')",
            self.role.name(),
            self.application_name.replace('\'', "''"),
            self.statement_timeout.as_millis(),
            self.lock_timeout.as_millis(),
            self.idle_in_transaction_timeout.as_millis(),
        )
    }
}

/// A connection URL that prints without its password (`postgres://user:***@host/db`),
/// so a logged [`DbConfig`] leaks no secret.
#[derive(Clone)]
struct DatabaseUrl(String);

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = &self.0;
        let Some((scheme, rest)) = url.split_once("://") else {
            return url.fmt(f);
        };
        match rest.split_once('@') {
            Some((user, host)) if user.contains(':') => {
                let name = user.split(':').next().unwrap_or_default();
                format!("{scheme}://{name}:***@{host}").fmt(f)
            }
            _ => url.fmt(f),
        }
    }
}

fn env_number(name: &str) -> Result<Option<u64>> {
    match std::env::var(name) {
        Ok(value) => value
            .parse()
            .map(Some)
            .map_err(|_| Error::Config(format!("{name} must be a whole number, got {value:?}"))),
        Err(_) => Ok(None),
    }
}

/// Opens one connection as `config.role` and checks it, for command-line tools.
pub async fn connect(config: &DbConfig) -> Result<AsyncPgConnection> {
    config.check()?;
    let mut conn = tokio::time::timeout(
        config.connect_timeout,
        AsyncPgConnection::establish(&config.url.0),
    )
    .await
    .map_err(|_| {
        Error::Database(DatabaseError::new(
            DatabaseErrorKind::ConnectionLost,
            format!("connecting took longer than {:?}", config.connect_timeout),
            None,
        ))
    })??;
    let setup = conn
        .batch_execute(&config.session_setup_sql())
        .await
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(_, ref info)
                if info.message().contains("permission denied to set role") =>
            {
                Error::UnsafeRole {
                    role: config.role.name().into(),
                    reason: format!(
                        "the login role is not a member of it; run `GRANT {} TO <login role>`",
                        config.role.name()
                    ),
                }
            }
            e => Error::from(e),
        });
    let checked = match setup {
        Ok(()) => check_session(&mut conn).await,
        Err(error) => Err(error),
    };
    checked.map_err(|error| too_tight(config, error))?;
    Ok(conn)
}

/// A session whose set-up statements (and the search's index, loaded up front) run
/// past its statement timeout has a setting to change, not a call to retry.
fn too_tight(config: &DbConfig, error: Error) -> Error {
    match error.database_error().map(DatabaseError::kind) {
        Some(DatabaseErrorKind::StatementTimeout) => Error::Config(format!(
            "the statement timeout of {:?} is too short to open a session and load the search index ({error})",
            config.statement_timeout
        )),
        _ => error,
    }
}

#[derive(QueryableByName)]
struct SessionFacts {
    #[diesel(sql_type = Text)]
    role: String,
    #[diesel(sql_type = Bool)]
    bypasses_rls: bool,
    #[diesel(sql_type = Bool)]
    owns_tables: bool,
    #[diesel(sql_type = Bool)]
    migrated: bool,
    #[diesel(sql_type = Text)]
    database: String,
    #[diesel(sql_type = Text)]
    ctype: String,
    #[diesel(sql_type = Bool)]
    ctype_knows_cyrillic: bool,
}

/// Refuses a session that row-level security would not bind (superuser, BYPASSRLS,
/// or the owner of the tables), a database without the migrations, and one whose
/// locale hides Cyrillic from pg_trgm.
pub async fn check_session(conn: &mut AsyncPgConnection) -> Result<()> {
    let facts: SessionFacts = diesel::sql_query(include_str!("db_session_facts.sql"))
        .get_result(conn)
        .await?;
    if facts.bypasses_rls {
        return Err(Error::UnsafeRole {
            role: facts.role,
            reason: "it is a superuser or has BYPASSRLS".into(),
        });
    }
    if facts.owns_tables {
        return Err(Error::UnsafeRole {
            role: facts.role,
            reason: "it owns tables, and an owner can switch row-level security off".into(),
        });
    }
    if !facts.migrated
        || applied_version(conn).await?.as_str() < crate::migrations::newest_version()
    {
        return Err(Error::NotMigrated(facts.database));
    }
    if !facts.ctype_knows_cyrillic {
        return Err(Error::NonUtf8Locale {
            database: facts.database,
            ctype: facts.ctype,
        });
    }
    Ok(())
}

#[derive(QueryableByName)]
struct AppliedVersion {
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    version: Option<String>,
}

/// The newest migration applied to the database (versions sort as text).
async fn applied_version(conn: &mut AsyncPgConnection) -> Result<String> {
    let applied: AppliedVersion =
        diesel::sql_query("SELECT max(version) AS version FROM __diesel_schema_migrations")
            .get_result(conn)
            .await?;
    Ok(applied.version.unwrap_or_default())
}

/// The pool of a chatbot process. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool<AsyncPgConnection>,
    /// Connections for the search's hot path only, never handed to other code; when
    /// none is configured the search takes the pool's.
    search_pool: Option<Pool<AsyncPgConnection>>,
    search_index: Arc<SharedIndex>,
}

/// The pool's size and idle connections, for logs.
impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let status = self.pool.status();
        f.debug_struct("Db")
            .field("connections", &status.size)
            .field("idle", &status.available)
            .field("max_size", &status.max_size)
            .field(
                "search_pool",
                &self.search_pool.as_ref().map(|p| p.status().size),
            )
            .finish()
    }
}

impl Db {
    /// Builds the pool and checks one connection, so a wrong URL, role or locale
    /// fails here rather than on the first customer message. Once per process; the
    /// `Db` is cheap to clone into every task.
    ///
    /// ```no_run
    /// use car_chatbot_db::{Db, DbConfig};
    ///
    /// # async fn start() -> car_chatbot_db::Result<()> {
    /// // DATABASE_URL and the CAR_DB_* settings, then a handle per workshop, kept.
    /// let db = Db::connect(DbConfig::from_env()?.min_idle(2)).await?;
    /// let evopoliki = db.tenant("evopoliki").await?;
    /// println!("{}", evopoliki.workshop().name);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn connect(config: DbConfig) -> Result<Db> {
        connect(&config).await?;
        let expected_role = config.role.name();
        // Runs on every checkout in place of the default `SELECT 1`: a connection
        // that somehow carries a tenant or another role is dropped, not reused.
        let checked = RecyclingMethod::CustomFunction(Box::new(move |conn| {
            Box::pin(async move {
                enum CheckoutTest {}
                let state: SessionState = Prepared::<CheckoutTest, _>::new(diesel::sql_query(
                    "SELECT coalesce(current_setting('app.tenant_id', true), '') AS tenant, current_user::text AS role",
                ))
                .get_result(conn)
                .await?;
                if !state.tenant.is_empty() || state.role != expected_role {
                    tracing::error!(tenant = %state.tenant, role = %state.role, "discarding a pooled connection with a leftover session state");
                    return Err(diesel::result::Error::QueryBuilderError(
                        "pooled connection carries a tenant or another role".into(),
                    ));
                }
                Ok(())
            })
        }));
        let pool = build_pool(&config, config.max_size, checked)?;
        // Its connections only ever run the search's own statements, which leave no
        // session state (the tenant is set per statement, and no statement changes the
        // role), so they skip the checkout test and its round trip.
        let search_pool = (config.search_pool_size > 0)
            .then(|| build_pool(&config, config.search_pool_size, RecyclingMethod::Fast))
            .transpose()?;
        let search_min_idle = config.min_idle.min(config.search_pool_size);
        for (pool, min_idle) in [(&pool, config.min_idle)]
            .into_iter()
            .chain(search_pool.iter().map(|p| (p, search_min_idle)))
        {
            keep_open(pool, min_idle).await?;
            close_idle_and_old(pool, min_idle, config.idle_timeout, config.max_lifetime);
        }
        let db = Db {
            pool,
            search_pool,
            search_index: Arc::default(),
        };
        if config.min_idle > 0 {
            let mut conn = db.search_connection().await?;
            let loaded = db.search_index.load_now(&mut conn).await;
            loaded.map_err(|error| too_tight(&config, error))?;
        }
        Ok(db)
    }

    /// The pool, for this crate's tools and tests: a connection from it has no
    /// tenant set, so per-tenant tables show it nothing.
    #[doc(hidden)]
    pub fn pool(&self) -> &Pool<AsyncPgConnection> {
        &self.pool
    }

    /// The search data this process holds in memory (loaded on the first search).
    pub(crate) fn search_index(&self) -> &SharedIndex {
        &self.search_index
    }

    /// A connection that runs only the search's own statements (see `search_pool`).
    pub(crate) async fn search_connection(&self) -> Result<Object<AsyncPgConnection>> {
        Ok(self
            .search_pool
            .as_ref()
            .unwrap_or(&self.pool)
            .get()
            .await?)
    }

    /// The handle a chatbot uses for one tenant (keep it; see [`TenantDb`]). Unknown
    /// or inactive tenants are errors.
    ///
    /// ```no_run
    /// # async fn open(db: &car_chatbot_db::Db) -> car_chatbot_db::Result<()> {
    /// match db.tenant("evopoliki").await {
    ///     Ok(shop) => println!("{}", shop.workshop().name),
    ///     Err(car_chatbot_db::Error::UnknownTenant { slug }) => eprintln!("no workshop {slug}"),
    ///     Err(error) => return Err(error),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn tenant(&self, slug: &str) -> Result<TenantDb> {
        bounds::check_code("tenant slug", slug)?;
        let mut conn = self.pool.get().await?;
        let tenant = Tenant::find_active(&mut conn, slug).await?;
        Ok(TenantDb::new(self.clone(), tenant))
    }
}

/// Closes the pool's connections idle longer than `idle` or older than `lifetime`,
/// twice a minute, for as long as the pool lives.
fn close_idle_and_old(
    pool: &Pool<AsyncPgConnection>,
    min_idle: usize,
    idle: Duration,
    lifetime: Duration,
) {
    let pool = pool.weak();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(Duration::from_secs(30).min(idle).min(lifetime));
        ticks.tick().await;
        loop {
            ticks.tick().await;
            let Some(pool) = pool.upgrade() else { return };
            pool.retain(|_, metrics| metrics.last_used() < idle && metrics.age() < lifetime);
            if let Err(error) = keep_open(&pool, min_idle).await {
                tracing::warn!(%error, "could not reopen the pool's minimum of connections");
            }
        }
    });
}

/// Opens connections until the pool holds `count` (taking them all at once, so the
/// pool must make new ones rather than hand out the same idle one again).
async fn keep_open(pool: &Pool<AsyncPgConnection>, count: usize) -> Result<()> {
    if pool.status().size >= count {
        return Ok(());
    }
    let mut opening = tokio::task::JoinSet::new();
    for _ in 0..count {
        let pool = pool.clone();
        opening.spawn(async move { pool.get().await });
    }
    let mut held = Vec::with_capacity(count);
    while let Some(opened) = opening.join_next().await {
        held.push(opened.expect("a pool checkout does not panic")?);
    }
    Ok(())
}

/// A pool of at most `size` sessions of `config.role`, each set up and checked by
/// [`connect`].
fn build_pool(
    config: &DbConfig,
    size: usize,
    recycling: RecyclingMethod<AsyncPgConnection>,
) -> Result<Pool<AsyncPgConnection>> {
    let setup_config = config.clone();
    let mut manager_config = ManagerConfig::<AsyncPgConnection>::default();
    manager_config.custom_setup = Box::new(move |_url| {
        let config = setup_config.clone();
        Box::pin(async move {
            // The error goes through the pool boxed, and comes out as it was
            // (`From<diesel::result::Error> for Error`).
            connect(&config).await.map_err(|e| {
                ConnectionError::CouldntSetupConfiguration(
                    diesel::result::Error::QueryBuilderError(Box::new(e)),
                )
            })
        })
    });
    manager_config.recycling_method = recycling;
    let manager =
        AsyncDieselConnectionManager::new_with_config(config.url.0.clone(), manager_config);
    Pool::builder(manager)
        .max_size(size)
        .wait_timeout(Some(config.wait_timeout))
        .create_timeout(Some(config.connect_timeout))
        .recycle_timeout(Some(config.connect_timeout))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .map_err(|e| Error::Config(e.to_string()))
}

#[derive(QueryableByName)]
struct SessionState {
    #[diesel(sql_type = Text)]
    tenant: String,
    #[diesel(sql_type = Text)]
    role: String,
}
