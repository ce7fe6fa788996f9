//! The HTML report an operator looks at (`car-extract --report`, `car-import --report`),
//! opened in a real headless browser (Debian's chromium; `.ci/run` installs it).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::TestDatabase;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("car_report_{:08x}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn car_extract(file: &str, report: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_car-extract"))
        .current_dir(root())
        .arg(file)
        .arg("--report")
        .arg(report)
        .args(["-o", "/dev/null"])
        .output()
        .unwrap()
}

/// The page as the browser has it once loaded (its script has run).
fn browser_dom(page: &Path) -> String {
    let profile = scratch();
    let output = Command::new("timeout")
        .arg("120")
        .arg(std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into()))
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("Debian's chromium (apt-get install chromium; .ci/run installs it)");
    assert!(
        output.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// `data-NAME="VALUE"` on the report's footer, as the browser left it.
fn footer_value(dom: &str, name: &str) -> usize {
    let footer = &dom[dom.find("<footer").expect("a footer")..];
    let footer = &footer[..footer.find('>').unwrap()];
    let key = format!("data-{name}=\"");
    let start = footer
        .find(&key)
        .unwrap_or_else(|| panic!("no {key} in {footer}"))
        + key.len();
    footer[start..].split('"').next().unwrap().parse().unwrap()
}

/// The browser draws every page and every word of the report; each row read has its
/// box; brands carried from a group's heading are marked.
#[test]
fn the_report_draws_every_page_in_a_browser() {
    let dir = scratch();
    for (file, pages, rows, carried) in [
        ("data/supplier/evopoliki.pdf", 40, 899, 0),
        (
            "data/supplier/corpus/holdout6_weasy_groups_lines.pdf",
            5,
            190,
            188,
        ),
    ] {
        let report = dir.join("report.html");
        let output = car_extract(file, &report);
        assert!(output.status.success(), "{file}: {output:?}");
        let html = std::fs::read_to_string(&report).unwrap();
        assert_eq!(
            html.matches("<section class=\"page").count(),
            pages,
            "{file}"
        );
        assert_eq!(html.matches("<rect class=\"row").count(), rows, "{file}");
        assert_eq!(
            html.matches("<rect class=\"carried\"").count(),
            carried,
            "{file}"
        );
        let words = html.matches("<text ").count();
        assert!(words > rows * 4, "{file}: {words} words");

        let dom = browser_dom(&report);
        assert_eq!(footer_value(&dom, "drawn-pages"), pages, "{file}");
        assert_eq!(footer_value(&dom, "drawn-words"), words, "{file}");
    }
    // `-o /dev/null` wrote into the device, not a file renamed over it.
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

/// A workbook has no positions to draw: its report lists its rows, carried brands marked.
#[test]
fn a_workbook_s_report_lists_its_rows() {
    let report = scratch().join("sheet.html");
    let output = car_extract("tests/data/sheets/evopoliki.xlsx", &report);
    assert!(output.status.success(), "{output:?}");
    let html = std::fs::read_to_string(&report).unwrap();
    assert_eq!(
        html.matches("<tr>").count() + html.matches("<tr class").count(),
        900
    );
    assert!(html.contains("899 rows read from 2 sheets"));
    assert!(html.matches("<td class=\"carried\">").count() > 0);
}

/// A refused file still gets its report: the reason at the top, and the page and line
/// the refusal names marked.
#[test]
fn a_refused_file_s_report_shows_where_and_why() {
    let dir = scratch();
    let report = dir.join("total.html");
    let output = car_extract("data/supplier/corpus/bad/bad_total.pdf", &report);
    assert_eq!(output.status.code(), Some(2));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("Refused: the file states 64 rows but 63 were read"));
    // The total that disagrees, and the rows that were read, drawn where they stand.
    let marked = html
        .split("<g class=\"error\">")
        .nth(1)
        .expect("a marked line");
    assert!(marked[..marked.find("</g>").unwrap()].contains(">64<"));
    assert_eq!(html.matches("<rect class=\"row").count(), 63);

    let report = dir.join("header.html");
    let output = car_extract("data/supplier/corpus/bad/bad_no_header.pdf", &report);
    assert_eq!(output.status.code(), Some(2));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<section class=\"page refused\" id=\"page-1\">"));
    assert!(html.contains("Refused: page 1: no table header"));
    let dom = browser_dom(&report);
    assert_eq!(
        footer_value(&dom, "drawn-pages"),
        footer_value(&dom, "pages")
    );
}

/// car-import's report marks each row cleaning rejected, with its reason, and is
/// written on a dry run before anything is imported.
#[tokio::test(flavor = "multi_thread")]
async fn the_import_report_marks_rejected_rows_with_their_reasons() {
    let db = TestDatabase::with_reference_data().await;
    let dir = scratch();
    let report = dir.join("import.html");
    let rejects = dir.join("rejects.csv");
    let output = Command::new(env!("CARGO_BIN_EXE_car-import"))
        .current_dir(root())
        .env("DATABASE_URL", db.url())
        .args(["--tenant", "evopoliki", "--dry-run", "--report"])
        .arg(&report)
        .arg("--rejects")
        .arg(&rejects)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let html = std::fs::read_to_string(&report).unwrap();
    let rejected: Vec<(String, String)> = csv::Reader::from_path(&rejects)
        .unwrap()
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_owned(), r[6].to_owned())
        })
        .collect();
    assert!(rejected.len() >= 10);
    assert_eq!(
        html.matches("<rect class=\"row rejected\"").count(),
        rejected.len()
    );
    for (id, reason) in &rejected {
        let escaped = reason.replace('&', "&amp;").replace('<', "&lt;");
        assert!(
            html.contains(&format!("<li>ID {id}: {escaped}</li>")),
            "{id}: {reason}"
        );
    }
    assert!(html.contains(&format!(
        "899 rows read from 40 pages: {} rejected",
        rejected.len()
    )));
    let dom = browser_dom(&report);
    assert_eq!(footer_value(&dom, "drawn-pages"), 40);
}
