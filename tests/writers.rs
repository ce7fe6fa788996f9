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

/// `kill -9` of an import whose backend is inside a statement (waiting for a catalogue
/// row another session holds), and at once another import of the same workshop: the
/// orphaned backend ends, and the new import waits for it, then succeeds.
#[tokio::test(flavor = "multi_thread")]
async fn an_import_started_right_after_a_killed_one_waits_and_succeeds() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("killed");
    let file = "data/supplier/small_borders.pdf";
    // Each round a workshop without patterns yet, so that the import writes links.
    for slug in ["evopoliki", "five_deluxe"] {
        // Links to catalogue generations wait while the rows are locked.
        let mut holder = db.admin().await;
        holder
            .batch_execute("BEGIN; SELECT id FROM models FOR UPDATE")
            .await
            .unwrap();
        let args = ["--tenant", slug, file];
        let rejects = dir.join("rejects.csv");
        let mut killed = tool(&db, "car-import")
            .arg("--rejects")
            .arg(&rejects)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let waiting = "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name LIKE 'car-import%' AND wait_event_type = 'Lock'";
        let mut admin = db.admin().await;
        for _ in 0..1500 {
            if common::count(&mut admin, waiting).await.unwrap() > 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(
            common::count(&mut admin, waiting).await.unwrap() > 0,
            "{slug}: the import never waited"
        );
        killed.kill().unwrap(); // SIGKILL, its backend inside a statement
        killed.wait().unwrap();
        let next = tool(&db, "car-import")
            .arg("--rejects")
            .arg(&rejects)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        holder.batch_execute("COMMIT").await.unwrap();
        let (code, out) = outcome(&next.wait_with_output().unwrap());
        assert_eq!(code, 0, "{slug}: {out}");
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
    assert_eq!(shop.workshop().name, "Эво");
    assert_eq!(
        shop.workshop().contacts.phone.as_deref(),
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

/// Runs `car-prices` on `sheet` with `--dry-run` and for real: the same exit code and
/// message both times.
fn prices_both_ways(db: &TestDatabase, args: &[&str]) -> (i32, String) {
    let dry: Vec<&str> = args.iter().copied().chain(["--dry-run"]).collect();
    let (dry_code, dry_out) = run(db, "car-prices", &dry);
    let (code, out) = run(db, "car-prices", args);
    assert_eq!(dry_code, code, "dry run: {dry_out}\nreal run: {out}");
    if code != 0 {
        assert_eq!(dry_out, out);
    }
    (code, out)
}

/// Every sheet the real run would refuse, `--dry-run` refuses too, with the line: two
/// currencies, an amount past the column, a NUL byte, bytes that are not UTF-8, a
/// UTF-16 file, a quote left open. Nothing changes.
#[tokio::test(flavor = "multi_thread")]
async fn bad_price_sheets_are_refused_alike_in_dry_run_with_their_line() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("bad_sheets");
    let header = "category,option,option_value,body_type,amount,currency\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            format!("{header}eva_mats,,,,2500,\n")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "currencies",
            format!("{header}eva_mats,,,,2500,KGS\neva_mats,,,suv,40,USD\n").into(),
            "line 3: currency `USD`: the workshop's prices are in KGS",
        ),
        (
            "amount",
            format!("{header}eva_mats,,,,100000000,\n").into(),
            "line 2: amount 100000000: less than 100000000",
        ),
        (
            "nul",
            format!("{header}eva_mats,,,,25\u{0}00,\n").into(),
            "nul.csv:2: contains a NUL byte",
        ),
        (
            "latin1",
            [
                header.as_bytes(),
                b"eva_mats,,,suv,2500,\n",
                b"eva_mats,\xe9,,,1,\n",
            ]
            .concat(),
            "latin1.csv:3: is not UTF-8 text",
        ),
        ("utf16", utf16, "the file is UTF-16 text; save it as UTF-8"),
        (
            "quote",
            format!("{header}eva_mats,\"with_borders,,,450,\neva_mats,,,,2500,\n").into(),
            "quote.csv:2: a quote (\") opened here is never closed",
        ),
    ];
    let before = db.snapshot().await;
    let from = days_from_today(7);
    for (name, bytes, message) in cases {
        let sheet = write(&dir, &format!("{name}.csv"), bytes);
        let (code, out) =
            prices_both_ways(&db, &["--tenant", "evopoliki", "--from", &from, &sheet]);
        assert_eq!(code, 2, "{name}: {out}");
        assert!(out.contains(message), "{name}: {out}");
    }
    assert_eq!(db.snapshot().await, before);
    std::fs::remove_dir_all(dir).unwrap();
}

