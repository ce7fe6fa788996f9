//! The candidate index: every model row, held in memory by each process, with a
//! document per model and per brand made of every form of their names' words (the
//! ranker's own, see [`super::text::Word`]), a trigram posting list per form, and
//! consonant keys and code readings matched whole. Picking candidates here takes
//! microseconds where a trigram KNN and the rows' query took milliseconds of server
//! time per message (see `examples/bench_search.rs`); the database then only answers
//! the tenant's pattern flags.
//!
//! The search data's version (the sum of `search_version`'s counters, one per writer,
//! bumped by triggers whenever a statement changes brands, body types, models or
//! documents) comes back with every search, so a process notices an import made by
//! another one and reloads.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{Arc, RwLock};

use diesel::QueryableByName;
use diesel::sql_types::BigInt;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::rank::{Lexicon, Query};
use super::text::{Shape, Word, number_at, typo_budget, typos_within};
use super::{CandidateModel, ModelRow, parent_spellings};
use crate::error::Result;

/// A document word must share at least this much with a query word to count...
const MIN_SIMILARITY: f32 = 0.4;
/// ...or be within the query word's typo budget (a transposition breaks two or three
/// trigrams of a short word: `pruis`, `prius`), and then counts this much.
const TYPO_SIMILARITY: f32 = 0.5;

/// One search document: a model (brand id and model name) or a brand (empty name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocKey {
    pub brand_id: i64,
    pub model_name: String,
}

/// A distinct word of the documents (a token) in a trigram's posting list: its id
/// and, in the low byte, how many trigrams it has, so that counting the trigrams a
/// query word shares with the hundreds of tokens it touches reads nothing else.
#[derive(Clone, Copy)]
struct Posting(u32);

impl Posting {
    /// Tokens an index can hold: the id has the upper three bytes.
    const MAX_TOKENS: usize = 1 << 24;

    fn new(token: u32, trigrams: usize) -> Posting {
        // A word of over 255 trigrams is no car name; its count saturates.
        Posting(token << 8 | trigrams.min(255) as u32)
    }

    fn token(self) -> u32 {
        self.0 >> 8
    }

    fn trigrams(self) -> u8 {
        self.0 as u8
    }
}

/// What only the typo test reads of a token.
struct TokenText {
    text: String,
    shape: Shape,
}

/// A document word with the query word's consonant key counts this much (unless the
/// key is too common to tell anything), and one that reads as the same short code
/// (`chr` for `схр`) this much.
const KEY_SIMILARITY: f32 = 0.5;
const MAX_KEY_DOCS: usize = 64;
const LETTERS_SIMILARITY: f32 = 0.9;

/// A document's score for a query, and the document.
type Scored = (f32, u32);

/// How many brands' documents a query's candidates take at most, and how well the
/// query must name one (a typo's share alone does not).
const BRANDS: usize = 3;
const MIN_BRAND_SCORE: f32 = 0.8;

/// How many of a brand's models stand for it when a query names only the brand.
const MODELS_PER_BRAND: usize = 10;

pub struct CandidateIndex {
    /// The `search_version` the data was read at; -1 before the first load.
    pub version: i64,
    docs: Vec<DocKey>,
    /// Per document, its model (none for a brand's document).
    doc_models: Vec<Option<CandidateModel>>,
    /// Per brand, the documents of its most common models, most common first.
    brand_models: HashMap<i64, Vec<u32>>,
    /// Forms matched only whole, and their documents: the Latin readings of short codes
    /// written in Cyrillic (`crv` for `срв`), and consonant keys (hashed).
    exact: HashMap<String, Vec<u32>>,
    key_docs: HashMap<u64, Vec<u32>>,
    /// Per token, its documents: a range of `token_docs`.
    token_doc_ranges: Vec<Range<u32>>,
    token_docs: Vec<u32>,
    token_texts: Vec<TokenText>,
    /// Per trigram, its tokens: a range of `postings`.
    by_trigram: HashMap<u64, Range<u32>>,
    postings: Vec<Posting>,
    /// The ids of the tokens that start with each letter, by letter: tokens are
    /// numbered in text order, so a token's first letter needs no read of it.
    first_letters: Vec<(char, Range<u32>)>,
}

