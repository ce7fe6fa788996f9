//! Finds the customer's car: pg_trgm picks candidate models by their search documents
//! (an index KNN), then [`rank`] scores every generation of them word by word and the
//! tenant's own pattern rows win ties. Everything that makes a match (names, Russian
//! spellings, aliases, generation words) comes from the data; the rules of comparison
//! are in [`text`].

pub mod rank;
pub mod text;

use std::collections::{BTreeMap, HashMap};

use diesel::QueryableByName;
use diesel::sql_types::{Array, BigInt, Bool, Int2, Int4, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use crate::error::Result;
use crate::tenant::TenantId;
use rank::{Form, Generation, Query, Scored, forms, query_words};
use text::Word;

/// How many candidate models the index hands to the re-ranker.
const CANDIDATE_MODELS: i64 = 30;
/// At or above: answer. Below [`DID_YOU_MEAN`]: nothing found.
const CONFIDENT: f64 = 2.5;
const DID_YOU_MEAN: f64 = 1.0;
/// Two different models this close: ask which one.
const TIE: f64 = 0.3;

/// What the chatbot should do with the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The first hit is the customer's car.
    Confident,
    /// Probably the first hit; confirm ("Вы имели в виду …?").
    DidYouMean,
    /// Several models fit (the brand alone, `нива`); ask which.
    WhichOfThese,
    NotFound,
}

/// A model generation that matches the query, with this tenant's pattern availability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelMatch {
    pub model_id: i64,
    pub brand: String,
    pub model: String,
    pub name_ru: Option<String>,
    pub generation: Option<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub body_type: Option<String>,
    pub score: f64,
    pub decision: Decision,
    pub pattern_available: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResult {
    pub decision: Decision,
    /// Best first.
    pub hits: Vec<ModelMatch>,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    model_id: i64,
    #[diesel(sql_type = Text)]
    brand: String,
    #[diesel(sql_type = Text)]
    brand_ru: String,
    #[diesel(sql_type = Array<Text>)]
    brand_aliases: Vec<String>,
    #[diesel(sql_type = Text)]
    model: String,
    #[diesel(sql_type = Nullable<Text>)]
    name_ru: Option<String>,
    #[diesel(sql_type = Array<Text>)]
    aliases: Vec<String>,
    #[diesel(sql_type = Nullable<Text>)]
    generation: Option<String>,
    #[diesel(sql_type = Array<Text>)]
    generation_aliases: Vec<String>,
    #[diesel(sql_type = Nullable<Int4>)]
    year_from: Option<i32>,
    #[diesel(sql_type = Nullable<Int4>)]
    year_to: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    body_type: Option<String>,
    #[diesel(sql_type = Int2)]
    popularity: i16,
    #[diesel(sql_type = Array<Text>)]
    linked_generations: Vec<String>,
    #[diesel(sql_type = Bool)]
    pattern_available: bool,
}

/// The text the index compares with the documents: each word and its skeleton.
pub fn index_query(words: &[Word]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for word in words {
        for part in [word.normal.as_str(), word.skeleton.as_str()] {
            if !parts.contains(&part) {
                parts.push(part);
            }
        }
    }
    parts.join(" ")
}

/// Searches inside a tenant transaction (patterns are per tenant).
pub(crate) async fn search_models(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    query: &str,
    category_id: Option<i64>,
    limit: usize,
) -> Result<SearchResult> {
    let words = query_words(query);
    if words.is_empty() {
        return Ok(SearchResult {
            decision: Decision::NotFound,
            hits: Vec::new(),
        });
    }
    let rows: Vec<Row> = diesel::sql_query(include_str!("candidates.sql"))
        .bind::<Text, _>(index_query(&words))
        .bind::<BigInt, _>(tenant.get())
        .bind::<Nullable<BigInt>, _>(category_id)
        .bind::<BigInt, _>(CANDIDATE_MODELS)
        .load(conn)
        .await?;
    Ok(rank_rows(&Query::new(words), rows, limit))
}

