//! Operators and imports side by side on one workshop, with the real binaries: they
//! wait for each other instead of failing or deadlocking, a large import finishes
//! with the tools' default limits, `car-migrate seed` keeps what operators changed,
//! and every input a tool refuses is refused the same in `--dry-run`, with its line.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use car_chatbot_db::pipeline::clean::CleanRow;
use car_chatbot_db::{Db, DbConfig};
use chrono::{Days, NaiveDate};
use common::TestDatabase;
use diesel_async::SimpleAsyncConnection;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A tool of this crate, run from the checkout against `db`.
fn tool(db: &TestDatabase, name: &str) -> Command {
    let path = match name {
        "car-import" => env!("CARGO_BIN_EXE_car-import"),
        "car-tenant" => env!("CARGO_BIN_EXE_car-tenant"),
        "car-texts" => env!("CARGO_BIN_EXE_car-texts"),
        "car-prices" => env!("CARGO_BIN_EXE_car-prices"),
        "car-migrate" => env!("CARGO_BIN_EXE_car-migrate"),
        "car-catalog" => env!("CARGO_BIN_EXE_car-catalog"),
        other => panic!("no tool {other}"),
    };
    let mut command = Command::new(path);
    command.current_dir(root()).env("DATABASE_URL", db.url());
    command
}

fn run(db: &TestDatabase, name: &str, args: &[&str]) -> (i32, String) {
    outcome(&tool(db, name).args(args).output().unwrap())
}

