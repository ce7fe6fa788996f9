//! The re-ranker: scores each candidate generation word by word against the query,
//! in the manner of typo-tolerant search engines (a typo budget by word length,
//! numbers and codes exact, the last word may be a prefix).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::Arc;

use super::text::{Word, typo_budget, typos_within, word_texts};

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
    /// Every word of every spelling.
    pub fn words(&self) -> impl Iterator<Item = &NameWord> {
        self.words.iter().flatten()
    }

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
            let spelt: Vec<NameWord> = word_texts(spelling)
                .iter()
                .map(|text| self.word(text))
                .collect();
            let glued = glued(&spelt).map(|texts| texts.iter().map(|t| self.word(t)).collect());
            for form in [Some(spelt), glued].into_iter().flatten() {
                if !form.is_empty() && !distinct.contains(&form) {
                    distinct.push(form);
                }
            }
        }
        let words = distinct
            .into_iter()
            .flat_map(|form| form.into_iter().map(Some).chain([None]))
            .collect();
        Forms { words }
    }
}

/// A name with short parts written apart, written together as customers also do:
/// `CR-V` as `crv`, `Wagon R` as `wagonr`, `GX 460` as `gx460`. Parts are joined when
/// one is one or two letters, or letters before a number, in one script.
fn glued(spelt: &[NameWord]) -> Option<Vec<String>> {
    let joins = |a: &str, b: &Word| {
        let short = |w: &str| w.chars().count() <= 2 && !w.chars().all(|c| c.is_ascii_digit());
        let code =
            a.chars().count() <= 3 && !a.contains(|c: char| c.is_ascii_digit()) && b.is_number();
        let same_script = a.is_ascii() == b.normal.is_ascii();
        same_script && (short(a) || short(&b.normal) || code) && a.len() + b.normal.len() <= 12
    };
    let mut out: Vec<String> = Vec::with_capacity(spelt.len());
    for word in spelt {
        match out.last_mut() {
            Some(last) if joins(last, word) => last.push_str(&word.normal),
            _ => out.push(word.normal.clone()),
        }
    }
    (out.len() < spelt.len()).then_some(out)
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
    word_texts(query)
        .iter()
        .filter(|text| !FILLER.contains(&text.as_str()))
        .take(MAX_QUERY_WORDS)
        .map(|text| Word::new(text))
        .collect()
}

/// A query ready for scoring: its words, and each two neighbours written together
/// (`рав 4` as `рав4`), worked out once for all candidates.
pub struct Query {
    pub words: Vec<Word>,
    /// Each word and the next written together, when one of them is short enough for
    /// customers to split what a name writes as one (`рав 4`, `ай 30`, `wagon r`).
    pub joined: Vec<Option<Word>>,
    /// The words that could be years (four digits), with their positions.
    years: Vec<(usize, i32)>,
    /// The words written in digits.
    numbers: WordSet,
}

impl Query {
    pub fn new(words: Vec<Word>) -> Query {
        let joined = words
            .windows(2)
            .map(|w| (w[0].is_short() || w[1].is_short()).then(|| Word::glued(&w[0], &w[1])))
            .collect();
        let years = words
            .iter()
            .enumerate()
            .filter(|(_, word)| word.normal.len() == 4)
            .filter_map(|(i, word)| Some((i, i32::try_from(word.number?).ok()?)))
            .collect();
        let numbers = (0..words.len())
            .filter(|&i| words[i].is_number())
            .fold(0, |set, i| set | only(i));
        Query {
            words,
            joined,
            years,
            numbers,
        }
    }
}

/// A bare number for the model whose name holds it in a short code (`ауди 8` for
/// `A8`): less than a word, as the number may as well be a generation's.
const NUMBER_IN_CODE: f64 = 0.6;

