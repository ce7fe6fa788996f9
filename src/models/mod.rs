//! One file per table: the row struct, its insert struct and the queries on it.
//! Queries on per-tenant tables take the tenant explicitly and must run inside
//! [`crate::tenant::in_tenant_transaction`].

mod body_type;
mod bot_text;
mod brand;
mod car_model;
mod import_run;
mod own_model;
mod pattern;
mod pattern_generation;
mod price;
mod product_category;
mod product_option;
mod tenant;

pub use body_type::{BodyType, NewBodyType};
pub use bot_text::{BotText, NewBotText};
pub use brand::{Brand, NewBrand, slugify};
pub use car_model::{CarModel, ModelKeyId, NewCarModel};
pub use import_run::{ImportRun, NewImportRun};
pub use own_model::{NewOwnModel, OwnModel};
pub use pattern::{NewPattern, Pattern};
pub use pattern_generation::PatternGeneration;
pub use price::{NewPrice, Price};
pub use product_category::{NewProductCategory, ProductCategory};
pub use product_option::{NewProductOption, OptionType, ProductOption};
pub use tenant::{Contacts, NewTenant, Tenant};
