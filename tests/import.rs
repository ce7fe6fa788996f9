//! `car-import` end to end against a fresh database, running the real binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use car_chatbot_db::models::ImportRun;
use car_chatbot_db::pipeline::clean::{self, CleanRow, Cleaner};
use car_chatbot_db::pipeline::extract::RawRow;
use car_chatbot_db::pipeline::import;
use car_chatbot_db::pipeline::refdata::ReferenceData;
use car_chatbot_db::tenant::{Access, in_tenant_transaction};
use car_chatbot_db::{DbRole, Decision};
use diesel::QueryableByName;
use diesel::sql_types::{Bool, Integer, Nullable, Text};
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};

use common::{TestDatabase, error_text};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "car_import_{tag}_{}_{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn car_import(db: &TestDatabase, dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_car-import"))
        .current_dir(root())
        .env("DATABASE_URL", db.url())
        .arg("--rejects")
        .arg(dir.join("rejects.csv"))
        .args(args)
        .output()
        .unwrap()
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The sample's clean rows, as the importer computes them.
fn sample_clean_rows() -> Vec<CleanRow> {
    let reference = ReferenceData::read(&root().join("data")).unwrap();
    let raw: Vec<RawRow> =
        csv::Reader::from_path(root().join("data/supplier/evopoliki.expected.csv"))
            .unwrap()
            .deserialize()
            .map(Result::unwrap)
            .collect();
    clean::clean(&Cleaner::new(&reference), &raw).0
}

fn write_clean_csv(path: &Path, rows: &[CleanRow]) {
    let mut writer = csv::Writer::from_path(path).unwrap();
    for row in rows {
        writer.serialize(row).unwrap();
    }
    writer.flush().unwrap();
}

#[derive(QueryableByName, Debug, PartialEq)]
struct PatternRow {
    #[diesel(sql_type = Text)]
    variant_key: String,
    /// The catalogue's brand and model the pattern fits, or the workshop's own.
    #[diesel(sql_type = Text)]
    brand: String,
    #[diesel(sql_type = Text)]
    model: String,
    #[diesel(sql_type = Nullable<Integer>)]
    year_from: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    year_to: Option<i32>,
    #[diesel(sql_type = Bool)]
    available: bool,
    #[diesel(sql_type = Text)]
    notes: String,
}

async fn patterns_of(db: &TestDatabase, tenant: &str) -> Vec<PatternRow> {
    diesel::sql_query(
        "SELECT p.variant_key, coalesce(o.brand, min(b.name), '') AS brand,
                coalesce(o.name, min(m.name), '') AS model, p.year_from, p.year_to, p.available, p.notes
         FROM patterns p
         JOIN tenants t ON t.id = p.tenant_id
         LEFT JOIN own_models o ON o.tenant_id = p.tenant_id AND o.id = p.own_model_id
         LEFT JOIN pattern_generations g ON g.tenant_id = p.tenant_id AND g.pattern_id = p.id
         LEFT JOIN models m ON m.id = coalesce(g.model_id, p.review_candidates[1])
         LEFT JOIN brands b ON b.id = m.brand_id
         WHERE t.slug = $1
         GROUP BY p.tenant_id, p.id, o.brand, o.name ORDER BY 1",
    )
    .bind::<Text, _>(tenant)
    .load(&mut db.admin().await)
    .await
    .unwrap()
}