/// The exit code and the output, stdout then stderr.
fn outcome(output: &Output) -> (i32, String) {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("car_writers_{tag}_{:08x}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Asia/Bishkek's date today, the demo workshops' time zone.
fn today() -> NaiveDate {
    let output = Command::new("date")
        .env("TZ", "Asia/Bishkek")
        .arg("+%F")
        .output()
        .unwrap();
    String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn days_from_today(days: u64) -> String {
    today()
        .checked_add_days(Days::new(days))
        .unwrap()
        .to_string()
}

/// A clean CSV of `count` distinct models the catalogue lacks (each the workshop's
/// own), as a supplier's list far larger than any real one.
fn large_clean_csv(dir: &Path, count: usize) -> String {
    let path = dir.join(format!("large_{count}.csv"));
    let mut writer = csv::Writer::from_path(&path).unwrap();
    for i in 0..count {
        let model = format!("Модель {i}");
        writer
            .serialize(CleanRow {
                source_ids: i.to_string(),
                pages: "1".into(),
                brand: "Toyota".into(),
                model: model.clone(),
                model_ru: None,
                generation: None,
                catalogue_generations: String::new(),
                review_generations: String::new(),
                year_from: Some(2000 + (i % 20) as i32),
                year_to: None,
                body_type: None,
                steering: None,
                borders: None,
                three_rows: false,
                hybrid: false,
                matched: false,
                new_brand: false,
                supplier_brand: "Toyota".into(),
                supplier_model: model,
                supplier_years: format!("с {}", 2000 + i % 20),
                notes: String::new(),
            })
            .unwrap();
    }
    writer.flush().unwrap();
    path.to_str().unwrap().to_owned()
}

fn import(db: &TestDatabase, dir: &Path, file: &str) -> Command {
    let mut command = tool(db, "car-import");
    command.arg("--rejects").arg(dir.join("rejects.csv")).args([
        "--tenant",
        "evopoliki",
        "--max-retire",
        "100",
        file,
    ]);
    command
}

/// 200,000 rows import with the tools' default limits (a statement may take minutes,
/// not the chatbots' 10 s); `CAR_DB_STATEMENT_TIMEOUT_MS` still bounds them.
#[tokio::test(flavor = "multi_thread")]
async fn a_200000_row_import_finishes_with_the_default_limits() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("large");
    let file = large_clean_csv(&dir, 200_000);

    let (code, out) = outcome(
        &import(&db, &dir, &file)
            .env("CAR_DB_STATEMENT_TIMEOUT_MS", "50")
            .output()
            .unwrap(),
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("statement timeout"), "{out}");

    let (code, out) = outcome(&import(&db, &dir, &file).output().unwrap());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("200000 added"), "{out}");
    let mut admin = db.admin().await;
    let patterns = common::count(&mut admin, "SELECT count(*) AS n FROM patterns")
        .await
        .unwrap();
    assert_eq!(patterns, 200_000);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Imports of one workshop while `car-migrate seed` and a loop of `car-tenant set`
/// run on it: every one of them succeeds, round after round (they wait for each
/// other; no deadlock, no false "another import").
#[tokio::test(flavor = "multi_thread")]
async fn imports_seed_and_tenant_changes_on_one_workshop_all_succeed() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("side_by_side");
    let files = [
        "data/supplier/small_borders.pdf",
        "data/supplier/small_noborders.pdf",
    ];
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let loops: Vec<_> = [
        vec!["car-migrate", "seed"],
        vec![
            "car-tenant",
            "set",
            "evopoliki",
            "--phone",
            "+996 555 111 222",
        ],
        vec![
            "car-tenant",
            "set",
            "evopoliki",
            "--phone",
            "+996 555 333 444",
        ],
    ]
    .into_iter()
    .map(|args| {
        let (stop, url) = (stop.clone(), db.url());
        let program = match args[0] {
            "car-migrate" => env!("CARGO_BIN_EXE_car-migrate"),
            _ => env!("CARGO_BIN_EXE_car-tenant"),
        };
        std::thread::spawn(move || {
            let mut runs = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let output = Command::new(program)
                    .current_dir(root())
                    .env("DATABASE_URL", &url)
                    .args(&args[1..])
                    .output()
                    .unwrap();
                assert!(output.status.success(), "{args:?}: {}", outcome(&output).1);
                runs += 1;
            }
            runs
        })
    })
    .collect();
    for round in 0..6 {
        let (code, out) = outcome(&import(&db, &dir, files[round % 2]).output().unwrap());
        assert_eq!(code, 0, "round {round}: {out}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for handle in loops {
        let runs = handle
            .join()
            .expect("every seed and car-tenant run succeeded");
        assert!(runs > 0);
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// Waits until the child has written `needle` to its stderr (read line by line).
fn wait_for_stderr(child: &mut Child, needle: &str) {
    use std::io::BufRead;
    let stderr = child.stderr.take().unwrap();
    for line in std::io::BufReader::new(stderr).lines() {
        if line.unwrap().contains(needle) {
            return;
        }
    }
    panic!("the child ended without printing {needle:?}");
}

/// `kill -9` of an import while it writes, and at once another import of the same
/// workshop: it waits for the killed one's transaction to end, then succeeds.
#[tokio::test(flavor = "multi_thread")]
async fn an_import_started_right_after_a_killed_one_waits_and_succeeds() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("killed");
    let file = large_clean_csv(&dir, 60_000);
    for round in 0..2 {
        let mut killed = import(&db, &dir, &file)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for_stderr(&mut killed, "importing:");
        killed.kill().unwrap(); // SIGKILL, holding the workshop
        killed.wait().unwrap();
        let (code, out) = outcome(
            &import(&db, &dir, "data/supplier/small_borders.pdf")
                .output()
                .unwrap(),
        );
        assert_eq!(code, 0, "round {round}: {out}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// Two `car-prices` at once on one workshop: one loads the sheet, the other waits and
/// finds it loaded; never an error, never both "added".
#[tokio::test(flavor = "multi_thread")]
async fn two_price_loads_at_once_are_serialised() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("prices_race");
    let sheet = write(
        &dir,
        "sheet.csv",
        std::fs::read(root().join("data/workshop_template/prices.csv")).unwrap(),
    );
    for round in 1..=4u64 {
        let from = days_from_today(round * 10);
        let children: Vec<Child> = (0..2)
            .map(|_| {
                tool(&db, "car-prices")
                    .args(["--tenant", "evopoliki", "--from", &from, &sheet])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut outs: Vec<String> = children
            .into_iter()
            .map(|child| {
                let (code, out) = outcome(&child.wait_with_output().unwrap());
                assert_eq!(code, 0, "round {round}: {out}");
                out
            })
            .collect();
        outs.sort();
        assert!(
            outs[0].contains(" 0 added, 0 corrected, 11 unchanged; 0 earlier prices ended")
                && outs[1].contains(" 11 added, 0 corrected, 0 unchanged;"),
            "round {round}: {outs:?}"
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// What an operator changed with the tools survives `car-migrate seed`; what the
/// workshop lacks (a bot text removed) is added back, and the output says which
/// workshops were kept.
#[tokio::test(flavor = "multi_thread")]
async fn seed_adds_what_is_missing_and_keeps_operators_edits() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("seed");
    let (code, out) = run(
        &db,
        "car-tenant",
        &[
            "set",
            "evopoliki",
            "--name",
            "Эво",
            "--phone",
            "+996 700 000 000",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let texts = write(
        &dir,
        "texts.csv",
        "key,language,text\ngreeting,ru,\"Привет от Эво!\nЧем помочь?\"\n",
    );
    assert_eq!(
        run(&db, "car-texts", &["--tenant", "evopoliki", &texts]).0,
        0
    );
    let sheet = write(
        &dir,
        "sheet.csv",
        "category,option,option_value,body_type,amount,currency\neva_mats,,,,3333,\n",
    );
    let today = today().to_string();
    let (code, out) = run(
        &db,
        "car-prices",
        &["--tenant", "evopoliki", "--from", &today, &sheet],
    );
    assert_eq!(code, 0, "{out}");
    db.admin()
        .await
        .batch_execute(
            "DELETE FROM bot_texts WHERE key = 'ask_borders' AND tenant_id = (SELECT id FROM tenants WHERE slug = 'evopoliki')",
        )
        .await
        .unwrap();
    let before = db
        .dump(&["(SELECT * FROM prices)"], common::ROWS_AS_TEXT)
        .await;
    let (code, out) = run(&db, "car-migrate", &["seed"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "kept as operators left them (only missing bot texts added): evopoliki, five_deluxe"
        ),
        "{out}"
    );
    assert_eq!(
        db.dump(&["(SELECT * FROM prices)"], common::ROWS_AS_TEXT)
            .await,
        before
    );
    let bot = Db::connect(DbConfig::new(db.url())).await.unwrap();
    let shop = bot.tenant("evopoliki").await.unwrap();
    assert_eq!(shop.tenant().name, "Эво");
    assert_eq!(
        shop.tenant().contacts().phone.as_deref(),
        Some("+996 700 000 000")
    );
    let greeting = shop
        .bot_text(
            car_chatbot_db::TextKey::Greeting,
            car_chatbot_db::Language::Ru,
        )
        .await
        .unwrap();
    assert_eq!(greeting.text, "Привет от Эво!\nЧем помочь?");
    let borders = shop
        .bot_text(
            car_chatbot_db::TextKey::AskBorders,
            car_chatbot_db::Language::Ru,
        )
        .await
        .unwrap();
    assert!(!borders.is_fallback());
    std::fs::remove_dir_all(dir).unwrap();
}