/// The trigrams of a word as pg_trgm forms them (two spaces before, one after), each
/// packed into a number, without repeats.
fn trigrams(word: &str) -> Vec<u64> {
    let padded: Vec<char> = "  ".chars().chain(word.chars()).chain([' ']).collect();
    let mut out: Vec<u64> = padded
        .windows(3)
        .map(|w| trigram([w[0], w[1], w[2]]))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Adds a document to a form's list once (a document's words come together).
fn add_doc(docs: &mut Vec<u32>, doc: u32) {
    if docs.last() != Some(&doc) {
        docs.push(doc);
    }
}

/// Three chars packed into a number.
fn trigram(chars: [char; 3]) -> u64 {
    (chars[0] as u64) << 42 | (chars[1] as u64) << 21 | chars[2] as u64
}

impl CandidateIndex {
    pub fn empty() -> CandidateIndex {
        CandidateIndex::build(-1, Vec::new(), None)
    }

    /// The first row of a brand's model, by its normalized name.
    pub fn model_row(&self, brand_id: i64, normalized_name: &str) -> Option<&ModelRow> {
        let start = self.docs.partition_point(|d| d.brand_id < brand_id);
        self.docs[start..]
            .iter()
            .zip(&self.doc_models[start..])
            .take_while(|(d, _)| d.brand_id == brand_id)
            .filter_map(|(_, model)| model.as_ref())
            .map(|model| &model.rows[0])
            .find(|row| super::text::normalize(&row.model) == normalized_name)
    }

