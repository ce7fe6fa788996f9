//! Finds the customer's car ([`crate::TenantDb::search_models`]): an in-memory index
//! picks candidate models by the forms of their names' words (trigrams, consonant
//! keys, code readings), then every generation of them is scored word by word and the
//! tenant's own pattern rows win ties. Everything that makes a match (names, Russian
//! spellings, aliases, generation words) comes from the data. The answer is a
//! [`SearchResult`]: the hits, one per generation, and a [`Decision`].

#[doc(hidden)]
pub mod index;
#[doc(hidden)]
pub mod phonetic;
#[doc(hidden)]
pub mod rank;
#[doc(hidden)]
pub mod text;

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Int2, Int4, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use crate::db::Db;
use crate::error::Result;
use crate::ids::{ModelId, TenantId};
use crate::language::{Language, LocalName};
use crate::models::ProductCategory;
use crate::prepared::Prepared;
use crate::schema::brands;
use crate::tenant::{Access, in_tenant_transaction};
use crate::texts::TextKey;
use crate::years::{ModelYears, car_name};
use rank::{Forms, Generation, Lexicon, NameWord, Query, Scored, query_words};

/// How many candidate documents the index hands to the re-ranker.
const CANDIDATE_MODELS: usize = 30;
/// At or above: answer. Below [`DID_YOU_MEAN`]: nothing found.
const CONFIDENT: f64 = 2.5;
const DID_YOU_MEAN: f64 = 1.0;
/// Two different models this close: ask which one.
const TIE: f64 = 0.3;

/// What the chatbot should do with the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Decision {
    /// The first hit is the customer's car.
    Confident,
    /// Probably the first hit; confirm ("Вы имели в виду …?").
    DidYouMean,
    /// Several models fit (the brand alone, `нива`); ask which.
    WhichOfThese,
    /// The model is clear but not its generation (`солярис`, no year or code): the
    /// hits are its generations, oldest first; ask which (bot text `ask_generation`).
    WhichGeneration,
    /// Nothing fits; ask for the brand and model (bot text `ask_model`).
    NotFound,
}

impl ModelMatch {
    /// The hit's years ([`ModelMatch::year_from`], [`ModelMatch::year_to`]).
    pub fn years(&self) -> ModelYears {
        ModelYears::new(self.year_from, self.year_to)
    }

    /// The car as a reply names it: `Toyota Camry XV70 (с 2017)`.
    pub fn display(&self, language: Language) -> String {
        car_name(
            &self.brand,
            &self.model,
            self.generation.as_deref(),
            self.years(),
            language,
        )
    }
}

impl Decision {
    /// The bot text that asks the customer what the decision needs: `None` for
    /// [`Decision::Confident`] (answer with the car's offers instead).
    ///
    /// ```
    /// # use car_chatbot_db::{Decision, TextKey};
    /// assert_eq!(Decision::WhichGeneration.text_key(), Some(TextKey::AskGeneration));
    /// assert_eq!(Decision::NotFound.text_key(), Some(TextKey::AskModel));
    /// assert_eq!(Decision::Confident.text_key(), None);
    /// ```
    pub fn text_key(self) -> Option<TextKey> {
        match self {
            Decision::Confident => None,
            Decision::DidYouMean => Some(TextKey::DidYouMean),
            Decision::WhichOfThese => Some(TextKey::WhichOfThese),
            Decision::WhichGeneration => Some(TextKey::AskGeneration),
            Decision::NotFound => Some(TextKey::AskModel),
        }
    }
}

/// A model generation that matches the query, with this tenant's pattern availability.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ModelMatch {
    /// The generation's row (for [`crate::TenantDb::model`], `quote`, `pattern`).
    pub model_id: ModelId,
    /// The brand's name (`Toyota`).
    pub brand: String,
    /// The model's name (`Camry`).
    pub model: String,
    /// The Russian name customers use, when there is one (`камри`).
    pub name_ru: Option<String>,
    /// The generation's code (`XV70`), when known.
    pub generation: Option<String>,
    /// First model year.
    pub year_from: Option<i32>,
    /// Last model year; `None` while it is made, or when no year is known (see
    /// [`ModelMatch::years`]).
    pub year_to: Option<i32>,
    /// The body type's code (`sedan`).
    pub body_type: Option<String>,
    /// The body type's name (`седан`).
    pub body_type_name: Option<LocalName>,
    /// How well the hit explains the query (about 5 for brand, model and generation).
    pub score: f64,
    /// What the search decided, the same on every hit.
    pub decision: Decision,
    /// The tenant has an available pattern for this row (in the category searched).
    pub pattern_available: bool,
}

