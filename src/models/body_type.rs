use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::language::LocalName;
use crate::schema::body_types;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct BodyType {
    pub id: i64,
    pub code: String,
    pub name_ru: String,
    pub name_ky: String,
    pub sort_order: i32,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = body_types)]
pub struct NewBodyType<'a> {
    pub code: &'a str,
    pub name_ru: &'a str,
    pub name_ky: &'a str,
    pub sort_order: i32,
}

impl BodyType {
    /// The name in Russian and Kyrgyz; [`LocalName::get`] picks one.
    pub fn local_name(&self) -> LocalName {
        LocalName::new(&self.name_ru, &self.name_ky)
    }

    pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<BodyType> {
        body_types::table
            .find(id)
            .select(BodyType::as_select())
            .first(conn)
            .await
    }

    pub async fn all(conn: &mut AsyncPgConnection) -> QueryResult<Vec<BodyType>> {
        body_types::table
            .order((body_types::sort_order, body_types::code))
            .select(BodyType::as_select())
            .load(conn)
            .await
    }
}

impl NewBodyType<'_> {
    /// Inserts or updates the body type with this code and returns its id.
    pub async fn upsert(&self, conn: &mut AsyncPgConnection) -> QueryResult<i64> {
        diesel::insert_into(body_types::table)
            .values(self)
            .on_conflict(body_types::code)
            .do_update()
            .set(self)
            .returning(body_types::id)
            .get_result(conn)
            .await
    }
}
