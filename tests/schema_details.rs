//! Invariants of the migrated schema that keep tenants apart and the schema
//! ready for Citus. They read the catalogs, so a table added later without its
//! policy, FORCE or tenant key fails here.

mod common;

use diesel::QueryableByName;
use diesel::sql_types::{Bool, Text};
use diesel_async::RunQueryDsl;

use common::TestDatabase;

const TENANT_TABLES: [&str; 4] = ["bot_texts", "import_runs", "patterns", "prices"];
const SHARED_TABLES: [&str; 9] = [
    "__diesel_schema_migrations",
    "body_types",
    "brands",
    "model_search",
    "models",
    "product_categories",
    "product_options",
    "search_version",
    "tenants",
];

#[derive(QueryableByName, Debug)]
struct Row {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Bool)]
    ok: bool,
}

async fn rows(db: &TestDatabase, sql: &str) -> Vec<Row> {
    diesel::sql_query(sql)
        .load(&mut db.admin().await)
        .await
        .unwrap()
}

fn names(rows: &[Row]) -> Vec<&str> {
    rows.iter().map(|r| r.name.as_str()).collect()
}

fn failing(rows: &[Row]) -> Vec<&str> {
    rows.iter()
        .filter(|r| !r.ok)
        .map(|r| r.name.as_str())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_table_is_either_a_tenant_table_or_on_the_shared_list() {
    let db = TestDatabase::new().await;
    let tenant_tables = rows(
        &db,
        "SELECT c.relname::text AS name, true AS ok FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
           AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
         ORDER BY 1",
    )
    .await;
    assert_eq!(names(&tenant_tables), TENANT_TABLES);
    let others = rows(
        &db,
        "SELECT c.relname::text AS name, true AS ok FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
           AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')
         ORDER BY 1",
    )
    .await;
    assert_eq!(names(&others), SHARED_TABLES);
}

#[tokio::test(flavor = "multi_thread")]
async fn tenant_tables_have_forced_rls_and_a_policy_with_both_expressions() {
    let db = TestDatabase::new().await;
    let checks = rows(
        &db,
        "SELECT c.relname::text AS name,
                c.relrowsecurity AND c.relforcerowsecurity
                AND EXISTS (
                    SELECT 1 FROM pg_policies p
                    WHERE p.schemaname = 'public' AND p.tablename = c.relname AND p.cmd = 'ALL'
                      AND p.roles = '{public}' AND p.permissive = 'PERMISSIVE'
                      AND p.qual LIKE '%tenant_id = ( SELECT require_tenant_id()%'
                      AND p.with_check LIKE '%tenant_id = ( SELECT require_tenant_id()%'
                ) AS ok
         FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
           AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')
         ORDER BY 1",
    )
    .await;
    assert_eq!(names(&checks), TENANT_TABLES);
    assert_eq!(
        failing(&checks),
        Vec::<&str>::new(),
        "tables without forced RLS or a full policy"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn tenant_id_comes_first_and_is_in_every_key_and_references_tenants() {
    let db = TestDatabase::new().await;
    let first_column = rows(
        &db,
        "SELECT c.relname::text AS name, a.attname = 'tenant_id' AND a.attnotnull AS ok
         FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1
         WHERE c.relname = ANY ('{bot_texts,import_runs,patterns,prices}') AND c.relnamespace = 'public'::regnamespace",
    )
    .await;
    assert_eq!(first_column.len(), 4);
    assert_eq!(
        failing(&first_column),
        Vec::<&str>::new(),
        "tenant_id must be the first, NOT NULL column"
    );

    // Primary keys, unique and exclusion constraints, and unique indexes.
    let keys = rows(
        &db,
        "SELECT i.indexrelid::regclass::text AS name,
                (SELECT attnum FROM pg_attribute WHERE attrelid = i.indrelid AND attname = 'tenant_id') = ANY (i.indkey) AS ok
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
         WHERE c.relname = ANY ('{bot_texts,import_runs,patterns,prices}') AND c.relnamespace = 'public'::regnamespace
           AND (i.indisunique OR i.indisprimary OR i.indisexclusion)",
    )
    .await;
    assert!(
        keys.len() >= 4,
        "expected primary keys and the price constraints, got {keys:?}"
    );
    assert_eq!(failing(&keys), Vec::<&str>::new(), "keys without tenant_id");

    let foreign_keys = rows(
        &db,
        "SELECT c.relname::text AS name,
                EXISTS (
                    SELECT 1 FROM pg_constraint k
                    WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.confrelid = 'tenants'::regclass
                      AND k.conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = c.oid AND attname = 'tenant_id')]
                ) AS ok
         FROM pg_class c
         WHERE c.relname = ANY ('{bot_texts,import_runs,patterns,prices}') AND c.relnamespace = 'public'::regnamespace",
    )
    .await;
    assert_eq!(foreign_keys.len(), 4);
    assert_eq!(
        failing(&foreign_keys),
        Vec::<&str>::new(),
        "tenant tables without a foreign key to tenants"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn shared_tables_never_reference_tenant_tables() {
    let db = TestDatabase::new().await;
    let references = rows(
        &db,
        "SELECT conname::text AS name, false AS ok FROM pg_constraint
         WHERE contype = 'f'
           AND conrelid::regclass::text = ANY ('{body_types,brands,model_search,search_version,models,product_categories,product_options,tenants}')
           AND confrelid::regclass::text = ANY ('{bot_texts,import_runs,patterns,prices}')",
    )
    .await;
    assert_eq!(names(&references), Vec::<&str>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn roles_are_subject_to_rls_and_car_owner_owns_every_table() {
    let db = TestDatabase::new().await;
    let roles = rows(
        &db,
        "SELECT rolname::text AS name, NOT rolsuper AND NOT rolbypassrls AND NOT rolcanlogin AS ok
         FROM pg_roles WHERE rolname IN ('car_owner', 'car_app', 'car_import') ORDER BY 1",
    )
    .await;
    assert_eq!(names(&roles), ["car_app", "car_import", "car_owner"]);
    assert_eq!(
        failing(&roles),
        Vec::<&str>::new(),
        "roles that bypass RLS or can log in"
    );

    let owners = rows(
        &db,
        "SELECT relname::text AS name, pg_get_userbyid(relowner) = 'car_owner' AS ok FROM pg_class
         WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> '__diesel_schema_migrations'",
    )
    .await;
    assert_eq!(owners.len(), 12);
    assert_eq!(
        failing(&owners),
        Vec::<&str>::new(),
        "tables not owned by car_owner"
    );

    let definers = rows(
        &db,
        "SELECT proname::text AS name, false AS ok FROM pg_proc
         WHERE pronamespace = 'public'::regnamespace AND prosecdef",
    )
    .await;
    assert_eq!(
        names(&definers),
        Vec::<&str>::new(),
        "SECURITY DEFINER functions would bypass RLS"
    );

    let writers = rows(
        &db,
        "SELECT table_name::text AS name, false AS ok FROM information_schema.role_table_grants
         WHERE grantee = 'car_app' AND privilege_type <> 'SELECT'",
    )
    .await;
    assert_eq!(
        names(&writers),
        Vec::<&str>::new(),
        "car_app must only read"
    );
}
