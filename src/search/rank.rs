//! The re-ranker: scores each candidate generation word by word against the query,
//! in the manner of typo-tolerant search engines (a typo budget by word length,
//! numbers and codes exact, the last word may be a prefix).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::Arc;

use super::text::{Word, typo_budget, typos_within, words};

/// Words of a chat message that never name a car.
const FILLER: &[&str] = &[
    "у",
    "меня",
    "мне",
    "машина",
    "машину",
    "машины",
    "авто",
    "автомобиль",
    "год",
    "года",
    "г",
    "гг",
    "на",
    "для",
    "есть",
    "нужны",
    "нужен",
    "нужно",
    "коврики",
    "коврик",
    "ковры",
    "лекало",
    "а",
    "и",
    "с",
    "привет",
    "здравствуйте",
    "пожалуйста",
    "сколько",
    "стоит",
    "цена",
    "модель",
    "марка",
    "кузов",
    "my",
    "car",
    "for",
];

/// A word of a name. The candidate index shares equal words between its models, so
/// a query compares each one once (see [`QueryMemo`]).
pub type NameWord = Arc<Word>;

/// A name's distinct spellings (`land cruiser prado`, `прадо`) as shared words, in
/// one block of memory: a query reads the names of every candidate, and reaching
/// scattered blocks costs more than comparing them.
#[derive(Debug, Default)]
pub struct Forms {
    /// The spellings' words one after another, each spelling ended by `None`.
    words: Box<[Option<NameWord>]>,
}

impl Forms {
    /// Each spelling's words.
    fn iter(&self) -> impl Iterator<Item = &[Option<NameWord>]> {
        self.words
            .split(Option::is_none)
            .filter(|form| !form.is_empty())
    }
}

/// The words of the names, one shared copy of each.
#[derive(Default)]
pub struct Lexicon(HashMap<String, NameWord>);

impl Lexicon {
    /// `normal` (already a normal form) as a word shared with the other names.
    pub fn word(&mut self, normal: &str) -> NameWord {
        if let Some(shared) = self.0.get(normal) {
            return shared.clone();
        }
        self.share(Word::new(normal))
    }

    fn share(&mut self, word: Word) -> NameWord {
        let shared = self.0.entry(word.normal.clone());
        shared.or_insert_with(|| Arc::new(word)).clone()
    }

    /// The distinct spellings, as words shared with the other names.
    pub fn forms<'a>(&mut self, spellings: impl IntoIterator<Item = &'a str>) -> Forms {
        let mut distinct: Vec<Vec<NameWord>> = Vec::new();
        for spelling in spellings {
            let form: Vec<NameWord> = words(spelling)
                .into_iter()
                .map(|word| self.share(word))
                .collect();
            if !form.is_empty() && !distinct.contains(&form) {
                distinct.push(form);
            }
        }
        let words = distinct
            .into_iter()
            .flat_map(|form| form.into_iter().map(Some).chain([None]))
            .collect();
        Forms { words }
    }
}

/// What names one candidate row (a generation, or a supplier's model row) beyond its
/// model's names.
#[derive(Debug, Clone)]
pub struct Generation {
    /// The row's id and own popularity, which order the results.
    pub model_id: i64,
    pub row_popularity: i16,
    /// Generation codes (own and linked catalogue ones), e.g. `xv70`, and aliases:
    /// `70`, `сотка`; each a range of its model's generation words.
    pub codes: Range<u32>,
    pub aliases: Range<u32>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    /// The model's popularity (its most common row's).
    pub popularity: i16,
}

/// How well a candidate explains a query.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scored {
    pub score: f64,
    pub model: f64,
    pub brand: f64,
    pub generation: f64,
}

/// Words of a query kept for matching; a car is named in far fewer.
pub const MAX_QUERY_WORDS: usize = 32;

/// The query's words that can name a car (filler words dropped), at most
/// [`MAX_QUERY_WORDS`].
pub fn query_words(query: &str) -> Vec<Word> {
    words(query)
        .into_iter()
        .filter(|w| !FILLER.contains(&w.normal.as_str()))
        .take(MAX_QUERY_WORDS)
        .collect()
}

/// A query ready for scoring: its words, and each two neighbours written together
/// (`рав 4` as `рав4`), worked out once for all candidates.
pub struct Query {
    pub words: Vec<Word>,
    joined: Vec<Word>,
    /// The words that could be years (four digits), with their positions.
    years: Vec<(usize, i32)>,
}

