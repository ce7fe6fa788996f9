//! Raw supplier rows -> clean rows: canonical brand, model matched to the reference
//! catalogue, years, body type and the flags of the description. A row that cannot
//! be understood is rejected with a reason; duplicate listings of one model merge.
//! Nothing is dropped silently: rows read = clean + merged + rejected.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::pipeline::extract::RawRow;
use crate::pipeline::refdata::{ReferenceData, VehicleRow};
use crate::search::phonetic::skeleton;
pub use crate::search::text::normalize;
use crate::search::text::{latin_lookalikes, typo_budget};

/// One model the supplier can make a pattern for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanRow {
    /// Source IDs of the supplier rows merged into this one, `|`-separated.
    pub source_ids: String,
    pub pages: String,
    /// Canonical brand, e.g. `Toyota`.
    pub brand: String,
    /// The catalogue's model name when matched, else the supplier's spelling.
    pub model: String,
    pub model_ru: Option<String>,
    /// The catalogue generation the row is, when its words or years name exactly one;
    /// for a model the catalogue has, a generation word it lacks (`B3` of a Passat).
    pub generation: Option<String>,
    /// The catalogue generations the row fits, `|`-separated: the one named, those its
    /// years overlap, or the model's only one. Empty for a row of review or of a model
    /// (or generation) the catalogue lacks.
    pub catalogue_generations: String,
    /// When the row fits the catalogue's model but names none of its generations (no
    /// years, no code): the generations it may be, `|`-separated, for review.
    #[serde(default)]
    pub review_generations: String,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub body_type: Option<String>,
    /// `right` or `left` hand drive, when the supplier says.
    pub steering: Option<String>,
    /// `with`, `without` or `middle`, when the supplier says.
    pub borders: Option<String>,
    pub three_rows: bool,
    pub hybrid: bool,
    /// Whether the model was found in the reference catalogue.
    pub matched: bool,
    /// The brand is not in the reference data: it is imported as the supplier spells it.
    #[serde(default)]
    pub new_brand: bool,
    pub supplier_brand: String,
    pub supplier_model: String,
    pub supplier_years: String,
    /// The supplier's descriptions, kept as written (`|` between merged rows).
    pub notes: String,
}

/// A row that could not be understood, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub page: u32,
    pub id: String,
    pub brand: String,
    pub model: String,
    pub years: String,
    pub description: String,
    pub reason: String,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CleanSummary {
    pub read: usize,
    pub clean: usize,
    pub merged: usize,
    pub rejected: usize,
    /// Brands the reference data lacks, as the supplier spells them, for review.
    pub new_brands: Vec<String>,
}

impl std::fmt::Display for CleanSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} rows read: {} clean, {} merged into duplicates, {} rejected",
            self.read, self.clean, self.merged, self.rejected
        )
    }
}

/// Whether `candidate` is `known` within the typo budget (spaces ignored, so `рав 4` = `рав4`).
fn close(candidate: &str, known: &str) -> Option<usize> {
    let a: String = candidate.chars().filter(|c| !c.is_whitespace()).collect();
    let b: String = known.chars().filter(|c| !c.is_whitespace()).collect();
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let distance = strsim::osa_distance(&a, &b);
    (distance <= typo_budget(a.chars().count().min(b.chars().count()))).then_some(distance)
}

