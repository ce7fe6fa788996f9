//! Many workshops, one catalogue: workshops import different supplier files (printed
//! by different programs, with their own spellings, years and makes) into one
//! database with the command-line tools, then each one's chatbot is asked. A
//! workshop that imported nothing must get exactly the answers it got before, and
//! the shared catalogue must not change.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use car_chatbot_db::pipeline::clean::parse_years;
use car_chatbot_db::pipeline::patterns::PatternLine;
use car_chatbot_db::{Db, DbRole, Decision, SearchResult};

use common::{ROWS_AS_TEXT, TestDatabase, search_eval};

/// A workshop and the file its supplier sends.
const WORKSHOPS: [(&str, &str); 9] = [
    ("evopoliki", "data/supplier/evopoliki.pdf"),
    ("five_deluxe", "data/supplier/five_deluxe.pdf"),
    ("w_chromium", "data/supplier/corpus/chromium_sections.pdf"),
    ("w_writer", "data/supplier/corpus/writer_html.pdf"),
    ("w_fpdf", "data/supplier/corpus/fpdf_report.pdf"),
    ("w_reportlab", "data/supplier/corpus/reportlab_lines.pdf"),
    ("w_wkhtml", "data/supplier/corpus/wkhtml_long.pdf"),
    ("w_calc", "data/supplier/corpus/calc_sheet.pdf"),
    ("w_holdout", "data/supplier/corpus/holdout2_calc_grid.pdf"),
];