/// A start date far from today is refused unless meant (`--any-date`); a sheet not yet
/// in force can be withdrawn, and the prices it would have ended run on; a workshop
/// with no price in force today is warned about.
#[tokio::test(flavor = "multi_thread")]
async fn start_dates_are_checked_and_a_future_sheet_can_be_withdrawn() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("dates");
    let sheet = write(
        &dir,
        "sheet.csv",
        "category,option,option_value,body_type,amount,currency\neva_mats,,,,2700,\n",
    );
    fn args<'a>(from: &'a str, sheet: &'a str) -> Vec<&'a str> {
        vec!["--tenant", "evopoliki", "--from", from, sheet]
    }
    let load = |from| args(from, &sheet);
    let (code, out) = prices_both_ways(&db, &load("2207-01-01").to_vec());
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("--from 2207-01-01 is ") && out.contains("needs --any-date"),
        "{out}"
    );
    let far = [load("2207-01-01"), vec!["--any-date"]].concat();
    assert_eq!(run(&db, "car-prices", &far).0, 0);
    let soon = days_from_today(10);
    let (code, out) = run(&db, "car-prices", &load(&soon));
    assert_eq!(code, 2);
    assert!(
        out.contains("a sheet starting 2207-01-01 is loaded already"),
        "{out}"
    );

    let withdraw = ["--tenant", "evopoliki", "--withdraw", "2207-01-01"];
    let (code, out) = run(&db, "car-prices", &withdraw);
    let seeded = std::fs::read_to_string(root().join("data/prices.csv"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("evopoliki,"))
        .count();
    assert_eq!(
        (code, out),
        (
            0,
            format!(
                "evopoliki: the sheet of 2207-01-01 withdrawn: 1 prices removed, {seeded} earlier prices run on\n"
            )
        )
    );
    let (code, out) = run(&db, "car-prices", &load(&soon));
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("warning"), "{out}");
    // The seed's sheet is in force: it cannot be withdrawn, nor one before a later one.
    let (code, out) = run(
        &db,
        "car-prices",
        &["--tenant", "evopoliki", "--withdraw", "2026-01-01"],
    );
    assert_eq!(code, 2);
    assert!(
        out.contains(&format!("the sheet of {soon} comes after it")),
        "{out}"
    );

    // A new workshop priced only from next month: warned that its bot sells nothing today.
    assert_eq!(
        run(&db, "car-tenant", &["add", "ak_keme", "--name", "Ак-Кеме"]).0,
        0
    );
    let next_month = days_from_today(30);
    let (code, out) = run(
        &db,
        "car-prices",
        &["--tenant", "ak_keme", "--from", &next_month, &sheet],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "car-prices: warning: `ak_keme` has no price in force today ({}): its bot says \"not sold\" for every car until {next_month}",
            today()
        )),
        "{out}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// A texts file with a quote left open, a text longer than a chat message, a file past
