//! How search compares words: a normal form (lower case, `ё` as `е`, letters split
//! from digits where a name and a number were glued) and the phonetic forms of
//! [`super::phonetic`] that make Cyrillic and Latin spellings of one name meet. Codes
//! with digits are matched exactly, by their letters' Latin readings (`х5` is `x5`).

use std::sync::OnceLock;

use super::phonetic::{
    consonant_key, english_reading, letter_name, letter_readings, skeleton, transliterate,
};

/// A word of a query or of a name, in the forms matching needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub normal: String,
    pub skeleton: String,
    /// The skeleton of the word's English reading (`succeed` → `saksid`), when it
    /// differs from the letter-by-letter one.
    pub spoken: Option<String>,
    /// The consonant keys of the skeleton and of the spoken form, hashed (0: none);
    /// kept in the word, as every comparison reads them.
    pub keys: [u64; 2],
    /// The normal form's, the skeleton's and the spoken form's hashes (0: none): most
    /// words compared differ, and their hashes tell so without reading the texts.
    hashes: [u64; 3],
    /// What a short word or code stands for in Latin letters (`схр` → `chr`, `crv`).
    pub letters: Box<[String]>,
    /// Has digits: a number or a code, matched exactly.
    pub is_code: bool,
    /// The word's value when it is a number (up to nine digits) or a number word
    /// (`три`, `пятерка`).
    pub number: Option<u32>,
    /// The number a short code ends with (`8` for `a8`, `460` for `gx460`).
    pub code_number: Option<u32>,
    /// The shape of each form, for [`Word::may_be_within`].
    pub normal_shape: Shape,
    pub skeleton_shape: Shape,
    pub spoken_shape: Option<Shape>,
}

impl Word {
    pub fn new(normal: &str) -> Word {
        let mut word = Word::written(normal);
        if word.is_code {
            return word;
        }
        word.spoken = english_reading(normal)
            .map(|reading| skeleton(&reading))
            .filter(|spoken| *spoken != word.skeleton);
        word.spoken_shape = word.spoken.as_deref().map(Shape::of);
        word.hashes[2] = word.spoken.as_deref().map_or(0, text_hash);
        let forms = [Some(&word.skeleton), word.spoken.as_ref()];
        let keys = forms
            .into_iter()
            .flatten()
            .filter_map(|form| consonant_key(form));
        for (slot, key) in word.keys.iter_mut().zip(keys) {
            *slot = text_hash(&key);
        }
        if word.keys[1] == word.keys[0] {
            word.keys[1] = 0;
        }
        word.number = word.number.or_else(|| number_word(normal, &word.skeleton));
        word
    }

    /// Two neighbouring words written together (`рав 4` as `рав4`), with the forms
    /// such a glued word is matched by: as written, its skeleton and its code readings
    /// (a pair is a code or a glued name, never an English word to read).
    pub fn glued(a: &Word, b: &Word) -> Word {
        let mut word = Word::written(&format!("{}{}", a.normal, b.normal));
        (word.number, word.code_number) = (None, None);
        word
    }

    /// The forms of a word as written: normal, skeleton (or code form), code
    /// readings, the number it is or ends with; no reading aloud.
    fn written(normal: &str) -> Word {
        let is_code = normal.chars().any(|c| c.is_ascii_digit());
        let skeleton = if is_code {
            code_form(normal)
        } else {
            skeleton(normal)
        };
        let digits = |text: &str| -> Option<u32> {
            (!text.is_empty() && text.len() <= 9 && text.chars().all(|c| c.is_ascii_digit()))
                .then(|| text.parse().ok())
                .flatten()
        };
        let code_number = number_at(normal)
            .filter(|&at| at <= 6)
            .and_then(|at| digits(&normal[at..]));
        Word {
            number: digits(normal),
            code_number,
            letters: letter_readings(normal).into_boxed_slice(),
            normal_shape: Shape::of(normal),
            skeleton_shape: Shape::of(&skeleton),
            spoken_shape: None,
            hashes: [text_hash(normal), text_hash(&skeleton), 0],
            normal: normal.to_owned(),
            skeleton,
            spoken: None,
            keys: [0; 2],
            is_code,
        }
    }

    /// The code readings that are neither its normal form nor its skeleton (`crv` for
    /// `срв`): what only a whole-form lookup finds.
    pub fn other_readings(&self) -> impl Iterator<Item = &String> {
        self.letters
            .iter()
            .filter(|r| **r != self.normal && **r != self.skeleton)
    }

    /// Whether the two words' normal forms (or skeletons) might be within `edits` of
    /// each other (see [`Shape::may_be_within`]).
    pub fn may_be_within(&self, other: &Word, edits: usize, skeletons: bool) -> bool {
        if skeletons {
            self.skeleton_shape
                .may_be_within(other.skeleton_shape, edits)
        } else {
            self.normal_shape.may_be_within(other.normal_shape, edits)
        }
    }