impl Query {
    pub fn new(words: Vec<Word>) -> Query {
        let joined = words
            .windows(2)
            .map(|w| Word::new(&format!("{}{}", w[0].normal, w[1].normal)))
            .collect();
        let years = words
            .iter()
            .enumerate()
            .filter(|(_, word)| word.normal.len() == 4)
            .filter_map(|(i, word)| Some((i, i32::try_from(word.number?).ok()?)))
            .collect();
        Query {
            words,
            joined,
            years,
        }
    }
}

/// Similarity of a query word to a name word: 1 for the same word, less for a typo
/// within the budget or a prefix of the last query word, 0 otherwise.
fn similarity(query: &Word, name: &Word, last: bool) -> f64 {
    if query.is_code || name.is_code {
        return if query.skeleton == name.skeleton {
            1.0
        } else {
            0.0
        };
    }
    if query.normal == name.normal {
        return 1.0;
    }
    // The same sound in another script: nearly as good, so an exact spelling wins a tie.
    if query.skeleton == name.skeleton {
        return 0.95;
    }
    let (q_len, n_len) = (query.skeleton_shape.len, name.skeleton_shape.len);
    let budget = typo_budget(q_len.min(n_len));
    let within = |skeletons: bool| {
        let (a, b) = if skeletons {
            (&query.skeleton, &name.skeleton)
        } else {
            (&query.normal, &name.normal)
        };
        query
            .may_be_within(name, budget, skeletons)
            .then(|| typos_within(a, b, budget))
            .flatten()
    };
    // Both forms differ (equal ones returned above), so one typo is the least there is.
    let distance = match within(true) {
        Some(1) => Some(1),
        by_skeleton => by_skeleton.into_iter().chain(within(false)).min(),
    };
    let mut best = distance.map_or(0.0, |d| 1.0 - 0.2 * d as f64);
    if last && q_len >= 3 && name.skeleton.starts_with(&query.skeleton) {
        best = best.max(0.7);
    }
    best
}

/// A set of query words, by position (a query keeps at most [`MAX_QUERY_WORDS`]).
type WordSet = u64;

/// The set of just the `i`-th query word.
fn only(i: usize) -> WordSet {
    1 << i
}

/// Matches a form's words to unused query words (a word may also match two query
/// words written apart: `рав 4` for `rav4`). Returns coverage and the words used.
fn match_form(
    form: &[Option<NameWord>],
    query: &Query,
    used: WordSet,
    memo: &mut QueryMemo,
) -> (f64, WordSet) {
    let n = query.words.len();
    let mut taken = used;
    let mut total = 0.0;
    for name in form.iter().flatten() {
        let similarities = memo.similarities(query, name);
        let mut best: Option<(f64, WordSet)> = None;
        for i in 0..n {
            if taken & only(i) != 0 {
                continue;
            }
            let single = similarities[2 * i];
            if single > 0.0 && best.is_none_or(|(s, _)| single > s) {
                best = Some((single, only(i)));
            }
            if i + 1 < n && taken & only(i + 1) == 0 {
                let pair = similarities[2 * i + 1];
                if pair > 0.0 && best.is_none_or(|(s, _)| pair > s) {
                    best = Some((pair, only(i) | only(i + 1)));
                }
            }
        }
        if let Some((s, matched)) = best {
            total += s;
            taken |= matched;
        }
    }
    (total / form.len().max(1) as f64, taken & !used)
}

/// The spelling that best explains the query: its coverage as the model (×3) plus
/// the query words it accounts for (each would otherwise cost 0.6 as unexplained).
fn best_form(forms: &Forms, query: &Query, used: WordSet, memo: &mut QueryMemo) -> (f64, WordSet) {
    let value =
        |(coverage, picked): (f64, WordSet)| 3.0 * coverage + 0.6 * f64::from(picked.count_ones());
    let (mut best, mut best_value) = ((0.0, 0), 0.0);
    for form in forms.iter() {
        let candidate = match_form(form, query, used, memo);
        let candidate_value = value(candidate);
        if candidate_value > best_value {
            (best, best_value) = (candidate, candidate_value);
        }
    }
    best
}

/// How a model's and its brand's names explain a query, in one matching order.
#[derive(Debug, Clone)]
pub struct NameMatch {
    model: f64,
    brand: f64,
    used: WordSet,
}