/// its size, a folder or a device instead of a file: each refused with what to fix.
#[tokio::test(flavor = "multi_thread")]
async fn texts_files_are_refused_when_a_quote_is_left_open_or_they_are_too_big() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("texts");
    let header = "key,language,text\n";
    let long = format!("{header}greeting,ru,{}\n", "а".repeat(4001));
    let big = format!("{header}{}", "greeting,ru,Салам\n".repeat(60_000));
    let cases: Vec<(String, &str)> = vec![
        (
            write(
                &dir,
                "open.csv",
                format!("{header}greeting,ru,\"Салам\nask_model,ru,Какая машина?\n"),
            ),
            "open.csv:2: a quote (\") opened here is never closed",
        ),
        (
            write(
                &dir,
                "runs_on.csv",
                format!(
                    "{header}greeting,ru,\"Салам\nask_model,ru,Какая машина?\nask_generation,ru,Какое поколение? {{choices}}\"\n"
                ),
            ),
            "line 2: the text runs on into what reads as another row (`ask_model,ru,Какая машина?`)",
        ),
        (
            write(&dir, "long.csv", long),
            "line 2: the text has 4001 characters, at most 4000",
        ),
        (
            write(&dir, "big.csv", big),
            "big.csv: is 2 MiB, more than the 1 MiB a file may have",
        ),
        (dir.to_str().unwrap().to_owned(), "is a folder; give a file"),
        ("/dev/zero".to_owned(), "/dev/zero: is not a regular file"),
    ];
    let before = db.snapshot().await;
    for (file, message) in cases {
        for dry_run in [true, false] {
            let mut args = vec!["--tenant", "evopoliki", file.as_str()];
            if dry_run {
                args.push("--dry-run");
            }
            let (code, out) = run(&db, "car-texts", &args);
            assert_eq!(code, 2, "{file}: {out}");
            assert!(out.contains(message), "{file}: {out}");
        }
    }
    assert_eq!(db.snapshot().await, before);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Supplier files out of bounds (a folder, a device, binary bytes in a CSV, a 1 MB note)
/// are refused with exit code 2; a UTF-16 text table (Excel's "Unicode text") is read;
/// a file whose rows are in already says so truthfully.
#[tokio::test(flavor = "multi_thread")]
async fn supplier_files_out_of_bounds_are_refused() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("supplier_bounds");
    let expected =
        std::fs::read_to_string(root().join("data/supplier/evopoliki.expected.csv")).unwrap();
    let utf16 = |bom: &[u8]| -> Vec<u8> {
        bom.iter()
            .copied()
            .chain(
                expected
                    .replace(',', "\t")
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect()
    };
    let mut note = csv::Writer::from_writer(Vec::new());
    let mut rows = csv::Reader::from_reader(expected.as_bytes());
    note.write_record(rows.headers().unwrap()).unwrap();
    for (i, row) in rows.records().enumerate() {
        let mut row: Vec<String> = row.unwrap().iter().map(str::to_owned).collect();
        if i == 3 {
            *row.last_mut().unwrap() = "x".repeat(1 << 20);
        }
        note.write_record(&row).unwrap();
    }
    let cases = [
        (dir.to_str().unwrap().to_owned(), "is a folder; give a file"),
        ("/dev/zero".to_owned(), "/dev/zero: is not a regular file"),
        (
            write(&dir, "no_bom.txt", utf16(&[])),
            "the file is not text (it has NUL bytes)",
        ),
    ];
    let before = db.snapshot().await;
    for (file, message) in cases {
        let (code, out) = outcome(&import(&db, &dir, &file).output().unwrap());
        assert_eq!(code, 2, "{file}: {out}");
        assert!(out.contains(message), "{file}: {out}");
    }
    assert_eq!(db.snapshot().await, before);
    let unicode_text = write(&dir, "unicode.txt", utf16(&[0xFF, 0xFE]));
    let (code, out) = outcome(&import(&db, &dir, &unicode_text).output().unwrap());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("(899 rows read"), "{out}");
    // A raw row with a 1 MB description is a rejected row, not a stored note.
    let noted = write(&dir, "note.csv", note.into_inner().unwrap());
    let (code, out) = outcome(&import(&db, &dir, &noted).output().unwrap());
    assert_eq!(code, 0, "{out}");
    let rejects = std::fs::read_to_string(dir.join("rejects.csv")).unwrap();
    assert!(
        rejects.contains("the description cell is 1048576 characters long (at most 1000)"),
        "{rejects}"
    );

    // A clean CSV (which skips cleaning) with a 1 MB note is refused whole.
    let mut clean = csv::Writer::from_writer(Vec::new());
    let path = large_clean_csv(&dir, 3);
    let mut reader = csv::Reader::from_path(&path).unwrap();
    for (i, row) in reader.deserialize::<CleanRow>().enumerate() {
        let mut row = row.unwrap();
        if i == 1 {
            row.notes = "x".repeat(1 << 20);
        }
        clean.serialize(row).unwrap();
    }
    let clean = write(&dir, "clean_note.csv", clean.into_inner().unwrap());
    let (code, out) = outcome(&import(&db, &dir, &clean).output().unwrap());
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("row 2: the notes cell is 1048576 characters long (at most 10010)"),
        "{out}"
    );

    // The same rows from a file never imported: nothing changes, and it says so
    // without calling the file "imported before".
    let crlf = std::fs::read_to_string(&noted)
        .unwrap()
        .replace('\n', "\r\n");
    let again = write(&dir, "again.csv", crlf);
    let (code, out) = outcome(&import(&db, &dir, &again).output().unwrap());
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("nothing changed: the workshop's patterns already match this file"),
        "{out}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// A workshop's time zone must be a place's; its name and contacts may not hold
