//! The database of a multi-tenant SaaS that sells car accessories (EVA mats, 5D mats,
//! seat covers) through chatbots: for each workshop (tenant), which cars it has a
//! pattern for, its prices and its bot texts.
//!
//! A chatbot opens a [`Db`] once per process and a [`TenantDb`] per workshop; every
//! call runs in its own transaction with the tenant set by `SET LOCAL`, under
//! PostgreSQL row-level security, so a pooled connection never carries a tenant and
//! one workshop's calls never see another's rows.
//!
//! ```no_run
//! use car_chatbot_db::{Db, DbConfig, Decision, OptionChoice, TextKey};
//!
//! # async fn answer() -> Result<(), car_chatbot_db::Error> {
//! let db = Db::connect(DbConfig::from_env()?).await?;
//! let shop = db.tenant("evopoliki").await?;
//! let language = shop.workshop().language;
//! let found = shop.search_models("камри 70", Some("eva_mats"), 5).await?;
//! if let (Decision::Confident, Some(car)) = (found.decision, found.hits.first()) {
//!     let quote = shop
//!         .quote(car.model_id, "eva_mats", &[OptionChoice::on("with_borders")])
//!         .await?;
//!     let text = shop.bot_text(TextKey::PriceQuote, language).await?;
//!     let total = quote.total.to_string();
//!     // `{currency}`, `{workshop}` and `{phone}` are the workshop's own.
//!     println!("{}", text.fill(&[("total", &total)])?);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Everything a chatbot needs is at the crate root. Build with
//! `default-features = false` to leave out the supplier pipeline (the `import`
//! feature) and its dependencies. The modules marked hidden (`schema`, `models`,
//! `search` internals, `pipeline`, `citus`) serve this crate's own tools and tests.
#![warn(missing_docs)]

pub mod bounds;
pub mod catalog;
#[doc(hidden)]
pub mod citus;
pub mod db;
pub mod error;
pub mod ids;
pub mod language;
#[doc(hidden)]
pub mod migrations;
#[doc(hidden)]
pub mod models;
#[cfg(feature = "import")]
#[doc(hidden)]
pub mod pipeline;
#[doc(hidden)]
pub mod prepared;
pub mod quote;
#[doc(hidden)]
pub mod schema;
pub mod search;
pub mod tenant;
pub mod texts;
pub mod years;

pub use catalog::{
    BodyTypeName, CategoryOffer, GenerationSummary, ModelDetails, ModelOffer, PatternVariant,
    PriceEntry,
};
pub use chrono::NaiveDate;
pub use db::{Db, DbConfig, DbRole};
pub use error::{DatabaseError, DatabaseErrorKind, Error, Result};
pub use ids::{ModelId, TenantId};
pub use language::{Language, LocalName};
/// The raw `tenants` row, for this crate's tools: a chatbot reads [`Workshop`].
#[doc(hidden)]
pub use models::Tenant;
pub use models::{Contacts, OptionType, ProductCategory, ProductOption};
pub use quote::{OptionChoice, Quote, QuoteLine, SkipReason, SkippedOption};
pub use rust_decimal::Decimal;
pub use search::{Decision, ModelMatch, SearchResult};
pub use tenant::{PatternAvailability, TenantDb, TenantTx, Workshop};
pub use texts::{BotText, COMMON_PLACEHOLDERS, TextKey, currency_name};
pub use years::ModelYears;

// Compiles the README's code blocks as doctests, so the example there keeps working.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