/// The supplier's years: `2006-2011`, `2006 – 2011`, `с 2017`, `2014-н.в.`,
/// `2019-наст.вр.`, `2015-`,
/// `до 2003г`, `2010 г.`, `1999`, `-` or empty.
pub fn parse_years(text: &str) -> Result<(Option<i32>, Option<i32>), String> {
    let lower = text.to_lowercase().replace(['–', '—', '−'], "-");
    let t = lower.trim();
    if t.is_empty() || t.chars().all(|c| c == '-' || c.is_whitespace()) {
        return Ok((None, None));
    }
    let numbers: Vec<i32> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.len() == 4 {
                s.parse().unwrap_or(-1)
            } else {
                -1
            }
        })
        .collect();
    let year = |y: i32| {
        if (1900..=2100).contains(&y) {
            Ok(y)
        } else {
            Err(format!("cannot read the years `{text}`"))
        }
    };
    // Whatever surrounds the years must be one of the known words.
    let words: String = t.chars().filter(|c| !c.is_ascii_digit()).collect();
    let words = normalize(&words.replace(['-', '.'], " "));
    let known_words = [
        "г",
        "гг",
        "год",
        "года",
        "годы",
        "с",
        "от",
        "до",
        "по",
        "н",
        "в",
        "нв",
        "наст",
        "вр",
        "настоящее",
        "время",
        // Kyrgyz: `2017-жылдан` (since), `2006-жылга чейин` (until), `2010-ж.`.
        "жылдан",
        "жылга",
        "чейин",
        "жыл",
        "ж",
    ];
    if !words
        .split(' ')
        .all(|w| w.is_empty() || known_words.contains(&w))
    {
        return Err(format!("cannot read the years `{text}`"));
    }
    let open_end = t.contains("н.в") || t.contains("нв") || t.contains("наст") || t.ends_with('-');
    let since = t.starts_with('с') || t.starts_with("от") || t.contains("жылдан");
    let until = t.starts_with("до") || t.starts_with("по") || t.contains("чейин");
    match numbers.as_slice() {
        [from] if until => Ok((None, Some(year(*from)?))),
        [from] if since || open_end => Ok((Some(year(*from)?), None)),
        [single] => Ok((Some(year(*single)?), Some(year(*single)?))),
        [from, to] => {
            let (from, to) = (year(*from)?, year(*to)?);
            if from > to {
                return Err(format!("the years `{text}` run backwards"));
            }
            Ok((Some(from), Some(to)))
        }
        _ => Err(format!("cannot read the years `{text}`")),
    }
}

/// What a description says besides free text.
#[derive(Debug, Default, PartialEq, Eq)]
struct Flags {
    body_type: Option<String>,
    steering: Option<String>,
    borders: Option<String>,
    three_rows: bool,
    hybrid: bool,
    /// Words that may name a generation: `40` in `40 кузов`, codes like `XV40`, `J200`.
    generation_hints: Vec<String>,
}

fn read_description(description: &str, body_words: &[(String, String)]) -> Flags {
    let text = normalize(description);
    let words: Vec<&str> = text.split(' ').collect();
    let has = |phrase: &str| format!(" {text} ").contains(&format!(" {phrase} "));
    let mut flags = Flags {
        body_type: body_words
            .iter()
            .find(|(word, _)| words.contains(&word.as_str()))
            .map(|(_, code)| code.clone()),
        ..Flags::default()
    };
    flags.steering = if has("правый руль") {
        Some("right".into())
    } else if has("левый руль") {
        Some("left".into())
    } else {
        None
    };
    flags.borders = if has("с бортами") || has("с бортом") {
        Some("with".into())
    } else if has("без бортов") || has("без борта") {
        Some("without".into())
    } else if has("средний борт") {
        Some("middle".into())
    } else {
        None
    };
    flags.three_rows = has("3 ряда") || has("три ряда") || has("полный салон") || has("3 ряд");
    flags.hybrid = words
        .iter()
        .any(|w| w.starts_with("гибрид") || *w == "hybrid");
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        let previous = if i > 0 { words[i - 1] } else { "" };
        let is_code =
            word.chars().any(|c| c.is_ascii_digit()) && word.chars().any(|c| c.is_alphabetic());
        if next == "кузов" || previous == "кузов" || is_code {
            flags.generation_hints.push(latin_lookalikes(word));
        }
    }
    flags
}

/// Whether two model names agree on their numbers and short letter codes, which a typo
/// budget must not bridge: `A6` is not `A4`, `HR-V` is not `CR-V`, `E-класс` is not
/// `C-Class`, `Mark X` is not `Mark II`. Cyrillic look-alikes read as Latin.
fn same_codes(a: &str, b: &str) -> bool {
    let codes = |text: &str| {
        let mut digits = Vec::new();
        let mut letters = Vec::new();
        for token in text.split(' ').map(latin_lookalikes) {
            if token.chars().any(|c| c.is_ascii_digit()) {
                digits.extend(
                    token
                        .split(|c: char| !c.is_ascii_digit())
                        .filter(|d| !d.is_empty())
                        .map(str::to_owned),
                );
            } else if token.chars().count() <= 2 {
                letters.push(token);
            }
        }
        (digits, letters)
    };
    codes(a) == codes(b)
}