    /// Three letters at most, or a number under 1000: a part customers may write apart
    /// from the rest of a name (`рав 4`, `ай 30`, `wagon r`).
    pub fn is_short(&self) -> bool {
        self.normal_shape.chars() <= 3 && self.number.is_none_or(|n| n < 1000)
    }

    /// Written in digits.
    pub fn is_number(&self) -> bool {
        self.normal.chars().all(|c| c.is_ascii_digit())
    }
}

/// A text as a number: FNV-1a, never 0 (which marks no text).
fn text_hash(text: &str) -> u64 {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    hash | 1
}

impl Word {
    /// Whether two words have the same normal form.
    pub fn same_normal(&self, other: &Word) -> bool {
        self.hashes[0] == other.hashes[0] && self.normal == other.normal
    }

    /// Whether two words have the same skeleton.
    pub fn same_skeleton(&self, other: &Word) -> bool {
        self.hashes[1] == other.hashes[1] && self.skeleton == other.skeleton
    }

    /// Whether this word read aloud sounds as the other is spelt, or as the other
    /// read aloud.
    pub fn sounds_like(&self, other: &Word) -> bool {
        let spoken = self.hashes[2];
        spoken != 0
            && ((spoken == other.hashes[1]
                && self.spoken.as_ref().is_some_and(|s| *s == other.skeleton))
                || (spoken == other.hashes[2] && self.spoken == other.spoken))
    }

    /// Whether two words share a consonant key.
    pub fn shares_key(&self, other: &Word) -> bool {
        self.keys
            .iter()
            .any(|&key| key != 0 && other.keys.contains(&key))
    }
}

/// Number words and their slang (`трешка`, `пятерка`): customers name BMW series and
/// Lada models by them.
fn number_word(word: &str, sound: &str) -> Option<u32> {
    const WORDS: &[(u32, &[&str])] = &[
        (1, &["один", "одна", "единица", "единичка"]),
        (2, &["два", "двойка", "двушка"]),
        (3, &["три", "тройка", "трешка"]),
        (4, &["четыре", "четверка", "четырка"]),
        (5, &["пять", "пятерка", "пятера"]),
        (6, &["шесть", "шестерка"]),
        (7, &["семь", "семерка", "семера"]),
        (8, &["восемь", "восьмерка"]),
        (9, &["девять", "девятка"]),
        (10, &["десять", "десятка"]),
    ];
    static ROMANISED: OnceLock<Vec<(String, u32)>> = OnceLock::new();
    if let Some((n, _)) = WORDS
        .iter()
        .find(|(_, spellings)| spellings.contains(&word))
    {
        return Some(*n);
    }
    if !word.is_ascii() || !(3..=10).contains(&word.len()) {
        return None;
    }
    // Romanised (`troika`, `edinichka`): by the skeleton `sound`.
    let romanised = ROMANISED.get_or_init(|| {
        WORDS
            .iter()
            .flat_map(|(n, spellings)| spellings.iter().map(move |s| (skeleton(s), *n)))
            .collect()
    });
    romanised.iter().find(|(s, _)| s == sound).map(|(_, n)| *n)
}

/// A spelling's length in chars and its set of letters: enough for a cheap necessary
/// test before an edit distance. One 64-bit word (the length above 48 bits of letters,
/// hashed: two letters may share a bit, which only makes [`Shape::may_be_within`] say
/// "maybe" more often), as every comparison of two words reads their shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape(u64);

impl Shape {
    const LETTER_BITS: u32 = 48;

    pub fn of(word: &str) -> Shape {
        let len = word.chars().count().min(0xffff) as u64;
        let letters = word
            .chars()
            .fold(0, |set, c| set | 1 << (c as u32 % Shape::LETTER_BITS));
        Shape(len << Shape::LETTER_BITS | letters)
    }

    /// The length in chars (up to 65,535).
    pub fn chars(self) -> usize {
        (self.0 >> Shape::LETTER_BITS) as usize
    }

    /// Whether two spellings might be within `edits` of each other; it spares most
    /// edit-distance computations. An edit changes the length by at most one and the
    /// set of letters by at most two.
    pub fn may_be_within(self, other: Shape, edits: usize) -> bool {
        let letters = (1 << Shape::LETTER_BITS) - 1;
        self.chars().abs_diff(other.chars()) <= edits
            && ((self.0 ^ other.0) & letters).count_ones() as usize <= 2 * edits
    }
}

