use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::language::LocalName;
use crate::schema::product_categories;

/// A kind of product every workshop may sell (EVA mats, 5D mats, seat covers): a row of
/// the shared `product_categories`.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = product_categories, check_for_backend(diesel::pg::Pg))]
pub struct ProductCategory {
    /// The row's id.
    pub id: i64,
    /// What calls name it by (`eva_mats`, `5d_mats`, `seat_covers`).
    pub code: String,
    /// Its name in Russian (`EVA-коврики`).
    pub name_ru: String,
    /// Its name in Kyrgyz.
    pub name_ky: String,
    /// A sentence about it in Russian, for a bot that describes what it sells.
    pub description_ru: String,
    /// The same in Kyrgyz.
    pub description_ky: String,
    /// Its place in lists, lowest first.
    pub sort_order: i32,
    /// Whether it is offered at all (an inactive one is an unknown category).
    pub active: bool,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = product_categories)]
pub struct NewProductCategory<'a> {
    pub code: &'a str,
    pub name_ru: &'a str,
    pub name_ky: &'a str,
    pub description_ru: &'a str,
    pub description_ky: &'a str,
    pub sort_order: i32,
    pub active: bool,
}

impl ProductCategory {
    /// The name in Russian and Kyrgyz; [`LocalName::get`] picks one.
    pub fn local_name(&self) -> LocalName {
        LocalName::new(&self.name_ru, &self.name_ky)
    }

    /// The active category with this code; otherwise an error listing the known codes.
    pub async fn find_by_code(conn: &mut AsyncPgConnection, code: &str) -> Result<ProductCategory> {
        let found = product_categories::table
            .filter(product_categories::code.eq(code))
            .filter(product_categories::active)
            .select(ProductCategory::as_select())
            .first(conn)
            .await
            .optional()?;
        match found {
            Some(category) => Ok(category),
            None => Err(Error::UnknownCategory {
                code: code.into(),
                known: ProductCategory::all_active(conn)
                    .await?
                    .into_iter()
                    .map(|c| c.code)
                    .collect(),
            }),
        }
    }

    pub async fn all_active(conn: &mut AsyncPgConnection) -> QueryResult<Vec<ProductCategory>> {
        product_categories::table
            .filter(product_categories::active)
            .order((product_categories::sort_order, product_categories::code))
            .select(ProductCategory::as_select())
            .load(conn)
            .await
    }
}

impl NewProductCategory<'_> {
    /// Inserts or updates the category with this code and returns its id.
    pub async fn upsert(&self, conn: &mut AsyncPgConnection) -> QueryResult<i64> {
        diesel::insert_into(product_categories::table)
            .values(self)
            .on_conflict(product_categories::code)
            .do_update()
            .set(self)
            .returning(product_categories::id)
            .get_result(conn)
            .await
    }
}