    /// The index of these model rows: a document per model (brand and model name: all
    /// its rows) and one per brand, holding every form of their names' words.
    /// `catalogue`: for a workshop's own models, the shared index, whose models may be
    /// their parents (`Corolla` of a supplier's `Corolla Fielder`).
    pub fn build(
        version: i64,
        models: Vec<ModelRow>,
        catalogue: Option<&CandidateIndex>,
    ) -> CandidateIndex {
        let mut by_model: BTreeMap<(i64, String), Vec<ModelRow>> = BTreeMap::new();
        for row in models {
            by_model
                .entry((row.brand_id, row.model.clone()))
                .or_default()
                .push(row);
        }
        let parents = parent_spellings(&by_model, |brand_id, name| {
            catalogue.and_then(|c| c.model_row(brand_id, name))
        });
        let mut brand_forms = HashMap::new();
        let mut lexicon = Lexicon::default();
        let mut docs: Vec<DocKey> = Vec::new();
        let mut doc_models: Vec<Option<CandidateModel>> = Vec::new();
        for ((brand_id, name), rows) in by_model {
            // A brand's document comes before its models' (they are in brand order).
            if docs.last().is_none_or(|d| d.brand_id != brand_id) {
                docs.push(DocKey {
                    brand_id,
                    model_name: String::new(),
                });
                doc_models.push(None);
            }
            let brand = brand_forms
                .entry(brand_id)
                .or_insert_with(|| CandidateModel::brand_forms(&rows[0], &mut lexicon))
                .clone();
            let inherited = parents
                .get(&(brand_id, name.clone()))
                .cloned()
                .unwrap_or_default();
            docs.push(DocKey {
                brand_id,
                model_name: name,
            });
            doc_models.push(Some(CandidateModel::new(
                rows,
                brand,
                &inherited,
                &mut lexicon,
            )));
        }
        // Each distinct form of a word and its documents, numbered in text order: the
        // forms of one first letter are then one range of ids (see `first_letters`).
        let mut words: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        let mut exact: HashMap<String, Vec<u32>> = HashMap::new();
        let mut key_docs: HashMap<u64, Vec<u32>> = HashMap::new();
        for (doc, model) in doc_models.iter().enumerate() {
            let doc = doc as u32;
            let doc_words: Vec<&Word> = match model {
                Some(model) => model.words().collect(),
                None => {
                    let brand_id = docs[doc as usize].brand_id;
                    brand_forms[&brand_id].words().map(|w| &**w).collect()
                }
            };
            for word in doc_words {
                for form in [&word.normal, &word.skeleton] {
                    add_doc(words.entry(form.as_str()).or_default(), doc);
                }
                for form in word.other_readings() {
                    add_doc(exact.entry(form.clone()).or_default(), doc);
                }
                for &key in word.keys.iter().filter(|&&k| k != 0) {
                    add_doc(key_docs.entry(key).or_default(), doc);
                }
            }
        }
        assert!(
            words.len() < Posting::MAX_TOKENS,
            "the search documents hold {} distinct words; the index takes up to {}",
            words.len(),
            Posting::MAX_TOKENS
        );
        let mut token_doc_ranges: Vec<Range<u32>> = Vec::with_capacity(words.len());
        let mut token_docs: Vec<u32> = Vec::new();
        let mut token_texts: Vec<TokenText> = Vec::with_capacity(words.len());
        let mut trigram_postings: HashMap<u64, Vec<Posting>> = HashMap::new();
        let mut first_letters: Vec<(char, Range<u32>)> = Vec::new();
        for (id, (word, word_docs)) in (0u32..).zip(words) {
            let grams = trigrams(word);
            for gram in &grams {
                let posting = Posting::new(id, grams.len());
                trigram_postings.entry(*gram).or_default().push(posting);
            }
            let start = token_docs.len() as u32;
            token_docs.extend(word_docs);
            token_doc_ranges.push(start..token_docs.len() as u32);
            token_texts.push(TokenText {
                text: word.to_owned(),
                shape: Shape::of(word),
            });
            let first = word.chars().next().expect("words are not empty");
            match first_letters.last_mut() {
                Some((letter, ids)) if *letter == first => ids.end = id + 1,
                _ => first_letters.push((first, id..id + 1)),
            }
        }
        // Every posting list in one block.
        let mut postings: Vec<Posting> = Vec::new();
        let by_trigram: HashMap<u64, Range<u32>> = trigram_postings
            .into_iter()
            .map(|(gram, list)| {
                let start = postings.len() as u32;
                postings.extend(list);
                (gram, start..postings.len() as u32)
            })
            .collect();
        let mut brand_models: HashMap<i64, Vec<u32>> = HashMap::new();
        for (doc, model) in doc_models.iter().enumerate() {
            if model.is_some() {
                let brand_id = docs[doc].brand_id;
                brand_models.entry(brand_id).or_default().push(doc as u32);
            }
        }
        for list in brand_models.values_mut() {
            // Documents come in name order, so equal popularity keeps names in order.
            list.sort_by_key(|&doc| {
                std::cmp::Reverse(doc_models[doc as usize].as_ref().map(|m| m.popularity()))
            });
            list.truncate(MODELS_PER_BRAND);
        }
        CandidateIndex {
            version,
            docs,
            doc_models,
            brand_models,
            exact,
            key_docs,
            token_doc_ranges,
            token_docs,
            token_texts,
            by_trigram,
            postings,
            first_letters,
        }
    }

    /// The query's words with each code no name holds split into its letters and its
    /// number (`лк100` is `лк 100`; a `gx460` some name holds is kept). A single letter
    /// and its number stay one word (`b3` is a generation code, not `b` and `3`: a lone
    /// letter would read as a letter of any name). `also`: a workshop's own index,
    /// whose names count too.
    pub fn split_unknown_codes(
        &self,
        words: Vec<Word>,
        also: Option<&CandidateIndex>,
    ) -> Vec<Word> {
        let mut out = Vec::with_capacity(words.len());
        for word in words {
            match number_at(&word.normal) {
                Some(at)
                    if word.normal[..at].chars().count() > 1
                        && !self.knows(&word)
                        && !also.is_some_and(|o| o.knows(&word)) =>
                {
                    out.push(Word::new(&word.normal[..at]));
                    out.push(Word::new(&word.normal[at..]));
                }
                _ => out.push(word),
            }
        }
        out.truncate(super::rank::MAX_QUERY_WORDS);
        out
    }