/// Similarity of a query word to a name word: 1 for the same word, less for the same
/// sound in another script, a typo within the budget or a prefix of the last query
/// word, 0 otherwise.
fn similarity(query: &Word, name: &Word, last: bool) -> f64 {
    if let (Some(a), Some(b)) = (query.number, name.number) {
        // `1` and `001`, `5` and `пятерка`.
        return match (a == b, query.same_normal(name)) {
            (true, true) => 1.0,
            (true, false) => 0.9,
            (false, _) => 0.0,
        };
    }
    if query.is_code || name.is_code {
        return if query.same_skeleton(name) {
            1.0
        } else if shares(&query.letters, &name.letters) {
            0.95
        } else if query.is_number()
            && name.code_number.is_some()
            && query.number == name.code_number
        {
            NUMBER_IN_CODE
        } else {
            0.0
        };
    }
    if query.same_normal(name) {
        return 1.0;
    }
    // The same sound in another script: nearly as good, so an exact spelling wins a tie.
    if query.same_skeleton(name) {
        return 0.95;
    }
    if query.sounds_like(name) || name.sounds_like(query) {
        return 0.9;
    }
    // A short code written in the other script (`нх` for `NX`, `схр` for `C-HR`).
    if shares(&query.letters, &name.letters) && (query.normal.is_ascii() || name.normal.is_ascii())
    {
        return 0.9;
    }
    let (q_len, n_len) = (query.skeleton_shape.chars(), name.skeleton_shape.chars());
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
        by_skeleton => {
            let spoken = [
                (
                    query.spoken.as_ref().zip(query.spoken_shape),
                    Some((&name.skeleton, name.skeleton_shape)),
                ),
                (
                    Some((&query.skeleton, query.skeleton_shape)),
                    name.spoken.as_ref().zip(name.spoken_shape),
                ),
            ]
            .into_iter()
            .filter_map(|(a, b)| {
                let ((a, a_shape), (b, b_shape)) = (a?, b?);
                let budget = typo_budget(a_shape.chars().min(b_shape.chars()));
                a_shape
                    .may_be_within(b_shape, budget)
                    .then(|| typos_within(a, b, budget))
                    .flatten()
            });
            by_skeleton
                .into_iter()
                .chain(within(false))
                .chain(spoken)
                .min()
        }
    };
    let mut best = distance.map_or(0.0, |d| 1.0 - 0.2 * d as f64);
    // The same consonants, the vowels spelt another way: a little more than the typo
    // it may also be (`сирена` is one typo from both `serena` and `sienna`, and has
    // Serena's consonants), a little less alone (`веса` has `vitz`'s). Two short words
    // have too few consonants to tell apart (`ср` and `серии`).
    let (q_chars, n_chars) = (query.normal_shape.chars(), name.normal_shape.chars());
    let long_enough = q_chars.min(n_chars) >= 3 && q_chars.max(n_chars) >= 4;
    if long_enough && query.shares_key(name) {
        best = if distance == Some(1) {
            0.85
        } else {
            best.max(0.75)
        };
    }
    if last && q_len >= 3 && name.skeleton.starts_with(&query.skeleton) {
        best = best.max(0.7);
    }
    best
}

/// Whether two short lists have an element in common.
fn shares(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| b.contains(x))
}

/// A set of query words, by position (a query keeps at most [`MAX_QUERY_WORDS`]).
type WordSet = u64;

/// The set of just the `i`-th query word.
fn only(i: usize) -> WordSet {
    1 << i
}

/// What a name word left unnamed costs its spelling's coverage: less than a typo
/// (customers give the first words of `Corolla Fielder` or `Corona Premio`), so an
/// exact word of a longer name beats a misspelt shorter one, and a query that names
/// only the parent (`королла`) still prefers the parent.
const UNNAMED_WORD: f64 = 0.13;

/// How a spelling explains the query: its coverage (the mean similarity of the name
/// words matched, less [`UNNAMED_WORD`] for each one not), the query words it used,
/// and whether they were all numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct FormMatch {
    coverage: f64,
    used: WordSet,
    numbers_only: bool,
}

/// Matches a form's words to unused query words (a word may also match two query
/// words written apart: `рав 4` for `rav4`).
fn match_form(
    form: &[Option<NameWord>],
    query: &Query,
    used: WordSet,
    memo: &mut QueryMemo,
) -> FormMatch {
    let n = query.words.len();
    let mut taken = used;
    let mut total = 0.0;
    let mut named = 0;
    let mut unnamed = 0;
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
        match best {
            Some((s, matched)) => {
                total += s;
                named += 1;
                taken |= matched;
            }
            None => unnamed += 1,
        }
    }
    let picked = taken & !used;
    let coverage = if named == 0 {
        0.0
    } else {
        (total / f64::from(named) - UNNAMED_WORD * f64::from(unnamed)).max(0.0)
    };
    FormMatch {
        coverage,
        used: picked,
        numbers_only: picked != 0 && picked & !query.numbers == 0,
    }
}