/// Whether a brand the reference data does not know looks like a brand name and not
/// junk (`-`, `см. выше`, `уточнять у менеджера`).
fn plausible_brand(text: &str) -> bool {
    const NOT_NAMES: [&str; 12] = [
        "уточнять",
        "уточнить",
        "менеджер",
        "менеджера",
        "см",
        "выше",
        "ниже",
        "нет",
        "итого",
        "всего",
        "разное",
        "прочее",
    ];
    let normalized = normalize(text);
    let words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
    normalized.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && (1..=3).contains(&words.len())
        && normalized.chars().count() <= 25
        && !words.iter().any(|w| NOT_NAMES.contains(w))
}

/// A catalogue model (all generations of one brand and model).
struct CatalogueModel<'r> {
    names: Vec<String>,
    generations: Vec<&'r VehicleRow>,
}

/// The reference data the cleaner matches against.
pub struct Cleaner<'r> {
    brands: Vec<(String, Vec<String>)>,
    models: HashMap<String, Vec<CatalogueModel<'r>>>,
    body_words: Vec<(String, String)>,
}

impl<'r> Cleaner<'r> {
    pub fn new(reference: &'r ReferenceData) -> Self {
        let brands = reference
            .brands()
            .into_iter()
            .map(|(name, ru, aliases)| {
                let mut spellings = vec![normalize(name), normalize(ru)];
                spellings.extend(aliases.iter().map(|a| normalize(a)));
                (name.to_owned(), spellings)
            })
            .collect();
        let mut models: HashMap<String, Vec<CatalogueModel>> = HashMap::new();
        for row in &reference.vehicles {
            let list = models.entry(row.brand.clone()).or_default();
            match list
                .iter_mut()
                .find(|m| m.generations[0].model == row.model)
            {
                Some(model) => model.generations.push(row),
                None => {
                    let mut names = vec![normalize(&row.model)];
                    names.extend(row.model_ru.iter().map(|n| normalize(n)));
                    names.extend(row.model_aliases.iter().map(|a| normalize(a)));
                    list.push(CatalogueModel {
                        names,
                        generations: vec![row],
                    });
                }
            }
        }
        let body_words = reference
            .body_types
            .iter()
            .flat_map(|b| {
                b.supplier_words
                    .iter()
                    .map(|w| (normalize(w), b.code.clone()))
            })
            .collect();
        Cleaner {
            brands,
            models,
            body_words,
        }
    }

    /// The canonical brand for a supplier's spelling, allowing a small typo.
    pub fn brand(&self, text: &str) -> Option<&str> {
        self.brand_and_typos(text).map(|(name, _)| name)
    }

    /// Whether the supplier's spelling sounds like one of the brand's (`черри`, `чери`).
    fn sounds_like(&self, brand: &str, text: &str) -> bool {
        let fold = |s: &str| skeleton(&s.replace(' ', ""));
        let wanted = fold(&normalize(text));
        self.brands
            .iter()
            .filter(|(name, _)| name == brand)
            .flat_map(|(_, spellings)| spellings)
            .any(|spelling| fold(spelling) == wanted)
    }

    /// [`Cleaner::brand`], and how many typos away the supplier's spelling is.
    fn brand_and_typos(&self, text: &str) -> Option<(&str, usize)> {
        let wanted = normalize(text);
        let mut best: Option<(usize, &str)> = None;
        for (name, spellings) in &self.brands {
            for spelling in spellings {
                if let Some(distance) = close(&wanted, spelling)
                    && best.is_none_or(|(d, _)| distance < d)
                {
                    best = Some((distance, name));
                }
            }
        }
        best.map(|(distance, name)| (name, distance))
    }

