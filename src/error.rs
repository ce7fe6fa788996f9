//! Errors a chatbot can match on. Database and pool failures are wrapped, not hidden.

use rust_decimal::Decimal;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unknown tenant `{slug}`; known tenants: {}", known.join(", "))]
    UnknownTenant { slug: String, known: Vec<String> },

    #[error("tenant `{0}` is not active")]
    InactiveTenant(String),

    #[error("unknown model id {0}")]
    UnknownModel(i64),

    #[error("unknown product category `{code}`; known categories: {}", known.join(", "))]
    UnknownCategory { code: String, known: Vec<String> },

    #[error("unknown option `{code}` for category `{category}`; known options: {}", known.join(", "))]
    UnknownOption {
        category: String,
        code: String,
        known: Vec<String>,
    },

    #[error("option `{option}` does not take the value {value:?}; allowed: {}", allowed.join(", "))]
    InvalidOptionValue {
        option: String,
        value: Option<String>,
        allowed: Vec<String>,
    },

    #[error("option `{option}` does not apply to body type `{body_type}`")]
    OptionNotApplicable { option: String, body_type: String },

    #[error("no price in force for {what}")]
    NoPrice { what: String },

    #[error("prices in different currencies cannot be added: {0} and {1}")]
    MixedCurrencies(String, String),

    #[error("the price sum overflows: {0} + {1}")]
    PriceOverflow(Decimal, Decimal),

    #[error("no bot text `{key}` in `{language}` or in Russian")]
    UnknownBotText { key: String, language: String },

    /// The session would not be subject to row-level security.
    #[error("refusing to run tenant queries as role `{role}`: {reason}")]
    UnsafeRole { role: String, reason: String },

    #[error("database `{0}` is not migrated: run `car-migrate` first")]
    NotMigrated(String),

    /// The database cannot serve Cyrillic trigram search.
    #[error(
        "database `{database}` has LC_CTYPE `{ctype}`: pg_trgm ignores Cyrillic there; recreate it with a UTF-8 locale (e.g. `CREATE DATABASE .. TEMPLATE template0 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'`)"
    )]
    NonUtf8Locale { database: String, ctype: String },

    /// A reference data file in `data/` has a bad row; nothing was loaded.
    #[error("{file}:{line}: {message}")]
    Data {
        file: String,
        line: u64,
        message: String,
    },

    /// A clean row an import cannot use; nothing was imported.
    #[error("row {row}: {message}")]
    BadRow { row: usize, message: String },

    #[error("tenant `{0}` is being imported by another car-import; try again when it has finished")]
    ImportInProgress(String),

    /// An import would retire more of the tenant's patterns than allowed; nothing changed.
    #[error(
        "this file would make {retire} of the tenant's {available} available patterns unavailable ({percent}%, more than the {max_percent}% allowed); nothing was changed. If the supplier really dropped them, run again with --max-retire {percent}"
    )]
    TooManyRetired {
        retire: usize,
        available: usize,
        percent: u32,
        max_percent: u32,
    },

    /// The supplier file has no rows: importing it would retire every pattern.
    #[error(
        "the file has no rows; nothing was imported (an empty file would make every pattern unavailable)"
    )]
    NoRowsRead,

    /// A value the caller passed is out of range (see [`crate::bounds`]); nothing was done.
    #[error("{argument} {reason}")]
    InvalidArgument {
        argument: &'static str,
        reason: String,
    },

    #[error("invalid configuration: {0}")]
    Config(String),

    #[error("could not get a database connection: {0}")]
    Pool(String),

    #[error("could not connect to the database: {0}")]
    Connection(#[from] diesel::ConnectionError),

    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for Error {
    fn from(error: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        Error::Pool(error.to_string())
    }
}