/// The spelling that best explains the query: its coverage as the model (×3) plus
/// the query words it accounts for (each would otherwise cost 0.6 as unexplained).
fn best_form(forms: &Forms, query: &Query, used: WordSet, memo: &mut QueryMemo) -> FormMatch {
    let value = |m: &FormMatch| 3.0 * m.coverage + 0.6 * f64::from(m.used.count_ones());
    let (mut best, mut best_value) = (FormMatch::default(), 0.0);
    for form in forms.iter() {
        let candidate = match_form(form, query, used, memo);
        let candidate_value = value(&candidate);
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
    /// The model was named only by numbers (`100`, `2107`).
    numbers_only: bool,
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
    brands: Vec<((usize, WordSet), FormMatch)>,
    /// The query words that each generation word names: as a code, as an alias, and
    /// as the whole code (`w124`, not just `124`).
    generation_words: HashMap<usize, Naming, BuildHasherDefault<AddressHasher>>,
}

impl QueryMemo {
    /// Forgets everything, keeping the room (for the next query).
    pub fn clear(&mut self) {
        self.rows.clear();
        self.similarities.clear();
        self.brands.clear();
        self.generation_words.clear();
    }

    fn naming(&mut self, query: &Query, name: &NameWord) -> Naming {
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
                Naming {
                    code: set(names_by_code),
                    alias: set(names_by_alias),
                    whole_code: set(names_by_whole_code),
                }
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
                    // No word after the last to pair with.
                    let pair = match query.joined.get(i) {
                        Some(Some(joined)) => similarity(joined, name, i + 2 == n),
                        _ => 0.0,
                    };
                    self.similarities.push(pair);
                }
                start
            });
        &self.similarities[start..start + 2 * n]
    }
}

/// The query words a generation word names, by kind.
#[derive(Clone, Copy)]
struct Naming {
    code: WordSet,
    alias: WordSet,
    whole_code: WordSet,
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
        let found = known.unwrap_or_else(|| {
            let found = best_form(brand_forms, query, *used, memo);
            memo.brands.push((key, found));
            found
        });
        *used |= found.used;
        found.coverage
    };
    let model = best_form(model_forms, query, 0, memo);
    let mut used = model.used;
    let brand = take_brand(&mut used, memo);
    let model_first = NameMatch {
        model: model.coverage,
        brand,
        used,
        numbers_only: model.numbers_only,
    };
    let mut used = 0;
    let brand = take_brand(&mut used, memo);
    let brand_first = if used & model.used == 0 {
        // The brand took none of the model's words: the model matches as in the first
        // order (each of its words picks the same query word, still free).
        NameMatch {
            model: model.coverage,
            brand,
            used: used | model.used,
            numbers_only: model.numbers_only,
        }
    } else {
        let model = best_form(model_forms, query, used, memo);
        NameMatch {
            model: model.coverage,
            brand,
            used: used | model.used,
            numbers_only: model.numbers_only,
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

/// Whether a word is a generation's whole code or code-like alias, letters and digits
/// (`w124`, `е39`, `gx460`): enough to name the model too.
fn names_by_whole_code(word: &Word, code: &Word) -> bool {
    word.is_code
        && !word.is_number()
        && (code.skeleton == word.skeleton || word.letters.iter().any(|r| code.letters.contains(r)))
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
    let mut whole_code: WordSet = 0;
    for code in of(&generation.codes) {
        let named = memo.naming(query, code);
        naming |= named.code;
        whole_code |= named.whole_code;
    }
    for alias in of(&generation.aliases) {
        let named = memo.naming(query, alias);
        naming |= named.alias;
        whole_code |= named.whole_code;
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
        let mut model = name.model;
        if name.numbers_only && name.brand == 0.0 {
            // A bare number without the brand may be a year or a generation as well.
            model *= NUMBER_ONLY_MODEL;
        }
        if model == 0.0 && free & whole_code != 0 {
            // A chassis code alone (`w124`) names its model.
            model = CODE_AS_MODEL;
        }
        let generation_score = if free & naming != 0 { 1.0 } else { 0.0 };
        let unexplained = f64::from((free & !naming).count_ones());
        let total = 3.0 * model + name.brand + 1.5 * generation_score - 0.6 * unexplained
            + 0.02 * f64::from(generation.popularity);
        if best.is_none_or(|b| total > b.score) {
            best = Some(Scored {
                score: total,
                model,
                brand: name.brand,
                generation: generation_score,
            });
        }
    }
    best.expect("two matching orders")
}

/// A model named only by numbers, without its brand, counts this share.
const NUMBER_ONLY_MODEL: f64 = 0.8;
/// A generation's whole code alone counts as this much of its model's name: with the
/// generation it names, as much as the model's exact name and no more (`а8` is a
/// Skoda Octavia generation and an Audi model).
const CODE_AS_MODEL: f64 = 0.5;

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
        assert_eq!(matched.used, 0b11);
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
            let mut used = best_form(&brand, &query, 0, &mut memo).used;
            let model = best_form(&model, &query, used, &mut memo);
            used |= model.used;
            assert_eq!(
                (brand_first.model, brand_first.used),
                (model.coverage, used),
                "{text}"
            );
        }
    }
}
