//! How a name sounds, so that its Cyrillic and Latin spellings meet. Every form here
//! comes from rules, none from a list of car names:
//! - [`skeleton`]: the letter-by-letter reading in Latin letters (`камри` and `camry`
//!   both give `kamri`), which is how Japanese and most other names are transcribed;
//! - [`english_reading`]: how a Latin word is read by English rules, in Cyrillic
//!   (`succeed` → `саксид`, `stepwgn` → `степвагон`, `life` → `лайф`);
//! - [`consonant_key`]: the consonants of a reading, which survive the ways vowels are
//!   spelt (`serena` and `сирена` share `srn`; `sienna` has `sn`);
//! - [`letter_readings`]: what a short code's letters stand for in Latin, by look or by
//!   sound (`схр` is `chr`, `нх` is `nx`, `с80` is `s80`), and the letters' names
//!   (`икс` is `x`, `ку` is `q`).

use std::sync::OnceLock;

/// The Latin sound of a Cyrillic letter (empty for the hard and soft signs).
pub fn transliterate(c: char) -> &'static str {
    match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'э' | 'ё' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'ы' | 'і' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ү' => "u",
        'ф' => "f",
        'х' => "h",
        'ц' => "ts",
        'ч' => "ch",
        'ш' | 'щ' => "sh",
        'ю' => "iu",
        'я' => "ia",
        'ң' => "n",
        _ => "",
    }
}

/// The phonetic fold of a word without digits, the same for Cyrillic and Latin.
pub fn skeleton(word: &str) -> String {
    let mut latin = String::new();
    for c in word.chars() {
        if c.is_ascii() {
            latin.push(c);
        } else {
            latin.push_str(transliterate(c));
        }
    }
    let chars: Vec<char> = latin.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let front_vowel = matches!(next, Some('e' | 'i' | 'y'));
        let piece: &str = match (c, next) {
            ('c', Some('k')) => {
                i += 1;
                "k"
            }
            ('c', Some('h')) => {
                i += 1;
                "ch"
            }
            ('k', Some('h')) | ('g', Some('h')) => {
                i += 1;
                "h"
            }
            ('p', Some('h')) => {
                i += 1;
                "f"
            }
            ('t', Some('s')) if matches!(chars.get(i + 2), Some('e' | 'i' | 'y')) => {
                i += 1;
                "s"
            }
            ('c', _) if front_vowel => "s",
            ('c', _) | ('q', _) => "k",
            ('y', _) => "i",
            ('w', _) => "v",
            ('x', _) => "ks",
            ('j', _) => "dzh",
            _ => {
                out.push(c);
                i += 1;
                continue;
            }
        };
        out.push_str(piece);
        i += 1;
    }
    collapse_doubles(&out)
}

