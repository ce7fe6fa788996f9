//! Errors a chatbot can act on: [`Error::is_retryable`] tells a busy or lost
//! database (try again) from a bug or bad input (do not). A database's failure is a
//! [`DatabaseError`] with its SQLSTATE and class; the supplier pipeline has its own
//! error type (`pipeline::ImportError`).

use std::fmt;

use rust_decimal::Decimal;

use crate::ids::ModelId;

/// The library's result: [`Error`] unless said otherwise.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong in a call of the library. The messages name no other tenant and
/// no secret, but they are written for the bot's author and log, not for customers.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No tenant has this slug (the message does not list the others').
    #[error("unknown tenant `{slug}`")]
    UnknownTenant {
        /// The slug asked for.
        slug: String,
    },

    /// The tenant exists but is switched off (`active = false`); its slug.
    #[error("tenant `{0}` is not active")]
    InactiveTenant(String),

    /// No model has this id (or it is another workshop's own model).
    #[error("unknown model id {0}")]
    UnknownModel(ModelId),

    /// No active category has this code.
    #[error("unknown product category `{code}`; known categories: {}", known.join(", "))]
    UnknownCategory {
        /// The code asked for.
        code: String,
        /// The active categories' codes.
        known: Vec<String>,
    },

    /// The category has no option with this code.
    #[error("unknown option `{code}` for category `{category}`; known options: {}", known.join(", "))]
    UnknownOption {
        /// The category's code.
        category: String,
        /// The option code asked for.
        code: String,
        /// The category's option codes.
        known: Vec<String>,
    },

    /// A `choice` option without an allowed value, or another option with a value.
    #[error("option `{option}` does not take the value {value:?}; allowed: {}", allowed.join(", "))]
    InvalidOptionValue {
        /// The option's code.
        option: String,
        /// The value given.
        value: Option<String>,
        /// The values the option takes (none for a boolean or add-on option).
        allowed: Vec<String>,
    },

    /// From [`crate::TenantDb::quote_strict`]: the option is not made for the model's
    /// body type.
    #[error("option `{option}` does not apply to body type `{body_type}`")]
    OptionNotApplicable {
        /// The option's code.
        option: String,
        /// The model's body type code (`unknown` when the model has none).
        body_type: String,
    },

    /// The tenant has no base price in force for the category (and the model's body
    /// type): it does not sell it, or not for this car.
    #[error("the workshop has no price in force for category `{category}` (body type {})", body_type.as_deref().unwrap_or("unknown"))]
    CategoryNotSold {
        /// The category's code.
        category: String,
        /// The model's body type code, when it has one.
        body_type: Option<String>,
    },

    /// From [`crate::TenantDb::quote_strict`]: the option exists, but the tenant has no
    /// price in force for it.
    #[error("the workshop has no price in force for option `{option}` of category `{category}`")]
    OptionNotPriced {
        /// The option's code.
        option: String,
        /// The category's code.
        category: String,
    },

    /// The prices of one quote are in two currencies (a data error of the tenant).
    #[error("prices in different currencies cannot be added: {0} and {1}")]
    MixedCurrencies(String, String),

    /// The quote's total does not fit a decimal (a data error of the tenant).
    #[error("the price sum overflows: {0} + {1}")]
    PriceOverflow(Decimal, Decimal),

    /// The tenant has no text for the key, in the language asked or in Russian.
    #[error("no bot text `{key}` in `{language}` or in Russian")]
    UnknownBotText {
        /// The key asked for.
        key: String,
        /// The language asked for.
        language: String,
    },

    /// A bot text holds a placeholder no value was given for (nor has the workshop
    /// one: a `{phone}` of a workshop without a phone).
    #[error("bot text `{key}` holds `{{{placeholder}}}`, and no value was given for it")]
    UnfilledPlaceholder {
        /// The text's key.
        key: String,
        /// The placeholder's name.
        placeholder: String,
    },

    /// The session would not be subject to row-level security.
    #[error("refusing to run tenant queries as role `{role}`: {reason}")]
    UnsafeRole {
        /// The role the session acts as.
        role: String,
        /// Why it is refused, and what to do.
        reason: String,
    },

    /// The database lacks migrations this library needs; the database's name.
    #[error("database `{0}` is not migrated: run `car-migrate` first")]
    NotMigrated(String),

    /// The database cannot serve Cyrillic trigram search.
    #[error(
        "database `{database}` has LC_CTYPE `{ctype}`: pg_trgm ignores Cyrillic there; recreate it with a UTF-8 locale (e.g. `CREATE DATABASE .. TEMPLATE template0 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'`)"
    )]
    NonUtf8Locale {
        /// The database's name.
        database: String,
        /// Its `LC_CTYPE`.
        ctype: String,
    },

    /// A value the caller passed is out of range (see [`crate::bounds`]); nothing was done.
    #[error("{argument} {reason}")]
    InvalidArgument {
        /// What the value is (`search limit`, `category`).
        argument: &'static str,
        /// What is wrong with it.
        reason: String,
    },

    /// A setting of [`crate::DbConfig`] (or its `CAR_DB_*` variable) is invalid, or
    /// too tight for the session to start (a statement timeout of 1 ms). Never
    /// retryable: the setting must change.
    #[error("invalid configuration: {0}")]
    Config(String),

    /// No pooled connection became free within [`crate::DbConfig::wait_timeout`]: the
    /// pool or the database is busy. Retryable.
    #[error("the database is busy: no connection became free within the wait timeout")]
    PoolTimeout,

    /// The database failed the call, or could not be reached: see
    /// [`DatabaseError::kind`]; retryable when [`DatabaseError::is_retryable`].
    #[error(transparent)]
    Database(#[from] DatabaseError),
}

