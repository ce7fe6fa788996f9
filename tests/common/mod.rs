//! Real-PostgreSQL test databases: a template migrated once (per migration set,
//! shared by every test process under an advisory lock), then one database per
//! test created from it and dropped when the test ends.
#![allow(dead_code)]

pub mod search_eval;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use car_chatbot_db::models::{CarModel, NewPattern, PatternGeneration, Tenant};
use car_chatbot_db::pipeline::refdata::{self, ReferenceData};
use car_chatbot_db::tenant::{Access, in_tenant_transaction};
use car_chatbot_db::{Db, DbConfig, DbRole, migrations};
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use tokio::sync::OnceCell;

/// One number a query returns as `n`.
#[derive(QueryableByName, Debug, PartialEq)]
pub struct Count {
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// The `n` of a query such as `SELECT count(*) AS n FROM …`.
pub async fn count(conn: &mut AsyncPgConnection, sql: &str) -> diesel::QueryResult<i64> {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .await
        .map(|c| c.n)
}

/// The server's `postgres` database as a superuser; `TEST_DATABASE_URL` overrides it.
pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// `admin_url()` with another database name.
pub fn url_for(database: &str) -> String {
    let admin = admin_url();
    let (server, _) = admin
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL ends with a database name");
    format!("{server}/{database}")
}

pub async fn admin_connection(database: &str) -> AsyncPgConnection {
    AsyncPgConnection::establish(&url_for(database))
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", url_for(database)))
}

/// Creates an empty UTF-8 database.
pub async fn create_empty_database(name: &str, ctype: &str) {
    admin_connection("postgres")
        .await
        .batch_execute(&format!(
            "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE '{ctype}' LC_CTYPE '{ctype}'"
        ))
        .await
        .unwrap();
}

pub async fn drop_database(name: &str) {
    admin_connection("postgres")
        .await
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .unwrap();
}

fn migrations_fingerprint() -> u64 {
    let mut hasher = DefaultHasher::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<_> = walk(&dir);
    files.sort();
    for file in files {
        file.strip_prefix(&dir).unwrap().hash(&mut hasher);
        std::fs::read(&file).unwrap().hash(&mut hasher);
    }
    hasher.finish()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// The migrated template's name, building it if no test process has yet.
async fn template() -> String {
    TEMPLATE
        .get_or_init(|| async {
            let fingerprint = migrations_fingerprint();
            let name = format!("car_test_tpl_{:016x}", fingerprint);
            let mut admin = admin_connection("postgres").await;
            admin
                .batch_execute(&format!("SELECT pg_advisory_lock({})", fingerprint as i64))
                .await
                .unwrap();
            #[derive(QueryableByName)]
            struct Count {
                #[diesel(sql_type = BigInt)]
                n: i64,
            }
            let exists: Count = diesel::sql_query("SELECT count(*) AS n FROM pg_database WHERE datname = $1")
                .bind::<Text, _>(&name)
                .get_result(&mut admin)
                .await
                .unwrap();
            if exists.n == 0 {
                let building = format!("{name}_build");
                drop_database(&building).await;
                create_empty_database(&building, "C.UTF-8").await;
                migrations::with_connection(&url_for(&building), migrations::run_pending)
                    .await
                    .expect("migrations apply to an empty database");
                admin
                    .batch_execute(&format!(
                        "ALTER DATABASE {building} RENAME TO {name}; ALTER DATABASE {name} IS_TEMPLATE true"
                    ))
                    .await
                    .unwrap();
            }
            admin
                .batch_execute(&format!("SELECT pg_advisory_unlock({})", fingerprint as i64))
                .await
                .unwrap();
            name
        })
        .await
        .clone()
}

/// A database of its own for one test, dropped at the end of the test.
pub struct TestDatabase {
    pub name: String,
}

impl TestDatabase {
    /// A migrated, empty database.
    pub async fn new() -> TestDatabase {
        let template = template().await;
        let name = format!(
            "car_test_{}_{:08x}",
            std::process::id(),
            rand::random::<u32>()
        );
        admin_connection("postgres")
            .await
            .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .await
            .unwrap();
        TestDatabase { name }
    }

    /// An empty, unmigrated database with this `LC_CTYPE`, not from the template.
    pub async fn unmigrated(ctype: &str) -> TestDatabase {
        let name = format!(
            "car_test_{}_{:08x}",
            std::process::id(),
            rand::random::<u32>()
        );
        create_empty_database(&name, ctype).await;
        TestDatabase { name }
    }

    /// A migrated database with the reference and demo data of `data/` loaded.
    pub async fn with_reference_data() -> TestDatabase {
        let db = TestDatabase::new().await;
        let data = ReferenceData::read(&data_dir()).unwrap();
        refdata::load(&mut db.connect(DbRole::Operator).await, &data, &|_| {})
            .await
            .unwrap();
        db
    }

    pub fn url(&self) -> String {
        url_for(&self.name)
    }

    /// A superuser connection: bypasses row-level security, for setup and snapshots.
    pub async fn admin(&self) -> AsyncPgConnection {
        admin_connection(&self.name).await
    }

    /// A checked session of `role`, as the command-line tools open one.
    pub async fn connect(&self, role: DbRole) -> AsyncPgConnection {
        car_chatbot_db::db::connect(&DbConfig::new(self.url()).role(role))
            .await
            .unwrap()
    }

    pub async fn pool(&self, role: DbRole, max_size: usize) -> Db {
        Db::connect(DbConfig::new(self.url()).role(role).max_size(max_size))
            .await
            .unwrap()
    }

    pub async fn tenant(&self, slug: &str) -> Tenant {
        Tenant::find_by_slug(&mut self.admin().await, slug)
            .await
            .unwrap()
    }

    /// The id of a model from the reference catalogue.
    pub async fn model_id(&self, name: &str, generation: &str) -> car_chatbot_db::ModelId {
        #[derive(QueryableByName)]
        struct Id {
            #[diesel(sql_type = BigInt)]
            id: i64,
        }
        let row: Id =
            diesel::sql_query("SELECT id FROM models WHERE name = $1 AND generation = $2")
                .bind::<Text, _>(name)
                .bind::<Text, _>(generation)
                .get_result(&mut self.admin().await)
                .await
                .unwrap_or_else(|e| panic!("model {name} {generation}: {e}"));
        car_chatbot_db::ModelId::new(row.id)
    }

    /// Gives `tenant` a pattern, written as car_import with the tenant set.
    pub async fn add_pattern(
        &self,
        tenant: &str,
        category: &str,
        model_id: car_chatbot_db::ModelId,
        notes: &str,
    ) {
        let model_id = model_id.get();
        let tenant = self.tenant(tenant).await;
        let mut admin = self.admin().await;
        let category_id =
            car_chatbot_db::models::ProductCategory::find_by_code(&mut admin, category)
                .await
                .unwrap()
                .id;
        CarModel::find(&mut admin, model_id).await.unwrap();
        let mut conn = self.connect(DbRole::Import).await;
        in_tenant_transaction(
            &mut conn,
            tenant.tenant_id(),
            Access::ReadWrite,
            async |conn| {
                let pattern = NewPattern {
                    variant_key: format!("test|{model_id}"),
                    supplier_id: "test",
                    label: "test".into(),
                    year_from: None,
                    year_to: None,
                    steering: None,
                    three_rows: false,
                    own_model_id: None,
                    review_candidates: Vec::new(),
                    available: true,
                    notes,
                };
                let written =
                    NewPattern::upsert_all(conn, tenant.id, category_id, &[pattern]).await?;
                let link = PatternGeneration {
                    tenant_id: tenant.id,
                    model_id,
                    pattern_id: written[0].0,
                };
                PatternGeneration::replace(conn, tenant.id, &[link.pattern_id], &[link]).await?;
                Ok(())
            },
        )
        .await
        .unwrap();
    }

    /// Every row of every table except `import_runs` (which records each run), as
    /// text, read past row-level security: equal snapshots mean nothing changed.
    pub async fn snapshot(&self) -> String {
        self.dump(&DATA_TABLES, ROWS_AS_TEXT).await
    }

    /// For each of `tables` (a table, or a subquery in parentheses), `aggregate` (an
    /// SQL aggregate over its rows, `t`), read past row-level security, as `== table`
    /// and the text.
    pub async fn dump(&self, tables: &[&str], aggregate: &str) -> String {
        #[derive(QueryableByName)]
        struct Dump {
            #[diesel(sql_type = Text)]
            dump: String,
        }
        let mut admin = self.admin().await;
        let mut out = String::new();
        for table in tables {
            let dump: Dump = diesel::sql_query(format!(
                "SELECT coalesce({aggregate}, '') AS dump FROM {table} t"
            ))
            .get_result(&mut admin)
            .await
            .unwrap();
            out.push_str(&format!("== {table}\n{}\n", dump.dump));
        }
        out
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop runs outside any async context we could borrow, so use a runtime of its own.
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(drop_database(&name));
        })
        .join()
        .ok();
    }
}