/// The answer to a customer's query.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SearchResult {
    /// What the chatbot should do.
    pub decision: Decision,
    /// Best first.
    pub hits: Vec<ModelMatch>,
}

/// A model row as the re-ranker sees it; the candidate index holds them all.
#[doc(hidden)]
#[derive(QueryableByName)]
pub struct ModelRow {
    #[diesel(sql_type = BigInt)]
    pub model_id: i64,
    #[diesel(sql_type = BigInt)]
    pub brand_id: i64,
    #[diesel(sql_type = Text)]
    pub brand: String,
    #[diesel(sql_type = Text)]
    brand_ru: String,
    #[diesel(sql_type = Array<Text>)]
    brand_aliases: Vec<String>,
    #[diesel(sql_type = Text)]
    pub model: String,
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
    #[diesel(sql_type = Nullable<Text>)]
    body_type_ru: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    body_type_ky: Option<String>,
    #[diesel(sql_type = Int2)]
    pub popularity: i16,
}

impl ModelRow {
    /// The row's own spellings of its model: name, Russian name, aliases.
    fn spellings(&self) -> impl Iterator<Item = &str> {
        [self.model.as_str()]
            .into_iter()
            .chain(self.name_ru.as_deref())
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// A supplier's sub-model (`Hilux Surf`, `Corolla Fielder`) is spelt as customers spell
/// its parent (the brand's model named by its first words: `Hilux`), then the rest:
/// `хайлюкс surf`. Per model (brand id and name), the spellings it inherits; a parent
/// is one of `models` or what `elsewhere` finds (brand id, normalized name).
#[doc(hidden)]
pub fn parent_spellings<'a>(
    models: &'a BTreeMap<(i64, String), Vec<ModelRow>>,
    elsewhere: impl Fn(i64, &str) -> Option<&'a ModelRow>,
) -> HashMap<(i64, String), Vec<String>> {
    let by_name: HashMap<(i64, String), &ModelRow> = models
        .iter()
        .map(|((brand_id, name), rows)| ((*brand_id, text::normalize(name)), &rows[0]))
        .collect();
    let mut inherited = HashMap::new();
    for (brand_id, name) in models.keys() {
        let normal = text::normalize(name);
        let words: Vec<&str> = normal.split(' ').collect();
        for take in (1..words.len()).rev() {
            let prefix = words[..take].join(" ");
            let Some(parent) = by_name
                .get(&(*brand_id, prefix.clone()))
                .copied()
                .or_else(|| elsewhere(*brand_id, &prefix))
            else {
                continue;
            };
            let rest = words[take..].join(" ");
            let spellings: Vec<String> = parent
                .spellings()
                .skip(1) // its name is the sub-model's own first words
                .map(|spelling| format!("{spelling} {rest}"))
                .collect();
            inherited.insert((*brand_id, name.clone()), spellings);
            break;
        }
    }
    inherited
}

/// Searches for `tenant`: candidate models from the process's in-memory index, the
/// tenant's pattern flags for their rows from one statement, then the re-ranker.
/// When the search data changed since the index was loaded (an import elsewhere), it
/// reloads the index and searches again. `tx`: the reply's tenant transaction to run
/// in; without one, the statements take the search's own connections.
pub(crate) async fn search_models(
    db: &Db,
    tenant: TenantId,
    mut tx: Option<&mut AsyncPgConnection>,
    query: &str,
    category: Option<&str>,
    limit: usize,
) -> Result<SearchResult> {
    let mut words = Some(query_words(query)).filter(|w| !w.is_empty());
    if words.is_none() {
        return Ok(SearchResult {
            decision: Decision::NotFound,
            hits: Vec::new(),
        });
    }
    let shared = db.search_index();
    let mut index = shared.current();
    let mut own = shared.own(tenant.get());
    let mut reloaded = false;
    loop {
        // The workshop's own models, when it has any (see `index::OwnVersion`).
        let own_index = own.as_ref().map(|o| &*o.index);
        // Split against these indexes (words no name held may be a new name's now).
        let words = words.take().unwrap_or_else(|| query_words(query));
        let query = Query::new(index.split_unknown_codes(words, own_index));
        let mut models = index.candidates(&query, CANDIDATE_MODELS);
        if let Some(own_index) = own_index {
            models.extend(own_index.candidates(&query, CANDIDATE_MODELS));
        }
        let ids: Vec<i64> = models.iter().flat_map(|m| m.model_ids()).collect();
        // The rows are scored while the statement is in flight. The yield first lets
        // the connection's task send the statement: woken by this task, it would
        // otherwise wait in this worker's queue until the scoring ends.
        let (flags, scored) = tokio::join!(
            pattern_flags(db, tx.as_deref_mut(), tenant, &ids, category),
            async {
                tokio::task::yield_now().await;
                ScoredRows::new(&query, &models)
            }
        );
        let flags = flags?;
        // The workshop's own index is stale when its models changed, or when the
        // catalogue did (their parents' spellings are the catalogue's).
        let own_stale =
            |own: &Option<Arc<index::OwnIndex>>, catalogue: &index::CandidateIndex| match own {
                Some(own) => {
                    own.version != flags.own_version || own.catalogue_version != catalogue.version
                }
                None => flags.own_version.get(1) != Some(&0),
            };
        if (flags.version == index.version && !own_stale(&own, &index)) || reloaded {
            let mut available = flags.available;
            available.sort_unstable();
            return Ok(scored.rank(&available, limit));
        }
        if flags.version != index.version {
            index = match tx.as_deref_mut() {
                Some(conn) => shared.reload_unless(conn, flags.version).await?,
                None => {
                    let mut conn = db.search_connection().await?;
                    shared.reload_unless(&mut conn, flags.version).await?
                }
            };
        }
        if own_stale(&own, &index) {
            let catalogue = index.clone();
            let load = async |conn: &mut AsyncPgConnection| {
                index::load_own(conn, tenant.get(), &catalogue).await
            };
            let fresh = match tx.as_deref_mut() {
                Some(conn) => load(conn).await?,
                // A tenant transaction on the main pool, whose checkout test catches a
                // connection left in one (the search's pool has none).
                None => {
                    let mut conn = db.pool().get().await?;
                    in_tenant_transaction(&mut conn, tenant, Access::ReadOnly, load).await?
                }
            };
            own = Some(shared.set_own(tenant.get(), fresh));
        }
        reloaded = true;
    }
}

/// What [`pattern_flags_query`] returns.
#[derive(QueryableByName)]
#[doc(hidden)]
pub struct PatternFlags {
    #[diesel(sql_type = BigInt)]
    version: i64,
    #[diesel(sql_type = Array<BigInt>)]
    own_version: Vec<i64>,
    #[diesel(sql_type = Bool)]
    category_known: bool,
    #[diesel(sql_type = Array<BigInt>)]
    available: Vec<i64>,
}

/// The search's one statement, prepared once per connection (the hot path).
#[doc(hidden)]
pub fn pattern_flags_query<'a>(
    tenant: i64,
    model_ids: &'a [i64],
    category: Option<&'a str>,
) -> impl RunQueryDsl<AsyncPgConnection>
+ diesel_async::methods::LoadQuery<'a, AsyncPgConnection, PatternFlags>
+ 'a {
    enum PatternFlagsSql {}
    Prepared::<PatternFlagsSql, _>::new(
        diesel::sql_query(include_str!("pattern_flags.sql"))
            .bind::<BigInt, _>(tenant)
            .bind::<Array<BigInt>, _>(model_ids)
            .bind::<Nullable<Text>, _>(category),
    )
}