impl Error {
    /// Whether the same call may succeed if made again a little later (in a new
    /// transaction): a busy pool, or a database failure of a retryable
    /// [`DatabaseErrorKind`] (a lock or statement timeout, a serialization failure, a
    /// deadlock, a server shutting down, a lost connection). Everything else (bad
    /// input, unknown ids, a setting, a broken schema) will fail again.
    ///
    /// ```no_run
    /// # use car_chatbot_db::{Result, TenantDb, SearchResult};
    /// async fn search_with_retries(shop: &TenantDb, words: &str) -> Result<SearchResult> {
    ///     let mut tries = 0;
    ///     loop {
    ///         match shop.search_models(words, None, 5).await {
    ///             Err(error) if error.is_retryable() && tries < 3 => {
    ///                 tries += 1;
    ///                 tokio::time::sleep(std::time::Duration::from_millis(100 << tries)).await;
    ///             }
    ///             result => return result,
    ///         }
    ///     }
    /// }
    /// ```
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::PoolTimeout => true,
            Error::Database(error) => error.is_retryable(),
            _ => false,
        }
    }

    /// The database failure behind this error, when it is one.
    pub fn database_error(&self) -> Option<&DatabaseError> {
        match self {
            Error::Database(error) => Some(error),
            _ => None,
        }
    }
}

/// The class of a database failure, from its SQLSTATE. The first six are retryable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DatabaseErrorKind {
    /// `55P03`: a lock was not granted within the session's `lock_timeout` (an
    /// import or an operator holds the workshop, a migration a table).
    LockNotAvailable,
    /// `57014` from the session's `statement_timeout`.
    StatementTimeout,
    /// `40001`: the transaction could not be serialized with a concurrent one (or, on
    /// a standby, conflicted with recovery).
    SerializationFailure,
    /// `40P01`: two transactions waited for each other; this one was chosen to end.
    Deadlock,
    /// `57P01`, `57P02`, `57P03`: the server is shutting down, restarting or starting
    /// up, or an administrator ended the session.
    Shutdown,
    /// No SQLSTATE: the connection failed, closed or timed out (the network, a
    /// failover).
    ConnectionLost,
    /// Class `23`: a row broke a constraint (unique, foreign key, check, not null).
    IntegrityViolation,
    /// `42501`: the role may not do this, or a row-level security policy refused it.
    PermissionDenied,
    /// Anything else: a bug, a broken schema, a refused login.
    Other,
}