/// A row of a file as printed (its `.expected.csv`).
#[derive(Debug, serde::Deserialize)]
struct PrintedRow {
    id: String,
    brand: String,
    model: String,
    years: String,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(db: &TestDatabase, tool: &str, args: &[&str]) -> String {
    let output: Output = Command::new(tool)
        .current_dir(root())
        .env("DATABASE_URL", db.url())
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{tool} {args:?}: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn add_tenant(db: &TestDatabase, slug: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_car-tenant"))
        .env("DATABASE_URL", db.url())
        .args(["add", "--name", slug, slug])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
}

/// The numbers in a line such as `eva_mats patterns: 143 added, 0 updated, …`.
fn numbers(line: &str) -> Vec<usize> {
    line.split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .map(|n| n.parse().unwrap())
        .collect()
}

/// Every development query's answer, as text: decision, then each hit's row, score
/// and pattern flag.
async fn answers(db: &Db, tenant: &str, queries: &[String]) -> Vec<String> {
    let shop = db.tenant(tenant).await.unwrap();
    let mut out = Vec::new();
    for query in queries {
        let result = shop.search_models(query, None, 5).await.unwrap();
        let hits: Vec<String> = result
            .hits
            .iter()
            .map(|h| format!("{}:{:.2}:{}", h.model_id, h.score, h.pattern_available))
            .collect();
        out.push(format!(
            "{query} => {:?} {}",
            result.decision,
            hits.join(" ")
        ));
    }
    out
}

/// What a chatbot must be able to act on: one hit per generation, and `confident`
/// only when the first hit stands alone.
fn check_answer(tenant: &str, query: &str, result: &SearchResult) {
    let mut seen = Vec::new();
    for hit in &result.hits {
        let generation = (
            hit.brand.clone(),
            hit.model.clone(),
            hit.generation.clone(),
            hit.model_id.is_own(),
        );
        assert!(
            !seen.contains(&generation),
            "{tenant}: `{query}` lists {generation:?} twice: {:#?}",
            result.hits
        );
        seen.push(generation);
    }
    if result.decision == Decision::Confident
        && let [first, second, ..] = result.hits.as_slice()
    {
        assert!(
            first.score > second.score,
            "{tenant}: `{query}` is confident on a tie: {:#?}",
            result.hits
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn workshops_importing_their_files_change_no_one_elses_answers() {
    let db = TestDatabase::with_reference_data().await;
    add_tenant(&db, "bystander");
    let pool = db.pool(DbRole::App, 4).await;
    let queries: Vec<String> = search_eval::queries()
        .into_iter()
        .map(|(_, query, ..)| query)
        .collect();
    let bystander_before = answers(&pool, "bystander", &queries).await;
    let catalogue = [
        "brands",
        "body_types",
        "models",
        "model_search",
        "search_version",
    ];
    let catalogue_before = db.dump(&catalogue, ROWS_AS_TEXT).await;

    for (tenant, file) in WORKSHOPS {
        if !["evopoliki", "five_deluxe"].contains(&tenant) {
            add_tenant(&db, tenant);
        }
        let rejects = std::env::temp_dir().join(format!("workshops_{}.csv", std::process::id()));
        let out = run(
            &db,
            env!("CARGO_BIN_EXE_car-import"),
            &[
                "--tenant",
                tenant,
                file,
                "--rejects",
                rejects.to_str().unwrap(),
            ],
        );
        // Every row read is a pattern, merged into a duplicate, or rejected.
        let read = out.lines().find(|l| l.contains("rows read")).unwrap();
        let counted = out.lines().find(|l| l.contains("patterns:")).unwrap();
        let counts = numbers(read.rsplit('(').next().unwrap());
        let (read, merged) = (counts[0], counts[1]);
        let [added, _, _, _, rejected] = numbers(counted)[..] else {
            panic!("{counted}")
        };
        assert_eq!(read, added + merged + rejected, "{tenant}: {out}");
        assert!(added > 0, "{tenant}: {out}");

        // Each pattern carries the supplier's spelling and years, as printed.
        let listed = run(
            &db,
            env!("CARGO_BIN_EXE_car-patterns"),
            &["--tenant", tenant, "--json"],
        );
        let lines: Vec<PatternLine> = serde_json::from_str(&listed).unwrap();
        assert_eq!(lines.len(), added, "{tenant}");
        let expected: Vec<PrintedRow> =
            csv::Reader::from_path(root().join(file.replace(".pdf", ".expected.csv")))
                .unwrap()
                .deserialize()
                .map(Result::unwrap)
                .collect();
        for line in &lines {
            // IDs are the supplier's own and may repeat: one row of that ID is this one.
            let first_id = line.supplier_id.split('|').next().unwrap();
            let printed = expected.iter().filter(|r| r.id == first_id).find(|raw| {
                let (from, to) = parse_years(&raw.years).unwrap_or_default();
                line.label == format!("{} {}", raw.brand.trim(), raw.model.trim())
                    && (from.is_none() && to.is_none()
                        || (line.year_from, line.year_to) == (from, to))
            });
            assert!(
                printed.is_some(),
                "{tenant}: {line:?} is no row of the file"
            );
            assert!(line.brand.is_some() && line.model.is_some(), "{line:?}");
        }
    }

    assert_eq!(
        db.dump(&catalogue, ROWS_AS_TEXT).await,
        catalogue_before,
        "an import wrote the shared catalogue"
    );
    let bystander_after = answers(&pool, "bystander", &queries).await;
    let changed: Vec<(&String, &String)> = bystander_before
        .iter()
        .zip(&bystander_after)
        .filter(|(a, b)| a != b)
        .collect();
    assert!(
        changed.is_empty(),
        "the bystander's answers changed: {changed:#?}"
    );

    for (tenant, _) in WORKSHOPS {
        let shop = pool.tenant(tenant).await.unwrap();
        for query in &queries {
            let result = shop.search_models(query, None, 5).await.unwrap();
            check_answer(tenant, query, &result);
        }
        // A number several of the brand's models share names none of them.
        let shared_number = shop.search_models("лексус 350", None, 5).await.unwrap();
        assert_ne!(
            shared_number.decision,
            Decision::Confident,
            "{tenant}: {shared_number:?}"
        );
        let prado = shop.search_models("прадо 150", None, 5).await.unwrap();
        let j150: Vec<_> = prado
            .hits
            .iter()
            .filter(|h| h.model == "Land Cruiser Prado" && h.generation.as_deref() == Some("J150"))
            .collect();
        assert_eq!(j150.len(), 1, "{tenant}: {:#?}", prado.hits);
        assert_eq!(
            prado.hits[0].generation.as_deref(),
            Some("J150"),
            "{tenant}"
        );
    }
}

/// Models the catalogue lacks are each workshop's own until an operator adopts them:
/// `car-catalog review` lists them across workshops, `adopt` makes one catalogue
/// generation of the spellings several suppliers used (in either script), every
/// workshop's patterns fit it, every workshop's customers find it, and the
/// workshops' next imports resolve their rows to it.
#[tokio::test(flavor = "multi_thread")]
async fn operators_adopt_what_workshops_hold_of_their_own() {
    let db = TestDatabase::with_reference_data().await;
    for (tenant, file) in [
        ("w_calc", "data/supplier/corpus/calc_sheet.pdf"),
        ("w_holdout", "data/supplier/corpus/holdout2_calc_grid.pdf"),
    ] {
        add_tenant(&db, tenant);
        let rejects = std::env::temp_dir().join(format!("adopt_{}.csv", std::process::id()));
        run(
            &db,
            env!("CARGO_BIN_EXE_car-import"),
            &[
                "--tenant",
                tenant,
                file,
                "--rejects",
                rejects.to_str().unwrap(),
            ],
        );
    }
    let review = run(&db, env!("CARGO_BIN_EXE_car-catalog"), &["review"]);
    assert!(
        review.contains("\"Jetour X70\"") && review.contains("\"Джетур X70\""),
        "{review}"
    );
    let pool = db.pool(DbRole::App, 2).await;
    let before = pool
        .tenant("evopoliki")
        .await
        .unwrap()
        .search_models("джетур х70", None, 5)
        .await
        .unwrap();
    assert!(before.hits.iter().all(|h| h.model != "X70"), "{before:?}");

    let catalogue = "(SELECT name, generation FROM models ORDER BY id)";
    let unchanged = db.dump(&[catalogue], ROWS_AS_TEXT).await;
    let dry = run(
        &db,
        env!("CARGO_BIN_EXE_car-catalog"),
        &[
            "adopt",
            "Jetour X70",
            "джетур  x70",
            "--brand",
            "Jetour",
            "--model",
            "X70",
            "--years",
            "2018-",
            "--body",
            "suv",
            "--dry-run",
        ],
    );
    assert!(dry.contains("dry run"), "{dry}");
    assert_eq!(db.dump(&[catalogue], ROWS_AS_TEXT).await, unchanged);
    let adopted = run(
        &db,
        env!("CARGO_BIN_EXE_car-catalog"),
        &[
            "adopt",
            "Jetour X70",
            "джетур  x70",
            "--brand",
            "Jetour",
            "--brand-ru",
            "джетур",
            "--model",
            "X70",
            "--years",
            "2018-",
            "--body",
            "suv",
        ],
    );
    assert!(
        adopted.contains("a new brand: w_calc (4 patterns), w_holdout (2 patterns)"),
        "{adopted}"
    );

    // Every workshop's customers find the catalogue generation; the two workshops
    // that listed it have its pattern, spelt either way.
    for (tenant, has_pattern) in [("w_calc", true), ("w_holdout", true), ("evopoliki", false)] {
        let shop = pool.tenant(tenant).await.unwrap();
        for query in ["джетур х70", "jetour x70"] {
            let found = shop.search_models(query, None, 5).await.unwrap();
            let first = &found.hits[0];
            assert_eq!(
                (
                    first.brand.as_str(),
                    first.model.as_str(),
                    first.model_id.is_own()
                ),
                ("Jetour", "X70", false),
                "{tenant}: {query}: {found:?}"
            );
            assert_eq!(first.pattern_available, has_pattern, "{tenant}: {query}");
            assert_eq!(
                found.decision,
                Decision::Confident,
                "{tenant}: {query}: {found:?}"
            );
        }
    }
    let review = run(&db, env!("CARGO_BIN_EXE_car-catalog"), &["review"]);
    assert!(!review.contains("X70"), "{review}");

    // The next import resolves the supplier's rows to it (no own model again).
    let rejects = std::env::temp_dir().join(format!("adopt_{}.csv", std::process::id()));
    run(
        &db,
        env!("CARGO_BIN_EXE_car-import"),
        &[
            "--tenant",
            "w_calc",
            "data/supplier/corpus/calc_sheet.pdf",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    let listed = run(
        &db,
        env!("CARGO_BIN_EXE_car-patterns"),
        &["--tenant", "w_calc", "--json"],
    );
    let lines: Vec<PatternLine> = serde_json::from_str(&listed).unwrap();
    let x70: Vec<&PatternLine> = lines
        .iter()
        .filter(|l| l.available && l.label.to_lowercase().ends_with("x70"))
        .collect();
    assert!(!x70.is_empty());
    assert!(
        x70.iter()
            .all(|l| !l.pending && l.brand.as_deref() == Some("Jetour")),
        "{x70:#?}"
    );

    // Another spelling of a generation the catalogue has is adopted into it.
    let freed = run(
        &db,
        env!("CARGO_BIN_EXE_car-catalog"),
        &[
            "adopt",
            "Honda Freed",
            "--brand",
            "Honda",
            "--model",
            "Freed",
            "--body",
            "minivan",
        ],
    );
    let id = freed.split("(#").nth(1).unwrap().split(')').next().unwrap();
    let cyrillic = run(
        &db,
        env!("CARGO_BIN_EXE_car-catalog"),
        &["adopt", "Honda Фрид", "--into", id],
    );
    assert!(
        cyrillic.contains(&format!("Honda Freed (#{id})")),
        "{cyrillic}"
    );
    let shop = pool.tenant("w_holdout").await.unwrap();
    let found = shop.search_models("хонда фрид", None, 5).await.unwrap();
    assert_eq!(found.hits[0].model_id.get().to_string(), id, "{found:?}");
    assert!(found.hits[0].pattern_available);

    // A spelling adopted into a generation the seed loaded survives the seed run again
    // (it adds the file's aliases to those the catalogue has), and the workshop's
    // next import resolves the supplier's row to that generation.
    let file = std::env::temp_dir().join(format!("adopt_{}_raw.csv", std::process::id()));
    std::fs::write(
        &file,
        "page,id,brand,model,years,description\n1,1,Тойота,Камрюшка,2018-2020,седан\n",
    )
    .unwrap();
    let import_file = || {
        run(
            &db,
            env!("CARGO_BIN_EXE_car-import"),
            &[
                "--tenant",
                "five_deluxe",
                file.to_str().unwrap(),
                "--max-retire",
                "100",
            ],
        )
    };
    assert!(import_file().contains("1 models the catalogue lacks"));
    let camry = db.model_id("Camry", "XV70").await;
    run(
        &db,
        env!("CARGO_BIN_EXE_car-catalog"),
        &["adopt", "Toyota Камрюшка", "--into", &camry.to_string()],
    );
    let seed = Command::new(env!("CARGO_BIN_EXE_car-migrate"))
        .current_dir(root())
        .env("DATABASE_URL", db.url())
        .arg("seed")
        .output()
        .unwrap();
    assert!(seed.status.success(), "{seed:?}");
    import_file();
    let listed = run(
        &db,
        env!("CARGO_BIN_EXE_car-patterns"),
        &["--tenant", "five_deluxe", "--json"],
    );
    let lines: Vec<PatternLine> = serde_json::from_str(&listed).unwrap();
    let kept: Vec<&PatternLine> = lines.iter().filter(|l| l.available).collect();
    assert_eq!(kept.len(), 1, "{lines:#?}");
    assert_eq!(
        (kept[0].generation.as_deref(), kept[0].pending),
        (Some("XV70"), false),
        "{kept:#?}"
    );

    // A name no workshop holds is refused, and changes nothing.
    let before = db.snapshot().await;
    let refused = Command::new(env!("CARGO_BIN_EXE_car-catalog"))
        .env("DATABASE_URL", db.url())
        .args(["adopt", "Nobody Такой", "--into", id])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("no workshop has a model of its own called `Nobody Такой`"),
        "{refused:?}"
    );
    assert_eq!(db.snapshot().await, before);
}