async fn runs(db: &TestDatabase) -> Vec<ImportRun> {
    let tenant = db.tenant("evopoliki").await.tenant_id();
    let mut conn = db.connect(DbRole::Import).await;
    in_tenant_transaction(&mut conn, tenant, Access::ReadOnly, async |conn| {
        Ok(ImportRun::recent(conn, tenant, 10).await?)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sample_pdf_imports_every_model_once_and_a_second_run_changes_nothing() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("sample");
    let first = car_import(&db, &dir, &["--tenant", "evopoliki"]);
    let (stdout, stderr) = text(&first);
    assert_eq!(first.status.code(), Some(0), "{stderr}");
    let clean = sample_clean_rows();
    assert!(
        stdout.contains(&format!(
            "eva_mats patterns: {} added, 0 updated, 0 unchanged, 0 made unavailable, 12 rejected",
            clean.len()
        )),
        "{stdout}"
    );

    // Every clean row is a pattern of a model with the right brand and the supplier's years.
    let stored = patterns_of(&db, "evopoliki").await;
    assert_eq!(stored.len(), clean.len());
    for row in &clean {
        let found: Vec<_> = stored
            .iter()
            .filter(|p| p.variant_key == import::variant_key(row))
            .collect();
        assert_eq!(found.len(), 1, "{row:?}");
        assert_eq!((&found[0].brand, &found[0].model), (&row.brand, &row.model));
        assert_eq!(
            (found[0].year_from, found[0].year_to),
            (row.year_from, row.year_to)
        );
        assert!(found[0].available);
        assert_eq!(found[0].notes, row.notes);
    }
    // The rejected rows are in the file, with reasons.
    let rejects = std::fs::read_to_string(dir.join("rejects.csv")).unwrap();
    assert_eq!(rejects.lines().count(), 13);

    // A chatbot's answers: a supplier's row linked to a catalogue generation is that
    // generation, not a second one to ask about, and the tenant's pattern comes first.
    let pool = db.pool(DbRole::App, 1).await;
    let shop = pool.tenant("evopoliki").await.unwrap();
    let camry = shop.search_models("камри 30", None, 5).await.unwrap();
    assert_eq!(camry.decision, Decision::Confident);
    assert_eq!(camry.hits[0].generation.as_deref(), Some("XV30"));
    assert!(camry.hits[0].pattern_available);
    let which = shop.search_models("камри", None, 20).await.unwrap();
    assert_eq!(which.decision, Decision::WhichGeneration);
    let offered: Vec<(Option<&str>, Option<i32>)> = which
        .hits
        .iter()
        .map(|h| (h.generation.as_deref(), h.year_from))
        .collect();
    let mut codes: Vec<&str> = offered.iter().filter_map(|(g, _)| *g).collect();
    codes.sort_unstable();
    let distinct = codes.len();
    codes.dedup();
    assert_eq!(codes.len(), distinct, "{offered:?}");
    assert!(
        codes.contains(&"XV70") && codes.contains(&"XV40"),
        "{offered:?}"
    );
    drop(pool);

    let before = db.snapshot().await;
    let second = car_import(&db, &dir, &["--tenant", "evopoliki"]);
    let (stdout, _) = text(&second);
    assert_eq!(second.status.code(), Some(0));
    assert!(
        stdout.contains(&format!("0 added, 0 updated, {} unchanged", clean.len())),
        "{stdout}"
    );
    assert!(stdout.contains("nothing changed"), "{stdout}");
    assert_eq!(db.snapshot().await, before);

    let runs = runs(&db).await;
    let outcomes: Vec<&str> = runs.iter().map(|r| r.outcome.as_str()).collect();
    assert_eq!(outcomes, ["unchanged", "imported"]);
    assert_eq!(
        (runs[1].rows_read, runs[1].added, runs[1].rejected),
        (899, clean.len() as i32, 12)
    );
    assert_eq!(runs[0].file_sha256, runs[1].file_sha256);
    // The run ends when it ends, not at its transaction's start.
    assert!(runs[1].finished_at - runs[1].started_at > chrono::Duration::milliseconds(10));
    assert!(runs[0].file_name.ends_with("evopoliki.pdf"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_file_updates_adds_and_retires_and_dry_run_writes_nothing() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("update");
    let clean = sample_clean_rows();
    let old_file = dir.join("old.csv");
    write_clean_csv(&old_file, &clean[..100]);
    assert_eq!(
        car_import(
            &db,
            &dir,
            &["--tenant", "evopoliki", old_file.to_str().unwrap()]
        )
        .status
        .code(),
        Some(0)
    );

    // The new version: 10 models gone, 5 with new notes, 3 new.
    let mut new_rows: Vec<CleanRow> = clean[10..103].to_vec();
    for row in &mut new_rows[..5] {
        row.notes.push_str(" новое лекало");
    }
    let new_file = dir.join("new.csv");
    write_clean_csv(&new_file, &new_rows);

    let before = db.snapshot().await;
    let dry = car_import(
        &db,
        &dir,
        &[
            "--tenant",
            "evopoliki",
            "--dry-run",
            new_file.to_str().unwrap(),
        ],
    );
    let (stdout, _) = text(&dry);
    assert!(
        stdout.contains("3 added, 5 updated, 85 unchanged, 10 made unavailable"),
        "{stdout}"
    );
    assert!(stdout.contains("dry run: nothing was written"));
    assert_eq!(db.snapshot().await, before);

    let real = car_import(
        &db,
        &dir,
        &["--tenant", "evopoliki", new_file.to_str().unwrap()],
    );
    let (stdout, _) = text(&real);
    assert!(
        stdout.contains("3 added, 5 updated, 85 unchanged, 10 made unavailable"),
        "{stdout}"
    );
    let stored = patterns_of(&db, "evopoliki").await;
    assert_eq!(stored.len(), 103, "retired patterns are kept");
    assert_eq!(stored.iter().filter(|p| !p.available).count(), 10);
    assert_eq!(
        stored
            .iter()
            .filter(|p| p.notes.ends_with("новое лекало"))
            .count(),
        5
    );

    // The old file again brings the retired models back.
    let again = car_import(
        &db,
        &dir,
        &["--tenant", "evopoliki", old_file.to_str().unwrap()],
    );
    assert!(
        text(&again)
            .0
            .contains("0 added, 15 updated, 85 unchanged, 3 made unavailable"),
        "{}",
        text(&again).0
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failure_on_the_last_row_changes_nothing_and_is_recorded() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("fail");
    let mut rows = sample_clean_rows()[..50].to_vec();
    let mut broken = rows[0].clone();
    broken.model = "Несуществующая".into();
    (broken.year_from, broken.year_to) = (Some(2015), Some(2010));
    rows.push(broken);
    let file = dir.join("broken.csv");
    write_clean_csv(&file, &rows);

    let before = db.snapshot().await;
    let failed = car_import(
        &db,
        &dir,
        &["--tenant", "evopoliki", file.to_str().unwrap()],
    );
    let (_, stderr) = text(&failed);
    assert_eq!(failed.status.code(), Some(1));
    assert!(stderr.contains("patterns_years_ordered"), "{stderr}");
    assert_eq!(db.snapshot().await, before);
    let runs = runs(&db).await;
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].outcome, "failed");
    assert!(
        runs[0]
            .error
            .as_deref()
            .unwrap()
            .contains("patterns_years_ordered")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn damaged_files_give_one_clear_error_and_change_nothing() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("damaged");
    let pdf = std::fs::read(root().join("data/supplier/small_borders.pdf")).unwrap();
    let mut broken_page = pdf_extract::Document::load_mem(&pdf).unwrap();
    let page = broken_page.get_pages()[&2];
    let mut content = b"5 Tj\n".to_vec();
    content.extend(broken_page.get_page_content(page).unwrap());
    broken_page.change_page_content(page, content).unwrap();
    let mut broken_bytes = Vec::new();
    broken_page.save_to(&mut broken_bytes).unwrap();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("empty.pdf", Vec::new(), "the file is empty"),
        ("notes.pdf", b"just some text".to_vec(), "not a PDF"),
        ("truncated.pdf", pdf[..pdf.len() / 2].to_vec(), "damaged"),
        ("broken_page.pdf", broken_bytes, "page 2: cannot be read"),
        ("bad.csv", b"source_ids,pages\n1,2\n".to_vec(), "bad.csv:"),
    ];
    let before = db.snapshot().await;
    for (name, bytes, message) in cases {
        let file = dir.join(name);
        std::fs::write(&file, bytes).unwrap();
        let output = car_import(
            &db,
            &dir,
            &["--tenant", "evopoliki", file.to_str().unwrap()],
        );
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: one line: {stderr}");
        assert!(stderr.contains(message), "{name}: {stderr}");
    }
    assert_eq!(db.snapshot().await, before);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_errors_exit_2_and_list_what_is_known() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("usage");
    let unknown = car_import(&db, &dir, &["--tenant", "evopolki"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        text(&unknown)
            .1
            .contains("unknown tenant `evopolki`; known tenants: evopoliki, five_deluxe")
    );
    let category = car_import(
        &db,
        &dir,
        &["--tenant", "evopoliki", "--category", "floor_paint"],
    );
    assert_eq!(category.status.code(), Some(2));
    assert!(
        text(&category)
            .1
            .contains("known categories: eva_mats, 5d_mats, seat_covers, trunk_mats")
    );
    let missing = car_import(&db, &dir, &[]);
    assert_eq!(missing.status.code(), Some(2));
    let long_slug = "a".repeat(1000);
    let too_long = car_import(&db, &dir, &["--tenant", &long_slug]);
    assert_eq!(too_long.status.code(), Some(2));
    assert!(
        text(&too_long)
            .1
            .contains("tenant slug has 1000 characters, at most 63")
    );
    let search_limit = Command::new(env!("CARGO_BIN_EXE_car-search"))
        .env("DATABASE_URL", db.url())
        .args(["--tenant", "evopoliki", "--limit", "1000000000000", "камри"])
        .output()
        .unwrap();
    assert_eq!(search_limit.status.code(), Some(2));
    assert!(
        text(&search_limit).1.contains("1..=100"),
        "{}",
        text(&search_limit).1
    );
    // Reference data without supplier files: no default file to import.
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for entry in std::fs::read_dir(root().join("data")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, data.join(path.file_name().unwrap())).unwrap();
        }
    }
    let no_default = car_import(
        &db,
        &dir,
        &["--tenant", "five_deluxe", "--data", data.to_str().unwrap()],
    );
    assert_eq!(no_default.status.code(), Some(2));
    assert!(
        text(&no_default).1.contains("has no default supplier file"),
        "{}",
        text(&no_default).1
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn imports_for_one_tenant_do_not_interleave_or_touch_other_tenants() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("lock");
    let camry = db.model_id("Camry", "XV70").await;
    db.add_pattern("five_deluxe", "eva_mats", camry, "их лекало")
        .await;
    let theirs = patterns_of(&db, "five_deluxe").await;

    // Another import of evopoliki holds the tenant's lock past this one's lock
    // timeout: it waits, then fails naming the holder.
    let mut other = db.connect(DbRole::Import).await;
    other
        .batch_execute("SET application_name = 'car-import evopoliki'; BEGIN; SELECT FROM tenants WHERE slug = 'evopoliki' FOR NO KEY UPDATE")
        .await
        .unwrap();
    let blocked = Command::new(env!("CARGO_BIN_EXE_car-import"))
        .current_dir(root())
        .env("DATABASE_URL", db.url())
        .env("CAR_DB_LOCK_TIMEOUT_MS", "1000")
        .arg("--rejects")
        .arg(dir.join("rejects.csv"))
        .args(["--tenant", "evopoliki", "data/supplier/small_borders.pdf"])
        .output()
        .unwrap();
    let stderr = text(&blocked).1;
    assert_eq!(blocked.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("car-import: waiting for car-import evopoliki (pid ")
            && stderr
                .contains("workshop `evopoliki` is being changed by car-import evopoliki (pid ")
            && stderr.contains("still after 1s"),
        "{stderr}"
    );
    other.batch_execute("COMMIT").await.unwrap();

    let done = car_import(
        &db,
        &dir,
        &["--tenant", "evopoliki", "data/supplier/small_borders.pdf"],
    );
    assert_eq!(done.status.code(), Some(0), "{}", text(&done).1);
    assert_eq!(patterns_of(&db, "five_deluxe").await, theirs);

    // The importer's session cannot write another tenant's patterns, whatever its rows say.
    let evopoliki = db.tenant("evopoliki").await.tenant_id();
    let five = db.tenant("five_deluxe").await.id;
    let mut conn = db.connect(DbRole::Import).await;
    let sql = format!(
        "UPDATE patterns SET notes = 'чужое' WHERE tenant_id = {five}; INSERT INTO patterns (tenant_id, category_id, variant_key) SELECT {five}, category_id, variant_key FROM patterns LIMIT 1"
    );
    let refused = in_tenant_transaction(&mut conn, evopoliki, Access::ReadWrite, async |c| {
        Ok(c.batch_execute(&sql).await?)
    })
    .await;
    assert!(error_text(refused).contains("row-level security"));
    assert_eq!(patterns_of(&db, "five_deluxe").await, theirs);

    std::fs::remove_dir_all(dir).unwrap();
}

/// Two imports of a tenant started at once: they cannot interleave (the second waits
/// for the first), both succeed, and both runs are recorded.
#[tokio::test(flavor = "multi_thread")]
async fn two_first_imports_at_once_both_end_recorded() {
    let db = TestDatabase::with_reference_data().await;
    let dirs = [scratch("race_a"), scratch("race_b")];
    let children: Vec<_> = dirs
        .iter()
        .map(|dir| {
            Command::new(env!("CARGO_BIN_EXE_car-import"))
                .current_dir(root())
                .env("DATABASE_URL", db.url())
                .arg("--rejects")
                .arg(dir.join("rejects.csv"))
                .args(["--tenant", "evopoliki", "data/supplier/small_borders.pdf"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    for output in &outputs {
        let stderr = text(output).1;
        assert!(output.status.success(), "{stderr}");
    }
    let outcomes: Vec<String> = runs(&db).await.into_iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    assert!(outcomes.contains(&"imported".to_owned()), "{outcomes:?}");
    for dir in dirs {
        std::fs::remove_dir_all(dir).unwrap();
    }
}

/// A chatbot's login role (a member of `car_app` only) can neither write, nor become
/// another role, nor take or hold a lock that delays an import: car-import's sessions
/// run with a 5 s `lock_timeout`, so a wait for a lock would fail it.
#[tokio::test]
async fn a_chatbot_role_cannot_write_change_role_or_delay_an_import() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("chatbot_role");
    let mut bot = common::login_as_member_of(&db, "car_app").await;
    let before = db.snapshot().await;
    for sql in [
        "INSERT INTO tenants (slug, name) VALUES ('intruder', 'Чужой')",
        "UPDATE tenants SET name = 'Взлом'",
        "DELETE FROM bot_texts",
        "UPDATE patterns SET available = false",
        "INSERT INTO brands (name, slug) VALUES ('Взлом', 'vzlom')",
        "UPDATE models SET popularity = 0",
        "DELETE FROM prices",
        "TRUNCATE import_runs",
        "SET ROLE car_import",
        "SET ROLE car_owner",
        "SET ROLE postgres",
        "SET SESSION AUTHORIZATION postgres",
        "ALTER ROLE car_app BYPASSRLS",
        "CREATE ROLE car_test_escalated SUPERUSER",
        "SELECT FROM tenants FOR UPDATE",
        "SELECT FROM tenants FOR NO KEY UPDATE",
        "SELECT FROM tenants FOR SHARE",
        "SELECT FROM tenants FOR KEY SHARE",
        "BEGIN; LOCK TABLE tenants IN SHARE MODE",
        "BEGIN; LOCK TABLE patterns IN EXCLUSIVE MODE",
    ] {
        let refused = error_text(bot.batch_execute(sql).await);
        // Without a tenant, a per-tenant table's policy refuses first: the planner
        // evaluates `require_tenant_id()` before the executor checks privileges.
        let tenant_table = ["bot_texts", "patterns", "prices"]
            .iter()
            .any(|table| sql.contains(table));
        assert!(
            refused.contains("permission denied")
                || refused.contains("must be superuser")
                || (tenant_table && refused.contains("tenant is not set")),
            "`{sql}`: {refused}"
        );
        bot.batch_execute("ROLLBACK").await.unwrap();
    }
    assert_eq!(db.snapshot().await, before);

    // What it may do: hold the old advisory lock, and a transaction that has read
    // every table it can, the whole time the import runs.
    bot.batch_execute(
        "BEGIN; SELECT pg_advisory_xact_lock(hashtext('car-import'), hashtext('evopoliki')); \
         LOCK TABLE tenants, brands, models, body_types, product_categories IN ACCESS SHARE MODE; \
         SELECT * FROM tenants",
    )
    .await
    .unwrap();
    let output = car_import(
        &db,
        &dir,
        &["--tenant", "evopoliki", "data/supplier/small_borders.pdf"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output).1);
    bot.batch_execute("COMMIT").await.unwrap();
    assert!(!patterns_of(&db, "evopoliki").await.is_empty());
    std::fs::remove_dir_all(dir).unwrap();
}

#[derive(QueryableByName, Debug)]
struct ImportedModel {
    /// The brand's spellings: its name, Russian name and aliases (a generator's make
    /// may be `УАЗ`); an own model's brand as cleaning wrote it, with the catalogue's
    /// spellings when the catalogue knows the brand.
    #[diesel(sql_type = diesel::sql_types::Array<Text>)]
    brands: Vec<String>,
    #[diesel(sql_type = diesel::sql_types::Array<Text>)]
    names: Vec<String>,
    #[diesel(sql_type = Text)]
    source: String,
}

/// A corpus file's row as its generator knows it: the make and the model's spellings
/// (both empty for junk rows, which must be rejected).
#[derive(Debug, serde::Deserialize)]
struct CorpusRow {
    id: String,
    brand: String,
    model: String,
    make: String,
    models: String,
}

/// Supplier files printed by other programs import the models they list: every real row
/// becomes a pattern of a model of the right make, named by one of the model's spellings
/// (or the catalogue model it starts with; or, for a generation the catalogue lacks, the
/// catalogue model whose alias it is: `ГАЗель 2002` is Gazelle Business's `газель`), new
/// makes under the supplier's spelling, and only the junk rows are rejected. `five_deluxe` imports its default file.
#[tokio::test(flavor = "multi_thread")]
async fn supplier_files_from_other_programs_import_the_models_they_list() {
    let corpus = root().join("data/supplier/corpus");
    // Every corpus file but the untuned holdout set and those with known misses, and
    // five_deluxe's default file.
    let untuned = std::fs::read_to_string(corpus.join("UNTUNED")).unwrap()
        + &std::fs::read_to_string(corpus.join("KNOWN_MISSES")).unwrap();
    let mut files: Vec<(&str, Option<PathBuf>)> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .filter(|p| {
            let name = p.file_stem().unwrap();
            !untuned
                .lines()
                .any(|u| u.split(' ').next() == name.to_str())
        })
        .map(|p| ("evopoliki", Some(p)))
        .collect();
    files.sort();
    files.push(("five_deluxe", None));
    for (tenant, file) in files {
        let db = TestDatabase::with_reference_data().await;
        let dir = scratch("corpus");
        let pdf = file
            .clone()
            .unwrap_or(root().join(format!("data/supplier/{tenant}.pdf")));
        let mut args = vec!["--tenant", tenant];
        if let Some(file) = &file {
            args.push(file.to_str().unwrap());
        }
        let output = car_import(&db, &dir, &args);
        let (stdout, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(0), "{pdf:?}: {stderr}");

        let rows: Vec<CorpusRow> = csv::Reader::from_path(pdf.with_extension("expected.csv"))
            .unwrap()
            .deserialize()
            .map(Result::unwrap)
            .collect();
        let junk = rows.iter().filter(|r| r.make.is_empty()).count();
        assert!(
            stdout.contains(&format!("made unavailable, {junk} rejected")),
            "{pdf:?}: {stdout}"
        );
        let imported: Vec<ImportedModel> = diesel::sql_query(
            "SELECT CASE WHEN o.id IS NOT NULL \
                    THEN array_remove(ARRAY[o.brand, ob.name_ru] || coalesce(ob.aliases, '{}'), NULL) \
                    ELSE ARRAY[b.name, b.name_ru] || b.aliases END AS brands, \
                    CASE WHEN o.id IS NOT NULL THEN array_remove(ARRAY[o.name, o.name_ru], NULL) \
                              || coalesce((SELECT m2.aliases FROM models m2 \
                                           WHERE m2.brand_id = o.brand_id AND m2.name = o.name \
                                           LIMIT 1), '{}') \
                         ELSE array_remove(ARRAY[m.name, m.name_ru] || m.aliases, NULL) END AS names, \
                    p.supplier_id AS source \
             FROM patterns p JOIN tenants t ON t.id = p.tenant_id \
             LEFT JOIN own_models o ON o.tenant_id = p.tenant_id AND o.id = p.own_model_id \
             LEFT JOIN pattern_generations g ON g.tenant_id = p.tenant_id AND g.pattern_id = p.id \
             LEFT JOIN models m ON m.id = coalesce(g.model_id, p.review_candidates[1]) \
             LEFT JOIN brands b ON b.id = m.brand_id \
             LEFT JOIN brands ob ON ob.id = o.brand_id \
             WHERE t.slug = $1 AND p.available",
        )
        .bind::<Text, _>(tenant)
        .load(&mut db.admin().await)
        .await
        .unwrap();
        for row in rows.iter().filter(|r| !r.make.is_empty()) {
            let spellings: Vec<String> = row.models.split('|').map(clean::normalize).collect();
            let fits = |m: &ImportedModel| {
                let brands: Vec<String> = m.brands.iter().map(|b| clean::normalize(b)).collect();
                // `Мазда 3` names the model `3`: a spelling may start with the brand.
                let without_brand = |s: &str| {
                    brands
                        .iter()
                        .find_map(|b| s.strip_prefix(&format!("{b} ")))
                        .map(str::to_owned)
                };
                m.source.split('|').any(|id| id == row.id)
                    && brands.iter().any(|b| {
                        *b == clean::normalize(&row.make) || *b == clean::normalize(&row.brand)
                    })
                    && m.names.iter().map(|n| clean::normalize(n)).any(|name| {
                        spellings
                            .iter()
                            .flat_map(|s| [s.clone()].into_iter().chain(without_brand(s)))
                            .any(|s| s == name || s.starts_with(&format!("{name} ")))
                    })
            };
            assert!(
                imported.iter().any(fits),
                "{pdf:?}: row {} ({} {}) is not imported as a model of {} named {}",
                row.id,
                row.brand,
                row.model,
                row.make,
                row.models
            );
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}

/// A file that would retire most of a tenant's patterns (truncated, or another
/// supplier's) is refused and changes nothing; so is a file without rows. The limit is
/// set with --max-retire, and a dry run shows what a real run would refuse.
#[tokio::test(flavor = "multi_thread")]
async fn mass_retirement_and_empty_files_are_refused() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("retire");
    let clean = sample_clean_rows();
    let full = dir.join("full.csv");
    write_clean_csv(&full, &clean[..100]);
    let import = |args: &[&str]| {
        let mut all = vec!["--tenant", "evopoliki"];
        all.extend(args);
        car_import(&db, &dir, &all)
    };
    assert_eq!(import(&[full.to_str().unwrap()]).status.code(), Some(0));
    let before = patterns_of(&db, "evopoliki").await;

    let empty = dir.join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let header_only = dir.join("header.csv");
    std::fs::write(&header_only, "page,id,brand,model,years,description\n").unwrap();
    for file in [&empty, &header_only] {
        let refused = import(&[file.to_str().unwrap()]);
        let (_, stderr) = text(&refused);
        assert_eq!(refused.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("the file has no rows"), "{stderr}");
        assert_eq!(patterns_of(&db, "evopoliki").await, before);
    }

    let half = dir.join("half.csv");
    write_clean_csv(&half, &clean[..50]);
    let refused = import(&[half.to_str().unwrap()]);
    let (_, stderr) = text(&refused);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("would make 50 of the tenant's 100 available patterns unavailable (50%")
            && stderr.contains("--max-retire 50"),
        "{stderr}"
    );
    assert_eq!(patterns_of(&db, "evopoliki").await, before);

    let dry = import(&["--dry-run", half.to_str().unwrap()]);
    let (stdout, _) = text(&dry);
    assert_eq!(dry.status.code(), Some(0));
    assert!(
        stdout.contains("50 made unavailable") && stdout.contains("a real run would refuse"),
        "{stdout}"
    );
    assert_eq!(patterns_of(&db, "evopoliki").await, before);

    let allowed = import(&["--max-retire", "50", half.to_str().unwrap()]);
    assert_eq!(allowed.status.code(), Some(0), "{}", text(&allowed).1);
    let after = patterns_of(&db, "evopoliki").await;
    assert_eq!(after.iter().filter(|p| !p.available).count(), 50);
    std::fs::remove_dir_all(dir).unwrap();
}

/// What an import changes, without the times it changes them at: patterns, their
/// generations, own models, the catalogue (which it must not change) and the runs
/// that imported something.
async fn import_state(db: &TestDatabase) -> String {
    let selects = [
        "(SELECT tenant_id, category_id, variant_key, supplier_id, own_model_id, review_candidates, available, notes FROM patterns)",
        "(SELECT * FROM pattern_generations)",
        "(SELECT tenant_id, id, brand, name, generation FROM own_models)",
        "(SELECT id, brand_id, name, generation, year_from, year_to, metadata FROM models)",
        "(SELECT id, name, slug FROM brands)",
        "(SELECT tenant_id, file_sha256, rows_read, added, updated, made_unavailable FROM import_runs WHERE outcome = 'imported')",
    ];
    db.dump(&selects, common::ROWS_AS_TEXT).await
}

/// Waits until no session of the tools is left in the database: a killed import's
/// backend may still be ending its transaction.
async fn wait_for_no_sessions(db: &TestDatabase) {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut admin = db.admin().await;
    for _ in 0..200 {
        let left: Count = diesel::sql_query(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'car-import'",
        )
        .get_result(&mut admin)
        .await
        .unwrap();
        if left.n == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("a killed import's session did not end");
}

/// `kill -9` of the real `car-import` at random moments, alternating two files that
/// differ: the database is then exactly as before the run, or exactly as a finished
/// run leaves it (checked by finishing the run, which must then change nothing).
#[tokio::test(flavor = "multi_thread")]
async fn a_killed_import_leaves_the_database_before_or_after() {
    use rand::{Rng, SeedableRng};
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("kill");
    let files = [
        "data/supplier/small_borders.pdf",
        "data/supplier/small_noborders.pdf",
    ];
    let args = |file: &'static str| ["--tenant", "evopoliki", "--max-retire", "100", file];
    let started = std::time::Instant::now();
    let first = car_import(&db, &dir, &args(files[1]));
    assert_eq!(first.status.code(), Some(0), "{}", text(&first).1);
    let run = started.elapsed().as_millis() as u64;
    let mut rng = rand::rngs::StdRng::seed_from_u64(9);
    let (mut before_commit, mut after_commit) = (0, 0);
    for round in 0..12 {
        let file = files[round % 2];
        let before = import_state(&db).await;
        let mut child = Command::new(env!("CARGO_BIN_EXE_car-import"))
            .current_dir(root())
            .env("DATABASE_URL", db.url())
            .arg("--rejects")
            .arg(dir.join("rejects.csv"))
            .args(args(file))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Random moments over the whole run; the last two rounds surely before and after.
        let delay = match round {
            10 => 0,
            11 => 3 * run,
            _ => rng.random_range(0..run * 13 / 10),
        };
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        wait_for_no_sessions(&db).await;
        let now = import_state(&db).await;
        if now == before {
            before_commit += 1;
            let finished = car_import(&db, &dir, &args(file));
            assert_eq!(finished.status.code(), Some(0), "{}", text(&finished).1);
            assert_ne!(
                import_state(&db).await,
                before,
                "round {round}: the run changed nothing"
            );
        } else {
            after_commit += 1;
            let finished = car_import(&db, &dir, &args(file));
            assert_eq!(finished.status.code(), Some(0), "{}", text(&finished).1);
            assert_eq!(
                import_state(&db).await,
                now,
                "round {round}, killed after {delay} ms: the database was left half-written"
            );
        }
    }
    // The delays span the run: some kills come before its commit, some after.
    assert!(
        before_commit > 0 && after_commit > 0,
        "{before_commit} / {after_commit}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Every row's version (`xmin`) in every table but `import_runs`, in storage order: a
/// row that was written again, even with the same values, shows a new one.
async fn row_versions(db: &TestDatabase) -> String {
    db.dump(
        &common::DATA_TABLES,
        "string_agg(ctid::text || '@' || xmin::text, ' ' ORDER BY ctid)",
    )
    .await
}

/// An import writes only what its file changes: the reference and demo data are the
/// seed's (`car-migrate seed`), not the import's. A re-import of an unchanged file
/// writes no row outside `import_runs`, and an operator's edits to the tenant, its
/// prices and its bot texts survive an import of a file that does change things.
#[tokio::test(flavor = "multi_thread")]
async fn an_import_writes_only_what_its_file_changes_and_keeps_manual_edits() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("xmin");
    let import = |file: &'static str| {
        let output = car_import(
            &db,
            &dir,
            &["--tenant", "evopoliki", "--max-retire", "100", file],
        );
        assert_eq!(output.status.code(), Some(0), "{}", text(&output).1);
        output
    };
    import("data/supplier/small_borders.pdf");
    let versions = row_versions(&db).await;
    let again = import("data/supplier/small_borders.pdf");
    assert!(
        text(&again).0.contains("0 added, 0 updated"),
        "{}",
        text(&again).0
    );
    assert_eq!(row_versions(&db).await, versions);

    let tenant = db.tenant("evopoliki").await.id;
    db.admin()
        .await
        .batch_execute(&format!(
            "UPDATE tenants SET name = 'EVO Полики (Ош)', active = false WHERE id = {tenant};
             UPDATE prices SET amount = 9999 WHERE tenant_id = {tenant};
             UPDATE bot_texts SET text = 'Салам! Жазыңыз.' WHERE tenant_id = {tenant} AND language = 'ky'"
        ))
        .await
        .unwrap();
    let edited = db.snapshot().await;
    let changed = import("data/supplier/small_noborders.pdf");
    assert!(
        !text(&changed).0.contains("0 added, 0 updated"),
        "{}",
        text(&changed).0
    );
    let after = db.snapshot().await;
    let section = |dump: &str, table: &str| {
        dump.split("== ")
            .find(|s| s.starts_with(&format!("{table}\n")))
            .unwrap()
            .to_owned()
    };
    for table in ["tenants", "prices", "bot_texts"] {
        assert_eq!(section(&after, table), section(&edited, table), "{table}");
    }
    assert!(section(&after, "prices").contains("9999"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[derive(QueryableByName)]
struct Writer {
    #[diesel(sql_type = Text)]
    #[allow(dead_code)]
    writer: String,
}

/// Imports of two tenants never wait on each other, nor on an operator's catalogue
/// edit: while another tenant's import holds its tenant and the own models it added,
/// and catalogue rows are locked by an edit, an import finishes within its 5 s
/// `lock_timeout`. It writes no search version: the catalogue is not its to change.
#[tokio::test(flavor = "multi_thread")]
async fn an_import_does_not_wait_on_locked_catalogue_rows() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("catalogue_locks");
    let five = db.tenant("five_deluxe").await.id;
    let mut other = db.admin().await;
    // five_deluxe's import, not yet committed, has added a model of its own while
    // catalogue rows are being edited.
    other
        .batch_execute(&format!(
            "BEGIN;
             UPDATE models SET popularity = popularity;
             UPDATE brands SET aliases = aliases;
             UPDATE body_types SET sort_order = sort_order;
             UPDATE product_categories SET sort_order = sort_order;
             UPDATE product_options SET sort_order = sort_order;
             SELECT FROM tenants WHERE id = {five} FOR NO KEY UPDATE;
             SET LOCAL app.tenant_id = '{five}';
             INSERT INTO own_models (tenant_id, brand, name) VALUES ({five}, 'Toyota', 'Новая модель')"
        ))
        .await
        .unwrap();
    let output = car_import(
        &db,
        &dir,
        &["--tenant", "evopoliki", "data/supplier/small_borders.pdf"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output).1);
    other.batch_execute("ROLLBACK").await.unwrap();
    let evopoliki = db.tenant("evopoliki").await.id;
    let bumped: Vec<Writer> = diesel::sql_query(format!(
        "SELECT writer FROM search_version WHERE writer = '{evopoliki}'"
    ))
    .load(&mut db.admin().await)
    .await
    .unwrap();
    assert_eq!(bumped.len(), 0);
    assert!(!patterns_of(&db, "evopoliki").await.is_empty());
    std::fs::remove_dir_all(dir).unwrap();
}

/// A row the catalogue cannot place stays the workshop's: a generation word the
/// catalogue lacks (`Passat B3`) becomes a model of the workshop's own, which its
/// customers find first and other workshops never see; a row naming no generation of
/// a model with several waits for review with its candidates, offered to nobody.
#[tokio::test(flavor = "multi_thread")]
async fn rows_the_catalogue_cannot_place_stay_the_workshops() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("own");
    let file = dir.join("raw.csv");
    std::fs::write(
        &file,
        "page,id,brand,model,years,description\n\
         1,1,VW,Passat B3,1988-1993,седан\n\
         1,2,VW,Passat,2006-2010,седан\n\
         1,3,Тойота,Камри,-,седан\n",
    )
    .unwrap();
    let output = car_import(
        &db,
        &dir,
        &["--tenant", "evopoliki", file.to_str().unwrap()],
    );
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("3 added"), "{stdout}");
    assert!(stdout.contains("1 models the catalogue lacks"), "{stdout}");
    assert!(
        stdout.contains("1 rows name a catalogue model but not which generation"),
        "{stdout}"
    );

    let pool = db.pool(DbRole::App, 1).await;
    let shop = pool.tenant("evopoliki").await.unwrap();
    let b3 = shop.search_models("passat b3", None, 5).await.unwrap();
    let first = &b3.hits[0];
    assert!(first.model_id.is_own(), "{b3:?}");
    assert_eq!(
        (
            first.model.as_str(),
            first.generation.as_deref(),
            first.pattern_available
        ),
        ("Passat", Some("B3"), true)
    );
    assert_eq!((first.year_from, first.year_to), (Some(1988), Some(1993)));
    let b6 = shop.search_models("пассат 2008", None, 5).await.unwrap();
    assert_eq!(b6.hits[0].generation.as_deref(), Some("B6"), "{b6:?}");
    assert!(b6.hits[0].pattern_available && !b6.hits[0].model_id.is_own());
    // The row of review is no pattern for any Camry generation yet.
    let camry = shop.search_models("камри 40", None, 5).await.unwrap();
    assert_eq!(camry.hits[0].generation.as_deref(), Some("XV40"));
    assert!(!camry.hits[0].pattern_available);

    let other = pool.tenant("five_deluxe").await.unwrap();
    let theirs = other.search_models("passat b3", None, 5).await.unwrap();
    assert!(
        theirs.hits.iter().all(|h| !h.model_id.is_own()),
        "{theirs:?}"
    );
    assert_ne!(theirs.decision, Decision::Confident, "{theirs:?}");

    let listed = Command::new(env!("CARGO_BIN_EXE_car-patterns"))
        .env("DATABASE_URL", db.url())
        .args(["--tenant", "evopoliki", "--review"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains("Тойота Камри") && listed.contains("review: XV30|XV40|XV50|XV55|XV70|XV80"),
        "{listed}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// A workshop's variants of one generation (2 and 3 rows, left- and right-hand
/// drive) are its patterns of that generation: one search hit, and the offer lists
/// each variant so that a bot can ask which.
#[tokio::test(flavor = "multi_thread")]
async fn variants_of_one_generation_are_one_hit_and_listed_in_the_offer() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("variants");
    let file = dir.join("raw.csv");
    std::fs::write(
        &file,
        "page,id,brand,model,years,description\n\
         1,15,Тойота,Прадо 150,2009-2023,джип 2 ряда правый руль\n\
         1,16,Toyota,Land Cruiser Prado 150,2009-2023,джип 3 ряда правый руль\n\
         1,17,Toyota,Prado,2013-2017,джип левый руль\n",
    )
    .unwrap();
    let output = car_import(
        &db,
        &dir,
        &["--tenant", "evopoliki", file.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output).1);
    assert!(text(&output).0.contains("3 added"), "{}", text(&output).0);

    let pool = db.pool(DbRole::App, 1).await;
    let shop = pool.tenant("evopoliki").await.unwrap();
    let found = shop.search_models("прадо 150", None, 5).await.unwrap();
    assert_eq!(found.decision, Decision::Confident);
    let j150: Vec<_> = found
        .hits
        .iter()
        .filter(|h| h.generation.as_deref() == Some("J150"))
        .collect();
    assert_eq!(j150.len(), 1, "{found:?}");
    let offers = shop.offers_for_model(j150[0].model_id).await.unwrap();
    let mats = offers
        .iter()
        .find(|o| o.category.code == "eva_mats")
        .unwrap();
    let variants: Vec<(&str, bool, Option<&str>, Option<i32>)> = mats
        .variants
        .iter()
        .map(|v| {
            (
                v.supplier_id.as_str(),
                v.three_rows,
                v.steering.as_deref(),
                v.year_from,
            )
        })
        .collect();
    assert_eq!(
        variants,
        [
            ("15", false, Some("right"), Some(2009)),
            ("16", true, Some("right"), Some(2009)),
            ("17", false, Some("left"), Some(2013)),
        ]
    );
    assert_eq!(mats.variants[0].label, "Тойота Прадо 150");
    std::fs::remove_dir_all(dir).unwrap();
}
