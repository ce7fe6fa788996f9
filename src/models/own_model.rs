use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::own_models;

/// A car model only one workshop's supplier lists (the catalogue lacks it), visible
/// to that workshop alone until an operator adopts it into the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct OwnModel {
    pub tenant_id: i64,
    pub id: i64,
    pub brand_id: Option<i64>,
    pub brand: String,
    pub name: String,
    pub name_ru: Option<String>,
    pub generation: Option<String>,
    pub body_type_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Insertable)]
#[diesel(table_name = own_models)]
pub struct NewOwnModel {
    pub tenant_id: i64,
    pub brand_id: Option<i64>,
    pub brand: String,
    pub name: String,
    pub name_ru: Option<String>,
    pub generation: Option<String>,
    pub body_type_id: Option<i64>,
}

impl OwnModel {
    /// Brand, name and generation: what makes two of a workshop's own models one.
    pub fn key(&self) -> (String, String, Option<String>) {
        (
            self.brand.clone(),
            self.name.clone(),
            self.generation.clone(),
        )
    }

    /// The tenant's own models.
    pub async fn all(conn: &mut AsyncPgConnection, tenant_id: i64) -> QueryResult<Vec<OwnModel>> {
        own_models::table
            .filter(own_models::tenant_id.eq(tenant_id))
            .select(OwnModel::as_select())
            .load(conn)
            .await
    }

    /// One of the tenant's own models.
    pub async fn find(
        conn: &mut AsyncPgConnection,
        tenant_id: i64,
        id: i64,
    ) -> QueryResult<OwnModel> {
        own_models::table
            .find((tenant_id, id))
            .select(OwnModel::as_select())
            .first(conn)
            .await
    }
}

impl NewOwnModel {
    /// Inserts the models (none may exist yet).
    pub async fn insert_all(
        conn: &mut AsyncPgConnection,
        rows: &[NewOwnModel],
    ) -> QueryResult<Vec<OwnModel>> {
        diesel::insert_into(own_models::table)
            .values(rows)
            .returning(OwnModel::as_returning())
            .get_results(conn)
            .await
    }
}
