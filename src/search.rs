//! Model search by a customer's words: pg_trgm scores names and aliases, then
//! generation evidence (a code, its number or a year) picks the generation.

use diesel::QueryableByName;
use diesel::sql_types::{Array, BigInt, Bool, Double, Int2, Int4, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use crate::error::Result;
use crate::tenant::TenantId;

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
    pub pattern_available: bool,
}

#[derive(QueryableByName)]
struct Candidate {
    #[diesel(sql_type = BigInt)]
    model_id: i64,
    #[diesel(sql_type = Text)]
    brand: String,
    #[diesel(sql_type = Text)]
    model: String,
    #[diesel(sql_type = Nullable<Text>)]
    name_ru: Option<String>,
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
    #[diesel(sql_type = Double)]
    model_score: f64,
    #[diesel(sql_type = Double)]
    brand_score: f64,
    #[diesel(sql_type = Bool)]
    pattern_available: bool,
}

/// Searches inside a tenant transaction (patterns are per tenant).
pub(crate) async fn search_models(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    query: &str,
    category_id: Option<i64>,
    limit: usize,
) -> Result<Vec<ModelMatch>> {
    let query = query.to_lowercase();
    let candidates: Vec<Candidate> = diesel::sql_query(include_str!("search.sql"))
        .bind::<Text, _>(&query)
        .bind::<BigInt, _>(tenant.get())
        .bind::<Nullable<BigInt>, _>(category_id)
        .load(conn)
        .await?;
    let words: Vec<&str> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut matches: Vec<ModelMatch> = candidates
        .into_iter()
        .map(|c| {
            let score = c.model_score
                + 0.5 * c.brand_score
                + generation_evidence(&c, &words)
                + 0.01 * f64::from(c.popularity);
            ModelMatch {
                model_id: c.model_id,
                brand: c.brand,
                model: c.model,
                name_ru: c.name_ru,
                generation: c.generation,
                year_from: c.year_from,
                year_to: c.year_to,
                body_type: c.body_type,
                score,
                pattern_available: c.pattern_available,
            }
        })
        .collect();
    matches.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.model_id.cmp(&b.model_id))
    });
    matches.truncate(limit);
    Ok(matches)
}

/// A bonus when a word names the generation (`xv70`, `70`, an alias) or is a year it covers.
fn generation_evidence(candidate: &Candidate, words: &[&str]) -> f64 {
    let code = candidate.generation.as_deref().unwrap_or("").to_lowercase();
    let code_number: String = code.chars().skip_while(|c| !c.is_ascii_digit()).collect();
    let names_generation = words.iter().any(|w| {
        (!code.is_empty() && *w == code)
            || (!code_number.is_empty() && *w == code_number)
            || candidate
                .generation_aliases
                .iter()
                .any(|a| a.to_lowercase() == *w)
    });
    let year_in_range = words
        .iter()
        .filter_map(|w| w.parse::<i32>().ok())
        .any(|year| {
            (1900..=2100).contains(&year)
                && candidate.year_from.is_some_and(|from| from <= year)
                && candidate.year_to.is_none_or(|to| year <= to)
        });
    match (names_generation, year_in_range) {
        (true, _) => 0.5,
        (false, true) => 0.3,
        (false, false) => 0.0,
    }
}
