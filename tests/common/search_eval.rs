//! Runs the development query sets (`tests/data/search/`) through a tenant's search
//! and scores the first hit: right brand and model, and the right generation when the
//! query names one. Shared by the quality test and `examples/search_report.rs`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use car_chatbot_db::TenantDb;

#[derive(Debug, Default)]
pub struct SetScore {
    pub queries: usize,
    /// First hit has the right brand and model.
    pub model_first: usize,
    /// ... and the right generation when one is expected.
    pub full_first: usize,
}

#[derive(Debug, Default)]
pub struct Report {
    pub sets: BTreeMap<String, SetScore>,
    pub misses: Vec<String>,
}

impl Report {
    pub fn total(&self) -> SetScore {
        let mut total = SetScore::default();
        for set in self.sets.values() {
            total.queries += set.queries;
            total.model_first += set.model_first;
            total.full_first += set.full_first;
        }
        total
    }
}

pub fn percent(part: usize, whole: usize) -> f64 {
    part as f64 * 100.0 / whole.max(1) as f64
}

/// (set, query, brand, model, generation) of every development query.
pub fn queries() -> Vec<(String, String, String, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/search");
    let mut out = Vec::new();
    for (file, has_set) in [("queries_hand.tsv", false), ("queries_generated.tsv", true)] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        for line in text.lines().skip(1) {
            let mut cols: Vec<&str> = line.split('\t').collect();
            let set = if has_set { cols.remove(0) } else { "hand" };
            cols.resize(4, "");
            out.push((
                set.into(),
                cols[0].into(),
                cols[1].into(),
                cols[2].into(),
                cols[3].into(),
            ));
        }
    }
    out
}

pub async fn evaluate(shop: &TenantDb) -> Report {
    let mut report = Report::default();
    for (set, query, brand, model, generation) in queries() {
        let result = shop.search_models(&query, None, 5).await.unwrap();
        let top = result.hits.first();
        let model_ok = top.is_some_and(|h| h.brand == brand && h.model == model);
        let full_ok = model_ok
            && (generation.is_empty()
                || top.unwrap().generation.as_deref() == Some(generation.as_str()));
        let score = report.sets.entry(set.clone()).or_default();
        score.queries += 1;
        score.model_first += usize::from(model_ok);
        score.full_first += usize::from(full_ok);
        if !full_ok {
            let got = top.map_or("nothing".to_owned(), |h| {
                format!(
                    "{} {} {} ({:.2})",
                    h.brand,
                    h.model,
                    h.generation.as_deref().unwrap_or("-"),
                    h.score
                )
            });
            report.misses.push(format!(
                "[{set}] {query:?}: want {brand} {model} {generation}; got {got}"
            ));
        }
    }
    report
}

/// One customer query of the supplier set (`tests/data/search/supplier_models.tsv`).
pub struct SupplierQuery {
    /// `supplier` or, for every third model, `supplier_holdout` (never tuned on);
    /// `supplier_latin` and `supplier_latin_holdout`: the Cyrillic ones romanised by
    /// another program (`tests/data/search/make_latin_queries.py`).
    pub set: &'static str,
    pub query: String,
    /// The table line (model) it asks for.
    pub line: usize,
    /// The year it names, when it names one: the right row is the one holding it.
    pub year: Option<i32>,
}

/// The supplier set: its raw rows (one per model and years) and its queries.
pub struct SupplierTable {
    pub rows: Vec<car_chatbot_db::pipeline::extract::RawRow>,
    /// Per table line, the ids of its rows.
    pub line_ids: Vec<Vec<String>>,
    pub queries: Vec<SupplierQuery>,
}

