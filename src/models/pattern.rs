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
            .find((tenant.get(), category_id, model_id))
            .select(Pattern::as_select())
            .first(conn)
            .await
            .optional()
    }
}

impl NewPattern<'_> {
    /// Inserts the patterns, or updates availability, notes and source of existing ones.
    pub async fn upsert_all(
        conn: &mut AsyncPgConnection,
        rows: &[NewPattern<'_>],
    ) -> QueryResult<usize> {
        use diesel::upsert::excluded;
        diesel::insert_into(patterns::table)
            .values(rows)
            .on_conflict((
                patterns::tenant_id,
                patterns::category_id,
                patterns::model_id,
            ))
            .do_update()
            .set((
                patterns::available.eq(excluded(patterns::available)),
                patterns::notes.eq(excluded(patterns::notes)),
                patterns::source.eq(excluded(patterns::source)),
            ))
            .execute(conn)
            .await
    }
}
