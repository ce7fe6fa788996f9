//! The supplier pipeline, behind the default `import` feature (a chatbot that only
//! reads needs none of it): [`extract`] a supplier PDF into raw rows, [`clean`] them
//! against the [`refdata`] catalogue, [`import`] the clean rows for one tenant. The
//! reference and demo data of `data/` load through [`refdata`] too (`car-migrate seed`).

pub mod catalogue;
pub mod clean;
pub mod csv_file;
pub mod error;
pub mod extract;
pub mod import;
pub mod input;
pub mod lock;
pub mod patterns;
pub mod refdata;
pub mod report;
pub mod workshop;

pub use error::ImportError;
