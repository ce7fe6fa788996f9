use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::error::{Error, Result};
use crate::schema::models;

/// One generation of a car model (the `models` table; `Model` would clash with Diesel's vocabulary).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = models, check_for_backend(diesel::pg::Pg))]
pub struct CarModel {
    pub id: i64,
    pub brand_id: i64,
    pub name: String,
    pub name_ru: Option<String>,
    pub generation: Option<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub body_type_id: Option<i64>,
    pub aliases: Vec<String>,
    pub generation_aliases: Vec<String>,
    pub popularity: i16,
    pub metadata: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A model's id with its natural key (brand, name, generation, years).
#[derive(Debug, Clone, QueryableByName)]
pub struct ModelKeyId {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub brand_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub name: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub generation: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    pub year_from: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    pub year_to: Option<i32>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = models, treat_none_as_null = true)]
pub struct NewCarModel<'a> {
    pub brand_id: i64,
    pub name: &'a str,
    pub name_ru: Option<&'a str>,
    pub generation: Option<&'a str>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub body_type_id: Option<i64>,
    pub aliases: &'a [String],
    pub generation_aliases: &'a [String],
    pub popularity: i16,
    pub metadata: &'a serde_json::Value,
}

impl CarModel {
    pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> Result<CarModel> {
        models::table
            .find(id)
            .select(CarModel::as_select())
            .first(conn)
            .await
            .optional()?
            .ok_or(Error::UnknownModel(crate::ids::ModelId::new(id)))
    }
}

impl NewCarModel<'_> {
    /// Inserts or updates the model with the same brand, name, generation and
    /// years (the natural key) and returns its id.
    pub async fn upsert(&self, conn: &mut AsyncPgConnection) -> QueryResult<i64> {
        diesel::insert_into(models::table)
            .values(self)
            .on_conflict(diesel::upsert::on_constraint("models_natural_key"))
            .do_update()
            .set(self)
            .returning(models::id)
            .get_result(conn)
            .await
    }

    /// Inserts the models whose natural key is new and returns every row's id with
    /// its key. Existing rows (catalogue generations, say) are only read.
    pub async fn find_or_insert_all(
        conn: &mut AsyncPgConnection,
        rows: &[NewCarModel<'_>],
    ) -> QueryResult<Vec<ModelKeyId>> {
        let mut found = Self::find_or_insert_once(conn, rows).await?;
        if found.len() < rows.len() {
            // Rows another import committed during the statement: a new statement sees them.
            let key = |brand_id, name: &str, generation: Option<&str>, from, to| {
                (
                    brand_id,
                    name.to_owned(),
                    generation.map(str::to_owned),
                    from,
                    to,
                )
            };
            let have: std::collections::HashSet<_> = found
                .iter()
                .map(|m| {
                    key(
                        m.brand_id,
                        &m.name,
                        m.generation.as_deref(),
                        m.year_from,
                        m.year_to,
                    )
                })
                .collect();
            let missing: Vec<NewCarModel> = rows
                .iter()
                .filter(|r| {
                    !have.contains(&key(
                        r.brand_id,
                        r.name,
                        r.generation,
                        r.year_from,
                        r.year_to,
                    ))
                })
                .cloned()
                .collect();
            found.extend(Self::find_or_insert_once(conn, &missing).await?);
        }
        Ok(found)
    }

    async fn find_or_insert_once(
        conn: &mut AsyncPgConnection,
        rows: &[NewCarModel<'_>],
    ) -> QueryResult<Vec<ModelKeyId>> {
        use diesel::sql_types::{Array, BigInt, Integer, Jsonb, Nullable, Text};
        diesel::sql_query(include_str!("find_or_insert_models.sql"))
            .bind::<Array<BigInt>, _>(rows.iter().map(|r| r.brand_id).collect::<Vec<_>>())
            .bind::<Array<Text>, _>(rows.iter().map(|r| r.name).collect::<Vec<_>>())
            .bind::<Array<Nullable<Text>>, _>(rows.iter().map(|r| r.name_ru).collect::<Vec<_>>())
            .bind::<Array<Nullable<Text>>, _>(rows.iter().map(|r| r.generation).collect::<Vec<_>>())
            .bind::<Array<Nullable<Integer>>, _>(
                rows.iter().map(|r| r.year_from).collect::<Vec<_>>(),
            )
            .bind::<Array<Nullable<Integer>>, _>(rows.iter().map(|r| r.year_to).collect::<Vec<_>>())
            .bind::<Array<Nullable<BigInt>>, _>(
                rows.iter().map(|r| r.body_type_id).collect::<Vec<_>>(),
            )
            .bind::<Array<Jsonb>, _>(rows.iter().map(|r| r.metadata).collect::<Vec<_>>())
            .load(conn)
            .await
    }
}
