use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Int4, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::patterns;

/// A workshop's pattern: one supplier row (its duplicates merged), with the
/// supplier's facts. It fits catalogue generations (`pattern_generations`), or the
/// workshop's own model, or waits for review with its candidate generations.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Pattern {
    pub tenant_id: i64,
    pub id: i64,
    pub category_id: i64,
    pub variant_key: String,
    pub supplier_id: String,
    pub label: String,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub steering: Option<String>,
    pub three_rows: bool,
    pub own_model_id: Option<i64>,
    pub review_candidates: Vec<i64>,
    pub available: bool,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A pattern to write; `variant_key` finds the one it replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPattern<'a> {
    pub variant_key: String,
    pub supplier_id: &'a str,
    pub label: String,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub steering: Option<&'a str>,
    pub three_rows: bool,
    pub own_model_id: Option<i64>,
    pub review_candidates: Vec<i64>,
    pub available: bool,
    pub notes: &'a str,
}

impl NewPattern<'_> {
    /// Whether `old` already says what this pattern says.
    pub fn same_as(&self, old: &Pattern) -> bool {
        old.variant_key == self.variant_key
            && old.supplier_id == self.supplier_id
            && old.label == self.label
            && old.year_from == self.year_from
            && old.year_to == self.year_to
            && old.steering.as_deref() == self.steering
            && old.three_rows == self.three_rows
            && old.own_model_id == self.own_model_id
            && old.review_candidates == self.review_candidates
            && old.available == self.available
            && old.notes == self.notes
    }

    /// Inserts one tenant's patterns of one category, or updates those with the same
    /// variant key; returns each row's id and variant key.
    pub async fn upsert_all(
        conn: &mut AsyncPgConnection,
        tenant_id: i64,
        category_id: i64,
        rows: &[NewPattern<'_>],
    ) -> QueryResult<Vec<(i64, String)>> {
        #[derive(QueryableByName)]
        struct Written {
            #[diesel(sql_type = BigInt)]
            id: i64,
            #[diesel(sql_type = Text)]
            variant_key: String,
        }
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        // Arrays of arrays must be rectangular: candidates go as text (`{1,2}`).
        let candidates: Vec<String> = rows
            .iter()
            .map(|r| {
                let ids: Vec<String> = r.review_candidates.iter().map(i64::to_string).collect();
                format!("{{{}}}", ids.join(","))
            })
            .collect();
        let written: Vec<Written> = diesel::sql_query(include_str!("upsert_patterns.sql"))
            .bind::<BigInt, _>(tenant_id)
            .bind::<BigInt, _>(category_id)
            .bind::<Array<Text>, _>(rows.iter().map(|r| &r.variant_key).collect::<Vec<_>>())
            .bind::<Array<Text>, _>(rows.iter().map(|r| r.supplier_id).collect::<Vec<_>>())
            .bind::<Array<Text>, _>(rows.iter().map(|r| &r.label).collect::<Vec<_>>())
            .bind::<Array<Nullable<Int4>>, _>(rows.iter().map(|r| r.year_from).collect::<Vec<_>>())
            .bind::<Array<Nullable<Int4>>, _>(rows.iter().map(|r| r.year_to).collect::<Vec<_>>())
            .bind::<Array<Nullable<Text>>, _>(rows.iter().map(|r| r.steering).collect::<Vec<_>>())
            .bind::<Array<Bool>, _>(rows.iter().map(|r| r.three_rows).collect::<Vec<_>>())
            .bind::<Array<Nullable<BigInt>>, _>(
                rows.iter().map(|r| r.own_model_id).collect::<Vec<_>>(),
            )
            .bind::<Array<Text>, _>(candidates)
            .bind::<Array<Bool>, _>(rows.iter().map(|r| r.available).collect::<Vec<_>>())
            .bind::<Array<Text>, _>(rows.iter().map(|r| r.notes).collect::<Vec<_>>())
            .load(conn)
            .await?;
        Ok(written.into_iter().map(|w| (w.id, w.variant_key)).collect())
    }
}

impl Pattern {
    /// The tenant's patterns of one category.
    pub async fn of_category(
        conn: &mut AsyncPgConnection,
        tenant_id: i64,
        category_id: i64,
    ) -> QueryResult<Vec<Pattern>> {
        patterns::table
            .filter(patterns::tenant_id.eq(tenant_id))
            .filter(patterns::category_id.eq(category_id))
            .select(Pattern::as_select())
            .load(conn)
            .await
    }
}
