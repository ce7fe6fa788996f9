//! Tenant isolation against the real roles: what a buggy chatbot or importer
//! could do with a connection, and what the database and the pool let through.

mod common;

use std::time::Duration;

use car_chatbot_db::tenant::{Access, in_tenant_transaction};
use car_chatbot_db::{Db, DbConfig, DbRole, Error, TenantId};
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};

use common::{TestDatabase, count, error_text};

const TENANT_TABLES: [&str; 5] = [
    "bot_texts",
    "own_models",
    "pattern_generations",
    "patterns",
    "prices",
];
/// Tables whose rows no role rewrites (an import adds and removes them).
const WRITTEN_ONCE: [&str; 3] = ["import_runs", "own_models", "pattern_generations"];

/// The per-tenant tables each role may read.
fn tenant_tables(role: DbRole) -> &'static [&'static str] {
    match role {
        DbRole::App => &TENANT_TABLES,
        DbRole::Import => &[
            "patterns",
            "import_runs",
            "own_models",
            "pattern_generations",
        ],
        DbRole::Operator => &["bot_texts", "prices"],
        other => panic!("no tables listed for {other:?}"),
    }
}

const ROLES: [DbRole; 3] = [DbRole::App, DbRole::Import, DbRole::Operator];
const NOT_SET: &str = "tenant is not set";

#[derive(QueryableByName, Debug)]
struct TenantRange {
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    min: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    max: Option<i64>,
}

#[derive(QueryableByName, Debug)]
struct Session {
    #[diesel(sql_type = Text)]
    tenant: String,
    #[diesel(sql_type = Text)]
    role: String,
    #[diesel(sql_type = Integer)]
    pid: i32,
}

async fn session(conn: &mut AsyncPgConnection) -> Session {
    diesel::sql_query(
        "SELECT coalesce(current_setting('app.tenant_id', true), '') AS tenant, current_user::text AS role, pg_backend_pid() AS pid",
    )
    .get_result(conn)
    .await
    .unwrap()
}