fn rank_rows(query: &Query, rows: Vec<Row>, limit: usize) -> SearchResult {
    // All rows of one model share its spellings; a supplier row also answers to the
    // catalogue generations it is linked to.
    let mut groups: BTreeMap<(String, String), Vec<&Row>> = BTreeMap::new();
    for row in &rows {
        groups
            .entry((row.brand.clone(), row.model.clone()))
            .or_default()
            .push(row);
    }
    let mut scored: Vec<(Scored, &Row)> = Vec::new();
    for group in groups.values() {
        let first = group[0];
        let brand_forms = forms(
            [first.brand.as_str(), first.brand_ru.as_str()]
                .into_iter()
                .chain(first.brand_aliases.iter().map(String::as_str)),
        );
        let model_forms: Vec<Form> = forms(group.iter().flat_map(|r| {
            [r.model.as_str()]
                .into_iter()
                .chain(r.name_ru.as_deref())
                .chain(r.aliases.iter().map(String::as_str))
        }));
        let names = rank::match_names(query, &brand_forms, &model_forms);
        let popularity = group.iter().map(|r| r.popularity).max().unwrap_or(0);
        let by_code: HashMap<&str, &Row> = group
            .iter()
            .filter_map(|r| r.generation.as_deref().map(|g| (g, *r)))
            .collect();
        for row in group {
            let linked: Vec<&Row> = row
                .linked_generations
                .iter()
                .filter_map(|g| by_code.get(g.as_str()).copied())
                .collect();
            let codes = row
                .generation
                .iter()
                .chain(&row.linked_generations)
                .map(|c| Word::new(&c.to_lowercase()))
                .collect();
            let generation_aliases = std::iter::once(*row)
                .chain(linked)
                .flat_map(|r| r.generation_aliases.iter())
                .map(|a| Word::new(&a.to_lowercase()))
                .collect();
            let generation = Generation {
                codes,
                aliases: generation_aliases,
                year_from: row.year_from,
                year_to: row.year_to,
                popularity,
            };
            scored.push((rank::score(query, &names, &generation), row));
        }
    }
    // Best first; a tie goes to the tenant's pattern, then to the more common model.
    scored.sort_by(|(a, ra), (b, rb)| {
        b.score
            .total_cmp(&a.score)
            .then(rb.pattern_available.cmp(&ra.pattern_available))
            .then(rb.popularity.cmp(&ra.popularity))
            .then(ra.model_id.cmp(&rb.model_id))
    });
    scored.retain(|(s, _)| s.model > 0.0 || s.brand > 0.0);
    let decision = decide(&scored);
    if decision == Decision::WhichOfThese
        && scored[..].first().is_some_and(|(s, _)| names_brand_only(s))
    {
        // The brand alone: one row per model, the most common first.
        let mut seen = Vec::new();
        scored.retain(|(_, r)| {
            let fresh = !seen.contains(&r.model);
            seen.push(r.model.clone());
            fresh
        });
    }
    let hits = scored
        .into_iter()
        .take(limit)
        .map(|(s, r)| ModelMatch {
            model_id: r.model_id,
            brand: r.brand.clone(),
            model: r.model.clone(),
            name_ru: r.name_ru.clone(),
            generation: r.generation.clone(),
            year_from: r.year_from,
            year_to: r.year_to,
            body_type: r.body_type.clone(),
            score: (s.score * 100.0).round() / 100.0,
            decision,
            pattern_available: r.pattern_available,
        })
        .collect();
    SearchResult { decision, hits }
}

/// Neither the model nor a generation named: the brand alone (or nothing).
fn names_brand_only(scored: &Scored) -> bool {
    scored.model == 0.0 && scored.generation == 0.0
}

fn decide(scored: &[(Scored, &Row)]) -> Decision {
    let Some((best, best_row)) = scored.first() else {
        return Decision::NotFound;
    };
    if names_brand_only(best) {
        return if best.brand > 0.0 {
            Decision::WhichOfThese
        } else {
            Decision::NotFound
        };
    }
    if best.score < DID_YOU_MEAN {
        return Decision::NotFound;
    }
    let rival = scored.iter().find(|(_, r)| {
        (r.brand.as_str(), r.model.as_str()) != (best_row.brand.as_str(), best_row.model.as_str())
    });
    if rival.is_some_and(|(s, _)| best.score - s.score < TIE) {
        return Decision::WhichOfThese;
    }
    if best.score >= CONFIDENT {
        Decision::Confident
    } else {
        Decision::DidYouMean
    }
}

/// Every word of the spellings and its skeleton, once each.
fn document<'s>(spellings: impl Iterator<Item = &'s String>) -> String {
    let mut parts: Vec<String> = Vec::new();
    for spelling in spellings {
        for word in text::words(spelling) {
            for part in [word.normal, word.skeleton] {
                if !parts.contains(&part) {
                    parts.push(part);
                }
            }
        }
    }
    parts.join(" ")
}

#[derive(QueryableByName)]
struct DocSource {
    #[diesel(sql_type = BigInt)]
    brand_id: i64,
    #[diesel(sql_type = Text)]
    brand: String,
    #[diesel(sql_type = Text)]
    brand_ru: String,
    #[diesel(sql_type = Array<Text>)]
    brand_aliases: Vec<String>,
    #[diesel(sql_type = Text)]
    model: String,
    #[diesel(sql_type = Array<Text>)]
    spellings: Vec<String>,
}

/// Rebuilds the search documents of these models (brand id and model name; all
/// models when `None`). Returns how many documents changed.
pub async fn rebuild_index(
    conn: &mut AsyncPgConnection,
    models: Option<&[(i64, String)]>,
) -> Result<usize> {
    let (brand_ids, names): (Option<Vec<i64>>, Option<Vec<&str>>) = match models {
        Some(models) => (
            Some(models.iter().map(|(b, _)| *b).collect()),
            Some(models.iter().map(|(_, n)| n.as_str()).collect()),
        ),
        None => (None, None),
    };
    let sources: Vec<DocSource> = diesel::sql_query(include_str!("doc_sources.sql"))
        .bind::<Nullable<Array<BigInt>>, _>(brand_ids)
        .bind::<Nullable<Array<Text>>, _>(names)
        .load(conn)
        .await?;
    // One document per model (its own spellings) and one per brand (model name ''):
    // short documents keep the trigram index precise and fast.
    let mut brands = Vec::with_capacity(sources.len());
    let mut models = Vec::with_capacity(sources.len());
    let mut docs = Vec::with_capacity(sources.len());
    let mut brand_done = std::collections::HashSet::new();
    for source in &sources {
        if brand_done.insert(source.brand_id) {
            let spellings = [&source.brand, &source.brand_ru]
                .into_iter()
                .chain(&source.brand_aliases);
            brands.push(source.brand_id);
            models.push(String::new());
            docs.push(document(spellings));
        }
        brands.push(source.brand_id);
        models.push(source.model.clone());
        docs.push(document(
            std::iter::once(&source.model).chain(&source.spellings),
        ));
    }
    let changed = diesel::sql_query(include_str!("upsert_docs.sql"))
        .bind::<Array<BigInt>, _>(brands)
        .bind::<Array<Text>, _>(models)
        .bind::<Array<Text>, _>(docs)
        .execute(conn)
        .await?;
    Ok(changed)
}