impl DatabaseErrorKind {
    /// The class of a SQLSTATE.
    pub fn of_code(code: &str) -> DatabaseErrorKind {
        match code {
            "55P03" => DatabaseErrorKind::LockNotAvailable,
            "57014" => DatabaseErrorKind::StatementTimeout,
            "40001" => DatabaseErrorKind::SerializationFailure,
            "40P01" => DatabaseErrorKind::Deadlock,
            "57P01" | "57P02" | "57P03" => DatabaseErrorKind::Shutdown,
            "42501" => DatabaseErrorKind::PermissionDenied,
            code if code.starts_with("23") => DatabaseErrorKind::IntegrityViolation,
            _ => DatabaseErrorKind::Other,
        }
    }

    /// Whether a call that failed so may succeed if made again.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            DatabaseErrorKind::LockNotAvailable
                | DatabaseErrorKind::StatementTimeout
                | DatabaseErrorKind::SerializationFailure
                | DatabaseErrorKind::Deadlock
                | DatabaseErrorKind::Shutdown
                | DatabaseErrorKind::ConnectionLost
        )
    }
}

/// A failure of the database or of the connection to it: the server's message, its
/// SQLSTATE ([`DatabaseError::code`]) and class ([`DatabaseError::kind`]). The
/// underlying driver's error is its [`std::error::Error::source`], for logs.
pub struct DatabaseError {
    kind: DatabaseErrorKind,
    code: Option<&'static str>,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl DatabaseError {
    /// The failure's class.
    pub fn kind(&self) -> DatabaseErrorKind {
        self.kind
    }

    /// The SQLSTATE (`55P03`), when the server sent one and the library knows it
    /// (see [`DatabaseError::kind`]); `None` for a lost connection.
    pub fn code(&self) -> Option<&str> {
        self.code
    }

    /// The server's message (English in the library's sessions), or what failed.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// See [`DatabaseErrorKind::is_retryable`].
    pub fn is_retryable(&self) -> bool {
        self.kind.is_retryable()
    }

    /// A failure of this class, with the driver's error (if any) as source.
    pub(crate) fn new(
        kind: DatabaseErrorKind,
        message: String,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> DatabaseError {
        DatabaseError {
            kind,
            code: None,
            message,
            source,
        }
    }

    /// The server's error with this SQLSTATE (`None`: one the library does not know).
    fn from_server(
        code: Option<&'static str>,
        message: String,
        source: diesel::result::Error,
    ) -> DatabaseError {
        let kind = match code {
            // 57014 is also a cancel by hand (`pg_cancel_backend`): no timeout to retry.
            Some("57014") if !message.contains("statement timeout") => DatabaseErrorKind::Other,
            Some(code) => DatabaseErrorKind::of_code(code),
            None => DatabaseErrorKind::Other,
        };
        DatabaseError {
            kind,
            code,
            message,
            source: Some(Box::new(source)),
        }
    }
}

impl fmt::Display for DatabaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code {
            Some(code) => write!(f, "database error {code}: {}", self.message),
            None if self.kind == DatabaseErrorKind::ConnectionLost => {
                write!(f, "lost the connection to the database: {}", self.message)
            }
            None => write!(f, "database error: {}", self.message),
        }
    }
}

impl fmt::Debug for DatabaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseError")
            .field("kind", &self.kind)
            .field("code", &self.code)
            .field("message", &self.message)
            .finish()
    }
}