pub fn supplier_table() -> SupplierTable {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/search/supplier_models.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut table = SupplierTable {
        rows: Vec::new(),
        line_ids: Vec::new(),
        queries: Vec::new(),
    };
    let lines = text.lines().filter(|l| !l.starts_with('#')).skip(1);
    for (line, text) in lines.enumerate() {
        let cols: Vec<&str> = text.split('\t').collect();
        assert_eq!(cols.len(), 5, "line {}: {text}", line + 1);
        let mut ids = Vec::new();
        for years in cols[2].split(';') {
            // The supplier's own keys: gaps, not in table order.
            let id = (1000 + 37 * table.rows.len()) % 9973;
            ids.push(id.to_string());
            table.rows.push(car_chatbot_db::pipeline::extract::RawRow {
                page: 1 + table.rows.len() as u32 / 25,
                id: id.to_string(),
                brand: cols[0].into(),
                model: cols[1].into(),
                years: years.into(),
                description: cols[3].into(),
                brand_carried: false,
            });
        }
        table.line_ids.push(ids);
        let set = if line % 3 == 2 {
            "supplier_holdout"
        } else {
            "supplier"
        };
        for query in cols[4].split(" | ") {
            table.queries.push(SupplierQuery::new(set, query, line));
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/search");
    let latin = std::fs::read_to_string(dir.join("supplier_queries_latin.tsv")).unwrap();
    for row in latin.lines().skip(1) {
        let (line, query) = row.split_once('\t').unwrap();
        let line: usize = line.parse().unwrap();
        let set = if line % 3 == 2 {
            "supplier_latin_holdout"
        } else {
            "supplier_latin"
        };
        table.queries.push(SupplierQuery::new(set, query, line));
    }
    table
}

impl SupplierQuery {
    fn new(set: &'static str, query: &str, line: usize) -> SupplierQuery {
        let year = query
            .split(' ')
            .filter(|w| w.len() == 4)
            .find_map(|w| w.parse().ok().filter(|y| (1950..2100).contains(y)));
        SupplierQuery {
            set,
            query: query.trim().into(),
            line,
            year,
        }
    }
}

/// Cleans and imports the supplier set for `tenant` (an `car_import` session); every
/// row must be clean and outside the reference catalogue. Returns per table line the
/// clean rows (brand, model, years) it became.
pub async fn import_supplier_table(
    conn: &mut diesel_async::AsyncPgConnection,
    table: &SupplierTable,
    tenant: &str,
) -> Vec<Vec<car_chatbot_db::pipeline::clean::CleanRow>> {
    use car_chatbot_db::pipeline::{clean, import, refdata::ReferenceData};
    let reference =
        ReferenceData::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
    let cleaner = clean::Cleaner::new(&reference);
    let (rows, rejected, _) = clean::clean(&cleaner, &table.rows);
    assert!(rejected.is_empty(), "rejected: {rejected:?}");
    let matched: Vec<String> = rows
        .iter()
        .filter(|r| r.matched)
        .map(|r| format!("{} {} -> {}", r.supplier_brand, r.supplier_model, r.model))
        .collect();
    assert!(
        matched.is_empty(),
        "rows the catalogue already has: {matched:?}"
    );
    let request = import::ImportRequest {
        tenant,
        category: "eva_mats",
        file_name: "supplier_models.tsv",
        file_sha256: &"0".repeat(64),
        rows: &rows,
        rows_read: table.rows.len(),
        rejected: 0,
        dry_run: false,
        max_retire_percent: 100,
        on_wait: &|_| {},
    };
    import::import(conn, &request, &mut |_, _| {})
        .await
        .unwrap();
    table
        .line_ids
        .iter()
        .map(|ids| {
            rows.iter()
                .filter(|r| {
                    r.source_ids
                        .split('|')
                        .any(|id| ids.contains(&id.to_owned()))
                })
                .cloned()
                .collect()
        })
        .collect()
}

#[derive(Debug, Default)]
pub struct SupplierScore {
    pub queries: usize,
    pub model_first: usize,
    pub model_top3: usize,
    pub with_year: usize,
    pub generation_first: usize,
}

/// Scores the supplier set's queries (after [`import_supplier_table`]): right model
/// first and in the top three, and for queries with a year, the row holding it first.
pub async fn evaluate_supplier(
    shop: &TenantDb,
    table: &SupplierTable,
    lines: &[Vec<car_chatbot_db::pipeline::clean::CleanRow>],
) -> (BTreeMap<&'static str, SupplierScore>, Vec<String>) {
    let mut scores: BTreeMap<&'static str, SupplierScore> = BTreeMap::new();
    let mut misses = Vec::new();
    for q in &table.queries {
        let want = &lines[q.line][0];
        let result = shop.search_models(&q.query, None, 5).await.unwrap();
        let is_model =
            |h: &car_chatbot_db::ModelMatch| h.brand == want.brand && h.model == want.model;
        let holds_year = |h: &car_chatbot_db::ModelMatch| {
            q.year.is_none_or(|y| {
                h.year_from.is_none_or(|from| from <= y) && h.year_to.is_none_or(|to| y <= to)
            })
        };
        let score = scores.entry(q.set).or_default();
        score.queries += 1;
        let first = result.hits.first();
        let model_ok = first.is_some_and(is_model);
        score.model_first += usize::from(model_ok);
        score.model_top3 += usize::from(result.hits.iter().take(3).any(is_model));
        if q.year.is_some() {
            score.with_year += 1;
            score.generation_first += usize::from(model_ok && first.is_some_and(holds_year));
        }
        if !model_ok || !first.is_some_and(holds_year) {
            let got = first.map_or("nothing".to_owned(), |h| {
                format!(
                    "{} {} {}-{} ({:.2}, {:?})",
                    h.brand,
                    h.model,
                    h.year_from.map_or(String::new(), |y| y.to_string()),
                    h.year_to.map_or(String::new(), |y| y.to_string()),
                    h.score,
                    result.decision
                )
            });
            misses.push(format!(
                "[{}] {:?}: want {} {}; got {got}",
                q.set, q.query, want.brand, want.model
            ));
        }
    }
    (scores, misses)
}