    /// The catalogue model named by the longest prefix of the supplier's words whose
    /// remaining words look like a generation (`Land Cruiser Prado 150`, `Камри 40`):
    /// numbers and codes, short words, or a one- or two-letter word only when it names
    /// one of the model's generations (`Mark X` is not `Mark` + `X`).
    fn model(&self, brand: &str, text: &str) -> Option<(&CatalogueModel<'r>, Vec<String>)> {
        let normalized = normalize(text);
        let words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
        let models = self.models.get(brand)?;
        for take in (1..=words.len()).rev() {
            let prefix = words[..take].join(" ");
            let rest: Vec<String> = words[take..].iter().map(|w| latin_lookalikes(w)).collect();
            let best = models
                .iter()
                .filter(|m| {
                    rest.iter().all(|w| {
                        w.chars().any(|c| c.is_ascii_digit())
                            || w.chars().count() == 3
                            || m.generations
                                .iter()
                                .any(|g| names_generation(g, std::slice::from_ref(w)))
                    })
                })
                .filter_map(|m| {
                    m.names
                        .iter()
                        .filter(|n| same_codes(&prefix, n))
                        .filter_map(|n| close(&prefix, n))
                        .min()
                        .map(|d| (d, m))
                })
                .min_by_key(|(d, _)| *d);
            if let Some((_, model)) = best {
                return Some((model, rest));
            }
        }
        None
    }

    /// Cleans one raw row, or says why it cannot be used.
    pub fn clean_row(&self, raw: &RawRow) -> Result<CleanRow, String> {
        let brand_text = raw.brand.trim();
        let model_text = raw.model.trim();
        let is_total = |t: &str| {
            let t = t.to_lowercase();
            t.starts_with("итого") || t.starts_with("всего")
        };
        if is_total(brand_text) || is_total(model_text) {
            return Err("a total line, not a model".into());
        }
        if normalize(brand_text).is_empty() {
            return Err("no brand".into());
        }
        if normalize(model_text).is_empty() {
            return Err("no model".into());
        }
        for (cell, text, most) in [
            ("ID", raw.id.as_str(), MAX_ID_CHARS),
            ("brand", brand_text, MAX_NAME_CHARS),
            ("model", model_text, MAX_NAME_CHARS),
            ("years", raw.years.as_str(), MAX_YEARS_CHARS),
            (
                "description",
                raw.description.as_str(),
                MAX_DESCRIPTION_CHARS,
            ),
        ] {
            let length = text.chars().count();
            if length > most {
                return Err(format!(
                    "the {cell} cell is {length} characters long (at most {most})"
                ));
            }
        }
        // New makes appear every year: a brand that reads like a name is imported as
        // spelled, and listed for review. So is one a letter away from a known brand
        // that neither sounds like it nor names one of its models (`Ливан S6 Pro` is
        // no Lifan; `Черри Бонус` is Chery).
        let known = match self.brand_and_typos(brand_text) {
            Some((name, 0)) => Some(name),
            Some((name, _)) => (self.sounds_like(name, brand_text)
                || self.model(name, model_text).is_some())
            .then_some(name),
            None => None,
        };
        let (brand, new_brand) = match known {
            Some(known) => (known.to_owned(), false),
            None if plausible_brand(brand_text) => (
                brand_text.split_whitespace().collect::<Vec<_>>().join(" "),
                true,
            ),
            None => return Err(format!("`{brand_text}` is not a brand name")),
        };
        let brand = brand.as_str();
        let (year_from, year_to) = parse_years(&raw.years)?;
        let flags = read_description(&raw.description, &self.body_words);
        let matched = self.model(brand, model_text);

        let mut row = CleanRow {
            source_ids: raw.id.clone(),
            pages: raw.page.to_string(),
            brand: brand.to_owned(),
            model: model_text.to_owned(),
            model_ru: None,
            generation: None,
            catalogue_generations: String::new(),
            review_generations: String::new(),
            year_from,
            year_to,
            body_type: flags.body_type.clone(),
            steering: flags.steering,
            borders: flags.borders,
            three_rows: flags.three_rows,
            hybrid: flags.hybrid,
            matched: matched.is_some(),
            new_brand,
            supplier_brand: raw.brand.clone(),
            supplier_model: raw.model.clone(),
            supplier_years: raw.years.clone(),
            notes: raw.description.clone(),
        };
        if model_text
            .chars()
            .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
        {
            row.model_ru = Some(model_text.to_owned());
        }
        let Some((model, rest)) = matched else {
            return Ok(row);
        };
        let first = model.generations[0];
        row.model = first.model.clone();
        row.model_ru = first.model_ru.clone();
        let resolved = resolve(&model.generations, &rest, &flags.generation_hints, &row);
        row.generation = resolved.generation;
        let codes = |generations: &[&VehicleRow]| {
            generations
                .iter()
                .filter_map(|g| g.gen_code.as_deref())
                .collect::<Vec<_>>()
                .join("|")
        };
        row.catalogue_generations = codes(&resolved.fits);
        row.review_generations = codes(&resolved.candidates);
        if row.body_type.is_none() {
            row.body_type = match resolved.fits.as_slice() {
                [one] => one.body.clone(),
                _ => first.body.clone(),
            };
        }
        Ok(row)
    }
}

