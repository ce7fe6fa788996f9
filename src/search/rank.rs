//! The re-ranker: scores each candidate generation word by word against the query,
//! in the manner of typo-tolerant search engines (a typo budget by word length,
//! numbers and codes exact, the last word may be a prefix).

use strsim::osa_distance;

use super::text::{Word, typo_budget, words};

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

/// A spelling of a name, as words (`land cruiser prado`).
pub type Form = Vec<Word>;

pub fn forms<'a>(spellings: impl IntoIterator<Item = &'a str>) -> Vec<Form> {
    let mut out: Vec<Form> = Vec::new();
    for spelling in spellings {
        let form = words(spelling);
        if !form.is_empty() && !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

/// One candidate row (a generation, or a supplier's model row) with what names it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub brand_forms: Vec<Form>,
    pub model_forms: Vec<Form>,
    /// Generation codes (own and linked catalogue ones), e.g. `xv70`.
    pub codes: Vec<Word>,
    /// Generation aliases: `70`, `сотка`.
    pub generation_aliases: Vec<Word>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
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

/// The query's words that can name a car (filler words dropped).
pub fn query_words(query: &str) -> Vec<Word> {
    words(query)
        .into_iter()
        .filter(|w| !FILLER.contains(&w.normal.as_str()))
        .collect()
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
    let budget = typo_budget(
        query
            .skeleton
            .chars()
            .count()
            .min(name.skeleton.chars().count()),
    );
    let distance = osa_distance(&query.skeleton, &name.skeleton)
        .min(osa_distance(&query.normal, &name.normal));
    let mut best: f64 = if distance <= budget {
        1.0 - 0.2 * distance as f64
    } else {
        0.0
    };
    if last && query.skeleton.chars().count() >= 3 && name.skeleton.starts_with(&query.skeleton) {
        best = best.max(0.7);
    }
    best
}

/// Matches a form's words to unused query words (a word may also match two query
/// words written apart: `рав 4` for `rav4`). Returns coverage and the words used.
fn match_form(form: &Form, query: &[Word], used: &[bool]) -> (f64, Vec<usize>) {
    let mut taken = used.to_vec();
    let mut total = 0.0;
    let mut picked = Vec::new();
    for name in form {
        let mut best: Option<(f64, Vec<usize>)> = None;
        for i in 0..query.len() {
            if taken[i] {
                continue;
            }
            let last = i + 1 == query.len();
            let single = similarity(&query[i], name, last);
            if single > 0.0 && best.as_ref().is_none_or(|(s, _)| single > *s) {
                best = Some((single, vec![i]));
            }
            if i + 1 < query.len() && !taken[i + 1] {
                let joined = Word::new(&format!("{}{}", query[i].normal, query[i + 1].normal));
                let pair = similarity(&joined, name, i + 2 == query.len());
                if pair > 0.0 && best.as_ref().is_none_or(|(s, _)| pair > *s) {
                    best = Some((pair, vec![i, i + 1]));
                }
            }
        }
        if let Some((s, indices)) = best {
            total += s;
            for i in &indices {
                taken[*i] = true;
            }
            picked.extend(indices);
        }
    }
    (total / form.len().max(1) as f64, picked)
}

/// The spelling that best explains the query: its coverage as the model (×3) plus
/// the query words it accounts for (each would otherwise cost 0.6 as unexplained).
fn best_form(forms: &[Form], query: &[Word], used: &[bool]) -> (f64, Vec<usize>) {
    let value = |(coverage, picked): &(f64, Vec<usize>)| 3.0 * coverage + 0.6 * picked.len() as f64;
    let mut best = (0.0, Vec::new());
    for form in forms {
        let candidate = match_form(form, query, used);
        if value(&candidate) > value(&best) {
            best = candidate;
        }
    }
    best
}

const ROMAN: [&str; 10] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];

/// Whether a word names this generation: its code, the code's number (`70` for
/// `XV70`), a Roman numeral (`4` for `IV`), an alias (`сотка`) or a year it covers.
fn names_generation(word: &Word, candidate: &Candidate) -> bool {
    let code_match = candidate.codes.iter().any(|code| {
        let digits: String = code
            .skeleton
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect();
        code.skeleton == word.skeleton
            || code.normal.split(' ').any(|part| part == word.normal)
            || (word.is_number()
                && !digits.is_empty()
                && code.skeleton.ends_with(&word.normal)
                && digits == word.normal)
            || (word.is_number()
                && word.normal.parse::<usize>().is_ok_and(|n| {
                    (1..=10).contains(&n) && code.normal.split(' ').next() == Some(ROMAN[n - 1])
                }))
    });
    let alias_match = candidate
        .generation_aliases
        .iter()
        .any(|a| a.normal == word.normal || (!word.is_code && a.skeleton == word.skeleton));
    let year_match = word.is_number()
        && word.normal.len() == 4
        && word.normal.parse::<i32>().is_ok_and(|year| {
            candidate.year_from.is_some_and(|from| from <= year)
                && candidate.year_to.is_none_or(|to| year <= to)
        });
    code_match || alias_match || year_match
}

/// Scores a candidate: 3·model + brand + 1.5·generation − 0.6 per unexplained word,
/// plus a little popularity. Model and brand are matched in both orders.
pub fn score(query: &[Word], candidate: &Candidate) -> Scored {
    let none = vec![false; query.len()];
    let mut best = Scored::default();
    for model_first in [true, false] {
        let mut used = none.clone();
        let (model, brand);
        if model_first {
            let (m, picked) = best_form(&candidate.model_forms, query, &used);
            picked.iter().for_each(|i| used[*i] = true);
            let (b, picked) = best_form(&candidate.brand_forms, query, &used);
            picked.iter().for_each(|i| used[*i] = true);
            (model, brand) = (m, b);
        } else {
            let (b, picked) = best_form(&candidate.brand_forms, query, &used);
            picked.iter().for_each(|i| used[*i] = true);
            let (m, picked) = best_form(&candidate.model_forms, query, &used);
            picked.iter().for_each(|i| used[*i] = true);
            (model, brand) = (m, b);
        }
        let mut generation: f64 = 0.0;
        for (i, word) in query.iter().enumerate() {
            if !used[i] && names_generation(word, candidate) {
                used[i] = true;
                generation = 1.0;
            }
        }
        let unexplained = used.iter().filter(|u| !**u).count() as f64;
        let total = 3.0 * model + brand + 1.5 * generation - 0.6 * unexplained
            + 0.02 * f64::from(candidate.popularity);
        if total > best.score || best == Scored::default() {
            best = Scored {
                score: total,
                model,
                brand,
                generation,
            };
        }
    }
    best
}
