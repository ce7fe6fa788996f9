use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::ids::TenantId;
use crate::schema::import_runs;

/// One `car-import` run of a supplier file for a tenant.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct ImportRun {
    pub tenant_id: i64,
    pub id: i64,
    pub category_id: Option<i64>,
    pub file_name: String,
    pub file_sha256: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub outcome: String,
    pub rows_read: i32,
    pub added: i32,
    pub updated: i32,
    pub unchanged: i32,
    pub made_unavailable: i32,
    pub rejected: i32,
    pub error: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = import_runs)]
pub struct NewImportRun<'a> {
    pub tenant_id: i64,
    pub category_id: Option<i64>,
    pub file_name: &'a str,
    pub file_sha256: &'a str,
    pub started_at: DateTime<Utc>,
    /// When the run ended (the column's default, `now()`, is its transaction's start).
    pub finished_at: DateTime<Utc>,
    pub outcome: &'a str,
    pub rows_read: i32,
    pub added: i32,
    pub updated: i32,
    pub unchanged: i32,
    pub made_unavailable: i32,
    pub rejected: i32,
    pub error: Option<&'a str>,
}

impl ImportRun {
    /// The tenant's runs, newest first.
    pub async fn recent(
        conn: &mut AsyncPgConnection,
        tenant: TenantId,
        limit: i64,
    ) -> QueryResult<Vec<ImportRun>> {
        import_runs::table
            .filter(import_runs::tenant_id.eq(tenant.get()))
            .order(import_runs::id.desc())
            .limit(limit)
            .select(ImportRun::as_select())
            .load(conn)
            .await
    }
}

impl NewImportRun<'_> {
    pub async fn insert(&self, conn: &mut AsyncPgConnection) -> QueryResult<usize> {
        diesel::insert_into(import_runs::table)
            .values(self)
            .execute(conn)
            .await
    }
}