    /// The id of a document word, if the documents hold it (tokens are in text order).
    fn token(&self, text: &str) -> Option<u32> {
        self.token_texts
            .binary_search_by(|t| t.text.as_str().cmp(text))
            .ok()
            .map(|id| id as u32)
    }

    /// Whether a word is one of the documents' words as written, or a code's reading
    /// (a glued `gx460` that some name holds is not split).
    pub fn knows(&self, word: &Word) -> bool {
        [&word.normal, &word.skeleton]
            .into_iter()
            .chain(&word.letters)
            .any(|form| self.token(form).is_some() || self.exact.contains_key(form.as_str()))
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The models of the `limit` documents that best cover the query, in no particular
    /// order; a brand's document stands for its most common models.
    pub fn candidates(&self, query: &Query, limit: usize) -> Vec<&CandidateModel> {
        let mut docs: Vec<u32> = Vec::new();
        // A short word and its neighbour count written together too (`ай 30` as `ай30`,
        // `рав 4`, `wagon r`): what customers split that names write as one.
        let pairs: Vec<&Word> = query.joined.iter().flatten().collect();
        for doc in self.best_documents(&query.words, &pairs, limit) {
            let key = &self.docs[doc as usize];
            let expanded = if key.model_name.is_empty() {
                self.brand_models
                    .get(&key.brand_id)
                    .map_or(&[][..], Vec::as_slice)
            } else {
                std::slice::from_ref(&doc)
            };
            docs.extend_from_slice(expanded);
        }
        // The ranking does not depend on the candidates' order.
        docs.sort_unstable();
        docs.dedup();
        docs.iter()
            .filter_map(|&doc| self.doc_models[doc as usize].as_ref())
            .collect()
    }

    /// The `limit` documents that best cover the query, in no particular order. Each
    /// query word adds its best similarity to a word of the document (by shared
    /// trigrams, counting both how alike the words are and how much of the query word
    /// the document word holds, so a prefix the customer is still typing counts).
    fn best_documents(&self, words: &[Word], pairs: &[&Word], limit: usize) -> Vec<u32> {
        SCRATCH.with_borrow_mut(|scratch| {
            scratch.fit(self.token_texts.len(), self.docs.len());
            let mut touched_docs: Vec<u32> = Vec::new();
            // A pair is matched by its skeleton alone: names written together are
            // codes and short words, whose skeleton is their written form in Latin.
            let words = words
                .iter()
                .map(|w| (w, false))
                .chain(pairs.iter().map(|&w| (w, true)));
            for (word, pair) in words {
                if !pair {
                    self.match_word(word, &word.normal, word.normal_shape, scratch);
                }
                if pair || word.skeleton != word.normal {
                    self.match_word(word, &word.skeleton, word.skeleton_shape, scratch);
                }
                // Another script's reading is found through the consonant keys (a key
                // most documents share tells nothing, and is skipped) and short codes
                // through their letters' readings.
                let keys = word.keys.iter().filter(|&&k| k != 0).filter_map(|k| {
                    let docs = self.key_docs.get(k).map_or(&[][..], Vec::as_slice);
                    (docs.len() <= MAX_KEY_DOCS).then_some((docs, KEY_SIMILARITY))
                });
                let readings = word.other_readings().map(|r| {
                    let exact = self.exact.get(r).map_or(&[][..], Vec::as_slice);
                    let token = self.token(r).map_or(&[][..], |id| {
                        let range = &self.token_doc_ranges[id as usize];
                        &self.token_docs[range.start as usize..range.end as usize]
                    });
                    (exact, token)
                });
                let readings =
                    readings.flat_map(|(a, b)| [(a, LETTERS_SIMILARITY), (b, LETTERS_SIMILARITY)]);
                for (docs, similarity) in keys.chain(readings) {
                    for &doc in docs {
                        let best = &mut scratch.tallies[doc as usize].word_best;
                        if *best == 0.0 {
                            scratch.word_docs.push(doc);
                        }
                        *best = best.max(similarity);
                    }
                }
                for doc in scratch.word_docs.drain(..) {
                    let tally = &mut scratch.tallies[doc as usize];
                    if tally.score == 0.0 {
                        touched_docs.push(doc);
                    }
                    tally.score += std::mem::take(&mut tally.word_best);
                }
            }
            // A model's document has none of its brand's words: a query naming both
            // (`бмв 1`) adds its brand document's score to the model's.
            let brand_scores: Vec<(i64, f32)> = touched_docs
                .iter()
                .filter(|&&doc| self.doc_models[doc as usize].is_none())
                .map(|&doc| {
                    (
                        self.docs[doc as usize].brand_id,
                        scratch.tallies[doc as usize].score,
                    )
                })
                .collect();
            if !brand_scores.is_empty() {
                for &doc in &touched_docs {
                    let brand_id = self.docs[doc as usize].brand_id;
                    let is_model = self.doc_models[doc as usize].is_some();
                    if let Some((_, score)) = brand_scores.iter().find(|(b, _)| *b == brand_id)
                        && is_model
                    {
                        scratch.tallies[doc as usize].score += score;
                    }
                }
            }
            // Scores beside their documents: the selection then compares in place.
            // Brands are picked apart (a few, each standing for its models), so that
            // a brand is not crowded out by models that share a bare number with the
            // query (`zeekr 1`).
            let (mut brands, mut best): (Vec<Scored>, Vec<Scored>) = touched_docs
                .iter()
                .map(|&doc| {
                    (
                        std::mem::take(&mut scratch.tallies[doc as usize].score),
                        doc,
                    )
                })
                .partition(|(_, doc)| self.doc_models[*doc as usize].is_none());
            brands.retain(|(score, _)| *score >= MIN_BRAND_SCORE);
            let by_score = |a: &Scored, b: &Scored| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
            for (list, keep) in [(&mut best, limit), (&mut brands, BRANDS)] {
                if list.len() > keep {
                    list.select_nth_unstable_by(keep, by_score);
                    list.truncate(keep);
                }
            }
            best.into_iter().chain(brands).map(|(_, doc)| doc).collect()
        })
    }

    /// Raises the `word_best` tally of each document to how well one of its words
    /// matches `form` (a form of the query word `word`, of shape `shape`).
    fn match_word(&self, word: &Word, form: &str, shape: Shape, scratch: &mut Scratch) {
        let grams = trigrams(form);
        // The leading trigram (`  c`) has the longest posting lists and alone never
        // makes a match: skip its list and count it below, as the first letter.
        let first = form.chars().next();
        let lead = first.map(|c| trigram([' ', ' ', c]));
        let same_first = first
            .and_then(|c| {
                let found = self
                    .first_letters
                    .binary_search_by_key(&c, |(letter, _)| *letter);
                found.ok().map(|i| self.first_letters[i].1.clone())
            })
            .unwrap_or_default();
        let mut touched_tokens = std::mem::take(&mut scratch.touched_tokens);
        for gram in grams.iter().filter(|g| Some(**g) != lead) {
            let postings = self.by_trigram.get(gram).cloned().unwrap_or_default();
            for &posting in &self.postings[postings.start as usize..postings.end as usize] {
                let shared = &mut scratch.shared[posting.token() as usize];
                if *shared == 0 {
                    touched_tokens.push(posting);
                }
                *shared = shared.saturating_add(1);
            }
        }
        let budget = if word.is_code {
            0
        } else {
            typo_budget(shape.chars())
        };
        for posting in touched_tokens.drain(..) {
            let id = posting.token();
            let common = u16::from(std::mem::take(&mut scratch.shared[id as usize]))
                + u16::from(same_first.contains(&id));
            // One shared trigram scores at most 0.375, under MIN_SIMILARITY, and too
            // little for the typo test.
            if common < 2 {
                continue;
            }
            let (common, own, query) = (
                f32::from(common),
                f32::from(posting.trigrams()),
                grams.len() as f32,
            );
            let alike = common / (query + own - common);
            let held = common / query;
            let mut similarity = (alike + held) / 2.0;
            if similarity < MIN_SIMILARITY {
                // Within the typo budget? Cheap necessary tests first.
                let text = &self.token_texts[id as usize];
                let maybe = budget > 0 && text.shape.may_be_within(shape, budget);
                if !maybe || typos_within(form, &text.text, budget).is_none() {
                    continue;
                }
                similarity = TYPO_SIMILARITY;
            }
            let docs = &self.token_doc_ranges[id as usize];
            for &doc in &self.token_docs[docs.start as usize..docs.end as usize] {
                let best = &mut scratch.tallies[doc as usize].word_best;
                if *best == 0.0 {
                    scratch.word_docs.push(doc);
                }
                *best = best.max(similarity);
            }
        }
        scratch.touched_tokens = touched_tokens;
    }
}

/// Working space of [`CandidateIndex::best_documents`], one per thread and reused,
/// so a search allocates nothing in proportion to the catalogue. Every entry is
/// zero between searches.
#[derive(Default)]
struct Scratch {
    /// Per token: trigrams shared with the query word form being matched (a byte
    /// keeps the array small; a word of over 255 trigrams is no car name)...
    shared: Vec<u8>,
    /// ...and the tokens that share any.
    touched_tokens: Vec<Posting>,
    /// Per document, its tally...
    tallies: Vec<DocTally>,
    /// ...and the documents with a `word_best`.
    word_docs: Vec<u32>,
}

/// A document's similarities to the query, side by side: a search reads both.
#[derive(Clone, Copy, Default)]
struct DocTally {
    /// The best to the query word being matched...
    word_best: f32,
    /// ...and the sum over the query words so far.
    score: f32,
}

impl Scratch {
    fn fit(&mut self, tokens: usize, docs: usize) {
        if self.shared.len() != tokens || self.tallies.len() != docs {
            *self = Scratch {
                shared: vec![0; tokens],
                touched_tokens: Vec::new(),
                tallies: vec![DocTally::default(); docs],
                word_docs: Vec::new(),
            };
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// A catalogue row and the search data's version, read by the same statement.
#[derive(QueryableByName)]
struct CatalogueRow {
    #[diesel(sql_type = BigInt)]
    data_version: i64,
    #[diesel(embed)]
    row: ModelRow,
}

/// Reads the version and every model row in one statement, so in one snapshot (no
/// transaction of its own: it may run inside a reply's).
pub async fn load(conn: &mut AsyncPgConnection) -> Result<CandidateIndex> {
    let rows: Vec<CatalogueRow> = diesel::sql_query(include_str!("model_rows.sql"))
        .load(conn)
        .await?;
    // An empty catalogue has no row to carry the version: one that no search
    // matches, so the next search looks again.
    let version = rows.as_slice().first().map_or(-1, |r| r.data_version);
    let mut models: Vec<ModelRow> = rows.into_iter().map(|r| r.row).collect();
    // A document's rows in id order (the index groups them by document itself).
    models.sort_unstable_by_key(|m| m.model_id);
    Ok(CandidateIndex::build(version, models, None))
}

/// The version of a workshop's own models, as `search_pattern_flags` returns it:
/// its last import run's id and how many it has. Every change to them is an import
/// (which records a run) or an adoption (which removes one), and a workshop's
/// imports and adoptions take turns on its row, so the pair only repeats unchanged.
pub type OwnVersion = Vec<i64>;

/// The index of one workshop's own models (built from its rows, under its tenant).
pub struct OwnIndex {
    pub version: OwnVersion,
    /// The shared index's version it was built with (its models' parents are there).
    pub catalogue_version: i64,
    pub index: Arc<CandidateIndex>,
}

/// Reads a workshop's own models' version, then its rows (a change between the two
/// is seen as a new version on the next search, never missed), in a transaction
/// with the tenant set.
pub async fn load_own(
    conn: &mut AsyncPgConnection,
    tenant: i64,
    catalogue: &CandidateIndex,
) -> Result<OwnIndex> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Array<BigInt>)]
        version: Vec<i64>,
    }
    // The version as the search's statement computes it, from that statement.
    let version: Row = diesel::sql_query(
        "SELECT own_version AS version FROM search_pattern_flags($1, '{}', NULL)",
    )
    .bind::<BigInt, _>(tenant)
    .get_result(conn)
    .await?;
    let mut models: Vec<ModelRow> = diesel::sql_query(include_str!("own_model_rows.sql"))
        .bind::<BigInt, _>(tenant)
        .load(conn)
        .await?;
    models.sort_unstable_by_key(|m| m.model_id);
    Ok(OwnIndex {
        version: version.version,
        catalogue_version: catalogue.version,
        index: Arc::new(CandidateIndex::build(-1, models, Some(catalogue))),
    })
}

