use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::pattern_generations;

/// A workshop's pattern fits a catalogue generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Queryable, Selectable, Insertable)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct PatternGeneration {
    pub tenant_id: i64,
    pub model_id: i64,
    pub pattern_id: i64,
}

impl PatternGeneration {
    /// The generations of these patterns of the tenant.
    pub async fn of_patterns(
        conn: &mut AsyncPgConnection,
        tenant_id: i64,
        pattern_ids: &[i64],
    ) -> QueryResult<Vec<PatternGeneration>> {
        pattern_generations::table
            .filter(pattern_generations::tenant_id.eq(tenant_id))
            .filter(pattern_generations::pattern_id.eq_any(pattern_ids))
            .select(PatternGeneration::as_select())
            .load(conn)
            .await
    }

    /// Replaces the generations of these patterns with `links` (all of the tenant's).
    pub async fn replace(
        conn: &mut AsyncPgConnection,
        tenant_id: i64,
        pattern_ids: &[i64],
        links: &[PatternGeneration],
    ) -> QueryResult<()> {
        diesel::delete(pattern_generations::table)
            .filter(pattern_generations::tenant_id.eq(tenant_id))
            .filter(pattern_generations::pattern_id.eq_any(pattern_ids))
            .execute(conn)
            .await?;
        Self::insert_all(conn, tenant_id, links).await
    }

    /// Adds `links` (all of the tenant's); those already there are kept.
    pub async fn insert_all(
        conn: &mut AsyncPgConnection,
        tenant_id: i64,
        links: &[PatternGeneration],
    ) -> QueryResult<()> {
        // One statement of parallel arrays, however many links. ON CONFLICT keeps Citus
        // from running the INSERT … SELECT as a COPY, which row-level security refuses.
        diesel::sql_query(
            "INSERT INTO pattern_generations (tenant_id, model_id, pattern_id)
             SELECT $1, u.model_id, u.pattern_id FROM unnest($2::bigint[], $3::bigint[]) AS u (model_id, pattern_id)
             ON CONFLICT DO NOTHING",
        )
        .bind::<BigInt, _>(tenant_id)
        .bind::<Array<BigInt>, _>(links.iter().map(|l| l.model_id).collect::<Vec<_>>())
        .bind::<Array<BigInt>, _>(links.iter().map(|l| l.pattern_id).collect::<Vec<_>>())
        .execute(conn)
        .await?;
        Ok(())
    }
}