/// Which of `model_ids` the tenant has an available pattern for, and the search
/// data's version: one statement, which sets the tenant for its own transaction
/// (`search_pattern_flags` in the migrations), on `tx` or a search connection.
async fn pattern_flags(
    db: &Db,
    tx: Option<&mut AsyncPgConnection>,
    tenant: TenantId,
    model_ids: &[i64],
    category: Option<&str>,
) -> Result<PatternFlags> {
    let mut pooled = None;
    let conn = match tx {
        Some(conn) => conn,
        None => &mut **pooled.insert(db.search_connection().await?),
    };
    let flags: PatternFlags = pattern_flags_query(tenant.get(), model_ids, category)
        .get_result(conn)
        .await?;
    if let (false, Some(code)) = (flags.category_known, category) {
        // The usual error, listing the categories there are.
        ProductCategory::find_by_code(conn, code).await?;
    }
    Ok(flags)
}

/// One model (a brand and a model name, all its rows) ready for scoring: its
/// spellings as words and what names each row's generation. The candidate index
/// builds these once when it loads, so a search only compares.
#[doc(hidden)]
pub struct CandidateModel {
    brand_forms: Arc<Forms>,
    model_forms: Forms,
    /// Per row, what scoring and ordering read, apart from the rest of the row
    /// (read only for the hits shown): a query scores hundreds of rows.
    generations: Vec<Generation>,
    /// The generations' codes and aliases, in one block.
    generation_words: Vec<NameWord>,
    rows: Vec<ModelRow>,
    popularity: i16,
}