/// The process's current index, shared by every clone of a [`crate::Db`], and the
/// workshops' own indexes it has loaded.
pub struct SharedIndex {
    current: RwLock<Arc<CandidateIndex>>,
    /// One reload at a time; the others wait for it rather than repeat it.
    reloading: tokio::sync::Mutex<()>,
    own: RwLock<HashMap<i64, Arc<OwnIndex>>>,
}

impl Default for SharedIndex {
    fn default() -> Self {
        SharedIndex {
            current: RwLock::new(Arc::new(CandidateIndex::empty())),
            reloading: tokio::sync::Mutex::new(()),
            own: RwLock::default(),
        }
    }
}

impl SharedIndex {
    /// The workshop's own index as last loaded, if it was.
    pub fn own(&self, tenant: i64) -> Option<Arc<OwnIndex>> {
        self.own
            .read()
            .expect("index lock poisoned")
            .get(&tenant)
            .cloned()
    }

    /// Keeps a workshop's freshly loaded own index.
    pub fn set_own(&self, tenant: i64, index: OwnIndex) -> Arc<OwnIndex> {
        let index = Arc::new(index);
        self.own
            .write()
            .expect("index lock poisoned")
            .insert(tenant, index.clone());
        index
    }

    pub fn current(&self) -> Arc<CandidateIndex> {
        self.current.read().expect("index lock poisoned").clone()
    }

