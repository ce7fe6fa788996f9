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
