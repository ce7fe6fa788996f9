//! The operator tools on a real database: a new workshop is onboarded, texted, priced
//! and imported with `car-tenant`, `car-texts`, `car-prices` and `car-import` alone,
//! then answers a chatbot; bad input exits 2, says which row and why, and changes
//! nothing; every tool is idempotent and has a dry run.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use car_chatbot_db::{Db, DbConfig, Language, OptionChoice, TextKey};
use common::TestDatabase;
use rust_decimal::Decimal;

fn tool(db: &TestDatabase, name: &str, args: &[&str]) -> Output {
    let path = match name {
        "car-tenant" => env!("CARGO_BIN_EXE_car-tenant"),
        "car-texts" => env!("CARGO_BIN_EXE_car-texts"),
        "car-prices" => env!("CARGO_BIN_EXE_car-prices"),
        other => panic!("no tool {other}"),
    };
    Command::new(path)
        .env("DATABASE_URL", db.url())
        .args(args)
        .output()
        .unwrap()
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

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("car_operator_{:08x}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every key in Russian and Kyrgyz, from a demo workshop's texts.
fn full_texts() -> String {
    let demo = std::fs::read_to_string(common::data_dir().join("bot_texts.csv")).unwrap();
    let mut out = String::from("key,language,text\n");
    let mut reader = csv::Reader::from_reader(demo.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in reader.records() {
        let row = row.unwrap();
        if &row[0] == "evopoliki" {
            let text = row[3].replace("EVO Полики", "Ак-Кеме Авто");
            writer
                .write_record([&row[1], &row[2], text.as_str()])
                .unwrap();
        }
    }
    out.push_str(&String::from_utf8(writer.into_inner().unwrap()).unwrap());
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workshop_is_onboarded_with_the_tools_alone_and_answers_a_chatbot() {
    let db = TestDatabase::with_reference_data().await;
    let dir = temp_dir();
    let add = [
        "add",
        "ak_keme",
        "--name",
        "Ак-Кеме Авто",
        "--language",
        "ky",
        "--phone",
        "+996 555 000 111",
    ];

    // The tenant: a dry run writes nothing; adding twice is one workshop.
    let dry: Vec<&str> = add.iter().copied().chain(["--dry-run"]).collect();
    assert_eq!(
        outcome(&tool(&db, "car-tenant", &dry)),
        (0, "ak_keme: added (dry run, nothing written)\n".into())
    );
    assert_eq!(
        outcome(&tool(&db, "car-tenant", &["list"]))
            .1
            .lines()
            .count(),
        3
    );
    assert_eq!(
        outcome(&tool(&db, "car-tenant", &add)),
        (0, "ak_keme: added\n".into())
    );
    assert_eq!(
        outcome(&tool(&db, "car-tenant", &add)),
        (0, "ak_keme: unchanged\n".into())
    );
    let listed = outcome(&tool(&db, "car-tenant", &["list"])).1;
    assert!(
        listed
            .contains("ak_keme          Ак-Кеме Авто             ky   KGS  Asia/Bishkek     true"),
        "{listed}"
    );

    // Bot texts: every key in both languages.
    let texts = write(&dir, "texts.csv", &full_texts());
    let texts = texts.to_str().unwrap();
    let (code, out) = outcome(&tool(&db, "car-texts", &["--tenant", "ak_keme", texts]));
    assert_eq!(
        (code, out.as_str()),
        (0, "ak_keme: 30 added, 0 updated, 0 unchanged\n")
    );
    let (code, out) = outcome(&tool(&db, "car-texts", &["--tenant", "ak_keme", texts]));
    assert_eq!(
        (code, out.as_str()),
        (0, "ak_keme: 0 added, 0 updated, 30 unchanged\n")
    );

    // The price sheet from a day in the past, so that it is in force today.
    let sheet = write(
        &dir,
        "prices.csv",
        "category,option,option_value,body_type,amount,currency\n\
         eva_mats,,,,2500,\n\
         eva_mats,,,suv,2900,\n\
         eva_mats,with_borders,,,450,\n\
         5d_mats,,,,6000,\n\
         5d_mats,eco_leather_type,standard,,0,\n\
         5d_mats,eco_leather_type,premium,,1600,\n",
    );
    let sheet = sheet.to_str().unwrap();
    let load = [
        "--tenant",
        "ak_keme",
        "--any-date",
        "--from",
        "2026-01-01",
        sheet,
    ];
    let (code, out) = outcome(&tool(&db, "car-prices", &load));
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "ak_keme from 2026-01-01: 6 added, 0 corrected, 0 unchanged; 0 earlier prices ended\n"
        )
    );
    let (code, out) = outcome(&tool(&db, "car-prices", &load));
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "ak_keme from 2026-01-01: 0 added, 0 corrected, 6 unchanged; 0 earlier prices ended\n"
        )
    );

    // Its supplier's patterns, with car-import.
    let import = Command::new(env!("CARGO_BIN_EXE_car-import"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("DATABASE_URL", db.url())
        .args(["--tenant", "ak_keme", "--rejects"])
        .arg(dir.join("rejects.csv"))
        .arg("data/supplier/small_borders.pdf")
        .output()
        .unwrap();
    let (code, out) = outcome(&import);
    assert_eq!(code, 0, "{out}");

    // The chatbot answers for the new workshop, in Kyrgyz, at its prices.
    let bot = Db::connect(DbConfig::new(db.url())).await.unwrap();
    let shop = bot.tenant("ak_keme").await.unwrap();
    assert_eq!(shop.workshop().language, Language::Ky);
    assert_eq!(
        shop.workshop().contacts.phone.as_deref(),
        Some("+996 555 000 111")
    );
    let greeting = shop
        .bot_text(TextKey::Greeting, Language::Ky)
        .await
        .unwrap();
    assert!(greeting.text.contains("Ак-Кеме Авто") && !greeting.is_fallback());
    let camry = shop
        .search_models("камри 40", Some("eva_mats"), 5)
        .await
        .unwrap();
    assert!(camry.hits[0].pattern_available, "{camry:?}");
    assert_eq!(camry.hits[0].generation.as_deref(), Some("XV40"));
    let found = shop.search_models("прадо 150", None, 5).await.unwrap();
    let prado = found.hits[0].model_id;
    let quote = shop
        .quote(
            prado,
            "5d_mats",
            &[OptionChoice::value("eco_leather_type", "premium")],
        )
        .await
        .unwrap();
    assert_eq!(quote.total, Decimal::new(760_000, 2));
    let list = shop.price_list().await.unwrap();
    let codes: Vec<&str> = list.iter().map(|c| c.category.code.as_str()).collect();
    assert_eq!(codes, ["eva_mats", "5d_mats"]);

    // A new sheet ends the old prices on its first day; the old ones stay as history.
    let raise = write(
        &dir,
        "raise.csv",
        "category,option,option_value,body_type,amount,currency\neva_mats,,,,2700,\n",
    );
    let raise = [
        "--tenant",
        "ak_keme",
        "--any-date",
        "--from",
        "2026-02-01",
        raise.to_str().unwrap(),
    ];
    let (code, out) = outcome(&tool(&db, "car-prices", &raise));
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "ak_keme from 2026-02-01: 1 added, 0 corrected, 0 unchanged; 6 earlier prices ended\n"
        )
    );
    let day = |s: &str| s.parse().unwrap();
    let on = async |d: &str| {
        shop.quote_on(day(d), prado, "eva_mats", &[])
            .await
            .map(|q| q.total)
    };
    assert_eq!(on("2026-01-15").await.unwrap(), Decimal::new(290_000, 2));
    // From February only the base price for all body types is on the list.
    assert_eq!(on("2026-02-01").await.unwrap(), Decimal::new(270_000, 2));
    assert!(
        shop.quote_on(day("2026-02-01"), prado, "5d_mats", &[])
            .await
            .is_err()
    );
    // An older sheet after a newer one is refused.
    let (code, out) = outcome(&tool(
        &db,
        "car-prices",
        &[
            "--tenant",
            "ak_keme",
            "--any-date",
            "--from",
            "2026-01-15",
            sheet,
        ],
    ));
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("a sheet starting 2026-02-01 is loaded already"),
        "{out}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_exits_2_names_each_bad_row_and_changes_nothing() {
    let db = TestDatabase::with_reference_data().await;
    let before = db.snapshot().await;
    let dir = temp_dir();

    for (args, says) in [
        (
            vec!["add", "Ak Keme", "--name", "x"],
            "slug `Ak Keme`: 2 to 63 characters",
        ),
        (
            vec![
                "add",
                "ak_keme",
                "--name",
                "x",
                "--timezone",
                "Asia/Bishkeк",
            ],
            "time zone `Asia/Bishkeк` is unknown to PostgreSQL",
        ),
        (
            vec!["add", "ak_keme", "--name", "x", "--currency", "сом"],
            "currency `сом`: three capital letters",
        ),
        (
            vec!["add", "evopoliki", "--name", "Другое имя"],
            "tenant `evopoliki` exists with other settings; change it with `car-tenant set`",
        ),
        (
            vec!["set", "nosuch", "--active", "false"],
            "unknown tenant `nosuch`",
        ),
    ] {
        let (code, out) = outcome(&tool(&db, "car-tenant", &args));
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(out.contains(says), "{args:?}: {out}");
    }

    let texts = write(
        &dir,
        "texts.csv",
        "key,language,text\n\
         greeting,ru,Здравствуйте!\n\
         greetings,ru,Здравствуйте\n\
         price_quote,ky,Баасы: {sum}\n\
         ask_model,kz,Модель?\n\
         greeting,ru,Ещё раз\n\
         ask_model,ru,\"  \"\n",
    );
    let (code, out) = outcome(&tool(
        &db,
        "car-texts",
        &["--tenant", "evopoliki", texts.to_str().unwrap()],
    ));
    assert_eq!(code, 2, "{out}");
    for line in [
        "5 rows refused, nothing was changed",
        "line 3: unknown bot text key `greetings`",
        "line 4: `{sum}` is not a placeholder of `price_quote` (it has {total}, {workshop}, {phone}, {address}, {currency})",
        "line 5: unknown language `kz` (expected ru or ky)",
        "line 6: `greeting` in `ru` is given twice",
        "line 7: the text is empty",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }

    let sheet = write(
        &dir,
        "prices.csv",
        "category,option,option_value,body_type,amount,currency\n\
         eva_mats,,,,2500,\n\
         eva_matz,,,,2500,\n\
         eva_mats,heated,,,100,\n\
         5d_mats,eco_leather_type,gold,,1600,\n\
         eva_mats,,,bus,2900,\n\
         eva_mats,with_borders,,,-5,\n\
         eva_mats,tunnel,,,300,usd\n\
         eva_mats,,,,2600,\n",
    );
    let (code, out) = outcome(&tool(
        &db,
        "car-prices",
        &[
            "--tenant",
            "evopoliki",
            "--any-date",
            "--from",
            "2027-01-01",
            sheet.to_str().unwrap(),
        ],
    ));
    assert_eq!(code, 2, "{out}");
    for line in [
        "7 rows refused, nothing was changed",
        "line 3: unknown category `eva_matz`",
        "line 4: category `eva_mats` has no option `heated`",
        "line 5: option `eco_leather_type` takes one of: standard, premium",
        "line 6: unknown body type `bus`",
        "line 7: amount -5: not negative, at most two decimals",
        "line 8: currency `usd`: the workshop's prices are in KGS",
        "line 9: the same price is given twice",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    let (code, out) = outcome(&tool(
        &db,
        "car-prices",
        &[
            "--tenant",
            "nosuch",
            "--any-date",
            "--from",
            "2027-01-01",
            sheet.to_str().unwrap(),
        ],
    ));
    assert_eq!(
        (code, out.as_str()),
        (2, "car-prices: unknown tenant `nosuch`\n")
    );

    // Dry runs of good input write nothing either.
    let good = write(
        &dir,
        "good.csv",
        "category,option,option_value,body_type,amount,currency\neva_mats,,,,2500,\n",
    );
    let (code, out) = outcome(&tool(
        &db,
        "car-prices",
        &[
            "--tenant",
            "evopoliki",
            "--any-date",
            "--from",
            "2027-01-01",
            "--dry-run",
            good.to_str().unwrap(),
        ],
    ));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("dry run, nothing written: evopoliki from 2027-01-01: 1 added"),
        "{out}"
    );
    assert_eq!(db.snapshot().await, before);
    std::fs::remove_dir_all(dir).unwrap();
}