impl CandidateModel {
    /// The spellings of a row's brand, to share between the brand's models.
    pub fn brand_forms(row: &ModelRow, lexicon: &mut Lexicon) -> Arc<Forms> {
        lexicon
            .forms(
                [row.brand.as_str(), row.brand_ru.as_str()]
                    .into_iter()
                    .chain(row.brand_aliases.iter().map(String::as_str)),
            )
            .into()
    }

    /// `rows`: every row of one brand and model name (not empty); `inherited`: more
    /// spellings of it, from its parent model (see [`parent_spellings`]).
    pub fn new(
        rows: Vec<ModelRow>,
        brand_forms: Arc<Forms>,
        inherited: &[String],
        lexicon: &mut Lexicon,
    ) -> CandidateModel {
        // All rows of one model share its spellings.
        let model_forms = lexicon.forms(
            rows.iter()
                .flat_map(ModelRow::spellings)
                .chain(inherited.iter().map(String::as_str)),
        );
        let popularity = rows.iter().map(|r| r.popularity).max().unwrap_or(0);
        let mut generation_words: Vec<NameWord> = Vec::new();
        let mut add_words = |texts: &mut dyn Iterator<Item = &String>| {
            let start = generation_words.len() as u32;
            generation_words.extend(texts.map(|t| lexicon.word(&t.to_lowercase())));
            start..generation_words.len() as u32
        };
        let generations: Vec<Generation> = rows
            .iter()
            .map(|row| Generation {
                model_id: row.model_id,
                row_popularity: row.popularity,
                codes: add_words(&mut row.generation.iter()),
                aliases: add_words(&mut row.generation_aliases.iter()),
                year_from: row.year_from,
                year_to: row.year_to,
                popularity,
            })
            .collect();
        CandidateModel {
            brand_forms,
            model_forms,
            generations,
            generation_words,
            rows,
            popularity,
        }
    }

    pub fn popularity(&self) -> i16 {
        self.popularity
    }

    /// Every word of the model's names and of its generations' codes and aliases.
    pub fn words(&self) -> impl Iterator<Item = &text::Word> {
        self.model_forms
            .words()
            .chain(self.generation_words.iter())
            .map(|w| &**w)
    }

    pub fn model_ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.generations.iter().map(|g| g.model_id)
    }
}

/// A scored row of a candidate model, with what ordering the rows needs at hand
/// (reaching into each row costs more than the comparisons).
struct Ranked<'a> {
    scored: Scored,
    model: &'a CandidateModel,
    /// Of the row in its model.
    index: usize,
    model_id: i64,
    popularity: i16,
    has_pattern: bool,
}

impl<'a> Ranked<'a> {
    fn row(&self) -> &'a ModelRow {
        &self.model.rows[self.index]
    }

    /// Best first; a tie goes to the tenant's pattern, then to the more common model,
    /// then to the catalogue, then to the older row (a workshop's own models are
    /// numbered down from -1).
    fn order(&self, other: &Ranked) -> std::cmp::Ordering {
        let age = |id: i64| (id < 0, id.unsigned_abs());
        other
            .scored
            .score
            .total_cmp(&self.scored.score)
            .then(other.has_pattern.cmp(&self.has_pattern))
            .then(other.popularity.cmp(&self.popularity))
            .then(age(self.model_id).cmp(&age(other.model_id)))
    }

    /// Rows of one brand and model name.
    fn same_model(&self, other: &Ranked) -> bool {
        std::ptr::eq(self.model, other.model)
    }
}

/// Scores the candidates' rows, best first, and decides what the chatbot should do;
/// `available`: the rows the tenant has a pattern for, sorted.
#[doc(hidden)]
pub fn rank_candidates(
    query: &Query,
    models: &[&CandidateModel],
    available: &[i64],
    limit: usize,
) -> SearchResult {
    ScoredRows::new(query, models).rank(available, limit)
}

/// The candidates' rows that match the query, scored: all the comparing, which
/// needs nothing from the database.
struct ScoredRows<'a> {
    ranked: Vec<Ranked<'a>>,
}

