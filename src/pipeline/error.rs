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