/// What one query has already worked out, shared by all its candidates:
/// - each name word's similarity to every query word and pair, as
///   `[word 0, pair 0-1, word 1, pair 1-2, …]`, found by the shared word's address;
/// - brand matches: the models of a brand share one list of brand spellings, and a
///   query's candidates are often one brand's models. Keyed by that list's address
///   and the query words already used; a query meets few brands, so a list is quicker
///   than hashing.
#[derive(Default)]
pub struct QueryMemo {
    rows: HashMap<usize, usize, BuildHasherDefault<AddressHasher>>,
    similarities: Vec<f64>,
    brands: Vec<((usize, WordSet), (f64, WordSet))>,
    /// The query words that each generation word names, as a code and as an alias.
    generation_words: HashMap<usize, (WordSet, WordSet), BuildHasherDefault<AddressHasher>>,
}

impl QueryMemo {
    /// Forgets everything, keeping the room (for the next query).
    pub fn clear(&mut self) {
        self.rows.clear();
        self.similarities.clear();
        self.brands.clear();
        self.generation_words.clear();
    }

    fn naming(&mut self, query: &Query, name: &NameWord) -> (WordSet, WordSet) {
        *self
            .generation_words
            .entry(Arc::as_ptr(name) as usize)
            .or_insert_with(|| {
                let words = query.words.iter().enumerate();
                let set = |names: fn(&Word, &Word) -> bool| {
                    words
                        .clone()
                        .filter(|(_, word)| names(word, name))
                        .fold(0, |set, (i, _)| set | only(i))
                };
                (set(names_by_code), set(names_by_alias))
            })
    }

    fn similarities(&mut self, query: &Query, name: &NameWord) -> &[f64] {
        let n = query.words.len();
        let start = *self
            .rows
            .entry(Arc::as_ptr(name) as usize)
            .or_insert_with(|| {
                let start = self.similarities.len();
                for i in 0..n {
                    let last = i + 1 == n;
                    self.similarities
                        .push(similarity(&query.words[i], name, last));
                    let pair = if last {
                        0.0 // No word after the last to pair with.
                    } else {
                        similarity(&query.joined[i], name, i + 2 == n)
                    };
                    self.similarities.push(pair);
                }
                start
            });
        &self.similarities[start..start + 2 * n]
    }
}