/// Both demo tenants with bot texts, prices and a pattern each.
async fn two_tenants() -> (TestDatabase, TenantId, TenantId) {
    let db = TestDatabase::with_reference_data().await;
    let camry = db.model_id("Camry", "XV70").await;
    let prado = db.model_id("Land Cruiser Prado", "J150").await;
    db.add_pattern("evopoliki", "eva_mats", camry, "седан, с бортами")
        .await;
    db.add_pattern("evopoliki", "eva_mats", prado, "внедорожник")
        .await;
    db.add_pattern("five_deluxe", "5d_mats", camry, "").await;
    let a = db.tenant("evopoliki").await.tenant_id();
    let b = db.tenant("five_deluxe").await.tenant_id();
    // A model each workshop's supplier lists and the catalogue lacks.
    db.admin()
        .await
        .batch_execute(&format!(
            "INSERT INTO own_models (tenant_id, brand, name) VALUES ({a}, 'Haval', 'H6'), ({b}, 'Haval', 'H6')"
        ))
        .await
        .unwrap();
    (db, a, b)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_query_without_tenant_fails_on_fresh_and_reused_connections() {
    let (db, a, _) = two_tenants().await;
    for role in ROLES {
        let mut conn = db.connect(role).await;
        let tables = tenant_tables(role);
        for table in tables {
            let fresh = count(&mut conn, &format!("SELECT count(*) AS n FROM {table}")).await;
            assert!(
                error_text(fresh).contains(NOT_SET),
                "{role:?} {table} on a fresh connection"
            );
        }
        let seen = in_tenant_transaction(&mut conn, a, Access::ReadOnly, async |conn| {
            Ok(count(conn, &format!("SELECT count(*) AS n FROM {}", tables[0])).await?)
        })
        .await
        .unwrap();
        assert!(seen > 0);
        for table in tables {
            let reused = count(&mut conn, &format!("SELECT count(*) AS n FROM {table}")).await;
            assert!(
                error_text(reused).contains(NOT_SET),
                "{role:?} {table} after a tenant transaction"
            );
        }
        // Setting the tenant outside a transaction lasts one statement only.
        conn.batch_execute(&format!("SET LOCAL app.tenant_id = '{a}'"))
            .await
            .unwrap();
        let after = count(
            &mut conn,
            &format!("SELECT count(*) AS n FROM {}", tables[0]),
        )
        .await;
        assert!(error_text(after).contains(NOT_SET));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_table_owner_is_bound_by_forced_rls_too() {
    let (db, _, _) = two_tenants().await;
    let mut owner = db.admin().await;
    owner.batch_execute("SET ROLE car_owner").await.unwrap();
    let result = count(&mut owner, "SELECT count(*) AS n FROM patterns").await;
    assert!(error_text(result).contains(NOT_SET));
}

#[tokio::test(flavor = "multi_thread")]
async fn reads_through_joins_and_aggregates_see_only_the_own_tenant() {
    let (db, a, b) = two_tenants().await;
    for role in ROLES {
        let mut conn = db.connect(role).await;
        for (own, other) in [(a, b), (b, a)] {
            in_tenant_transaction(&mut conn, own, Access::ReadOnly, async |conn| {
                for table in tenant_tables(role).iter().filter(|t| **t != "import_runs") {
                    let other_rows =
                        count(conn, &format!("SELECT count(*) AS n FROM {table} WHERE tenant_id = {other}")).await?;
                    assert_eq!(other_rows, 0, "{role:?} sees {table} rows of tenant {other}");
                    let range: TenantRange = diesel::sql_query(format!(
                        "SELECT count(*) AS n, min(tenant_id) AS min, max(tenant_id) AS max FROM {table}"
                    ))
                    .get_result(conn)
                    .await?;
                    assert!(range.n > 0, "{table} is empty for tenant {own}");
                    assert_eq!((range.min, range.max), (Some(own.get()), Some(own.get())), "{table}");
                }
                if role != DbRole::App {
                    return Ok(());
                }
                // Joins through shared tables and aggregates over them.
                let joined: TenantRange = diesel::sql_query(
                    "SELECT count(*) AS n, min(p.tenant_id) AS min, max(p.tenant_id) AS max
                     FROM models m JOIN pattern_generations g ON g.model_id = m.id
                     JOIN patterns p ON p.id = g.pattern_id
                     JOIN product_options o ON true
                     JOIN prices pr ON pr.option_id = o.id",
                )
                .get_result(conn)
                .await?;
                assert_eq!((joined.min, joined.max), (Some(own.get()), Some(own.get())));
                let tenants_seen = count(
                    conn,
                    "SELECT count(DISTINCT t) AS n FROM (
                        SELECT tenant_id AS t FROM patterns UNION ALL SELECT tenant_id FROM prices
                        UNION ALL SELECT tenant_id FROM bot_texts UNION ALL SELECT tenant_id FROM own_models
                        UNION ALL SELECT tenant_id FROM pattern_generations) x",
                )
                .await?;
                assert_eq!(tenants_seen, 1);
                Ok(())
            })
            .await
            .unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_into_another_tenant_are_refused() {
    let (db, a, b) = two_tenants().await;
    let before = db.snapshot().await;
    let attempts = [
        (DbRole::Operator, format!("INSERT INTO bot_texts (tenant_id, key, language, text) VALUES ({b}, 'greeting2', 'ru', 'чужой')")),
        (DbRole::Operator, format!("UPDATE bot_texts SET tenant_id = {b} WHERE key = 'greeting'")),
        (DbRole::Operator, format!(
            "INSERT INTO bot_texts (tenant_id, key, language, text) VALUES ({b}, 'greeting', 'ru', 'чужой')
             ON CONFLICT (tenant_id, key, language) DO UPDATE SET text = excluded.text"
        )),
        (DbRole::Import, format!(
            "INSERT INTO patterns (tenant_id, category_id, variant_key) SELECT {b}, c.id, 'чужой'
             FROM product_categories c LIMIT 1"
        )),
        (DbRole::Import, format!("INSERT INTO own_models (tenant_id, brand, name) VALUES ({b}, 'Haval', 'H9')")),
        (DbRole::Import, format!(
            "INSERT INTO pattern_generations (tenant_id, model_id, pattern_id)
             SELECT {b}, g.model_id, g.pattern_id FROM pattern_generations g"
        )),
        (DbRole::Operator, format!("UPDATE prices SET tenant_id = {b}")),
    ];
    for (role, sql) in &attempts {
        let mut conn = db.connect(*role).await;
        let result = in_tenant_transaction(&mut conn, a, Access::ReadWrite, async |conn| {
            Ok(conn.batch_execute(sql).await?)
        })
        .await;
        assert!(
            error_text(result).contains("violates row-level security policy"),
            "not refused: {sql}"
        );
    }
    // Rows of the other tenant are invisible to UPDATE.
    for role in [DbRole::Import, DbRole::Operator] {
        let mut conn = db.connect(role).await;
        in_tenant_transaction(&mut conn, a, Access::ReadWrite, async |conn| {
            for table in tenant_tables(role)
                .iter()
                .filter(|t| !WRITTEN_ONCE.contains(t))
            {
                let updated = diesel::sql_query(format!(
                    "UPDATE {table} SET tenant_id = tenant_id WHERE tenant_id = {b}"
                ))
                .execute(conn)
                .await?;
                assert_eq!(updated, 0, "{table}");
            }
            Ok(())
        })
        .await
        .unwrap();
    }
    // The chatbot role cannot write at all.
    let mut app = db.connect(DbRole::App).await;
    let result = in_tenant_transaction(&mut app, a, Access::ReadWrite, async |conn| {
        Ok(conn
            .batch_execute(&format!("DELETE FROM patterns WHERE tenant_id = {a}"))
            .await?)
    })
    .await;
    assert!(error_text(result).contains("permission denied"));
    assert_eq!(db.snapshot().await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn roles_that_bypass_rls_are_refused() {
    let db = TestDatabase::new().await;
    let mut superuser = db.admin().await;
    let refused = car_chatbot_db::db::check_session(&mut superuser).await;
    assert!(
        matches!(refused, Err(Error::UnsafeRole { .. })),
        "{refused:?}"
    );

    let mut owner = db.admin().await;
    owner.batch_execute("SET ROLE car_owner").await.unwrap();
    let refused = car_chatbot_db::db::check_session(&mut owner).await;
    assert!(
        matches!(&refused, Err(Error::UnsafeRole { reason, .. }) if reason.contains("owns tables"))
    );

    // A login role that was never granted car_app gets told what to grant.
    let mut admin = db.admin().await;
    admin
        .batch_execute(
            "DO $$ BEGIN CREATE ROLE car_test_outsider LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
        )
        .await
        .unwrap();
    let url = db.url().replacen("postgres@", "car_test_outsider@", 1);
    let refused = Db::connect(DbConfig::new(url)).await;
    assert!(
        matches!(&refused, Err(Error::UnsafeRole { reason, .. }) if reason.contains("GRANT car_app")),
        "{:?}",
        refused.err()
    );
}

/// Checks out the pool's only connection and reports its session state.
async fn next_checkout(db: &Db) -> Session {
    let mut conn = db.pool().get().await.unwrap();
    let state = session(&mut conn).await;
    let result = count(&mut conn, "SELECT count(*) AS n FROM patterns").await;
    assert!(
        error_text(result).contains(NOT_SET),
        "a checked-out connection reads tenant rows"
    );
    state
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pool_of_one_never_hands_out_a_tenant() {
    let (test_db, a, _) = two_tenants().await;
    let db = test_db.pool(DbRole::App, 1).await;
    let shop = db.tenant("evopoliki").await.unwrap();
    let clean = |s: &Session| s.tenant.is_empty() && s.role == "car_app";

    // Commit.
    let seen = shop
        .read(async |conn| Ok(session(conn).await))
        .await
        .unwrap();
    assert_eq!(seen.tenant, a.to_string());
    let first = next_checkout(&db).await;
    assert!(clean(&first), "after commit: {first:?}");

    // Rollback by the caller's error, and a database error.
    let rolled_back = shop
        .read(async |_conn| -> car_chatbot_db::Result<()> {
            Err(Error::UnknownModel(car_chatbot_db::ModelId::new(0)))
        })
        .await;
    assert!(rolled_back.is_err());
    assert!(clean(&next_checkout(&db).await), "after rollback");
    let failed = shop
        .read(async |conn| Ok(count(conn, "SELECT count(*) AS n FROM no_such_table").await?))
        .await;
    assert!(error_text(failed).contains("no_such_table"));
    assert!(clean(&next_checkout(&db).await), "after a database error");

    // A panic inside the transaction.
    let panicking = shop.clone();
    let panicked = tokio::spawn(async move {
        panicking
            .read(async |conn| -> car_chatbot_db::Result<()> {
                count(conn, "SELECT count(*) AS n FROM patterns").await?;
                panic!("bug in a chatbot");
            })
            .await
    })
    .await;
    assert!(panicked.unwrap_err().is_panic());
    let after_panic = next_checkout(&db).await;
    assert!(clean(&after_panic), "after a panic: {after_panic:?}");
    assert_ne!(
        after_panic.pid, first.pid,
        "the connection of a panicked transaction is discarded"
    );

    // A future cancelled by a timeout while the transaction is open.
    let timed_out = tokio::time::timeout(
        Duration::from_millis(200),
        shop.read(async |conn| Ok(conn.batch_execute("SELECT pg_sleep(5)").await?)),
    )
    .await;
    assert!(timed_out.is_err());
    let after_timeout = next_checkout(&db).await;
    assert!(clean(&after_timeout), "after a timeout: {after_timeout:?}");
    assert_ne!(
        after_timeout.pid, after_panic.pid,
        "the connection of a cancelled transaction is discarded"
    );

    // A bug that sets the tenant for the whole session, or leaves the role.
    {
        let mut conn = db.pool().get().await.unwrap();
        conn.batch_execute(&format!("SELECT set_config('app.tenant_id', '{a}', false)"))
            .await
            .unwrap();
    }
    let after_session_set = next_checkout(&db).await;
    assert!(
        clean(&after_session_set),
        "after a session-level set_config: {after_session_set:?}"
    );
    {
        let mut conn = db.pool().get().await.unwrap();
        conn.batch_execute("RESET ROLE").await.unwrap();
    }
    let after_reset_role = next_checkout(&db).await;
    assert!(
        clean(&after_reset_role),
        "after RESET ROLE: {after_reset_role:?}"
    );

    // And the pool still serves the tenant.
    assert!(
        !shop
            .bot_text(
                car_chatbot_db::TextKey::Greeting,
                car_chatbot_db::Language::Ru
            )
            .await
            .unwrap()
            .text
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_tasks_on_random_tenants_see_only_their_own_rows() {
    let (test_db, a, b) = two_tenants().await;
    let db = test_db.pool(DbRole::App, 4).await;
    let shops = [
        db.tenant("evopoliki").await.unwrap(),
        db.tenant("five_deluxe").await.unwrap(),
    ];
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let shop = shops[rand::random_range(0..2)].clone();
        tasks.push(tokio::spawn(async move {
            let own = shop.id().get();
            shop.read(async |conn| {
                for table in TENANT_TABLES {
                    // A little sleep keeps transactions overlapping on the four connections.
                    let range: TenantRange = diesel::sql_query(format!(
                        "SELECT count(*) AS n, min(tenant_id) AS min, max(tenant_id) AS max FROM {table}, pg_sleep(0.01)"
                    ))
                    .get_result(conn)
                    .await?;
                    assert!(range.n > 0);
                    assert_eq!((range.min, range.max), (Some(own), Some(own)), "{table}");
                }
                Ok(session(conn).await.tenant)
            })
            .await
            .map(|tenant| (own, tenant))
        }));
    }
    let mut per_tenant = [0, 0];
    for task in tasks {
        let (own, tenant) = task.await.unwrap().unwrap();
        assert_eq!(tenant, own.to_string());
        per_tenant[usize::from(own == b.get())] += 1;
    }
    assert_eq!(per_tenant[0] + per_tenant[1], 50);
    assert!(a != b);
}

#[derive(QueryableByName, Debug, PartialEq)]
struct Settings {
    #[diesel(sql_type = Text)]
    role: String,
    #[diesel(sql_type = Text)]
    application_name: String,
    #[diesel(sql_type = Text)]
    statement_timeout: String,
    #[diesel(sql_type = Text)]
    lock_timeout: String,
    #[diesel(sql_type = Text)]
    idle_in_transaction_session_timeout: String,
    #[diesel(sql_type = Text)]
    lc_messages: String,
}

/// Sessions a DBA can run: every session has its role, name and timeouts; one pool by
/// default (the search's own pool only when configured); connections idle or old past
/// their limits are closed.
#[tokio::test(flavor = "multi_thread")]
async fn sessions_carry_their_settings_and_pools_close_idle_and_old_connections() {
    let db = TestDatabase::with_reference_data().await;
    let sessions = async |name: &str| {
        count(
            &mut db.admin().await,
            &format!(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = '{name}'"
            ),
        )
        .await
        .unwrap()
    };
    let config = DbConfig::new(db.url())
        .application_name("bot-evo")
        .lock_timeout(Duration::from_millis(1500));
    let bot = Db::connect(config.clone()).await.unwrap();
    let mut conn = bot.pool().get().await.unwrap();
    let settings: Settings = diesel::sql_query(
        "SELECT current_user::text AS role, current_setting('application_name') AS application_name,
                current_setting('statement_timeout') AS statement_timeout,
                current_setting('lock_timeout') AS lock_timeout,
                current_setting('idle_in_transaction_session_timeout') AS idle_in_transaction_session_timeout,
                current_setting('lc_messages') AS lc_messages",
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(
        settings,
        Settings {
            role: "car_app".into(),
            application_name: "bot-evo".into(),
            statement_timeout: "10s".into(),
            lock_timeout: "1500ms".into(),
            idle_in_transaction_session_timeout: "1min".into(),
            // The server's messages in English, whatever its locale: errors are
            // classified by them.
            lc_messages: "C".into(),
        }
    );
    drop(conn);
    let shop = bot.tenant("evopoliki").await.unwrap();
    shop.search_models("камри 70", None, 5).await.unwrap();
    assert_eq!(
        sessions("bot-evo").await,
        1,
        "the search opened a pool of its own"
    );

    let config = config
        .application_name("bot-five")
        .search_pool_size(1)
        .max_lifetime(Duration::from_secs(1));
    let five = Db::connect(config).await.unwrap();
    five.tenant("five_deluxe")
        .await
        .unwrap()
        .search_models("прадо 150", None, 5)
        .await
        .unwrap();
    assert_eq!(sessions("bot-five").await, 2);
    // Past their lifetime both are closed, on the server too.
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(five.pool().status().size, 0);
    assert_eq!(sessions("bot-five").await, 0);
    assert_eq!(sessions("bot-evo").await, 1);
}
