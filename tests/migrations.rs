//! Migrations: up, down and up again give the same schema; `car-migrate` works
//! for a DBA on a database that does not exist yet; a database whose locale hides
//! Cyrillic from pg_trgm is refused.

mod common;

use std::process::Command;

use car_chatbot_db::{Db, DbConfig, Error, migrations};
use diesel_async::SimpleAsyncConnection;

use common::{TestDatabase, url_for};

fn schema_dump(database: &str) -> String {
    let output = Command::new("pg_dump")
        .args(["--schema-only", "--no-comments", &url_for(database)])
        .output()
        .expect("pg_dump is installed (postgresql-client)");
    assert!(
        output.status.success(),
        "pg_dump: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    // `\restrict` lines carry a random key that differs on every run.
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The lines in which two dumps differ, for a readable failure.
fn changed_lines(before: &str, after: &str) -> Vec<String> {
    let removed = before
        .lines()
        .filter(|l| !after.contains(l))
        .map(|l| format!("- {l}"));
    let added = after
        .lines()
        .filter(|l| !before.contains(l))
        .map(|l| format!("+ {l}"));
    removed.chain(added).collect()
}

/// The migration folders' names, in order (`2026-11-23-000016_search_pattern_flags`).
fn migration_names() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("20"))
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread")]
async fn up_down_up_leaves_the_same_schema() {
    let db = TestDatabase::unmigrated("C.UTF-8").await;
    let url = db.url();
    let empty = schema_dump(&db.name);

    let applied = migrations::with_connection(&url, migrations::run_pending)
        .await
        .unwrap();
    assert_eq!(applied.len(), migration_names().len());
    let first = schema_dump(&db.name);
    assert!(first.contains("CREATE POLICY tenant_isolation ON public.prices"));

    let reverted = migrations::with_connection(&url, migrations::revert_all)
        .await
        .unwrap();
    assert_eq!(reverted.len(), migration_names().len());
    let after_down = schema_dump(&db.name);
    // Only diesel's bookkeeping table may remain once everything is reverted.
    let leftover: Vec<&str> = after_down
        .lines()
        .filter(|l| l.starts_with("CREATE ") && !l.contains("__diesel_schema_migrations"))
        .collect();
    assert_eq!(
        leftover,
        Vec::<&str>::new(),
        "down migrations left objects behind"
    );
    assert!(empty.lines().all(|l| !l.starts_with("CREATE ")));

    migrations::with_connection(&url, migrations::run_pending)
        .await
        .unwrap();
    let second = schema_dump(&db.name);
    assert_eq!(changed_lines(&first, &second), Vec::<String>::new());
    assert_eq!(second, first);
}

#[tokio::test(flavor = "multi_thread")]
async fn car_migrate_creates_migrates_lists_and_reverts() {
    let name = format!(
        "car_test_cli_{}_{:08x}",
        std::process::id(),
        rand::random::<u32>()
    );
    // Dropped at the end like any test database; car-migrate creates it.
    let _guard = TestDatabase { name: name.clone() };
    let car_migrate = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_car-migrate"))
            .args(args)
            .env("DATABASE_URL", url_for(&name))
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };

    let (code, stdout, stderr) = car_migrate(&[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains(&format!("Created database {name}")),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("Applied ").count(),
        migration_names().len(),
        "{stdout}"
    );

    let (code, stdout, _) = car_migrate(&[]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout.trim(), "Database is up to date.");

    let (_, stdout, _) = car_migrate(&["status"]);
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("[X] ")).count(),
        migration_names().len(),
        "{stdout}"
    );

    let (code, stdout, _) = car_migrate(&["revert"]);
    assert_eq!(code, Some(0));
    let last = migration_names().pop().unwrap();
    let version: String = last.chars().take(17).filter(char::is_ascii_digit).collect();
    assert_eq!(stdout.trim(), format!("Reverted {version}"));
    let (_, stdout, _) = car_migrate(&["status"]);
    assert!(stdout.contains(&format!("[ ] {last}")), "{stdout}");

    let (code, _, stderr) = car_migrate(&["seed"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("is not migrated: run `car-migrate` first"),
        "{stderr}"
    );
    let (_, stdout, _) = car_migrate(&["run"]);
    assert_eq!(stdout.trim(), format!("Applied {version}"));

    let (code, stdout, stderr) = car_migrate(&["seed"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("2 tenants"), "{stdout}");

    let (code, _, stderr) = car_migrate(&["seed", "--data", "/nonexistent"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("car-migrate: Failed to read reference data from /nonexistent"),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "one line, no backtrace: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_with_c_locale_is_refused_with_a_clear_error() {
    let db = TestDatabase::unmigrated("C").await;
    let url = db.url();
    migrations::with_connection(&url, migrations::run_pending)
        .await
        .unwrap();
    let refused = Db::connect(DbConfig::new(url)).await;
    match refused {
        Err(error @ Error::NonUtf8Locale { .. }) => {
            assert!(error.to_string().contains("LC_CTYPE `C`"), "{error}");
        }
        other => panic!("expected NonUtf8Locale, got {:?}", other.err()),
    }
}

/// A migration behind a long transaction fails after the lock timeout, changing
/// nothing, instead of queuing every chatbot's reads behind its lock.
#[tokio::test(flavor = "multi_thread")]
async fn a_migration_blocked_by_a_long_transaction_fails_and_can_run_later() {
    let db = TestDatabase::new().await;
    let url = db.url();
    // Back to before 000021, which alters `tenants`; a chatbot's open transaction reads it.
    while migrations::with_connection(&url, migrations::revert_last)
        .await
        .unwrap()
        != "20261201000021"
    {}
    let mut reader = db.admin().await;
    reader
        .batch_execute("BEGIN; SELECT count(*) FROM tenants")
        .await
        .unwrap();
    let blocked = migrations::with_connection(&url, migrations::run_pending).await;
    let error = blocked.expect_err("the migration waited for the lock");
    assert!(error.to_string().contains("lock timeout"), "{error}");
    reader.batch_execute("COMMIT").await.unwrap();
    let applied = migrations::with_connection(&url, migrations::run_pending)
        .await
        .unwrap();
    assert_eq!(applied.first().map(String::as_str), Some("20261201000021"));
}

/// Every workshop's patterns, one line each: supplier IDs, brand, model, years,
/// availability and notes. `query` reads them from one schema or the other.
async fn pattern_lines(db: &TestDatabase, query: &str) -> Vec<String> {
    #[derive(diesel::QueryableByName)]
    struct Line {
        #[diesel(sql_type = diesel::sql_types::Text)]
        line: String,
    }
    let lines: Vec<Line> =
        diesel_async::RunQueryDsl::load(diesel::sql_query(query), &mut db.admin().await)
            .await
            .unwrap();
    let mut lines: Vec<String> = lines.into_iter().map(|l| l.line).collect();
    lines.sort();
    lines
}

/// Migration 000025 on a database where five workshops imported their files under
/// the old schema (each supplier variant a catalogue row, `tests/data/
/// legacy_000024.sql.gz`, dumped from such a database): every workshop keeps every
/// pattern with its supplier's IDs, brand, model, years and notes; the catalogue is
/// the seed's again; and the workshops' next imports of the same files succeed.
#[tokio::test(flavor = "multi_thread")]
async fn the_shared_catalogue_migration_keeps_every_workshops_patterns() {
    let db = TestDatabase::unmigrated("C.UTF-8").await;
    let url = db.url();
    migrations::with_connection(&url, migrations::run_pending)
        .await
        .unwrap();
    let mut reverted = String::new();
    while reverted != "20261205000025" {
        reverted = migrations::with_connection(&url, migrations::revert_last)
            .await
            .unwrap();
    }
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/legacy_000024.sql.gz");
    let load = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "gzip -dc '{}' | psql -q -v ON_ERROR_STOP=1 '{url}'",
            fixture.display()
        ))
        .output()
        .unwrap();
    assert!(load.status.success(), "{load:?}");

    let before = pattern_lines(
        &db,
        "SELECT concat_ws(' / ', t.slug, p.category_id, regexp_replace(p.source, '^supplier #', ''),
                b.name, m.name, m.year_from, m.year_to, p.available, p.notes) AS line
         FROM patterns p JOIN tenants t ON t.id = p.tenant_id
         JOIN models m ON m.id = p.model_id JOIN brands b ON b.id = m.brand_id",
    )
    .await;
    assert!(before.len() > 1_500, "{}", before.len());

    migrations::with_connection(&url, migrations::run_pending)
        .await
        .unwrap();
    // Each pattern fits catalogue generations, or the workshop's own model, or is for
    // review; its brand and model are the catalogue's or its own model's.
    let after = pattern_lines(
        &db,
        "SELECT concat_ws(' / ', t.slug, p.category_id, p.supplier_id,
                coalesce(o.brand, min(b.name)), coalesce(o.name, min(m.name)),
                p.year_from, p.year_to, p.available, p.notes) AS line
         FROM patterns p JOIN tenants t ON t.id = p.tenant_id
         LEFT JOIN own_models o ON o.tenant_id = p.tenant_id AND o.id = p.own_model_id
         LEFT JOIN pattern_generations g ON g.tenant_id = p.tenant_id AND g.pattern_id = p.id
         LEFT JOIN models m ON m.id = coalesce(g.model_id, p.review_candidates[1])
         LEFT JOIN brands b ON b.id = m.brand_id
         WHERE (o.id IS NOT NULL)::int + (g.model_id IS NOT NULL)::int
               + (p.review_candidates <> '{}')::int = 1
         GROUP BY t.slug, p.tenant_id, p.id, o.brand, o.name",
    )
    .await;
    assert_eq!(after.len(), before.len());
    let lost: Vec<&String> = before.iter().filter(|l| !after.contains(l)).collect();
    assert!(lost.is_empty(), "patterns changed: {lost:#?}");

    // The catalogue is the seed's: no supplier's row is left in it.
    let mut admin = db.admin().await;
    let catalogue = common::count(
        &mut admin,
        "SELECT count(*) AS n FROM models WHERE metadata ->> 'source' = 'supplier'",
    )
    .await
    .unwrap();
    assert_eq!(catalogue, 0);
    let models = common::count(&mut admin, "SELECT count(*) AS n FROM models")
        .await
        .unwrap();
    assert_eq!(models, 377);

    // The workshops import their files again, as they would after the upgrade.
    for (tenant, file) in [
        ("evopoliki", "data/supplier/evopoliki.pdf"),
        (
            "chromium_sections",
            "data/supplier/corpus/chromium_sections.pdf",
        ),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_car-import"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("DATABASE_URL", &url)
            .args(["--tenant", tenant, file, "--rejects"])
            .arg(std::env::temp_dir().join(format!("{}_rejects.csv", db.name)))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{tenant}: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        // Its variants are the ones the migration kept: few become unavailable (the
        // rows whose variant the new rules tell apart, e.g. by a named generation).
        let counts: Vec<usize> = stdout
            .lines()
            .find(|l| l.contains("patterns:"))
            .unwrap()
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().unwrap())
            .collect();
        let [_, updated, unchanged, retired, _] = counts[..] else {
            panic!("{stdout}")
        };
        assert!(retired * 100 <= updated + unchanged, "{tenant}: {stdout}");
    }
}