/// Hashes an address: its bits mixed, as addresses share their low and high bits.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn write(&mut self, _: &[u8]) {
        unreachable!("only addresses are hashed")
    }

    fn write_usize(&mut self, address: usize) {
        let mixed = (address as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = mixed ^ (mixed >> 32);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Matches the names once per model, in both orders (model then brand, brand then
/// model); every generation of the model is then scored from these. `brand_forms`
/// must be the brand's shared list for the memo to apply.
pub fn match_names(
    query: &Query,
    brand_forms: &Forms,
    model_forms: &Forms,
    memo: &mut QueryMemo,
) -> [NameMatch; 2] {
    let take_brand = |used: &mut WordSet, memo: &mut QueryMemo| {
        let key = (std::ptr::from_ref(brand_forms) as usize, *used);
        let known = memo.brands.iter().find(|(k, _)| *k == key).map(|(_, m)| *m);
        let (coverage, picked) = known.unwrap_or_else(|| {
            let found = best_form(brand_forms, query, *used, memo);
            memo.brands.push((key, found));
            found
        });
        *used |= picked;
        coverage
    };
    let (model, model_words) = best_form(model_forms, query, 0, memo);
    let mut used = model_words;
    let brand = take_brand(&mut used, memo);
    let model_first = NameMatch { model, brand, used };
    let mut used = 0;
    let brand = take_brand(&mut used, memo);
    let brand_first = if used & model_words == 0 {
        // The brand took none of the model's words: the model matches as in the first
        // order (each of its words picks the same query word, still free).
        NameMatch {
            model,
            brand,
            used: used | model_words,
        }
    } else {
        let (model, picked) = best_form(model_forms, query, used, memo);
        NameMatch {
            model,
            brand,
            used: used | picked,
        }
    };
    [model_first, brand_first]
}

const ROMAN: [&str; 10] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];

/// Whether a word names a generation by its code: the code, the code's number
/// (`70` for `XV70`) or a Roman numeral (`4` for `IV`).
fn names_by_code(word: &Word, code: &Word) -> bool {
    let digits = code.skeleton.chars().filter(|c| c.is_ascii_digit());
    let roman = word.number.is_some_and(|n| {
        (1..=10).contains(&n) && code.normal.split(' ').next() == Some(ROMAN[n as usize - 1])
    });
    code.skeleton == word.skeleton
        || code.normal.split(' ').any(|part| part == word.normal)
        || (word.is_number()
            && code.skeleton.ends_with(&word.normal)
            && digits.eq(word.normal.chars()))
        || roman
}

/// Whether a word is a generation's alias (`сотка`).
fn names_by_alias(word: &Word, alias: &Word) -> bool {
    alias.normal == word.normal || (!word.is_code && alias.skeleton == word.skeleton)
}

/// Scores one row of a model: 3·model + brand + 1.5·generation − 0.6 per unexplained
/// word, plus a little popularity; the better of the two matching orders.
/// `words`: the generation words of the row's model.
pub fn score(
    query: &Query,
    names: &[NameMatch; 2],
    generation: &Generation,
    words: &[NameWord],
    memo: &mut QueryMemo,
) -> Scored {
    let of = |range: &Range<u32>| &words[range.start as usize..range.end as usize];
    // The words that name this generation (a code, an alias or a year it covers),
    // whichever order matched the names.
    let mut naming: WordSet = 0;
    for code in of(&generation.codes) {
        naming |= memo.naming(query, code).0;
    }
    for alias in of(&generation.aliases) {
        naming |= memo.naming(query, alias).1;
    }
    for &(i, year) in &query.years {
        if generation.year_from.is_some_and(|from| from <= year)
            && generation.year_to.is_none_or(|to| year <= to)
        {
            naming |= only(i);
        }
    }
    let all: WordSet = (1 << query.words.len()) - 1;
    let mut best: Option<Scored> = None;
    for name in names {
        let free = all & !name.used;
        let generation_score = if free & naming != 0 { 1.0 } else { 0.0 };
        let unexplained = f64::from((free & !naming).count_ones());
        let total = 3.0 * name.model + name.brand + 1.5 * generation_score - 0.6 * unexplained
            + 0.02 * f64::from(generation.popularity);
        if best.is_none_or(|b| total > b.score) {
            best = Some(Scored {
                score: total,
                model: name.model,
                brand: name.brand,
                generation: generation_score,
            });
        }
    }
    best.expect("two matching orders")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_words_of_different_names_are_one_shared_word() {
        let mut lexicon = Lexicon::default();
        let camry = lexicon.forms(["Camry", "Камри", "camry"]);
        let camry_hybrid = lexicon.forms(["Camry Hybrid"]);
        let spellings: Vec<Vec<&str>> = camry
            .iter()
            .map(|form| form.iter().flatten().map(|w| w.normal.as_str()).collect())
            .collect();
        // `camry` twice is one spelling.
        assert_eq!(spellings, [vec!["camry"], vec!["камри"]]);
        let first = |forms: &Forms| forms.iter().next().unwrap()[0].clone().unwrap();
        assert!(Arc::ptr_eq(&first(&camry), &first(&camry_hybrid)));
        assert!(Arc::ptr_eq(&first(&camry), &lexicon.word("camry")));
    }

    #[test]
    fn a_query_compares_each_shared_word_once() {
        let mut lexicon = Lexicon::default();
        let forms = lexicon.forms(["Camry", "Camry Hybrid"]);
        let query = Query::new(query_words("камри гибрид"));
        let mut memo = QueryMemo::default();
        let matched = best_form(&forms, &query, 0, &mut memo);
        // Both words of `Camry Hybrid` are explained; `camry` was compared once.
        assert_eq!(matched.1, 0b11);
        assert_eq!(memo.rows.len(), 2);
        assert_eq!(memo.similarities.len(), 2 * 2 * query.words.len());
    }

    #[test]
    fn the_brand_first_order_matches_the_model_as_if_worked_out_again() {
        let mut lexicon = Lexicon::default();
        let brand = lexicon.forms(["Toyota", "Тойота"]);
        let model = lexicon.forms(["Land Cruiser Prado", "Прадо", "Toyota Crown"]);
        for text in [
            "тойота прадо 150",
            "прадо тойота",
            "land cruiser тойота",
            "toyota crown",
            "тойота",
            "prado",
        ] {
            let query = Query::new(query_words(text));
            let mut memo = QueryMemo::default();
            let [_, brand_first] = match_names(&query, &brand, &model, &mut memo);
            let mut used = best_form(&brand, &query, 0, &mut memo).1;
            let (coverage, picked) = best_form(&model, &query, used, &mut memo);
            used |= picked;
            assert_eq!(
                (brand_first.model, brand_first.used),
                (coverage, used),
                "{text}"
            );
        }
    }
}