/// Longest cells a row may have; a longer one is not a supplier's model but a
/// pasted text, and rejecting it keeps it out of every workshop's search.
pub const MAX_ID_CHARS: usize = 40;
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_YEARS_CHARS: usize = 40;
pub const MAX_DESCRIPTION_CHARS: usize = 1000;

/// Which of a catalogue model's generations a supplier row fits.
struct Resolved<'r> {
    /// The generation named, or the one the years overlap; else a generation word
    /// the catalogue lacks.
    generation: Option<String>,
    /// The generations the row fits.
    fits: Vec<&'r VehicleRow>,
    /// Nothing chose: the generations it may be (for review).
    candidates: Vec<&'r VehicleRow>,
}

/// The rules, in order (README, "One catalogue, many workshops"):
/// 1. words that name generations (`XV70`, `J150`, `150 кузов`, an alias): the one
///    named; of several named (`10 кузов`: XU10 and AL10), the one the years
///    overlap, else the row is for review;
/// 2. years: every generation they overlap (two when they span a change-over); none
///    overlapped is a generation the catalogue lacks (the workshop's own);
/// 3. no years: a generation word the catalogue lacks (`Passat B3`) is the workshop's
///    own; a model with one generation is that one; the body type may narrow the
///    generations to one; otherwise the row is for review, with its candidates.
fn resolve<'r>(
    generations: &[&'r VehicleRow],
    rest: &[String],
    description_hints: &[String],
    row: &CleanRow,
) -> Resolved<'r> {
    let hints: Vec<String> = rest.iter().chain(description_hints).cloned().collect();
    let named: Vec<&VehicleRow> = generations
        .iter()
        .copied()
        .filter(|g| names_generation(g, &hints))
        .collect();
    let code = |g: &VehicleRow| g.gen_code.clone();
    let resolved =
        |fits: Vec<&'r VehicleRow>, candidates: Vec<&'r VehicleRow>, generation| Resolved {
            generation,
            fits,
            candidates,
        };
    let has_years = row.year_from.is_some() || row.year_to.is_some();
    let overlapping = |list: &[&'r VehicleRow]| -> Vec<&'r VehicleRow> {
        list.iter()
            .copied()
            .filter(|g| years_overlap(g, row.year_from, row.year_to))
            .collect()
    };
    if let [_, _, ..] = named.as_slice() {
        // `10 кузов` names XU10 and AL10: the years choose.
        return match overlapping(&named).as_slice() {
            [one] if has_years => resolved(vec![*one], Vec::new(), code(one)),
            _ => resolved(Vec::new(), named, None),
        };
    }
    if let [one] = named.as_slice() {
        return resolved(vec![*one], Vec::new(), code(one));
    }
    // A generation word in the model's name that none of its generations answers to.
    let unknown_word = rest
        .iter()
        .find(|w| w.chars().any(|c| c.is_ascii_digit()))
        .map(|w| w.to_uppercase());
    let by_body = |list: Vec<&'r VehicleRow>| -> Vec<&'r VehicleRow> {
        let narrowed: Vec<&VehicleRow> = list
            .iter()
            .copied()
            .filter(|g| row.body_type.is_some() && g.body == row.body_type)
            .collect();
        if narrowed.is_empty() { list } else { narrowed }
    };
    if has_years {
        return match overlapping(generations).as_slice() {
            [] => resolved(Vec::new(), Vec::new(), unknown_word),
            [one] => resolved(vec![*one], Vec::new(), code(one)),
            several => resolved(by_body(several.to_vec()), Vec::new(), None),
        };
    }
    if unknown_word.is_some() {
        return resolved(Vec::new(), Vec::new(), unknown_word);
    }
    match by_body(generations.to_vec()).as_slice() {
        [one] => resolved(vec![*one], Vec::new(), None),
        several => resolved(Vec::new(), several.to_vec(), None),
    }
}