/// Doubled letters are one sound: `jetta` and `джета` meet.
fn collapse_doubles(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for c in text.chars() {
        if !collapsed.ends_with(c) {
            collapsed.push(c);
        }
    }
    collapsed
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// How English reads a Latin word, in Cyrillic, for words the letter-by-letter
/// [`skeleton`] would misread: a silent final `e` that lengthens the vowel before it
/// (`life` лайф, `note` ноут, `cube` кьюб), `ee`/`ea` (и), `oo` (у), `ou`/`ow` (ау),
/// `ai`/`ay` (эй), `igh` (ай), `u` in a closed syllable (`succeed` сак-, `shuttle` шатл),
/// soft `c` and `g`, `qu`, `th`, `-tion`/`-sion`, `wgn` (вагон), doubled letters.
/// `None` when the word is not plain Latin letters or reads as it is spelt.
pub fn english_reading(word: &str) -> Option<String> {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let w: Vec<char> = word.chars().collect();
    let n = w.len();
    // A vowel before one consonant and an `e` that ends the word (`cube`, `life`) or
    // comes before a final `r`, `s` or `d` (`chaser`) is long.
    let long = |at: usize| -> bool {
        at + 2 < n
            && !is_vowel(w[at + 1])
            && w[at + 2] == 'e'
            && (at + 3 == n || (at + 4 == n && matches!(w[at + 3], 'r' | 's' | 'd')))
    };
    // A vowel is short in a closed syllable: before two consonants or a final one.
    let closed = |at: usize| -> bool {
        match (w.get(at + 1), w.get(at + 2)) {
            (Some(&a), Some(&b)) => !is_vowel(a) && !is_vowel(b) && a != 'r',
            (Some(&a), None) => !is_vowel(a),
            _ => false,
        }
    };
    let mut out = String::new();
    let mut i = 0;
    while i < n {
        // The word is ASCII: char positions are byte positions.
        let tail = &word[i..];
        let starts = |s: &str| tail.starts_with(s);
        let after_consonant = i > 0 && !is_vowel(w[i - 1]);
        let (piece, used): (&str, usize) = if starts("tion") {
            ("шн", 4)
        } else if starts("sion") {
            ("жн", 4)
        } else if starts("wgn") {
            ("вагон", 3)
        } else if starts("igh") {
            ("ай", 3)
        } else if starts("ee") || starts("ea") {
            ("и", 2)
        } else if starts("oo") {
            ("у", 2)
        } else if starts("ou") || (starts("ow") && !w.get(i + 2).is_some_and(|c| is_vowel(*c))) {
            ("ау", 2)
        } else if starts("oa") {
            ("оу", 2)
        } else if starts("au") {
            ("о", 2)
        } else if starts("ai") || starts("ay") || starts("ei") || starts("ey") {
            ("эй", 2)
        } else if starts("ue") {
            ("ю", 2)
        } else if starts("ir") && w.get(i + 2).is_some_and(|c| !is_vowel(*c)) {
            ("ер", 2)
        } else if starts("qu") {
            ("кв", 2)
        } else if starts("th") {
            ("т", 2)
        } else if starts("ph") {
            ("ф", 2)
        } else if starts("ck") {
            ("к", 2)
        } else if starts("ch") {
            ("ч", 2)
        } else if starts("sh") {
            ("ш", 2)
        } else if starts("wh") {
            ("в", 2)
        } else if starts("gh") {
            ("", 2)
        } else if i + 1 < n && w[i] == w[i + 1] && !is_vowel(w[i]) {
            // A doubled consonant is one (`vellfire`, `succeed` keeps its `cc`).
            if w[i] == 'c' && matches!(w.get(i + 2), Some('e' | 'i' | 'y')) {
                ("кс", 2)
            } else {
                i += 1;
                continue;
            }
        } else {
            let c = w[i];
            let next = w.get(i + 1).copied();
            let soft = matches!(next, Some('e' | 'i' | 'y'));
            let piece = match c {
                // A final `e` is silent.
                'e' if i + 1 == n && n > 3 => "",
                'a' if long(i) => "эй",
                'i' if long(i) => "ай",
                'y' if long(i) || (after_consonant && !closed(i) && i + 1 < n) => "ай",
                'y' if i == 0 => "й",
                'y' => "и",
                'o' if long(i) => "оу",
                'u' if long(i) || (after_consonant && !closed(i) && i + 1 < n) => "ью",
                'u' if after_consonant && closed(i) => "а",
                'a' => "а",
                'e' => "е",
                'i' => "и",
                'o' => "о",
                'u' => "у",
                'c' if soft => "с",
                'c' | 'k' | 'q' => "к",
                'g' if soft => "дж",
                'g' => "г",
                'j' => "дж",
                'x' => "кс",
                'w' | 'v' => "в",
                'b' => "б",
                'd' => "д",
                'f' => "ф",
                'h' => "х",
                'l' => "л",
                'm' => "м",
                'n' => "н",
                'p' => "п",
                'r' => "р",
                's' => "с",
                't' => "т",
                'z' => "з",
                _ => "",
            };
            (piece, 1)
        };
        out.push_str(piece);
        i += used;
    }
    Some(out).filter(|reading| skeleton(reading) != skeleton(word))
}

/// The consonants of a skeleton, in order, with the sounds spellings swap merged
/// (`z` as `s`, `ts` as `s`, `zh`/`dzh`/`g` as `g`), `h` after a vowel or at the
/// end dropped, and a leading vowel kept as `a`. `None` under two consonants: a key
/// that short would join unrelated names.
pub fn consonant_key(skeleton: &str) -> Option<String> {
    let s = skeleton
        .replace("dzh", "g")
        .replace("zh", "g")
        .replace('z', "s")
        .replace("ts", "s");
    let chars: Vec<char> = s.chars().collect();
    let mut key = String::new();
    let mut consonants = 0;
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        if is_vowel(c) {
            if i == 0 {
                key.push('a');
            }
            continue;
        }
        let after_vowel = i > 0 && is_vowel(chars[i - 1]);
        if c == 'h' && (after_vowel || i + 1 == chars.len()) {
            continue;
        }
        if !key.ends_with(c) {
            key.push(c);
            consonants += 1;
        }
    }
    (consonants >= 2).then_some(key)
}

