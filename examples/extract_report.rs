//! Extraction side by side: for each supplier file of the corpus (`data/supplier/corpus/`:
//! PDFs, workbooks and CSVs),
//! the rows we extract with every cell exact, against the rows in the table, and the
//! same for pdfplumber's `extract_tables` (default and text strategies) and camelot's
//! `read_pdf` (lattice and stream) where Python has them (`pip install pdfplumber
//! camelot-py opencv-python-headless ghostscript`; a `-` where one is missing).
//!
//!     cargo run --release --example extract_report [-- --misses] [FILE ...]

use std::path::{Path, PathBuf};
use std::process::Command;

use car_chatbot_db::pipeline::extract::{RawRow, extract_file};
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
struct Expected {
    id: String,
    brand: String,
    model: String,
    years: String,
    description: String,
    brand_carried: bool,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/supplier/corpus")
}

fn expected(pdf: &Path) -> Vec<Expected> {
    let path = pdf.with_extension("expected.csv");
    csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .deserialize()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Rows of `got` equal to a row of `want`, matched in order (a lost or extra row costs
/// only itself).
fn exact<T: PartialEq>(got: &[T], want: &[T]) -> usize {
    let (mut i, mut matched) = (0, 0);
    for row in want {
        if let Some(k) = got[i..].iter().position(|g| g == row) {
            matched += 1;
            i += k + 1;
        }
    }
    matched
}

/// The rows of five cells or more that a Python reader printed as CSV.
fn python_rows(script: &str, pdf: &Path, strategy: &str) -> Option<Vec<[String; 5]>> {
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(pdf)
        .arg(strategy)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(output.stdout.as_slice());
    Some(
        reader
            .records()
            .filter_map(Result::ok)
            .map(|r| std::array::from_fn(|k| r.get(k).unwrap_or("").to_owned()))
            .collect(),
    )
}

/// camelot's tables, `flavor` lattice (ruled cells) or stream (text positions).
fn camelot(pdf: &Path, flavor: &str) -> Option<Vec<[String; 5]>> {
    let script = r#"
import csv, sys, camelot
out = csv.writer(sys.stdout)
for table in camelot.read_pdf(sys.argv[1], pages="all", flavor=sys.argv[2]):
    for row in table.df.values.tolist():
        cells = [" ".join(str(c).split()) for c in row]
        if len(cells) >= 5:
            out.writerow(cells[:5])
"#;
    python_rows(script, pdf, flavor)
}

fn pdfplumber(pdf: &Path, strategy: &str) -> Option<Vec<[String; 5]>> {
    let script = r#"
import csv, sys, pdfplumber
settings = {} if sys.argv[2] == "default" else {"vertical_strategy": "text", "horizontal_strategy": "text"}
out = csv.writer(sys.stdout)
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        for table in page.extract_tables(settings):
            for row in table:
                cells = [" ".join((c or "").split()) for c in row]
                if len(cells) >= 5:
                    out.writerow(cells[:5])
"#;
    python_rows(script, pdf, strategy)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    let mut files: Vec<PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if files.is_empty() {
        files = std::fs::read_dir(corpus())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                ["pdf", "xlsx", "xls", "ods", "csv"]
                    .iter()
                    .any(|e| name.ends_with(&format!(".{e}")))
                    && !name.ends_with(".expected.csv")
            })
            .collect();
        files.sort();
    }
    // Each file's set: development, or the holdout set its name starts with
    // (`holdout_` is the first, `holdout2_` the second, …).
    // Numbered, so that set 10 is listed after set 9.
    let set_of = |name: &str| -> (u32, String) {
        match name.strip_prefix("holdout") {
            Some(rest) => {
                let number = rest.split('_').next().and_then(|n| n.parse().ok());
                let number = number.unwrap_or(1);
                (number, format!("holdout {number}"))
            }
            None => (0, "development".to_owned()),
        }
    };
    let untuned: Vec<String> = std::fs::read_to_string(corpus().join("UNTUNED"))
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect();
    println!(
        "{:<38} {:>5} {:>12} {:>18} {:>18} {:>16} {:>16}",
        "file",
        "rows",
        "ours exact",
        "pdfplumber lines",
        "pdfplumber text",
        "camelot lattice",
        "camelot stream"
    );
    let mut totals: std::collections::BTreeMap<(u32, String), (usize, usize)> = Default::default();
    for pdf in &files {
        let name = pdf.file_stem().unwrap().to_string_lossy().into_owned();
        let want = expected(pdf);
        let cells = |e: &Expected| {
            [
                e.id.clone(),
                e.brand.clone(),
                e.model.clone(),
                e.years.clone(),
                e.description.clone(),
            ]
        };
        let want_cells: Vec<[String; 5]> = want.iter().map(cells).collect();
        let bytes = std::fs::read(pdf).unwrap();
        let ours = match extract_file(pdf, &bytes, Default::default()) {
            Ok((rows, _)) => {
                let got: Vec<Expected> = rows
                    .iter()
                    .map(|r: &RawRow| Expected {
                        id: r.id.clone(),
                        brand: r.brand.clone(),
                        model: r.model.clone(),
                        years: r.years.clone(),
                        description: r.description.clone(),
                        brand_carried: r.brand_carried,
                    })
                    .collect();
                let matched = exact(&got, &want);
                if misses {
                    for (w, g) in want.iter().zip(&got).filter(|(w, g)| w != g).take(8) {
                        println!("  {name}: want {w:?}\n  {name}:  got {g:?}");
                    }
                    if got.len() != want.len() {
                        println!(
                            "  {name}: {} rows read, {} in the table",
                            got.len(),
                            want.len()
                        );
                    }
                }
                format!("{matched}/{}", want.len())
            }
            Err(error) => {
                if misses {
                    println!("  {name}: {error}");
                }
                format!("0/{} (error)", want.len())
            }
        };
        // The Python tools read PDFs only.
        let is_pdf = pdf.extension().is_some_and(|e| e == "pdf");
        let score = |rows: Option<Vec<[String; 5]>>| {
            rows.map_or("-".to_owned(), |rows| {
                format!("{}/{}", exact(&rows, &want_cells), want.len())
            })
        };
        let matched: usize = ours.split('/').next().unwrap().parse().unwrap_or(0);
        let total = totals.entry(set_of(&name)).or_default();
        total.0 += matched;
        total.1 += want.len();
        println!(
            "{:<38} {:>5} {:>12} {:>18} {:>18} {:>16} {:>16}",
            name,
            want.len(),
            ours,
            score(is_pdf.then(|| pdfplumber(pdf, "default")).flatten()),
            score(is_pdf.then(|| pdfplumber(pdf, "text")).flatten()),
            score(is_pdf.then(|| camelot(pdf, "lattice")).flatten()),
            score(is_pdf.then(|| camelot(pdf, "stream")).flatten()),
        );
    }
    for ((number, set), (matched, all)) in totals {
        let never_tuned = files.iter().any(|f| {
            let name = f.file_stem().unwrap().to_string_lossy();
            set_of(&name).0 == number && untuned.iter().any(|u| *u == name)
        });
        println!(
            "{set}{}: {matched}/{all} rows exact ({:.1}%)",
            if never_tuned { " (never tuned on)" } else { "" },
            matched as f64 * 100.0 / all as f64
        );
    }
}
