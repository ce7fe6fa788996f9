use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::brands;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Brand {
    pub id: i64,
    pub name: String,
    pub name_ru: String,
    pub slug: String,
    pub aliases: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = brands)]
pub struct NewBrand<'a> {
    pub name: &'a str,
    pub name_ru: &'a str,
    pub slug: &'a str,
    pub aliases: &'a [String],
}

impl NewBrand<'_> {
    /// Inserts or updates the brand with this name and returns its id.
    pub async fn upsert(&self, conn: &mut AsyncPgConnection) -> QueryResult<i64> {
        diesel::insert_into(brands::table)
            .values(self)
            .on_conflict(brands::name)
            .do_update()
            .set(self)
            .returning(brands::id)
            .get_result(conn)
            .await
    }
}