impl std::error::Error for DatabaseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// The SQLSTATE of a server error diesel reports: diesel keeps a few codes as kinds
/// and drops the rest, so the others are known by the server's message, which the
/// library's sessions ask in English (`lc_messages = 'C'`, see `DbConfig`).
fn sqlstate(kind: diesel::result::DatabaseErrorKind, message: &str) -> Option<&'static str> {
    use diesel::result::DatabaseErrorKind as Kind;
    let by_kind = match kind {
        Kind::UniqueViolation => Some("23505"),
        Kind::ForeignKeyViolation => Some("23503"),
        Kind::NotNullViolation => Some("23502"),
        Kind::CheckViolation => Some("23514"),
        Kind::RestrictViolation => Some("23001"),
        Kind::ExclusionViolation => Some("23P01"),
        Kind::SerializationFailure => Some("40001"),
        Kind::ReadOnlyTransaction => Some("25006"),
        _ => None,
    };
    // PostgreSQL's own message texts (errcodes.txt and the sources that raise them).
    const BY_MESSAGE: &[(&str, &str)] = &[
        ("canceling statement due to lock timeout", "55P03"),
        ("could not obtain lock on ", "55P03"),
        ("canceling statement due to statement timeout", "57014"),
        ("canceling statement due to user request", "57014"),
        ("canceling statement due to conflict with recovery", "40001"),
        ("deadlock detected", "40P01"),
        (
            "terminating connection due to administrator command",
            "57P01",
        ),
        (
            "terminating connection due to conflict with recovery",
            "40001",
        ),
        (
            "terminating connection because of crash of another server process",
            "57P02",
        ),
        ("the database system is ", "57P03"),
        ("permission denied", "42501"),
        ("new row violates row-level security policy", "42501"),
    ];
    by_kind.or_else(|| {
        BY_MESSAGE
            .iter()
            .find(|(text, _)| message.starts_with(text))
            .map(|&(_, code)| code)
    })
}

impl From<diesel::result::Error> for Error {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::DatabaseErrorKind as Kind;
        use diesel::result::Error::{DatabaseError as Server, QueryBuilderError};
        match error {
            // An error of this crate carried through diesel or the pool (a session
            // setup that failed, see `db::build_pool`).
            QueryBuilderError(inner) if inner.is::<Error>() => {
                *inner.downcast::<Error>().expect("checked")
            }
            Server(Kind::ClosedConnection | Kind::UnableToSendCommand, ref info) => {
                let message = info.message().to_owned();
                let source = Some(Box::new(error) as _);
                Error::Database(DatabaseError::new(
                    DatabaseErrorKind::ConnectionLost,
                    message,
                    source,
                ))
            }
            Server(kind, ref info) => {
                let code = sqlstate(kind, info.message());
                let message = info.message().to_owned();
                Error::Database(DatabaseError::from_server(code, message, error))
            }
            error => {
                let message = error.to_string();
                let source = Some(Box::new(error) as _);
                Error::Database(DatabaseError::new(
                    DatabaseErrorKind::Other,
                    message,
                    source,
                ))
            }
        }
    }
}

impl From<diesel::ConnectionError> for Error {
    fn from(error: diesel::ConnectionError) -> Self {
        use diesel::ConnectionError as Failed;
        match error {
            Failed::InvalidConnectionUrl(message) => {
                Error::Config(format!("invalid database URL: {message}"))
            }
            // The driver's own refusal of the URL, before any connection.
            Failed::CouldntSetupConfiguration(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UnableToSendCommand,
                info,
            )) if info.message().starts_with("invalid con") => {
                Error::Config(format!("invalid database URL: {}", info.message()))
            }
            Failed::CouldntSetupConfiguration(error) => Error::from(error),
            error => {
                let message = error.to_string();
                let source = Some(Box::new(error) as _);
                Error::Database(DatabaseError::new(
                    DatabaseErrorKind::ConnectionLost,
                    message,
                    source,
                ))
            }
        }
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for Error {
    fn from(error: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        use diesel_async::pooled_connection::PoolError as Backend;
        use diesel_async::pooled_connection::deadpool::PoolError;
        match error {
            PoolError::Timeout(_) => Error::PoolTimeout,
            PoolError::Backend(Backend::ConnectionError(e)) => Error::from(e),
            PoolError::Backend(Backend::QueryError(e)) => Error::from(e),
            error => Error::Database(DatabaseError::new(
                DatabaseErrorKind::Other,
                error.to_string(),
                None,
            )),
        }
    }
}