fn names_generation(generation: &VehicleRow, hints: &[String]) -> bool {
    let Some(code) = generation.gen_code.as_deref() else {
        return false;
    };
    let code = latin_lookalikes(&normalize(code)).replace(' ', "");
    let digits: String = code.chars().filter(|c| c.is_ascii_digit()).collect();
    hints.iter().any(|hint| {
        *hint == code
            || (!digits.is_empty() && *hint == digits && code.ends_with(&digits))
            || generation.gen_aliases.iter().any(|a| normalize(a) == *hint)
    })
}

fn years_overlap(generation: &VehicleRow, from: Option<i32>, to: Option<i32>) -> bool {
    let (g_from, g_to) = (
        generation.year_from.unwrap_or(1900),
        generation.year_to.unwrap_or(2100),
    );
    let (from, to) = (from.unwrap_or(1900), to.unwrap_or(2100));
    let (start, end) = (from.max(g_from), to.min(g_to));
    // Consecutive generations share their changeover year; that alone is no overlap.
    start < end || (start == end && (from == to || g_from == g_to))
}

/// What makes two listings one variant, and identifies a supplier's row from one file
/// to the next: brand, model, generation, years, steering side and rows (a workshop may
/// hold a generation's 2- and 3-row patterns), lowercased. Clean merges on it and the
/// import keys patterns by it; the migration that made patterns variants computes the
/// same text.
pub fn variant_key(row: &CleanRow) -> String {
    let number = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
    [
        row.brand.as_str(),
        &row.model,
        row.generation.as_deref().unwrap_or(""),
        &number(row.year_from),
        &number(row.year_to),
        row.steering.as_deref().unwrap_or(""),
        if row.three_rows { "3" } else { "" },
    ]
    .join("|")
    .to_lowercase()
}

/// Cleans every row: rejects what cannot be understood and merges duplicate listings
/// (one variant: see [`variant_key`]) into the first, keeping their IDs and notes.
pub fn clean(cleaner: &Cleaner, rows: &[RawRow]) -> (Vec<CleanRow>, Vec<Rejected>, CleanSummary) {
    let mut clean: Vec<CleanRow> = Vec::new();
    let mut rejected = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut summary = CleanSummary {
        read: rows.len(),
        ..Default::default()
    };
    for raw in rows {
        match cleaner.clean_row(raw) {
            Err(reason) => rejected.push(Rejected {
                page: raw.page,
                id: raw.id.clone(),
                brand: raw.brand.clone(),
                model: raw.model.clone(),
                years: raw.years.clone(),
                description: raw.description.clone(),
                reason,
            }),
            Ok(row) => {
                if row.new_brand && !summary.new_brands.contains(&row.brand) {
                    summary.new_brands.push(row.brand.clone());
                }
                let key = variant_key(&row);
                match index.get(&key) {
                    Some(&at) => {
                        merge(&mut clean[at], row);
                        summary.merged += 1;
                    }
                    None => {
                        index.insert(key, clean.len());
                        clean.push(row);
                    }
                }
            }
        }
    }
    summary.clean = clean.len();
    summary.rejected = rejected.len();
    (clean, rejected, summary)
}

fn merge(into: &mut CleanRow, other: CleanRow) {
    let join = |a: &mut String, b: &str| {
        if !b.is_empty() && !a.split('|').any(|x| x == b) {
            if !a.is_empty() {
                a.push('|');
            }
            a.push_str(b);
        }
    };
    join(&mut into.source_ids, &other.source_ids);
    join(&mut into.pages, &other.pages);
    join(&mut into.notes, &other.notes);
    into.body_type = into.body_type.take().or(other.body_type);
    into.borders = into.borders.take().or(other.borders);
    into.hybrid |= other.hybrid;
}