/// Every row as text, one a line, in a fixed order: the aggregate for [`TestDatabase::dump`].
pub const ROWS_AS_TEXT: &str = "string_agg(t::text, E'\\n' ORDER BY t::text)";

/// Every table but `import_runs`, which records each run.
pub const DATA_TABLES: [&str; 13] = [
    "tenants",
    "bot_texts",
    "brands",
    "body_types",
    "models",
    "model_search",
    "search_version",
    "product_categories",
    "product_options",
    "own_models",
    "patterns",
    "pattern_generations",
    "prices",
];

pub fn data_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The text of a database error, or a panic when the result is not an error.
pub fn error_text<T: std::fmt::Debug, E: std::fmt::Display>(result: Result<T, E>) -> String {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(error) => error.to_string(),
    }
}

/// A connection logged in as a role that holds only `member_of` (e.g. `car_app`, as a
/// chatbot's login role would), not a superuser that merely `SET ROLE`.
pub async fn login_as_member_of(db: &TestDatabase, member_of: &str) -> AsyncPgConnection {
    let url = login_url(db, member_of).await;
    AsyncPgConnection::establish(&url).await.unwrap()
}

/// The URL of `db` for a login role that holds only `member_of`, created if needed.
pub async fn login_url(db: &TestDatabase, member_of: &str) -> String {
    let login = format!("car_test_{member_of}_login");
    // Roles are cluster-wide, and test processes create this one at the same time.
    db.admin()
        .await
        .batch_execute(&format!(
            "DO $$ BEGIN CREATE ROLE {login} LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$; GRANT {member_of} TO {login}"
        ))
        .await
        .unwrap();
    db.url().replacen("postgres@", &format!("{login}@"), 1)
}
