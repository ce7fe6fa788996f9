//! Invariants of the migrated schema that keep tenants apart and the schema
//! ready for Citus. They read the catalogs, so a table added later without its
//! policy, FORCE or tenant key fails here.

mod common;

use diesel::QueryableByName;
use diesel::sql_types::{Bool, Text};
use diesel_async::RunQueryDsl;

use common::TestDatabase;

const TENANT_TABLES: [&str; 6] = [
    "bot_texts",
    "import_runs",
    "own_models",
    "pattern_generations",
    "patterns",
    "prices",
];
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
                      AND p.qual = '(tenant_id = require_tenant_id())'
                      AND p.with_check = '(tenant_id = require_tenant_id())'
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
         FROM pg_roles WHERE rolname IN ('car_owner', 'car_app', 'car_import', 'car_operator') ORDER BY 1",
    )
    .await;
    assert_eq!(
        names(&roles),
        ["car_app", "car_import", "car_operator", "car_owner"]
    );
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
    assert_eq!(owners.len(), 14);
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

/// Each runtime role holds exactly what its code uses, and PUBLIC nothing of ours:
/// every grant on our tables, columns and functions (not the extensions'), listed.
#[tokio::test(flavor = "multi_thread")]
async fn each_role_holds_exactly_the_grants_its_code_uses() {
    #[derive(QueryableByName)]
    struct Grant {
        #[diesel(sql_type = Text)]
        privilege: String,
    }
    let db = TestDatabase::new().await;
    let grants: Vec<Grant> = diesel::sql_query(
        "WITH roles AS (SELECT unnest(ARRAY['car_app', 'car_import', 'car_operator', 'PUBLIC']) AS name)
         SELECT g AS privilege FROM (
             SELECT grantee || ' ' || privilege_type || ' ' || table_name AS g
             FROM information_schema.role_table_grants
             WHERE table_schema = 'public' AND grantee IN (SELECT name FROM roles)
             UNION
             SELECT c.grantee || ' ' || c.privilege_type || ' ' || c.table_name || '(' || c.column_name || ')'
             FROM information_schema.column_privileges c
             WHERE c.table_schema = 'public' AND c.grantee IN (SELECT name FROM roles)
               AND NOT EXISTS (
                   SELECT FROM information_schema.role_table_grants t
                   WHERE t.grantee = c.grantee AND t.table_schema = 'public'
                     AND t.table_name = c.table_name AND t.privilege_type = c.privilege_type)
             UNION
             SELECT coalesce(r.rolname, 'PUBLIC') || ' EXECUTE ' || p.proname
             FROM pg_proc p
             CROSS JOIN LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
             LEFT JOIN pg_roles r ON r.oid = a.grantee
             WHERE p.pronamespace = 'public'::regnamespace
               AND coalesce(r.rolname, 'PUBLIC') IN (SELECT name FROM roles)
               AND NOT EXISTS (
                   SELECT FROM pg_depend d
                   WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
         ) x (g)
         ORDER BY g",
    )
    .load(&mut db.admin().await)
    .await
    .unwrap();
    let grants: Vec<&str> = grants.iter().map(|g| g.privilege.as_str()).collect();
    let read_by_app = [
        "body_types",
        "bot_texts",
        "brands",
        // The search's statement reads the tenant's last run: its own models' version.
        "import_runs",
        "model_search",
        "models",
        "own_models",
        "pattern_generations",
        "patterns",
        "prices",
        "product_categories",
        "product_options",
        "search_version",
        "tenants",
    ];
    let read_by_import = [
        "body_types",
        "brands",
        "import_runs",
        "model_search",
        "models",
        "own_models",
        "pattern_generations",
        "patterns",
        "product_categories",
        "product_options",
        "search_version",
        "tenants",
    ];
    let written_by_operator = [
        "body_types",
        "bot_texts",
        "brands",
        "model_search",
        "models",
        "prices",
        "product_categories",
        "product_options",
        "tenants",
    ];
    let mut expected: Vec<String> = vec![
        "car_app EXECUTE require_tenant_id".into(),
        "car_app SELECT __diesel_schema_migrations".into(),
        "car_import SELECT __diesel_schema_migrations".into(),
        "car_operator SELECT __diesel_schema_migrations".into(),
        "car_app EXECUTE search_pattern_flags".into(),
        "car_import EXECUTE require_tenant_id".into(),
        "car_import EXECUTE search_pattern_flags".into(),
        "car_operator EXECUTE is_time_zone".into(),
        "car_operator EXECUTE require_tenant_id".into(),
        "car_operator INSERT search_version".into(),
        "car_operator SELECT search_version".into(),
        "car_operator UPDATE search_version".into(),
        // Only to lock its tenant's row for the length of an import.
        "car_import UPDATE tenants(updated_at)".into(),
    ];
    expected.extend(read_by_app.map(|t| format!("car_app SELECT {t}")));
    expected.extend(read_by_import.map(|t| format!("car_import SELECT {t}")));
    // An import writes only its workshop's rows; the catalogue is only read.
    for table in [
        "import_runs",
        "own_models",
        "pattern_generations",
        "patterns",
    ] {
        expected.push(format!("car_import INSERT {table}"));
    }
    expected.push("car_import UPDATE patterns".into());
    expected.push("car_import DELETE pattern_generations".into());
    // Adopting a workshop's own model into the catalogue re-points its patterns.
    for grant in [
        "SELECT own_models",
        "DELETE own_models",
        "SELECT pattern_generations",
        "INSERT pattern_generations",
        "SELECT patterns",
        "UPDATE patterns(own_model_id)",
        // Withdrawing a sheet not yet in force.
        "DELETE prices",
    ] {
        expected.push(format!("car_operator {grant}"));
    }
    for table in written_by_operator {
        for privilege in ["INSERT", "SELECT", "UPDATE"] {
            expected.push(format!("car_operator {privilege} {table}"));
        }
    }
    expected.sort();
    assert_eq!(grants, expected);
}