    /// The index, reloaded unless it is at `version` (another caller may have
    /// reloaded it meanwhile). Versions are compared for equality, so a database
    /// restored to an older state is also picked up.
    pub async fn reload_unless(
        &self,
        conn: &mut AsyncPgConnection,
        version: i64,
    ) -> Result<Arc<CandidateIndex>> {
        let _reloading = self.reloading.lock().await;
        let current = self.current();
        if current.version == version {
            return Ok(current);
        }
        self.replace(conn).await
    }

    /// Loads the index now (a pool's warm-up), so the first search does not.
    pub async fn load_now(&self, conn: &mut AsyncPgConnection) -> Result<()> {
        let _reloading = self.reloading.lock().await;
        self.replace(conn).await?;
        Ok(())
    }

    async fn replace(&self, conn: &mut AsyncPgConnection) -> Result<Arc<CandidateIndex>> {
        let fresh = Arc::new(load(conn).await?);
        tracing::info!(
            version = fresh.version,
            documents = fresh.len(),
            "loaded the search documents"
        );
        *self.current.write().expect("index lock poisoned") = fresh.clone();
        Ok(fresh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, brand_id: i64, model: &str, popularity: i16) -> ModelRow {
        ModelRow {
            model_id: id,
            brand_id,
            brand: format!("Brand{brand_id}"),
            brand_ru: String::new(),
            brand_aliases: Vec::new(),
            model: model.into(),
            name_ru: None,
            aliases: Vec::new(),
            generation: None,
            generation_aliases: Vec::new(),
            year_from: None,
            year_to: None,
            body_type: None,
            body_type_ru: None,
            body_type_ky: None,
            popularity,
        }
    }

    /// An index of one model per brand, each with these spellings (the first is the
    /// name, the rest aliases), and the model's ids.
    fn index(models: &[&[&str]]) -> CandidateIndex {
        let rows = models
            .iter()
            .enumerate()
            .map(|(i, spellings)| {
                let mut r = row(i as i64, 100 + i as i64, spellings[0], 0);
                r.aliases = spellings[1..].iter().map(|s| s.to_string()).collect();
                r
            })
            .collect();
        CandidateIndex::build(1, rows, None)
    }

    /// The models of the two best model documents for the query.
    fn best(index: &CandidateIndex, query: &str) -> Vec<i64> {
        let query = Query::new(super::super::text::words(query));
        let mut found: Vec<i64> = index
            .best_documents(&query.words, &[], 2)
            .into_iter()
            .filter_map(|doc| index.doc_models[doc as usize].as_ref())
            .flat_map(|m| m.model_ids())
            .collect();
        found.sort();
        found
    }

    #[test]
    fn trigrams_are_padded_like_pg_trgm() {
        assert_eq!(trigrams("ab").len(), 3); // "  a", " ab", "ab "
        assert_eq!(trigrams("aaaa").len(), 4); // "  a", " aa", "aaa" (twice), "aa "
    }

    #[test]
    fn documents_covering_more_query_words_come_first() {
        let index = index(&[
            &["camry", "xv70 70"],
            &["corolla", "karola"],
            &["camry solara"],
        ]);
        assert_eq!(best(&index, "camry 70"), vec![0, 2]);
        assert_eq!(best(&index, "karolla"), vec![1]);
        // A prefix of the last word still finds its document.
        assert_eq!(best(&index, "coro"), vec![1]);
        assert!(best(&index, "шины").is_empty());
    }

    #[test]
    fn a_transposition_still_finds_its_document() {
        // `pruis` shares only two trigrams with `prius`, but is one typo away.
        let index = index(&[&["prius"], &["pride"], &["corolla"]]);
        assert_eq!(best(&index, "pruis")[0], 0);
    }

    #[test]
    fn other_scripts_consonants_and_code_readings_find_their_documents() {
        let index = index(&[
            &["Succeed"],
            &["Serena"],
            &["Sienna"],
            &["C-HR"],
            &["Probox"],
        ]);
        assert_eq!(best(&index, "саксид"), vec![0]);
        assert!(best(&index, "сирена").contains(&1));
        assert_eq!(best(&index, "схр"), vec![3]);
        assert_eq!(best(&index, "пробокс"), vec![4]);
    }

    #[test]
    fn the_brand_alone_stands_for_its_most_common_models() {
        let mut models = Vec::new();
        for i in 0..12 {
            let name = format!("Model{i:02}");
            // Two rows of one model share its document.
            models.push(row(2 * i, 7, &name, i as i16));
            models.push(row(2 * i + 1, 7, &name, 0));
        }
        for r in &mut models {
            r.brand = "Toyota".into();
            r.brand_ru = "Тойота".into();
        }
        let index = CandidateIndex::build(1, models, None);
        let query = Query::new(super::super::text::words("тойота"));
        let mut found: Vec<Vec<i64>> = index
            .candidates(&query, 30)
            .iter()
            .map(|m| m.model_ids().collect())
            .collect();
        found.sort();
        let expected: Vec<Vec<i64>> = (2..12).map(|i| vec![2 * i, 2 * i + 1]).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_code_no_name_holds_is_split() {
        let index = index(&[&["GX 460"], &["Land Cruiser", "lc"]]);
        let split = |text: &str| -> Vec<String> {
            index
                .split_unknown_codes(super::super::text::words(text), None)
                .into_iter()
                .map(|w| w.normal)
                .collect()
        };
        // `gx460` is a spelling of `GX 460` written together; `лк100` is no name's.
        assert_eq!(split("gx460"), ["gx460"]);
        assert_eq!(split("лк100"), ["лк", "100"]);
        assert_eq!(split("камри70"), ["камри", "70"]);
    }
}