/// The README's "Onboard a workshop" commands, run as written (from a folder with the
/// checkout's `data/`, the tools on PATH): the new workshop's bot quotes today.
#[tokio::test(flavor = "multi_thread")]
async fn the_readme_onboarding_runs_as_written_and_its_bot_quotes_today() {
    let db = TestDatabase::with_reference_data().await;
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme.split("## Onboard a workshop").nth(1).unwrap();
    let block = section
        .split("```bash\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    assert!(block.contains("car-prices --tenant ak_keme"), "{block}");
    let dir = temp_dir();
    std::os::unix::fs::symlink(common::data_dir(), dir.join("data")).unwrap();
    let tools = Path::new(env!("CARGO_BIN_EXE_car-tenant"))
        .parent()
        .unwrap();
    let path = format!("{}:{}", tools.display(), std::env::var("PATH").unwrap());
    let output = Command::new("bash")
        .args(["-euo", "pipefail", "-c", block])
        .current_dir(&dir)
        .env("PATH", path)
        .env("DATABASE_URL", db.url())
        .output()
        .unwrap();
    let (code, out) = outcome(&output);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("warning"), "{out}");

    let bot = Db::connect(DbConfig::new(db.url())).await.unwrap();
    let shop = bot.tenant("ak_keme").await.unwrap();
    let found = shop.search_models("прадо 150", None, 5).await.unwrap();
    let quote = shop
        .quote(found.hits[0].model_id, "eva_mats", &[])
        .await
        .unwrap();
    assert!(quote.total > Decimal::ZERO, "{quote:?}");
    std::fs::remove_dir_all(dir).unwrap();
}
