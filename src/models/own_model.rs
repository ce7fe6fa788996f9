use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::own_models;

/// A car model only one workshop's supplier lists (the catalogue lacks it), visible
/// to that workshop alone until an operator adopts it into the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = own_models, check_for_backend(diesel::pg::Pg))]
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

/// A model of a tenant's own to add.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NewOwnModel {
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
    /// Inserts one tenant's models (none may exist yet), as parallel arrays: one
    /// statement however many (a VALUES list is bound by 65,535 parameters).
    pub async fn insert_all(
        conn: &mut AsyncPgConnection,
        tenant_id: i64,
        rows: &[NewOwnModel],
    ) -> QueryResult<Vec<OwnModel>> {
        use diesel::sql_types::{Array, BigInt, Nullable, Text};
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let column = |f: fn(&NewOwnModel) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
        diesel::sql_query(
            "INSERT INTO own_models (tenant_id, brand_id, brand, name, name_ru, generation, body_type_id)
             SELECT $1, u.* FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
                 AS u (brand_id, brand, name, name_ru, generation, body_type_id)
             RETURNING *",
        )
        .bind::<BigInt, _>(tenant_id)
        .bind::<Array<Nullable<BigInt>>, _>(rows.iter().map(|r| r.brand_id).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(rows.iter().map(|r| &r.brand).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(rows.iter().map(|r| &r.name).collect::<Vec<_>>())
        .bind::<Array<Nullable<Text>>, _>(column(|r| r.name_ru.clone()))
        .bind::<Array<Nullable<Text>>, _>(column(|r| r.generation.clone()))
        .bind::<Array<Nullable<BigInt>>, _>(rows.iter().map(|r| r.body_type_id).collect::<Vec<_>>())
        .load(conn)
        .await
    }
}
