//! The main job and tenant isolation on a Citus cluster. Runs when `CITUS_URL` names a
//! fresh database on a coordinator whose workers have it too (`cluster.sh createdb`
//! in `../shared/citus` prepares one); says it was skipped otherwise. `.ci/run` starts
//! a 3-node cluster for it when the Citus source is at hand.

mod common;

use std::process::{Command, Output};

use car_chatbot_db::citus;
use car_chatbot_db::models::Tenant;
use car_chatbot_db::tenant::{Access, in_tenant_transaction};
use car_chatbot_db::{Db, DbConfig, DbRole};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};

use common::{TestDatabase, count, data_dir, error_text};

/// Runs one of this crate's binaries against `url`; panics with its output on failure.
fn run(binary: &str, url: &str, args: &[&str]) -> String {
    let output: Output = Command::new(binary)
        .args(args)
        .env("DATABASE_URL", url)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{binary} {args:?} failed:\n{text}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The main job of the README, the second tenant's import and a repeated import;
/// returns what each step after the migration printed, the search last.
fn main_job(url: &str) -> Vec<String> {
    let migrate = env!("CARGO_BIN_EXE_car-migrate");
    let import = env!("CARGO_BIN_EXE_car-import");
    let five_deluxe = data_dir().join("supplier/five_deluxe.pdf");
    run(migrate, url, &[]);
    vec![
        run(migrate, url, &["seed"]),
        run(import, url, &["--tenant", "evopoliki"]),
        run(
            import,
            url,
            &["--tenant", "five_deluxe", five_deluxe.to_str().unwrap()],
        ),
        run(import, url, &["--tenant", "evopoliki"]),
        run(
            env!("CARGO_BIN_EXE_car-search"),
            url,
            &["--tenant", "evopoliki", "--json", "камри", "70"],
        ),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn main_job_and_isolation_on_a_cluster() {
    let Ok(url) = std::env::var("CITUS_URL") else {
        eprintln!("skipped: CITUS_URL is not set (a database on a Citus coordinator)");
        return;
    };
    let outputs = main_job(&url);
    assert!(outputs[3].contains("nothing changed"), "{}", outputs[3]);
    assert!(
        outputs[4].contains("\"generation\": \"XV70\""),
        "{}",
        outputs[4]
    );
    // The same job on one node says and finds the same.
    let single = TestDatabase::new().await;
    assert_eq!(outputs, main_job(&single.url()));

    // The distribution, and a second run of car-migrate changes nothing.
    run(env!("CARGO_BIN_EXE_car-migrate"), &url, &[]);
    let mut admin = AsyncPgConnection::establish(&url).await.unwrap();
    let placements = citus::placements(&mut admin).await.unwrap();
    let placement = |table: &str| {
        placements
            .iter()
            .find(|p| p.table_name == table)
            .unwrap_or_else(|| panic!("no table {table}"))
            .placement
            .clone()
    };
    let tenant_group = placement("patterns");
    assert!(
        tenant_group.starts_with("distributed by tenant_id"),
        "{tenant_group}"
    );
    for table in [
        "bot_texts",
        "prices",
        "import_runs",
        "own_models",
        "pattern_generations",
    ] {
        assert_eq!(placement(table), tenant_group, "{table}");
    }
    for table in [
        "tenants",
        "brands",
        "body_types",
        "models",
        "product_categories",
        "product_options",
        "model_search",
        "search_version",
    ] {
        assert_eq!(placement(table), "reference", "{table}");
    }

    // The search-data triggers bumped every placement of search_version alike.
    let versions = count(
        &mut admin,
        "SELECT count(DISTINCT result) AS n FROM run_command_on_placements(
             'search_version', 'SELECT sum(version) FROM %s')",
    )
    .await
    .unwrap();
    assert_eq!(versions, 1, "the placements of search_version differ");

    // Isolation, enforced on the workers.
    let tenant = async |conn: &mut AsyncPgConnection, slug| {
        Tenant::find_by_slug(conn, slug).await.unwrap().tenant_id()
    };
    let evopoliki = tenant(&mut admin, "evopoliki").await;
    let five_deluxe = tenant(&mut admin, "five_deluxe").await;
    let own = format!("SELECT count(*) AS n FROM patterns WHERE tenant_id = {evopoliki}");
    let all = count(&mut admin, &own).await.unwrap();
    assert!(all > 800, "{all}");
    let connect = |role| {
        let url = url.clone();
        async move {
            car_chatbot_db::db::connect(&DbConfig::new(url).role(role))
                .await
                .unwrap()
        }
    };
    let mut app = connect(DbRole::App).await;
    let seen = in_tenant_transaction(&mut app, five_deluxe, Access::ReadOnly, async |conn| {
        Ok(count(conn, &own).await?)
    })
    .await
    .unwrap();
    assert_eq!(seen, 0, "another tenant's patterns are visible");
    // The same connection right after: the tenant ended with the transaction on the
    // workers too, and a query without one fails there.
    let no_tenant = count(&mut app, "SELECT count(*) AS n FROM patterns").await;
    assert!(
        error_text(no_tenant).contains("tenant is not set"),
        "a query without a tenant must fail on the workers"
    );

    // A pool shared by concurrent tasks on both tenants: each sees its own rows only.
    let mut expected = Vec::new();
    for id in [evopoliki, five_deluxe] {
        let own = format!("SELECT count(*) AS n FROM patterns WHERE tenant_id = {id}");
        expected.push(count(&mut admin, &own).await.unwrap());
    }
    let db = Db::connect(DbConfig::new(url.clone()).role(DbRole::App).max_size(3))
        .await
        .unwrap();
    let shops = [
        db.tenant("evopoliki").await.unwrap(),
        db.tenant("five_deluxe").await.unwrap(),
    ];
    let mut reads = tokio::task::JoinSet::new();
    for i in 0..24 {
        let shop = shops[i % 2].clone();
        reads.spawn(async move {
            let seen = shop
                .read(async |conn| Ok(count(conn, "SELECT count(*) AS n FROM patterns").await?))
                .await
                .unwrap();
            (i % 2, seen)
        });
    }
    while let Some(read) = reads.join_next().await {
        let (tenant, seen) = read.unwrap();
        assert_eq!(seen, expected[tenant], "tenant {tenant} saw another's rows");
    }

    let mut import = connect(DbRole::Import).await;
    let write = in_tenant_transaction(&mut import, five_deluxe, Access::ReadWrite, async |conn| {
        conn.batch_execute(&format!(
            "UPDATE patterns SET notes = 'x' WHERE tenant_id = {evopoliki};
             INSERT INTO patterns (tenant_id, category_id, variant_key)
             SELECT {evopoliki}, category_id, variant_key FROM patterns LIMIT 1"
        ))
        .await?;
        Ok(())
    })
    .await;
    assert!(
        error_text(write).contains("row-level security"),
        "a write into another tenant must be refused"
    );
    let unchanged = count(
        &mut admin,
        &format!(
            "SELECT count(*) AS n FROM patterns WHERE tenant_id = {evopoliki} AND notes = 'x'"
        ),
    )
    .await
    .unwrap();
    assert_eq!(unchanged, 0);

    // Moving a row to another tenant is refused.
    let moved = in_tenant_transaction(&mut import, five_deluxe, Access::ReadWrite, async |conn| {
        let sql =
            format!("UPDATE patterns SET tenant_id = {evopoliki} WHERE tenant_id = {five_deluxe}");
        conn.batch_execute(&sql).await?;
        Ok(())
    })
    .await;
    assert!(moved.is_err(), "a row moved to another tenant");
    assert_eq!(count(&mut admin, &own).await.unwrap(), expected[0]);

    // An ended tenant cannot be opened.
    admin
        .batch_execute("UPDATE tenants SET active = false WHERE slug = 'five_deluxe'")
        .await
        .unwrap();
    let ended = db.tenant("five_deluxe").await;
    admin
        .batch_execute("UPDATE tenants SET active = true WHERE slug = 'five_deluxe'")
        .await
        .unwrap();
    let ended = ended.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(ended.contains("not active"), "{ended}");
}
