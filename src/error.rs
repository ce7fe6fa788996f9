//! Errors a chatbot can act on: [`Error::is_retryable`] tells a busy or lost
//! database (try again) from a bug or bad input (do not). Database and pool failures
//! are wrapped, not hidden. The supplier pipeline has its own error type
//! (`pipeline::ImportError`).

use diesel::result::DatabaseErrorKind;
use rust_decimal::Decimal;

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

    /// No model has this id.
    #[error("unknown model id {0}")]
    UnknownModel(i64),

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

    /// A setting of [`crate::DbConfig`] (or its `CAR_DB_*` variable) is invalid.
    #[error("invalid configuration: {0}")]
    Config(String),

    /// No pooled connection became free in time: the database or the pool is busy.
    /// Retryable.
    #[error("the database is busy: no connection became free within the wait timeout")]
    PoolTimeout,

    /// A statement ran past the session's `statement_timeout`. Retryable.
    #[error("a database statement ran past the statement timeout")]
    StatementTimeout,

    /// The connection to the database was lost or could not be made. Retryable.
    #[error("lost the connection to the database: {0}")]
    ConnectionLost(String),

    /// The pool cannot be used (closed, or a setup hook failed).
    #[error("could not get a database connection: {0}")]
    Pool(String),

    /// A connection could not be set up (a wrong URL, password or database).
    #[error("could not connect to the database: {0}")]
    Connection(#[from] diesel::ConnectionError),

    /// Any other database error: a bug or a broken schema (retryable only when it is a
    /// serialization failure).
    #[error(transparent)]
    Database(diesel::result::Error),
}

impl Error {
    /// Whether the same call may succeed if made again a little later: a busy pool, a
    /// statement timeout, a lost connection or a serialization failure. Everything else
    /// (bad input, unknown ids, a broken schema) will fail again.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::PoolTimeout | Error::StatementTimeout | Error::ConnectionLost(_) => true,
            Error::Database(diesel::result::Error::DatabaseError(kind, _)) => {
                matches!(kind, DatabaseErrorKind::SerializationFailure)
            }
            _ => false,
        }
    }
}

impl From<diesel::result::Error> for Error {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::Error::DatabaseError;
        match error {
            DatabaseError(DatabaseErrorKind::ClosedConnection, info)
            | DatabaseError(DatabaseErrorKind::UnableToSendCommand, info) => {
                Error::ConnectionLost(info.message().to_owned())
            }
            // SQLSTATEs do not reach diesel's error; the messages do (in English, the
            // server's default `lc_messages`): 57014 and 57P01 (a restart, a failover or
            // a DBA ending the session).
            DatabaseError(_, ref info)
                if info.message() == "canceling statement due to statement timeout" =>
            {
                Error::StatementTimeout
            }
            DatabaseError(_, ref info)
                if info.message() == "terminating connection due to administrator command" =>
            {
                Error::ConnectionLost(info.message().to_owned())
            }
            error => Error::Database(error),
        }
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for Error {
    fn from(error: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        use diesel_async::pooled_connection::PoolError as Backend;
        use diesel_async::pooled_connection::deadpool::PoolError;
        match error {
            PoolError::Timeout(_) => Error::PoolTimeout,
            PoolError::Backend(Backend::ConnectionError(e)) => Error::ConnectionLost(e.to_string()),
            PoolError::Backend(Backend::QueryError(e)) => Error::from(e),
            error => Error::Pool(error.to_string()),
        }
    }
}
