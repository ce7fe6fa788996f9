//! Search quality report: loads the reference catalogue into a scratch database, runs
//! the development query sets through the library's search and prints the share of
//! right first hits per set, then every miss. Needs a superuser URL (TEST_DATABASE_URL).
//!
//!     cargo run --release --example search_report

#[path = "../tests/common/search_eval.rs"]
mod search_eval;

#[path = "support/scratch_db.rs"]
mod scratch_db;

use scratch_db::ScratchDb;
use std::path::Path;

use car_chatbot_db::pipeline::refdata::{self, ReferenceData};
use car_chatbot_db::{Db, DbConfig, DbRole};
use search_eval::{evaluate, evaluate_supplier, import_supplier_table, percent, supplier_table};

#[tokio::main]
async fn main() {
    let scratch = ScratchDb::new("search_report").await;
    let url = scratch.url.clone();
    let reference =
        ReferenceData::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
    let mut conn = car_chatbot_db::db::connect(&DbConfig::new(&url).role(DbRole::Operator))
        .await
        .unwrap();
    refdata::load(&mut conn, &reference, &|_| {}).await.unwrap();

    let db = Db::connect(DbConfig::new(&url)).await.unwrap();
    let shop = db.tenant("evopoliki").await.unwrap();
    let report = evaluate(&shop).await;
    println!(
        "{:<14} {:>8} {:>12} {:>22}",
        "set", "queries", "model first", "model+generation first"
    );
    let total = report.total();
    for (set, score) in report
        .sets
        .iter()
        .map(|(s, v)| (s.as_str(), v))
        .chain([("all", &total)])
    {
        println!(
            "{set:<14} {:>8} {:>11.1}% {:>21.1}%",
            score.queries,
            percent(score.model_first, score.queries),
            percent(score.full_first, score.queries)
        );
    }
    // The second set: a supplier's table of models outside the catalogue, imported
    // as a supplier file would be, then queried as customers write.
    let table = supplier_table();
    let mut import_conn = car_chatbot_db::db::connect(&DbConfig::new(&url).role(DbRole::Import))
        .await
        .unwrap();
    let lines = import_supplier_table(&mut import_conn, &table, "evopoliki").await;
    let (supplier, supplier_misses) = evaluate_supplier(&shop, &table, &lines).await;
    println!(
        "\n{:<17} {:>8} {:>12} {:>10} {:>20}",
        "set", "queries", "model first", "in top 3", "with a year: right"
    );
    for (set, s) in &supplier {
        println!(
            "{set:<17} {:>8} {:>11.1}% {:>9.1}% {:>13.1}% of {}",
            s.queries,
            percent(s.model_first, s.queries),
            percent(s.model_top3, s.queries),
            percent(s.generation_first, s.with_year),
            s.with_year
        );
    }
    // The holdout's misses stay unread: it is for measuring, not for tuning.
    let misses: Vec<&String> = report
        .misses
        .iter()
        .chain(&supplier_misses)
        .filter(|m| !m.contains("_holdout]"))
        .collect();
    println!("\n{} misses (the holdout's not shown):", misses.len());
    for miss in misses {
        println!("  {miss}");
    }
    drop((conn, import_conn, db));
    scratch.drop_now().await;
}