/// The Latin letters a Cyrillic letter may stand for in a code, by look and by sound
/// (`х5` is `x5`, `н9` is `h9`, `нх` is `nx`, `ц` is `c`); a digit look-alike stands
/// for the digit too.
fn latin_letters(c: char) -> &'static [&'static str] {
    match c {
        'а' => &["a"],
        'б' => &["b"],
        'в' => &["v", "b"],
        'г' => &["g"],
        'д' => &["d"],
        'е' | 'э' | 'ё' => &["e"],
        'ж' => &["j", "g"],
        'з' => &["z", "3"],
        'и' | 'й' => &["i"],
        'ы' => &["y"],
        'к' => &["k", "c"],
        'л' => &["l"],
        'м' => &["m"],
        'н' => &["n", "h"],
        'о' => &["o", "0"],
        'п' => &["p"],
        'р' => &["r", "p"],
        'с' => &["s", "c"],
        'т' => &["t"],
        'у' => &["u", "y"],
        'ф' => &["f"],
        'х' => &["x", "h"],
        'ц' => &["c", "ts"],
        'ч' => &["ch"],
        'ш' | 'щ' => &["sh"],
        'ю' => &["u", "yu"],
        'я' => &["ya"],
        _ => &[],
    }
}

/// The names of Latin letters as Russian speakers say them.
const LETTER_NAMES: &[(&str, &str)] = &[
    ("икс", "x"),
    ("экс", "x"),
    ("кью", "q"),
    ("ку", "q"),
    ("аш", "h"),
    ("эйч", "h"),
    ("джи", "g"),
    ("джей", "j"),
    ("эс", "s"),
    ("эм", "m"),
    ("эн", "n"),
    ("эль", "l"),
    ("эл", "l"),
    ("эр", "r"),
    ("ар", "r"),
    ("эф", "f"),
    ("ви", "v"),
    ("вэ", "v"),
    ("си", "c"),
    ("цэ", "c"),
    ("ди", "d"),
    ("дэ", "d"),
    ("би", "b"),
    ("бэ", "b"),
    ("пи", "p"),
    ("пэ", "p"),
    ("ти", "t"),
    ("тэ", "t"),
    ("кей", "k"),
    ("ай", "i"),
    ("уай", "y"),
    ("игрек", "y"),
    ("зет", "z"),
    ("зэт", "z"),
];

/// The Latin letter a word names (`икс` → `x`), if it is a letter's name, written in
/// Cyrillic or romanised (`iks`, `dzhi`; three letters at least, as `es` is a name).
pub fn letter_name(word: &str) -> Option<&'static str> {
    letter_named(word, 3)
}

/// [`letter_name`], for romanised names of at least `min_latin` letters.
fn letter_named(word: &str, min_latin: usize) -> Option<&'static str> {
    static ROMANISED: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    if let Some((_, letter)) = LETTER_NAMES.iter().find(|(name, _)| *name == word) {
        return Some(letter);
    }
    // Romanised names are two to five letters (`ai`, `dzhey`).
    if !word.is_ascii() || word.len() < min_latin || word.len() > 5 {
        return None;
    }
    let romanised = ROMANISED.get_or_init(|| {
        LETTER_NAMES
            .iter()
            .map(|(name, letter)| (skeleton(name), *letter))
            .collect()
    });
    let sound = skeleton(word);
    romanised
        .iter()
        .find(|(name, _)| *name == sound)
        .map(|(_, letter)| *letter)
}

/// Readings are capped: a code of many ambiguous letters is no car's.
const MAX_READINGS: usize = 16;

/// What a short word or a code may stand for in Latin letters and digits: itself
/// when it is Latin already, else each Cyrillic letter by look or by sound, and a
/// leading letter's name as the letter (`ку3` → `q3`). Empty for long words, which
/// are names, not codes.
pub fn letter_readings(word: &str) -> Vec<String> {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let has_digits = word.chars().any(|c| c.is_ascii_digit());
    if letters == 0 || (letters > 4 && !has_digits) || word.chars().count() > 12 {
        return Vec::new();
    }
    let mut readings = vec![String::new()];
    for c in word.chars() {
        let options: &[&str] = if c.is_ascii_alphanumeric() {
            &[]
        } else {
            latin_letters(c)
        };
        if c.is_ascii_alphanumeric() {
            readings.iter_mut().for_each(|r| r.push(c));
        } else if options.is_empty() {
            return Vec::new();
        } else {
            readings = readings
                .iter()
                .flat_map(|r| options.iter().map(move |o| format!("{r}{o}")))
                .take(MAX_READINGS)
                .collect();
        }
    }
    // A code romanised from Cyrillic look-alikes (`skh7` from `сх7`, `ye84` from `е84`).
    if word.is_ascii() && word.contains(|c: char| c.is_ascii_alphabetic()) {
        if let Some(cyrillic) = unromanised(word) {
            let more: Vec<String> = letter_readings(&cyrillic)
                .into_iter()
                .filter(|r| !readings.contains(r))
                .collect();
            readings.extend(more);
        }
    }
    // `ку3`, `аш6`, `икс5`, `ai30`: a letter's name before the digits.
    let split = word
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(word.len());
    if let Some(letter) = letter_named(&word[..split], 2).filter(|_| has_digits) {
        readings.push(format!("{letter}{}", &word[split..]));
    }
    readings.sort_unstable();
    readings.dedup();
    readings
}

