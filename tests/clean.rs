//! Cleaning supplier rows: every year format, brand spelling and description flag the
//! supplier uses; duplicates merged; junk rejected with a reason; nothing lost.

use std::path::Path;
use std::process::Command;

use car_chatbot_db::pipeline::clean::{self, CleanRow, Cleaner, Rejected, parse_years};
use car_chatbot_db::pipeline::extract::RawRow;
use car_chatbot_db::pipeline::refdata::ReferenceData;

fn reference() -> ReferenceData {
    ReferenceData::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap()
}

fn raw(id: &str, brand: &str, model: &str, years: &str, description: &str) -> RawRow {
    RawRow {
        page: 1,
        id: id.into(),
        brand: brand.into(),
        model: model.into(),
        years: years.into(),
        description: description.into(),
        brand_carried: false,
    }
}

fn clean_one(
    cleaner: &Cleaner,
    brand: &str,
    model: &str,
    years: &str,
    description: &str,
) -> Result<CleanRow, String> {
    cleaner.clean_row(&raw("1", brand, model, years, description))
}

#[test]
fn every_year_format() {
    let cases = [
        ("2006-2011", Some(2006), Some(2011)),
        ("2006 - 2011", Some(2006), Some(2011)),
        ("2006–2011", Some(2006), Some(2011)),
        ("с 2017", Some(2017), None),
        ("с 2017г", Some(2017), None),
        ("2014-н.в.", Some(2014), None),
        ("2019-наст.вр.", Some(2019), None),
        ("с 2015 по настоящее время", Some(2015), None),
        ("2015-", Some(2015), None),
        ("до 2003г", None, Some(2003)),
        ("1998-2003г.", Some(1998), Some(2003)),
        ("2010 г.", Some(2010), Some(2010)),
        ("2015г.", Some(2015), Some(2015)),
        ("1999", Some(1999), Some(1999)),
        ("с 2011 по 2012", Some(2011), Some(2012)),
        ("с 2008 г. по 2012 г.", Some(2008), Some(2012)),
        ("по 2010", None, Some(2010)),
        ("-", None, None),
        ("", None, None),
        ("2017-жылдан", Some(2017), None),
        ("2006-жылга чейин", None, Some(2006)),
        ("2010-ж.", Some(2010), Some(2010)),
    ];
    for (text, from, to) in cases {
        assert_eq!(parse_years(text), Ok((from, to)), "{text:?}");
    }
    for bad in [
        "20011",
        "2011-2006",
        "весна 2010",
        "06-11",
        "2010 2011 2012",
    ] {
        assert!(parse_years(bad).is_err(), "{bad:?} must be rejected");
    }
}

#[test]
fn every_brand_spelling() {
    let reference = reference();
    let cleaner = Cleaner::new(&reference);
    let cases = [
        ("Toyota", "Toyota"),
        ("TOYOTA", "Toyota"),
        ("тойота", "Toyota"),
        ("Тойота", "Toyota"),
        ("Тайота", "Toyota"),
        ("Тойтоа", "Toyota"),
        ("ВАЗ", "Lada"),
        ("VW", "Volkswagen"),
        ("Мерседес", "Mercedes-Benz"),
        ("Хюндай", "Hyundai"),
        ("хёндай", "Hyundai"),
        ("Дайхатсу", "Daihatsu"),
        ("Land Rover", "Land Rover"),
    ];
    for (spelling, canonical) in cases {
        assert_eq!(cleaner.brand(spelling), Some(canonical), "{spelling}");
    }
    // Short names get no typo allowance: `Киа` must not become `Kia`'s neighbour.
    assert_eq!(cleaner.brand("Ваз"), Some("Lada"));
    assert_eq!(cleaner.brand("Зил"), None);

    // A letter away from a known brand: that brand when it sounds alike or names one of
    // its models, else a new make as spelled (Livan is not Lifan).
    for (brand, model, canonical, new) in [
        ("Тайота", "Камри 70", "Toyota", false),
        ("Тайота", "Новая модель", "Toyota", false),
        ("Ливан", "S6 Pro", "Ливан", true),
        ("Livan", "X6 Pro", "Livan", true),
    ] {
        let row = clean_one(&cleaner, brand, model, "2020", "").unwrap();
        assert_eq!(
            (row.brand.as_str(), row.new_brand),
            (canonical, new),
            "{brand} {model}"
        );
    }
}

