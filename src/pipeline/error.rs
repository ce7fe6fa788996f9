//! Errors of the supplier pipeline and the data loaders, apart from the chatbot's.

/// What stopped an import or a data load. Nothing was written when one is returned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
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

    /// Another writer held the workshop longer than the session's `lock_timeout`
    /// (see [`super::lock`]); nothing changed.
    #[error(
        "workshop `{slug}` is being changed by {holder}, still after {waited}; try again when it has finished (CAR_DB_LOCK_TIMEOUT_MS sets how long to wait)"
    )]
    WorkshopBusy {
        slug: String,
        /// The sessions that may hold it, by their `application_name` and pid.
        holder: String,
        /// How long this one waited (the session's `lock_timeout`).
        waited: String,
    },

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

    /// A value an operator gave is invalid; nothing was changed.
    #[error("{0}")]
    Invalid(String),

    /// Rows of an operator's file are invalid; nothing was changed.
    #[error("{} rows refused, nothing was changed:\n{}", .0.len(), .0.iter().map(|r| format!("  line {}: {}", r.line, r.reason)).collect::<Vec<_>>().join("\n"))]
    RejectedRows(Vec<super::workshop::RejectedRow>),

    /// A database or library error (see [`crate::Error`]).
    #[error(transparent)]
    Db(#[from] crate::Error),
}

impl From<diesel::result::Error> for ImportError {
    fn from(error: diesel::result::Error) -> Self {
        ImportError::Db(error.into())
    }
}

pub type Result<T, E = ImportError> = std::result::Result<T, E>;

impl ImportError {
    /// Whether the error is in what the caller gave (the command line, the
    /// environment, a file's contents): exit code 2 of the tools; else a failure, 1.
    pub fn is_usage(&self) -> bool {
        match self {
            ImportError::Db(error) => is_usage(error),
            ImportError::WorkshopBusy { .. } => false,
            _ => true,
        }
    }
}

/// Whether a library error is the caller's input: an unknown tenant or category, a
/// value out of range, a setting.
pub fn is_usage(error: &crate::Error) -> bool {
    matches!(
        error,
        crate::Error::UnknownTenant { .. }
            | crate::Error::UnknownCategory { .. }
            | crate::Error::InvalidArgument { .. }
            | crate::Error::Config(_)
    )
}

/// The error of a missing `DATABASE_URL` (exit code 2).
pub fn no_database_url() -> ImportError {
    ImportError::Invalid(
        "DATABASE_URL is not set: set it (or a .env file, see .env.example) or pass --database-url"
            .into(),
    )
}

/// How every tool ends, one rule for all: 0 when `result` is Ok (done, or nothing
/// to change); else the error on stderr after the tool's name, and 2 when what the
/// caller gave must change (arguments, environment, a file's contents) or 1 when the
/// work failed otherwise (the database, a busy workshop). Nothing was changed then.
pub fn finish(tool: &str, result: anyhow::Result<()>) -> std::process::ExitCode {
    let Err(error) = result else {
        return std::process::ExitCode::SUCCESS;
    };
    // A reader that stops early (`| head`) is not a failure.
    if error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    {
        return std::process::ExitCode::SUCCESS;
    }
    eprintln!("{tool}: {error:#}");
    let usage = error
        .downcast_ref::<ImportError>()
        .is_some_and(ImportError::is_usage)
        || error.downcast_ref::<crate::Error>().is_some_and(is_usage)
        || error
            .downcast_ref::<super::extract::ExtractError>()
            .is_some();
    std::process::ExitCode::from(if usage { 2 } else { 1 })
}