impl<'a> ScoredRows<'a> {
    fn new(query: &Query, models: &[&'a CandidateModel]) -> ScoredRows<'a> {
        let mut ranked: Vec<Ranked> = Vec::with_capacity(models.iter().map(|m| m.rows.len()).sum());
        // A thread's memo keeps its tables' room from one query to the next.
        thread_local! {
            static MEMO: RefCell<rank::QueryMemo> = RefCell::default();
        }
        let mut memo = MEMO.take();
        memo.clear();
        for model in models {
            let names = rank::match_names(query, &model.brand_forms, &model.model_forms, &mut memo);
            for (index, generation) in model.generations.iter().enumerate() {
                let scored = rank::score(
                    query,
                    &names,
                    generation,
                    &model.generation_words,
                    &mut memo,
                );
                if scored.model > 0.0 || scored.brand > 0.0 {
                    ranked.push(Ranked {
                        scored,
                        model,
                        index,
                        model_id: generation.model_id,
                        popularity: generation.row_popularity,
                        has_pattern: false,
                    });
                }
            }
        }
        MEMO.set(memo);
        ScoredRows { ranked }
    }

    /// The best `limit` rows and the decision; `available`: the rows the tenant has
    /// a pattern for, sorted.
    fn rank(self, available: &[i64], limit: usize) -> SearchResult {
        let mut ranked = self.ranked;
        for r in &mut ranked {
            r.has_pattern = available.binary_search(&r.model_id).is_ok();
        }
        let mut shown = best_first(&ranked, limit.max(1), Ranked::order);
        let best = <[usize]>::first(&shown).map(|&i| &ranked[i]);
        let rival = best.and_then(|best| {
            ranked
                .iter()
                .filter(|r| !r.same_model(best))
                .min_by(|a, b| a.order(b))
        });
        let mut decision = decide(best, rival);
        if let (Decision::Confident, Some(best)) = (decision, best) {
            // Rows of one model (its generations: a workshop's variants are patterns,
            // not rows) differ in score only by what names their generation: an equal
            // score is a tie the customer must settle.
            let mut tied: Vec<usize> = (0..ranked.len())
                .filter(|&i| {
                    ranked[i].same_model(best) && ranked[i].scored.score == best.scored.score
                })
                .collect();
            if tied.len() > 1 {
                decision = Decision::WhichGeneration;
                // Oldest first; a row known only by its last year (`до 2014`) by that.
                tied.sort_by_key(|&i| {
                    let row = ranked[i].row();
                    let start = row.year_from.or(row.year_to);
                    (start.is_none(), start, row.year_to, row.model_id)
                });
                shown = tied;
            }
        }
        if decision == Decision::WhichOfThese && best.is_some_and(|b| names_brand_only(&b.scored)) {
            // The brand alone: one row per model (its best), the most common first.
            let mut per_model: HashMap<&str, Ranked> = HashMap::new();
            for r in ranked {
                match per_model.entry(&r.row().model) {
                    Entry::Occupied(mut kept) if r.order(kept.get()).is_lt() => {
                        kept.insert(r);
                    }
                    Entry::Occupied(_) => {}
                    Entry::Vacant(slot) => {
                        slot.insert(r);
                    }
                }
            }
            ranked = per_model.into_values().collect();
            shown = best_first(&ranked, limit, Ranked::order);
        }
        let hits = shown
            .into_iter()
            .take(limit)
            .map(|i| {
                let hit = &ranked[i];
                let r = hit.row();
                ModelMatch {
                    model_id: ModelId::new(r.model_id),
                    brand: r.brand.clone(),
                    model: r.model.clone(),
                    name_ru: r.name_ru.clone(),
                    generation: r.generation.clone(),
                    year_from: r.year_from,
                    year_to: r.year_to,
                    body_type: r.body_type.clone(),
                    body_type_name: r
                        .body_type_ru
                        .as_deref()
                        .map(|ru| LocalName::new(ru, r.body_type_ky.as_deref().unwrap_or(""))),
                    score: (hit.scored.score * 100.0).round() / 100.0,
                    decision,
                    pattern_available: hit.has_pattern,
                }
            })
            .collect();
        SearchResult { decision, hits }
    }
}

/// The positions of the first `limit` rows in `order`, in that order: one pass, as
/// the rows are many and the shown few.
fn best_first<T>(
    ranked: &[T],
    limit: usize,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<usize> {
    // A caller's limit may be any number (a customer's); the rows bound the room.
    let mut best: Vec<usize> = Vec::with_capacity(limit.min(ranked.len()) + 1);
    for (i, row) in ranked.iter().enumerate() {
        let beats = |&kept: &usize| order(row, &ranked[kept]).is_lt();
        if best.len() < limit || best.last().is_some_and(beats) {
            let at = best.partition_point(|kept| !beats(kept));
            best.insert(at, i);
            best.truncate(limit);
        }
    }
    best
}

/// Neither the model nor a generation named: the brand alone (or nothing).
fn names_brand_only(scored: &Scored) -> bool {
    scored.model == 0.0 && scored.generation == 0.0
}

/// `best`: the best row; `rival`: the best row of another model.
fn decide(best: Option<&Ranked>, rival: Option<&Ranked>) -> Decision {
    let Some(best) = best.map(|b| &b.scored) else {
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
    if rival.is_some_and(|r| best.score - r.scored.score < TIE) {
        return Decision::WhichOfThese;
    }
    if best.score >= CONFIDENT {
        Decision::Confident
    } else {
        Decision::DidYouMean
    }
}

/// Every word of the spellings, its skeleton and its English reading in Cyrillic, once
/// each: an operator's pg_trgm query finds `Succeed` as `саксид`.
fn document<'s>(spellings: impl Iterator<Item = &'s String>) -> String {
    let mut parts: Vec<String> = Vec::new();
    for spelling in spellings {
        for word in text::words(spelling) {
            let reading = phonetic::english_reading(&word.normal);
            for part in [word.normal, word.skeleton].into_iter().chain(reading) {
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
    model: String,
    #[diesel(sql_type = Array<Text>)]
    spellings: Vec<String>,
}

/// Rebuilds the search documents of these models (brand id and model name; all
/// models when `None`) and of their brands. Returns how many documents changed.
#[doc(hidden)]
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
    // Each model's spellings, sorted so that an unchanged model gets the same document.
    let mut by_model: BTreeMap<(i64, String), Vec<String>> = BTreeMap::new();
    for source in sources {
        let spellings = by_model.entry((source.brand_id, source.model)).or_default();
        spellings.extend(source.spellings.into_iter().filter(|s| !s.is_empty()));
    }
    let mut brand_ids: Vec<i64> = by_model.keys().map(|(brand, _)| *brand).collect();
    brand_ids.dedup(); // The keys are in brand order.
    let brand_spellings: Vec<(i64, String, String, Vec<String>)> = brands::table
        .filter(brands::id.eq_any(&brand_ids))
        .select((brands::id, brands::name, brands::name_ru, brands::aliases))
        .load(conn)
        .await?;
    // One document per model (its own spellings) and one per brand (model name ''):
    // short documents keep the candidates precise.
    let mut brands = Vec::with_capacity(by_model.len() + brand_spellings.len());
    let mut models = Vec::with_capacity(brands.capacity());
    let mut docs = Vec::with_capacity(brands.capacity());
    for (id, name, name_ru, aliases) in &brand_spellings {
        brands.push(*id);
        models.push(String::new());
        docs.push(document([name, name_ru].into_iter().chain(aliases)));
    }
    for ((brand_id, model), mut spellings) in by_model {
        spellings.sort_unstable();
        spellings.dedup();
        docs.push(document(std::iter::once(&model).chain(&spellings)));
        brands.push(brand_id);
        models.push(model);
    }
    let changed = diesel::sql_query(include_str!("upsert_docs.sql"))
        .bind::<Array<BigInt>, _>(brands)
        .bind::<Array<Text>, _>(models)
        .bind::<Array<Text>, _>(docs)
        .execute(conn)
        .await?;
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn best_first_picks_what_a_full_sort_puts_first() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        for _ in 0..2_000 {
            // Few distinct scores, so ties are common; the position breaks them, as
            // the model id does for rows.
            let len = rng.random_range(0..40);
            let scores: Vec<(u8, usize)> = (0..len).map(|i| (rng.random_range(0..6), i)).collect();
            let limit = rng.random_range(0..8);
            let order = |a: &(u8, usize), b: &(u8, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
            let mut sorted = scores.clone();
            sorted.sort_by(order);
            let expected: Vec<usize> = sorted.iter().take(limit).map(|s| s.1).collect();
            assert_eq!(best_first(&scores, limit, order), expected, "{scores:?}");
        }
    }

    #[test]
    fn any_limit_is_safe() {
        let rows = [3, 1, 2];
        for limit in [usize::MAX, 1 << 62, 1_000_000_000_000] {
            assert_eq!(best_first(&rows, limit, |a, b| a.cmp(b)), [1, 2, 0]);
        }
    }
}