/// A short romanised word back in Cyrillic, when it holds a romanised Cyrillic
/// letter (`kh`, `ts`, `ye`): the first step of reading it as look-alike letters.
fn unromanised(word: &str) -> Option<String> {
    const DIGRAPHS: [(&str, char); 5] = [
        ("kh", 'х'),
        ("ts", 'ц'),
        ("ye", 'е'),
        ("zh", 'ж'),
        ("ch", 'ч'),
    ];
    if !DIGRAPHS.iter().any(|(d, _)| word.contains(d)) {
        return None;
    }
    let mut out = String::new();
    let mut rest = word;
    while let Some(c) = rest.chars().next() {
        if let Some((digraph, letter)) = DIGRAPHS.iter().find(|(d, _)| rest.starts_with(d)) {
            out.push(*letter);
            rest = &rest[digraph.len()..];
            continue;
        }
        out.push(match c {
            'a' => 'а',
            'b' => 'б',
            'v' => 'в',
            'g' => 'г',
            'd' => 'д',
            'e' => 'е',
            'z' => 'з',
            'i' => 'и',
            'k' => 'к',
            'l' => 'л',
            'm' => 'м',
            'n' => 'н',
            'o' => 'о',
            'p' => 'п',
            'r' => 'р',
            's' => 'с',
            't' => 'т',
            'u' => 'у',
            'f' => 'ф',
            'h' => 'х',
            'c' => 'ц',
            c if c.is_ascii_digit() => c,
            _ => return None,
        });
        rest = &rest[c.len_utf8()..];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(word: &str) -> String {
        english_reading(word).unwrap_or_else(|| format!("({word} reads as spelt)"))
    }

    #[test]
    fn english_names_read_as_customers_write_them() {
        for (latin, cyrillic) in [
            ("succeed", "саксид"),
            ("stepwgn", "степвагон"),
            ("life", "лайф"),
            ("note", "ноут"),
            ("crown", "краун"),
            ("insight", "инсайт"),
            ("skyline", "скайлайн"),
            ("leaf", "лиф"),
            ("shuttle", "шатл"),
            ("esquire", "эсквайр"),
            ("fusion", "фьюжн"),
            ("airwave", "эйрвейв"),
            ("palisade", "палисейд"),
            ("tribute", "трибьют"),
        ] {
            assert_eq!(skeleton(&english(latin)), skeleton(cyrillic), "{latin}");
        }
    }

    #[test]
    fn consonant_keys_ignore_how_vowels_are_spelt() {
        let key = |w: &str| consonant_key(&skeleton(w));
        for (a, b) in [
            ("serena", "сирена"),
            ("touran", "туран"),
            ("presage", "пресаж"),
            ("highlander", "хайлендер"),
            ("juke", "жук"),
            ("platz", "плац"),
            ("chaser", "чейзер"),
        ] {
            assert_eq!(key(a), key(b), "{a} / {b}");
        }
        assert_ne!(key("serena"), key("sienna"));
        assert_ne!(key("ist"), key("st"));
        assert_eq!(key("rio"), None);
    }

    #[test]
    fn short_codes_read_by_look_and_by_sound() {
        let reads = |w: &str, latin: &str| letter_readings(w).iter().any(|r| r == latin);
        assert!(reads("схр", "chr"));
        assert!(reads("нх", "nx"));
        assert!(reads("н9", "h9"));
        assert!(reads("с80", "s80"));
        assert!(reads("сх5", "cx5"));
        assert!(reads("цх7", "cx7"));
        assert!(reads("ку3", "q3"));
        assert!(reads("7о", "70"));
        assert!(reads("rav4", "rav4"));
        assert!(reads("skh7", "cx7"));
        assert!(reads("ye84", "e84"));
        assert!(letter_readings("королла").is_empty());
        assert_eq!(letter_name("икс"), Some("x"));
    }
}
