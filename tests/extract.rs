//! Extraction of the committed supplier PDFs, and of damaged copies built in memory.

use std::path::{Path, PathBuf};
use std::process::Command;

use car_chatbot_db::extract::{ExtractError, RawRow, extract};
use pdf_extract::Document;

fn supplier_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/supplier")
        .join(name)
}

fn expected_rows(name: &str) -> Vec<RawRow> {
    csv::Reader::from_path(supplier_file(&format!("{name}.expected.csv")))
        .unwrap()
        .deserialize()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn every_fixture_extracts_exactly_its_expected_rows() {
    for name in [
        "evopoliki",
        "small_borders",
        "small_noborders",
        "small_writer",
        "small_renamed",
    ] {
        let bytes = std::fs::read(supplier_file(&format!("{name}.pdf"))).unwrap();
        let (rows, report) = extract(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = expected_rows(name);
        for (got, want) in rows.iter().zip(&expected) {
            assert_eq!(got, want, "{name}");
        }
        assert_eq!(rows.len(), expected.len(), "{name}");
        let with_borders = if name == "small_noborders" {
            0
        } else {
            report.pages
        };
        assert_eq!(report.pages_with_borders, with_borders, "{name}");
    }
}

#[test]
fn the_sample_has_the_hazards_the_cleaner_must_handle() {
    let rows = expected_rows("evopoliki");
    assert!(rows.len() >= 850 && rows.last().unwrap().page >= 38);
    let any = |f: &dyn Fn(&RawRow) -> bool| rows.iter().any(f);
    assert!(
        any(&|r| r.brand == "ВАЗ") && any(&|r| r.brand == "VW") && any(&|r| r.brand == "TOYOTA")
    );
    assert!(
        any(&|r| r.years.contains('–'))
            && any(&|r| r.years.starts_with("с "))
            && any(&|r| r.years == "-")
    );
    assert!(any(&|r| r.model.contains(' ')) && any(&|r| r.description.contains("правый руль")));
    assert!(any(&|r| r.brand == "Итого") && any(&|r| r.model.is_empty()));
}

fn damaged_copies() -> Vec<(&'static str, Vec<u8>)> {
    let bytes = std::fs::read(supplier_file("small_borders.pdf")).unwrap();
    let with_document = |change: &dyn Fn(&mut Document)| {
        let mut doc = Document::load_mem(&bytes).unwrap();
        change(&mut doc);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    };
    vec![
        ("empty", Vec::new()),
        ("not a PDF", b"ID,brand\n1,Toyota\n".to_vec()),
        ("truncated to 1 KB", bytes[..1024].to_vec()),
        ("truncated to half", bytes[..bytes.len() / 2].to_vec()),
        (
            "a page with broken content",
            with_document(&|doc| {
                let page = doc.get_pages()[&2];
                let mut content = b"5 Tj\n".to_vec();
                content.extend(doc.get_page_content(page).unwrap());
                doc.change_page_content(page, content).unwrap();
            }),
        ),
        (
            "a page without its text",
            with_document(&|doc| {
                let page = doc.get_pages()[&3];
                doc.change_page_content(page, Vec::new()).unwrap();
            }),
        ),
        (
            "a page missing",
            with_document(&|doc| doc.delete_pages(&[2])),
        ),
    ]
}

#[test]
fn damaged_inputs_are_errors_that_say_what_is_wrong() {
    let expected = [
        ExtractError::Empty,
        ExtractError::NotPdf,
        ExtractError::Damaged(String::new()),
        ExtractError::Damaged(String::new()),
        ExtractError::Page {
            page: 2,
            reason: String::new(),
        },
        ExtractError::NoHeader { page: 3 },
        ExtractError::IdGaps(String::new()),
    ];
    for ((what, bytes), want) in damaged_copies().into_iter().zip(expected) {
        let error = extract(&bytes).expect_err(what);
        assert_eq!(
            std::mem::discriminant(&error),
            std::mem::discriminant(&want),
            "{what}: {error}"
        );
        if let ExtractError::Page { page, .. } | ExtractError::NoHeader { page } = want {
            assert!(
                error.to_string().starts_with(&format!("page {page}: ")),
                "{what}: {error}"
            );
        }
    }
    let protected = std::fs::read(supplier_file("small_borders_password.pdf")).unwrap();
    assert_eq!(extract(&protected).unwrap_err(), ExtractError::Encrypted);
    let gaps = extract(&damaged_copies()[6].1).unwrap_err().to_string();
    assert!(gaps.contains("24–46 before page 2"), "{gaps}");
}

#[test]
fn car_extract_writes_csv_or_one_clear_error_line() {
    let dir = std::env::temp_dir().join(format!("car_extract_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = dir.join("raw.csv");
    let run = |input: &Path| {
        Command::new(env!("CARGO_BIN_EXE_car-extract"))
            .arg(input)
            .arg("-o")
            .arg(&output)
            .output()
            .unwrap()
    };
    let ok = run(&supplier_file("small_writer.pdf"));
    assert!(ok.status.success());
    let written: Vec<RawRow> = csv::Reader::from_path(&output)
        .unwrap()
        .deserialize()
        .map(Result::unwrap)
        .collect();
    assert_eq!(written, expected_rows("small_writer"));
    std::fs::remove_file(&output).unwrap();

    for (what, bytes) in damaged_copies() {
        let input = dir.join("input.pdf");
        std::fs::write(&input, bytes).unwrap();
        let failed = run(&input);
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert_eq!(failed.status.code(), Some(1), "{what}");
        assert_eq!(
            stderr.lines().count(),
            1,
            "{what}: one line, no backtrace: {stderr}"
        );
        assert!(stderr.starts_with("car-extract: "), "{what}: {stderr}");
        assert!(!output.exists(), "{what}: nothing is written on failure");
    }
    let usage = Command::new(env!("CARGO_BIN_EXE_car-extract"))
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    std::fs::remove_dir_all(dir).unwrap();
}
