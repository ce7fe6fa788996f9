//! Property tests of the parsers that read what suppliers and customers write: the
//! year parser, the brand and model matcher and the search's query tokenizer. Each
//! must never panic, and must read every spelling of what it knows the same way.

use car_chatbot_db::pipeline::clean::{Cleaner, parse_years};
use car_chatbot_db::pipeline::extract::RawRow;
use car_chatbot_db::pipeline::refdata::ReferenceData;
use car_chatbot_db::search::rank::{MAX_QUERY_WORDS, query_words};
use proptest::prelude::*;
use proptest::sample::select;

fn reference() -> &'static ReferenceData {
    static DATA: std::sync::OnceLock<ReferenceData> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        ReferenceData::read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap()
    })
}

fn cleaner() -> &'static Cleaner<'static> {
    static CLEANER: std::sync::OnceLock<Cleaner<'static>> = std::sync::OnceLock::new();
    CLEANER.get_or_init(|| Cleaner::new(reference()))
}

/// `text` with each letter's case chosen by `cases`, as suppliers and customers type.
fn recased(text: &str, cases: &[bool]) -> String {
    text.chars()
        .zip(cases.iter().cycle())
        .map(|(c, upper)| {
            if *upper {
                c.to_uppercase().collect::<String>()
            } else {
                c.to_lowercase().collect()
            }
        })
        .collect()
}

/// Blank space a cell may carry around its text.
fn padding() -> impl Strategy<Value = String> {
    proptest::collection::vec(select(vec![" ", "  ", "\u{a0}", "\t"]), 0..3)
        .prop_map(|parts| parts.concat())
}

fn raw(brand: &str, model: &str, years: &str) -> RawRow {
    RawRow {
        page: 1,
        id: "1".into(),
        brand: brand.into(),
        model: model.into(),
        years: years.into(),
        description: String::new(),
        brand_carried: false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_year_parser_never_panics_and_what_it_reads_is_in_range(text in "\\PC{0,40}") {
        if let Ok((from, to)) = parse_years(&text) {
            for year in from.into_iter().chain(to) {
                prop_assert!((1900..=2100).contains(&year), "{text:?} -> {year}");
            }
            if let (Some(from), Some(to)) = (from, to) {
                prop_assert!(from <= to, "{text:?}");
            }
        }
    }

    #[test]
    fn every_spelling_of_a_year_range_reads_the_same(
        from in 1950..2030i32,
        length in 0..15i32,
        dash in select(vec!["-", " - ", "–", " – ", "—", "−"]),
        suffix in select(vec!["", "г", " г.", "гг", " гг.", " года"]),
        (before, after) in (padding(), padding()),
    ) {
        let to = from + length;
        let read = |text: String| parse_years(&text);
        prop_assert_eq!(read(format!("{before}{from}{dash}{to}{suffix}{after}")), Ok((Some(from), Some(to))));
        prop_assert_eq!(read(format!("{before}с {from} по {to}{suffix}{after}")), Ok((Some(from), Some(to))));
        prop_assert_eq!(read(format!("{before}с {from}{suffix}{after}")), Ok((Some(from), None)));
        prop_assert_eq!(read(format!("{before}{from}{dash}н.в.{after}")), Ok((Some(from), None)));
        prop_assert_eq!(read(format!("{before}до {to}{suffix}{after}")), Ok((None, Some(to))));
        prop_assert_eq!(read(format!("{from}{suffix}")), Ok((Some(from), Some(from))));
        if length > 0 {
            let backwards = format!("{to}{dash}{from}");
            prop_assert!(read(backwards).is_err());
        }
    }

    #[test]
    fn the_brand_matcher_never_panics(text in "\\PC{0,30}") {
        let _ = cleaner().brand(&text);
    }

    #[test]
    fn every_spelling_of_a_known_brand_in_any_case_is_that_brand(
        index in any::<proptest::sample::Index>(),
        cases in proptest::collection::vec(any::<bool>(), 1..8),
        (before, after) in (padding(), padding()),
    ) {
        let brands = reference().brands();
        let (name, ru, aliases) = index.get(&brands);
        let spellings: Vec<&str> = [*name, *ru].into_iter().chain(aliases.iter().map(String::as_str)).collect();
        for spelling in spellings {
            let text = format!("{before}{}{after}", recased(spelling, &cases));
            prop_assert_eq!(cleaner().brand(&text), Some(*name), "{:?}", text);
        }
    }

    #[test]
    fn a_catalogue_model_in_any_case_is_that_model(
        index in any::<proptest::sample::Index>(),
        cases in proptest::collection::vec(any::<bool>(), 1..8),
        russian in any::<bool>(),
    ) {
        let vehicles = &reference().vehicles;
        let vehicle = index.get(vehicles);
        let brand = if russian { &vehicle.brand_ru } else { &vehicle.brand };
        let model = match (&vehicle.model_ru, russian) {
            (Some(ru), true) => ru,
            _ => &vehicle.model,
        };
        let row = raw(&recased(brand, &cases), &recased(model, &cases), "-");
        let clean = cleaner().clean_row(&row);
        prop_assert!(clean.is_ok(), "{row:?}: {clean:?}");
        let clean = clean.unwrap();
        prop_assert_eq!(&clean.brand, &vehicle.brand);
        prop_assert!(clean.matched, "{:?}", row);
        // Models one catalogue spells alike (`Mark II` and `Марк 2`) may answer for each other.
        let same = vehicles.iter().any(|v| v.brand == vehicle.brand && v.model == clean.model
            && (v.model == vehicle.model || v.model_ru == vehicle.model_ru));
        prop_assert!(same, "{:?} -> {}", row, clean.model);
    }

    #[test]
    fn the_clean_row_never_panics(
        brand in "\\PC{0,20}", model in "\\PC{0,30}", years in "\\PC{0,15}",
    ) {
        let _ = cleaner().clean_row(&raw(&brand, &model, &years));
    }

    #[test]
    fn the_query_tokenizer_never_panics_and_bounds_its_words(query in "\\PC{0,300}") {
        let words = query_words(&query);
        prop_assert!(words.len() <= MAX_QUERY_WORDS);
        for word in &words {
            prop_assert!(!word.normal.is_empty());
            prop_assert!(!word.normal.contains(char::is_whitespace), "{:?}", word.normal);
        }
    }

    #[test]
    fn a_query_reads_the_same_in_any_case_and_spacing(
        words in proptest::collection::vec("[a-zа-яё0-9]{1,8}", 1..6),
        cases in proptest::collection::vec(any::<bool>(), 1..8),
        gaps in proptest::collection::vec(select(vec![" ", "  ", "\t", " , ", "\u{a0}"]), 6),
    ) {
        let plain = words.join(" ");
        let typed: String = words
            .iter()
            .zip(&gaps)
            .map(|(w, gap)| format!("{}{gap}", recased(w, &cases)))
            .collect();
        let normals = |q: &str| query_words(q).into_iter().map(|w| w.normal).collect::<Vec<_>>();
        prop_assert_eq!(normals(&typed), normals(&plain), "{:?}", typed);
    }
}
