use std::fmt;
use std::str::FromStr;

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use crate::language::LocalName;
use crate::schema::product_options;

/// An option of a category (borders, a third row, the eco-leather's grade): a row of
/// the shared `product_options`. Its price is the workshop's.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct ProductOption {
    /// The row's id.
    pub id: i64,
    /// The category's row id.
    pub category_id: i64,
    /// What an [`crate::OptionChoice`] names it by (`with_borders`).
    pub code: String,
    /// Its name in Russian (`с бортами`).
    pub name_ru: String,
    /// Its name in Kyrgyz.
    pub name_ky: String,
    /// Its kind as stored; [`ProductOption::kind`] gives it typed.
    pub option_type: String,
    /// The values a [`OptionType::Choice`] takes (`standard`, `premium`).
    pub allowed_values: Vec<String>,
    /// The body types it is made for; empty: every body type.
    pub body_type_codes: Vec<String>,
    /// Its place in lists, lowest first.
    pub sort_order: i32,
}

/// The kinds of option the `product_options.option_type` check allows: how a bot asks
/// for it and how an [`crate::OptionChoice`] names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionType {
    /// On or off, e.g. `with_borders`.
    Boolean,
    /// One of `allowed_values`, e.g. `eco_leather_type`.
    Choice,
    /// An extra item, e.g. `trunk_mat`.
    Addon,
}

impl OptionType {
    /// The kind as stored (`boolean`, `choice`, `addon`).
    pub fn as_str(self) -> &'static str {
        match self {
            OptionType::Boolean => "boolean",
            OptionType::Choice => "choice",
            OptionType::Addon => "addon",
        }
    }
}

impl fmt::Display for OptionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OptionType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "boolean" => Ok(OptionType::Boolean),
            "choice" => Ok(OptionType::Choice),
            "addon" => Ok(OptionType::Addon),
            other => Err(format!(
                "unknown option type `{other}` (expected boolean, choice or addon)"
            )),
        }
    }
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = product_options)]
pub struct NewProductOption<'a> {
    pub category_id: i64,
    pub code: &'a str,
    pub name_ru: &'a str,
    pub name_ky: &'a str,
    pub option_type: &'a str,
    pub allowed_values: &'a [String],
    pub body_type_codes: &'a [String],
    pub sort_order: i32,
}

impl ProductOption {
    /// The name in Russian and Kyrgyz; [`LocalName::get`] picks one.
    pub fn local_name(&self) -> LocalName {
        LocalName::new(&self.name_ru, &self.name_ky)
    }

    /// The option's kind: on or off ([`crate::OptionChoice::on`]), one of its
    /// `allowed_values` ([`crate::OptionChoice::value`]), or an extra item.
    pub fn kind(&self) -> OptionType {
        self.option_type
            .parse()
            .expect("option_type is constrained by the database")
    }

    /// Whether the option can be ordered for a car of this body type.
    pub fn applies_to(&self, body_type: Option<&str>) -> bool {
        self.body_type_codes.is_empty()
            || body_type.is_some_and(|code| self.body_type_codes.iter().any(|c| c == code))
    }

    pub async fn for_category(
        conn: &mut AsyncPgConnection,
        category_id: i64,
    ) -> QueryResult<Vec<ProductOption>> {
        product_options::table
            .filter(product_options::category_id.eq(category_id))
            .order((product_options::sort_order, product_options::code))
            .select(ProductOption::as_select())
            .load(conn)
            .await
    }
}

impl NewProductOption<'_> {
    /// Inserts or updates the option with this category and code and returns its id.
    pub async fn upsert(&self, conn: &mut AsyncPgConnection) -> QueryResult<i64> {
        diesel::insert_into(product_options::table)
            .values(self)
            .on_conflict((product_options::category_id, product_options::code))
            .do_update()
            .set(self)
            .returning(product_options::id)
            .get_result(conn)
            .await
    }
}
