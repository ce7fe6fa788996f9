//! The sample supplier table as the spreadsheets it is kept in (made by other
//! programs with other layouts: `tests/data/sheets/make.py`): each reads to the
//! sample PDF's rows, and imports the same patterns.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use car_chatbot_db::pipeline::extract::{self, RawRow};
use common::TestDatabase;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const FILES: [&str; 4] = [
    "evopoliki.xlsx",
    "evopoliki.xls",
    "evopoliki.ods",
    "evopoliki.cp1251.csv",
];

fn sheet(name: &str) -> PathBuf {
    root().join("tests/data/sheets").join(name)
}

fn expected_rows() -> Vec<RawRow> {
    csv::Reader::from_path(root().join("data/supplier/evopoliki.expected.csv"))
        .unwrap()
        .deserialize()
        .map(Result::unwrap)
        .collect()
}

fn cells(row: &RawRow) -> [&str; 5] {
    [
        &row.id,
        &row.brand,
        &row.model,
        &row.years,
        &row.description,
    ]
}

/// Every cell as printed in the PDF: IDs and years stored as numbers read as written,
/// brands in merged cells, under headings or "as above" carried, titles, totals and
/// the contacts sheet left out.
#[test]
fn each_spreadsheet_reads_to_the_sample_pdfs_rows() {
    let expected = expected_rows();
    for name in FILES {
        let bytes = std::fs::read(sheet(name)).unwrap();
        let (rows, report) = if name.ends_with(".csv") {
            extract::extract_csv(&bytes, Default::default())
        } else {
            extract::extract(&bytes)
        }
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(rows.len(), expected.len(), "{name}");
        assert_eq!(report.stated_total, Some(expected.len()), "{name}");
        for (got, want) in rows.iter().zip(&expected) {
            // A row without a model (junk) gets no brand from a heading or a merged
            // cell, but the .xls, having no brand column, cannot print its own.
            let heading = name.ends_with(".xls") && want.model.is_empty();
            let mut want = cells(want);
            if heading {
                want[1] = &got.brand;
            }
            assert_eq!(cells(got), want, "{name}");
        }
    }
}

/// Imported as a workshop's file, each spreadsheet gives the patterns the sample PDF
/// gives another workshop: same variants, IDs, labels, years, notes and generations.
#[tokio::test(flavor = "multi_thread")]
async fn each_spreadsheet_imports_the_patterns_of_the_sample_pdf() {
    let db = TestDatabase::with_reference_data().await;
    let dir = std::env::temp_dir().join(format!("car_sheets_{:08x}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    let import = |tenant: &str, file: &Path| {
        let output = Command::new(env!("CARGO_BIN_EXE_car-import"))
            .current_dir(root())
            .env("DATABASE_URL", db.url())
            .arg("--rejects")
            .arg(dir.join(format!("{tenant}.rejects.csv")))
            .args(["--tenant", tenant, "--max-retire", "100"])
            .arg(file)
            .output()
            .unwrap();
        let out = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.status.success(), "{}: {out}", file.display());
        out
    };
    import("evopoliki", &root().join("data/supplier/evopoliki.pdf"));
    let patterns = |tenant: &'static str| {
        let select = format!(
            "(SELECT p.variant_key, p.supplier_id, p.label, p.year_from, p.year_to, p.steering, p.three_rows, p.notes, p.available, p.review_candidates, \
                     (SELECT array_agg(g.model_id ORDER BY g.model_id) FROM pattern_generations g WHERE g.pattern_id = p.id) AS generations, \
                     o.brand, o.name, o.generation \
              FROM patterns p JOIN tenants t ON t.id = p.tenant_id LEFT JOIN own_models o ON o.id = p.own_model_id \
              WHERE t.slug = '{tenant}')"
        );
        let db = &db;
        async move {
            // Without the heading line, which names the tenant.
            let dump = db.dump(&[&select], common::ROWS_AS_TEXT).await;
            dump.lines().skip(1).collect::<Vec<_>>().join("\n")
        }
    };
    let from_pdf = patterns("evopoliki").await;
    assert!(from_pdf.lines().count() > 800, "{from_pdf}");
    let rejected_from_pdf = std::fs::read_to_string(dir.join("evopoliki.rejects.csv")).unwrap();
    for (i, name) in FILES.iter().enumerate() {
        let out = import("five_deluxe", &sheet(name));
        if i > 0 {
            assert!(out.contains(" 0 added, 0 updated, "), "{name}: {out}");
        }
        assert_eq!(patterns("five_deluxe").await, from_pdf, "{name}");
        let rejected = std::fs::read_to_string(dir.join("five_deluxe.rejects.csv")).unwrap();
        assert_eq!(
            rejected.lines().count(),
            rejected_from_pdf.lines().count(),
            "{name}"
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// A workbook without a table header on any sheet is refused naming its sheets; a
/// damaged one says it cannot be read.
#[test]
fn a_workbook_without_a_table_is_refused_with_its_sheets() {
    let bytes = std::fs::read(sheet("evopoliki.xlsx")).unwrap();
    let damaged = extract::extract(&bytes[..bytes.len() / 2]).unwrap_err();
    assert!(
        damaged
            .to_string()
            .starts_with("the spreadsheet cannot be read"),
        "{damaged}"
    );
    let text = "Контакты;\r\nТелефон;+996 555 123 456\r\n";
    let refused = extract::extract_csv(text.as_bytes(), Default::default()).unwrap_err();
    assert!(
        refused
            .to_string()
            .starts_with("no sheet has a table header"),
        "{refused}"
    );
}
