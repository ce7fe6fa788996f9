//! Scale-out on a Citus cluster: the schema's distribution, which `car-migrate` applies
//! after the migrations when the database has the `citus` extension (on plain
//! PostgreSQL nothing changes), and a report of how each table is placed.

use diesel::QueryableByName;
use diesel::sql_types::{Bool, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};

/// Whether the database is a Citus node (has the extension).
pub async fn is_citus(conn: &mut AsyncPgConnection) -> diesel::QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = Bool)]
        citus: bool,
    }
    let found: Found = diesel::sql_query(
        "SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') AS citus",
    )
    .get_result(conn)
    .await?;
    Ok(found.citus)
}

/// Distributes the schema on a Citus coordinator, in one transaction: the per-tenant
/// tables by `tenant_id` in one colocation group, the shared tables as reference
/// tables, the search's statement with its tenant's rows; safe to run again.
pub async fn distribute(conn: &mut AsyncPgConnection) -> diesel::QueryResult<()> {
    conn.batch_execute(concat!(
        "BEGIN;\n",
        include_str!("citus_distribute.sql"),
        "\nCOMMIT;"
    ))
    .await
}

/// How a table is placed on the cluster.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct TablePlacement {
    #[diesel(sql_type = Text)]
    pub table_name: String,
    /// `reference`, `distributed by tenant_id (colocation group 3)`, or `local`.
    #[diesel(sql_type = Text)]
    pub placement: String,
}

/// Each of the schema's tables and how Citus places it, by name.
pub async fn placements(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<TablePlacement>> {
    diesel::sql_query(
        "SELECT c.relname::text AS table_name,
                CASE t.citus_table_type
                    WHEN 'distributed' THEN format('distributed by %s (colocation group %s)',
                        t.distribution_column, t.colocation_id)
                    ELSE coalesce(t.citus_table_type, 'local')
                END AS placement
         FROM pg_class c
         LEFT JOIN citus_tables t ON t.table_name = c.oid
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
           AND c.relname <> '__diesel_schema_migrations'
         ORDER BY c.relname",
    )
    .load(conn)
    .await
}