#[test]
fn models_generations_and_supplier_years() {
    let reference = reference();
    let cleaner = Cleaner::new(&reference);
    let prado = clean_one(
        &cleaner,
        "Toyota",
        "Land Cruiser Prado 150",
        "2009-2023г.",
        "",
    )
    .unwrap();
    assert_eq!(
        (prado.model.as_str(), prado.generation.as_deref()),
        ("Land Cruiser Prado", Some("J150"))
    );
    assert_eq!(prado.body_type.as_deref(), Some("suv"));
    let camry = clean_one(&cleaner, "тойота", "Камри", "до 2011г", "седан 40 кузов").unwrap();
    assert_eq!(
        (camry.model.as_str(), camry.generation.as_deref()),
        ("Camry", Some("XV40"))
    );
    assert_eq!(camry.model_ru.as_deref(), Some("камри"));
    assert_eq!((camry.year_from, camry.year_to), (None, Some(2011)));
    let bmw = clean_one(&cleaner, "БМВ", "5 серия E39", "1995-2003", "").unwrap();
    assert_eq!(
        (bmw.model.as_str(), bmw.generation.as_deref()),
        ("5 Series", Some("E39"))
    );

    // A model's letters and numbers are whole words that a typo cannot bridge;
    // Cyrillic look-alikes in codes read as Latin.
    let model_of = |brand: &str, model: &str| {
        let row = clean_one(&cleaner, brand, model, "", "").unwrap();
        (row.model, row.generation, row.matched)
    };
    assert_eq!(
        model_of("Мерседес", "E-класс W212"),
        ("E-Class".into(), Some("W212".into()), true)
    );
    assert_eq!(
        model_of("Audi", "А6 С6"),
        ("A6".into(), Some("C6".into()), true)
    );
    assert_eq!(model_of("Audi", "A4"), ("A4".into(), None, true));
    assert_eq!(model_of("Honda", "HR-V"), ("HR-V".into(), None, false));
    assert_eq!(model_of("Toyota", "Mark X"), ("Mark X".into(), None, false));
    assert_eq!(model_of("BMW", "Х6"), ("X6".into(), None, true));

    // A supplier range over two catalogue generations keeps its years and links both.
    let wide = clean_one(&cleaner, "Toyota", "Camry", "2011-2017", "седан").unwrap();
    assert_eq!(wide.generation, None);
    assert_eq!(wide.catalogue_generations, "XV50|XV55");
    assert_eq!((wide.year_from, wide.year_to), (Some(2011), Some(2017)));

    // Not in the catalogue: kept as the supplier wrote it, nothing invented.
    let gracia = clean_one(&cleaner, "Тойота", "Камри Грация", "1996-2001", "универсал").unwrap();
    assert!(!gracia.matched);
    assert_eq!(
        (gracia.model.as_str(), gracia.model_ru.as_deref()),
        ("Камри Грация", Some("Камри Грация"))
    );
    assert_eq!(gracia.body_type.as_deref(), Some("wagon"));
    let cuore = clean_one(&cleaner, "Дайхатсу", "Куаре", "-", "1 поколение с бортами").unwrap();
    assert_eq!(
        (cuore.brand.as_str(), cuore.borders.as_deref()),
        ("Daihatsu", Some("with"))
    );
}

#[test]
fn every_description_flag() {
    let reference = reference();
    let cleaner = Cleaner::new(&reference);
    let flags =
        |description: &str| clean_one(&cleaner, "Toyota", "Camry", "", description).unwrap();
    let bodies = [
        ("седан", "sedan"),
        ("хэтчбек", "hatchback"),
        ("лифтбек", "liftback"),
        ("универсал", "wagon"),
        ("внедорожник", "suv"),
        ("джип", "suv"),
        ("кроссовер", "suv"),
        ("минивэн", "minivan"),
        ("микроавтобус", "van"),
        ("пикап", "pickup"),
        ("грузовой", "truck"),
        ("купе", "coupe"),
    ];
    for (word, code) in bodies {
        assert_eq!(
            flags(&format!("{word} правый руль")).body_type.as_deref(),
            Some(code),
            "{word}"
        );
    }
    assert_eq!(flags("правый руль").steering.as_deref(), Some("right"));
    assert_eq!(flags("левый руль").steering.as_deref(), Some("left"));
    assert!(
        flags("3 ряда").three_rows
            && flags("полный салон").three_rows
            && !flags("2 ряда").three_rows
    );
    assert_eq!(flags("с бортами").borders.as_deref(), Some("with"));
    assert_eq!(flags("без бортов").borders.as_deref(), Some("without"));
    assert_eq!(
        flags("средний борт 1 кузов").borders.as_deref(),
        Some("middle")
    );
    assert!(flags("седан гибрид").hybrid && !flags("седан").hybrid);
    assert_eq!(flags("седан XV70").generation.as_deref(), Some("XV70"));
    assert_eq!(flags("седан 55 кузов").generation.as_deref(), Some("XV55"));
    // Without a body word the catalogue's body type is used.
    assert_eq!(flags("с бортами").body_type.as_deref(), Some("sedan"));
    // The description itself is kept whole.
    assert_eq!(
        flags("седан  XV70, правый руль").notes,
        "седан  XV70, правый руль"
    );
}