/// control characters, and the listing escapes any the database holds.
#[tokio::test(flavor = "multi_thread")]
async fn workshop_values_are_checked_and_listed_safely() {
    let db = TestDatabase::with_reference_data().await;
    let before = db.snapshot().await;
    for zone in ["Factory", "posixrules", "localtime", "posix/Asia/Bishkek"] {
        let (code, out) = run(
            &db,
            "car-tenant",
            &["add", "ak_keme", "--name", "Ак-Кеме", "--timezone", zone],
        );
        assert_eq!(code, 2, "{zone}: {out}");
        assert!(out.contains(&format!("time zone `{zone}`")), "{out}");
    }
    let (code, out) = run(
        &db,
        "car-tenant",
        &["set", "evopoliki", "--name", "Эво\u{1b}[2J"],
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("name contains control characters"), "{out}");
    assert_eq!(db.snapshot().await, before);

    db.admin()
        .await
        .batch_execute("UPDATE tenants SET name = E'Эво\\x1b[2J\\nНовая' WHERE slug = 'evopoliki'")
        .await
        .unwrap();
    let (code, out) = run(&db, "car-tenant", &["list"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Эво\\u{1b}[2J\\nНовая"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out}");
}

/// One exit-code rule: a bad or missing setting is 2 in every tool.
#[tokio::test(flavor = "multi_thread")]
async fn bad_settings_exit_2_in_every_tool() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch("settings");
    let sheet = write(
        &dir,
        "sheet.csv",
        "category,option,option_value,body_type,amount,currency\neva_mats,,,,2700,\n",
    );
    let from = days_from_today(5);
    let commands: [(&str, Vec<&str>); 4] = [
        ("car-tenant", vec!["list"]),
        (
            "car-prices",
            vec!["--tenant", "evopoliki", "--from", &from, &sheet],
        ),
        (
            "car-import",
            vec!["--tenant", "evopoliki", "data/supplier/small_borders.pdf"],
        ),
        ("car-catalog", vec!["review"]),
    ];
    for (name, args) in &commands {
        for (variable, value) in [
            ("CAR_DB_STATEMENT_TIMEOUT_MS", "0"),
            ("CAR_DB_STATEMENT_TIMEOUT_MS", "abc"),
            ("CAR_DB_LOCK_TIMEOUT_MS", "-1"),
        ] {
            let (code, out) = outcome(
                &tool(&db, name)
                    .env(variable, value)
                    .args(args)
                    .output()
                    .unwrap(),
            );
            assert_eq!(code, 2, "{name} {variable}={value}: {out}");
            assert!(out.contains(variable), "{name}: {out}");
        }
        // No DATABASE_URL (and no .env file in the folder it runs in).
        let (code, out) = outcome(
            &tool(&db, name)
                .env_remove("DATABASE_URL")
                .current_dir(&dir)
                .args(args)
                .output()
                .unwrap(),
        );
        assert_eq!(code, 2, "{name} without DATABASE_URL: {out}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}
