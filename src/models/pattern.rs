use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::patterns;
use crate::tenant::TenantId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Pattern {
    pub tenant_id: i64,
    pub category_id: i64,
    pub model_id: i64,
    pub available: bool,
    pub notes: String,
    pub source: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = patterns)]
pub struct NewPattern<'a> {
    pub tenant_id: i64,
    pub category_id: i64,
    pub model_id: i64,
    pub available: bool,
    pub notes: &'a str,
    pub source: &'a str,
}

impl Pattern {
    pub async fn find(
        conn: &mut AsyncPgConnection,
        tenant: TenantId,
        category_id: i64,
        model_id: i64,
    ) -> QueryResult<Option<Pattern>> {
        patterns::table
            .find((tenant.get(), model_id, category_id))
            .select(Pattern::as_select())
            .first(conn)
            .await
            .optional()
    }
}

impl NewPattern<'_> {
    /// Inserts the patterns, or updates availability, notes and source of existing ones.
    /// All rows must be of one tenant and category.
    pub async fn upsert_all(
        conn: &mut AsyncPgConnection,
        rows: &[NewPattern<'_>],
    ) -> QueryResult<usize> {
        use diesel::sql_types::{Array, BigInt, Bool, Text};
        let Some(first) = rows.first() else {
            return Ok(0);
        };
        assert!(
            rows.iter()
                .all(|r| r.tenant_id == first.tenant_id && r.category_id == first.category_id),
            "upsert_all takes the patterns of one tenant and category"
        );
        diesel::sql_query(include_str!("upsert_patterns.sql"))
            .bind::<BigInt, _>(first.tenant_id)
            .bind::<BigInt, _>(first.category_id)
            .bind::<Array<BigInt>, _>(rows.iter().map(|r| r.model_id).collect::<Vec<_>>())
            .bind::<Array<Bool>, _>(rows.iter().map(|r| r.available).collect::<Vec<_>>())
            .bind::<Array<Text>, _>(rows.iter().map(|r| r.notes).collect::<Vec<_>>())
            .bind::<Array<Text>, _>(rows.iter().map(|r| r.source).collect::<Vec<_>>())
            .execute(conn)
            .await
    }
}