/// Each rule of `clean::resolve`, in its order: what a supplier row fits of its
/// catalogue model's generations, or why it is the workshop's own or for review.
#[test]
fn each_resolution_rule() {
    let reference = reference();
    let cleaner = Cleaner::new(&reference);
    let resolve = |model: &str, years: &str, description: &str| {
        let row = clean_one(&cleaner, "Toyota", model, years, description).unwrap();
        (
            row.generation,
            row.catalogue_generations,
            row.review_generations,
        )
    };
    let fits = |generation: Option<&str>, fits: &str| {
        (
            generation.map(str::to_owned),
            fits.to_owned(),
            String::new(),
        )
    };
    // 1. A generation word names one: that one, whatever the years.
    assert_eq!(resolve("Камри XV70", "", ""), fits(Some("XV70"), "XV70"));
    assert_eq!(
        resolve("Прадо", "", "150 кузов"),
        fits(Some("J150"), "J150")
    );
    // Several named (`10 кузов`: XU10 and AL10 of the Lexus RX): the years choose…
    let lexus = |years: &str| {
        let row = clean_one(&cleaner, "Лексус", "RX", years, "10 кузов").unwrap();
        (
            row.generation,
            row.catalogue_generations,
            row.review_generations,
        )
    };
    assert_eq!(lexus("2008-2015"), fits(Some("AL10"), "AL10"));
    // …or, without years, the row is for review with the generations named.
    assert_eq!(lexus(""), (None, String::new(), "XU10|AL10".into()));
    // 2. Years: every generation they overlap (a change-over year alone is none).
    assert_eq!(
        resolve("Camry", "2018-2020", ""),
        fits(Some("XV70"), "XV70")
    );
    assert_eq!(resolve("Camry", "2011-2017", ""), fits(None, "XV50|XV55"));
    // Years no generation has: a generation the catalogue lacks, the workshop's own.
    assert_eq!(
        resolve("Camry", "1990-1995", ""),
        (None, String::new(), String::new())
    );
    // 3. No years: a generation word the catalogue lacks is the workshop's own…
    let passat = clean_one(&cleaner, "VW", "Passat B3", "", "").unwrap();
    assert_eq!(
        (
            passat.model.as_str(),
            passat.generation.as_deref(),
            passat.catalogue_generations.as_str()
        ),
        ("Passat", Some("B3"), "")
    );
    // …a model with one generation is that one…
    let largus = clean_one(&cleaner, "Лада", "Ларгус", "", "").unwrap();
    assert_eq!(
        (
            largus.generation,
            largus.catalogue_generations,
            largus.review_generations
        ),
        (None, "I".to_owned(), String::new())
    );
    // …and otherwise the row is for review, with every generation as a candidate.
    assert_eq!(
        resolve("Camry", "", "седан"),
        (None, String::new(), "XV30|XV40|XV50|XV55|XV70|XV80".into())
    );
}