/// Lower case, `ё` as `е`, anything but letters and digits as a space, whitespace
/// collapsed.
pub fn normalize(text: &str) -> String {
    let lowered: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'ё' => 'е',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The [`normalize`]d tokens of a text as words:
/// - a number with letters that look like digits reads as the number (`7о` is `70`,
///   `2о1з` is `2013`);
/// - a letter's name reads as the letter (`марк икс` is `марк x`);
/// - a name glued to a number is split (`камри70`), a code like `x5`, `w211` or `rav4`
///   is not, and two glued codes are two (`х5е53`).
pub fn words(text: &str) -> Vec<Word> {
    word_texts(text).iter().map(|w| Word::new(w)).collect()
}

/// The normal forms of [`words`], for a caller that shares equal words.
pub fn word_texts(text: &str) -> Vec<String> {
    let normalized = normalize(text);
    let mut out = Vec::new();
    for token in normalized.split(' ').filter(|t| !t.is_empty()) {
        let token = digit_lookalikes(token).unwrap_or_else(|| token.to_owned());
        if let Some(letter) = letter_name(&token) {
            out.push(letter.to_owned());
            continue;
        }
        out.extend(split_glued(&token).into_iter().map(str::to_owned));
    }
    out
}

/// A token of digits and letters that look like digits (`о`, `o`, `з`), as digits.
fn digit_lookalikes(token: &str) -> Option<String> {
    let digit = |c: char| match c {
        'о' | 'o' => Some('0'),
        'з' => Some('3'),
        c if c.is_ascii_digit() => Some(c),
        _ => None,
    };
    let has_digit = token.chars().any(|c| c.is_ascii_digit());
    let mixed = token.chars().any(|c| !c.is_ascii_digit());
    (has_digit && mixed && token.chars().count() >= 2)
        .then(|| token.chars().map(digit).collect::<Option<String>>())
        .flatten()
}

/// The parts of a token: `камри70` is `камри` and `70` (over three letters before
/// the digits), `х5е53` is `х5` and `е53` (letters after digits, then digits again).
fn split_glued(token: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = token;
    // Codes glued together: cut before letters that follow digits and precede more.
    while let Some(cut) = code_boundary(rest) {
        parts.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    let letters = rest.chars().filter(|c| c.is_alphabetic()).count();
    match number_at(rest) {
        Some(at) if letters > 3 => {
            parts.push(&rest[..at]);
            parts.push(&rest[at..]);
        }
        _ => parts.push(rest),
    }
    parts
}

/// Where a number ends a token of a name and then digits only (`камри70` at `7`, `a8`
/// at `8`): the byte position of its first digit.
pub fn number_at(token: &str) -> Option<usize> {
    let at = token.find(|c: char| c.is_ascii_digit())?;
    (at > 0 && token[at..].chars().all(|c| c.is_ascii_digit())).then_some(at)
}

/// Where a second code starts in a token (`х5е53` at `е`), if it does.
fn code_boundary(token: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    for i in 1..chars.len() {
        let (at, c) = chars[i];
        if c.is_alphabetic() && chars[i - 1].1.is_ascii_digit() {
            let rest = &chars[i..];
            let letters = rest.iter().take_while(|(_, c)| c.is_alphabetic()).count();
            let digits_follow = rest.get(letters).is_some_and(|(_, c)| c.is_ascii_digit());
            if letters <= 2 && digits_follow {
                return Some(at);
            }
        }
    }
    None
}

/// Codes: Cyrillic look-alike letters as Latin, the rest as in the skeleton.
fn code_form(word: &str) -> String {
    latin_lookalikes(word)
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                transliterate(c).to_owned()
            }
        })
        .collect()
}

/// Cyrillic letters that look like Latin ones read as Latin (`х5` is `x5`); other
/// letters are kept.
pub fn latin_lookalikes(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'а' => 'a',
            'в' => 'b',
            'е' => 'e',
            'к' => 'k',
            'м' => 'm',
            'н' => 'h',
            'о' => 'o',
            'р' => 'p',
            'с' => 'c',
            'т' => 't',
            'у' => 'y',
            'х' => 'x',
            c => c,
        })
        .collect()
}

/// A text in Latin letters: Cyrillic transliterated, ASCII kept, anything else dropped.
pub fn to_latin(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            c if c.is_ascii() => c.to_string(),
            c => transliterate(c).to_owned(),
        })
        .collect()
}

/// Typos allowed for a word of this many skeleton letters: none under 4, then 1, 2 from 8.
pub fn typo_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The typos (OSA distance: a transposition is one) between two different words, when
/// within `budget` (at most 2). Linear scans decide it without a distance table.
pub fn typos_within(a: &str, b: &str, budget: usize) -> Option<usize> {
    debug_assert!(budget <= 2, "typo budgets stop at two");
    if budget == 0 {
        None
    } else if a.is_ascii() && b.is_ascii() {
        // Skeletons are ASCII: their bytes are their letters.
        letter_typos_within(a.as_bytes(), b.as_bytes(), budget)
    } else {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        letter_typos_within(&a, &b, budget)
    }
}