/// The body type narrows the generations a row may be, when they differ in it.
#[test]
fn the_body_type_narrows_the_generations() {
    let dir = std::env::temp_dir().join(format!("car_clean_body_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let mut vehicles = std::fs::read_to_string(data.join("vehicles.tsv")).unwrap();
    vehicles.push_str("Toyota\tтойота\t\tTestwagon\t\t\tsedan\t1\tT1\t2010\t2016\t\n");
    vehicles.push_str("Toyota\tтойота\t\tTestwagon\t\t\twagon\t1\tT2\t2012\t2018\t\n");
    std::fs::write(dir.join("vehicles.tsv"), vehicles).unwrap();
    let reference = ReferenceData::read(&dir).unwrap();
    let cleaner = Cleaner::new(&reference);
    let row = |years: &str, description: &str| {
        let row = clean_one(&cleaner, "Toyota", "Testwagon", years, description).unwrap();
        (row.catalogue_generations, row.review_generations)
    };
    assert_eq!(row("", "универсал"), ("T2".into(), String::new()));
    assert_eq!(row("", ""), (String::new(), "T1|T2".into()));
    assert_eq!(row("2013-2014", "седан"), ("T1".into(), String::new()));
    assert_eq!(row("2013-2014", ""), ("T1|T2".into(), String::new()));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn junk_is_rejected_with_a_reason_and_duplicates_merge() {
    let reference = reference();
    let cleaner = Cleaner::new(&reference);
    let rows = [
        raw("1", "Toyota", "Camry", "2006-2011", "седан правый руль"),
        raw("2", "-", "Камри", "2010", "седан"),
        raw("3", "Toyota", "", "2010", "уточнить"),
        raw(
            "4",
            "Тойота",
            "Камри",
            "2006–2011",
            "седан правый руль с бортами",
        ),
        raw("5", "Зил", "130", "", ""),
        raw("6", "Toyota", "Camry", "20011", ""),
        raw("", "Итого", "6 позиций", "", ""),
        raw("7", "см. выше", "Camry", "2010", ""),
        raw("8", "Jetour", "Dashing", "с 2022", "кроссовер"),
        raw("9", "Тайота", "Королла", "2010", ""),
        // Another variant of the same generation: left-hand drive.
        raw("10", "Toyota", "Camry", "2006-2011", "седан левый руль"),
    ];
    let (clean, rejected, summary) = clean::clean(&cleaner, &rows);
    assert_eq!(
        (
            summary.read,
            summary.clean,
            summary.merged,
            summary.rejected
        ),
        (11, 5, 1, 5)
    );
    // A brand the reference data lacks is imported as spelled and listed for review;
    // a close misspelling of a known brand still maps to it.
    assert_eq!(summary.new_brands, ["Зил", "Jetour"]);
    let brands: Vec<(&str, bool)> = clean
        .iter()
        .map(|r| (r.brand.as_str(), r.new_brand))
        .collect();
    assert_eq!(
        brands,
        [
            ("Toyota", false),
            ("Зил", true),
            ("Jetour", true),
            ("Toyota", false),
            ("Toyota", false)
        ]
    );
    assert_eq!(clean[0].source_ids, "1|4");
    assert_eq!(
        clean[0].notes,
        "седан правый руль|седан правый руль с бортами"
    );
    assert_eq!(
        (clean[0].steering.as_deref(), clean[0].borders.as_deref()),
        (Some("right"), Some("with"))
    );
    assert_eq!(
        (clean[4].source_ids.as_str(), clean[4].steering.as_deref()),
        ("10", Some("left"))
    );
    // A cell no supplier types (pasted text) is a rejected row, not a model.
    let long = "Королла ".repeat(15);
    let refused = clean_one(&cleaner, "Toyota", &long, "2010", "");
    assert_eq!(
        refused,
        Err("the model cell is 119 characters long (at most 100)".to_owned())
    );
    let reasons: Vec<(&str, &str)> = rejected
        .iter()
        .map(|r| (r.id.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("2", "no brand"),
            ("3", "no model"),
            ("6", "cannot read the years `20011`"),
            ("", "a total line, not a model"),
            ("7", "`см. выше` is not a brand name"),
        ]
    );
}

#[test]
fn the_sample_file_loses_nothing() {
    let dir = std::env::temp_dir().join(format!("car_clean_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let expected =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/supplier/evopoliki.expected.csv");
    let output = Command::new(env!("CARGO_BIN_EXE_car-clean"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg(&expected)
        .args(["-o", dir.join("clean.csv").to_str().unwrap()])
        .args(["--rejects", dir.join("rejects.csv").to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let clean: Vec<CleanRow> = csv::Reader::from_path(dir.join("clean.csv"))
        .unwrap()
        .deserialize()
        .map(Result::unwrap)
        .collect();
    let rejected: Vec<Rejected> = csv::Reader::from_path(dir.join("rejects.csv"))
        .unwrap()
        .deserialize()
        .map(Result::unwrap)
        .collect();
    let raw: Vec<RawRow> = csv::Reader::from_path(&expected)
        .unwrap()
        .deserialize()
        .map(Result::unwrap)
        .collect();

    // Every source row is in exactly one place: a clean row (maybe merged) or the rejects.
    let mut seen: Vec<String> = clean
        .iter()
        .flat_map(|r| r.source_ids.split('|').map(str::to_owned))
        .chain(rejected.iter().map(|r| r.id.clone()))
        .collect();
    let mut ids: Vec<String> = raw.iter().map(|r| r.id.clone()).collect();
    seen.sort();
    ids.sort();
    assert_eq!(seen, ids);
    let merged = raw.len() - clean.len() - rejected.len();
    assert_eq!(
        stdout.lines().next().unwrap(),
        format!(
            "{} rows read: {} clean, {merged} merged into duplicates, {} rejected",
            raw.len(),
            clean.len(),
            rejected.len()
        )
    );
    assert!(merged >= 20, "the sample has duplicate listings");
    assert!(rejected.iter().all(|r| !r.reason.is_empty()));
    // The catalogue knows nearly every model; the rest keep the supplier's spelling.
    assert!(clean.iter().filter(|r| r.matched).count() * 100 / clean.len() >= 95);
    std::fs::remove_dir_all(dir).unwrap();
}