fn letter_typos_within<T: PartialEq>(a: &[T], b: &[T], budget: usize) -> Option<usize> {
    if one_typo_apart(a, b) {
        Some(1)
    } else if budget == 2 && two_typos_apart(a, b) {
        Some(2)
    } else {
        None
    }
}

/// Whether two words are at most one typo apart.
fn one_typo_apart<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (a, b) = after_common_prefix(a, b);
    after_first_edit(a, b).any(|(a, b)| a == b)
}

/// Whether two words are at most two typos apart: one typo at their first
/// difference, then at most one more.
fn two_typos_apart<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (a, b) = after_common_prefix(a, b);
    after_first_edit(a, b).any(|(a, b)| one_typo_apart(a, b))
}

/// The two words from their first difference on (the same prefix never needs an
/// edit).
fn after_common_prefix<'s, T: PartialEq>(a: &'s [T], b: &'s [T]) -> (&'s [T], &'s [T]) {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    (&a[common..], &b[common..])
}

/// The words left after each possible first edit of `a` and `b` (at their first
/// difference): substitution, deletion, insertion and transposition of neighbours.
fn after_first_edit<'s, T: PartialEq>(
    a: &'s [T],
    b: &'s [T],
) -> impl Iterator<Item = (&'s [T], &'s [T])> {
    let rest = |s: &'s [T], n: usize| s.get(n..).unwrap_or_default();
    let transposed = (a.len() >= 2 && b.len() >= 2 && a[0] == b[1] && a[1] == b[0])
        .then(|| (rest(a, 2), rest(b, 2)));
    [(rest(a, 1), rest(b, 1)), (rest(a, 1), b), (a, rest(b, 1))]
        .into_iter()
        .chain(transposed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sk(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.skeleton).collect()
    }

    #[test]
    fn cyrillic_and_latin_spellings_meet() {
        for (a, b) in [
            ("камри", "camry"),
            ("лексус", "lexus"),
            ("мерседес", "mercedes"),
            ("джетта", "jetta"),
            ("пасат", "passat"),
            ("цивик", "civic"),
            ("паджеро", "pajero"),
            ("хайлендер", "khaylender"),
        ] {
            assert_eq!(sk(a), sk(b), "{a} / {b}");
        }
    }

    #[test]
    fn typos_are_counted_like_osa() {
        for (a, b) in [
            ("prius", "pruis"),
            ("camry", "camri"),
            ("camry", "camr"),
            ("camry", "kcamry"),
            ("солярис", "салярис"),
            ("соренто", "сорента"),
            ("ab", "ba"),
            ("x", ""),
        ] {
            assert_eq!(typos_within(a, b, 2), Some(1), "{a} / {b}");
            assert_eq!(typos_within(b, a, 1), Some(1), "{b} / {a}");
        }
        for (a, b, distance) in [
            ("camry", "kamri", 2),
            ("camry", "cmray", 2),
            ("prius", "pirus", 1),
        ] {
            assert_eq!(typos_within(a, b, 2), Some(distance), "{a} / {b}");
            assert_eq!(strsim::osa_distance(a, b), distance);
        }
        assert_eq!(typos_within("camry", "kamri", 1), None);
        assert_eq!(typos_within("camry", "corolla", 2), None);
        assert_eq!(typos_within("camry", "camri", 0), None);
    }

    #[test]
    fn typos_within_agrees_with_osa_distance() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let letters = ['a', 'b', 'c', 'д', 'е'];
        let word = |rng: &mut rand::rngs::StdRng| -> String {
            let len = rng.random_range(0..9);
            (0..len)
                .map(|_| letters[rng.random_range(0..letters.len())])
                .collect()
        };
        for _ in 0..50_000 {
            let (a, b) = (word(&mut rng), word(&mut rng));
            if a == b {
                continue;
            }
            let distance = strsim::osa_distance(&a, &b);
            for budget in 0..=2 {
                let expected = Some(distance).filter(|d| *d <= budget && budget > 0);
                assert_eq!(
                    typos_within(&a, &b, budget),
                    expected,
                    "{a} / {b}, budget {budget}"
                );
            }
        }
    }

    #[test]
    fn codes_and_numbers() {
        assert_eq!(sk("бмв х5 е70"), ["bmv", "x5", "e70"]);
        assert_eq!(sk("камри70"), ["kamri", "70"]);
        assert_eq!(sk("W211"), ["w211"]);
        assert_eq!(sk("сх5"), ["cx5"]);
        assert!(words("2008").iter().all(|w| w.is_number()));
    }
}
