//! Extraction time and memory against page count: the 40-page sample PDF's pages
//! repeated to 100, 1,000 and 10,000 pages, each file read by a fresh process (so its
//! peak memory is its own). The baseline is the 100-page file in the same run; the
//! target is a time per page at 10,000 pages within 1.5× of it. `pdftotext -layout`
//! is timed beside it where it is installed.
//!
//!     cargo run --release --example bench_extract [-- [--file PDF] 100 1000 10000]
//!
//! `--file` repeats another PDF's pages instead (a borderless one takes its columns
//! from gutters, the sample's from its rules).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use car_chatbot_db::pipeline::extract::{ExtractOptions, RawRow, extract_with};
use pdf_extract::{Document, Object};

/// The sample's pages repeated in order until the file has `count` pages (its page
/// numbers and total then repeat too, so printed counts are not checked).
fn with_pages(bytes: &[u8], count: usize) -> Vec<u8> {
    let mut doc = Document::load_mem(bytes).unwrap();
    let originals: Vec<_> = doc.get_pages().values().copied().collect();
    let pages_id = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let kids: Vec<Object> = (0..count)
        .map(|i| {
            let page = doc
                .get_object(originals[i % originals.len()])
                .unwrap()
                .clone();
            Object::Reference(doc.add_object(page))
        })
        .collect();
    let pages = doc.get_object_mut(pages_id).unwrap().as_dict_mut().unwrap();
    pages.set("Kids", kids);
    pages.set("Count", count as i64);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// This process's peak resident memory, in MiB (Linux).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Run in a child: extracts one file, prints `seconds rows peak_mib`.
fn measure_one(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let options = ExtractOptions {
        ignore_printed_counts: true,
        ..Default::default()
    };
    let start = Instant::now();
    let (rows, _) = extract_with(&bytes, options).unwrap();
    let seconds = start.elapsed().as_secs_f64();
    // What the rows returned hold (their text at least a word each, as the allocator
    // gives it), to tell the reader's own memory from its output's.
    let rows_bytes: usize = rows
        .iter()
        .map(|r| {
            let texts = [&r.id, &r.brand, &r.model, &r.years, &r.description];
            std::mem::size_of::<RawRow>()
                + texts
                    .iter()
                    .map(|t| t.capacity().max(1).next_multiple_of(16))
                    .sum::<usize>()
        })
        .sum();
    println!(
        "{seconds} {} {} {}",
        rows.len(),
        peak_mib(),
        rows_bytes as f64 / (1024.0 * 1024.0)
    );
}

fn pdftotext(path: &Path) -> Option<Duration> {
    let start = Instant::now();
    let status = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("/dev/null")
        .status()
        .ok()?;
    status.success().then(|| start.elapsed())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, path] = args.as_slice()
        && flag == "--one"
    {
        return measure_one(Path::new(path));
    }
    let (file, args) = match args.as_slice() {
        [flag, path, rest @ ..] if flag == "--file" => (Path::new(path).to_owned(), rest),
        rest => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("data/supplier/evopoliki.pdf"),
            rest,
        ),
    };
    let counts: Vec<usize> = if args.is_empty() {
        vec![100, 1_000, 10_000]
    } else {
        args.iter()
            .map(|a| a.parse().expect("page counts"))
            .collect()
    };
    let sample = std::fs::read(&file).unwrap();
    println!("{}", file.display());
    println!(
        "{:>7} {:>8} {:>10} {:>9} {:>8} {:>10} {:>10} {:>10} {:>10}",
        "pages",
        "rows",
        "time",
        "ms/page",
        "ratio",
        "peak MiB",
        "rows MiB",
        "other MiB",
        "pdftotext"
    );
    let mut baseline = None;
    for count in counts {
        let path = std::env::temp_dir().join(format!("car_bench_{count}_pages.pdf"));
        std::fs::write(&path, with_pages(&sample, count)).unwrap();
        let output = Command::new(std::env::current_exe().unwrap())
            .arg("--one")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let figures = String::from_utf8(output.stdout).unwrap();
        let [seconds, rows, peak, rows_mib]: [f64; 4] = figures
            .split_whitespace()
            .map(|f| f.parse().unwrap())
            .collect::<Vec<_>>()
            .try_into()
            .unwrap();
        let per_page = seconds * 1000.0 / count as f64;
        let baseline = *baseline.get_or_insert(per_page);
        println!(
            "{:>7} {:>8} {:>9.2}s {:>9.2} {:>7.2}x {:>10.0} {:>10.0} {:>10.0} {:>10}",
            count,
            rows,
            seconds,
            per_page,
            per_page / baseline,
            peak,
            rows_mib,
            peak - rows_mib,
            pdftotext(&path).map_or("-".into(), |t| format!("{:.2}s", t.as_secs_f64())),
        );
        std::fs::remove_file(path).ok();
    }
    println!(
        "(ratio = ms/page against the first file's; each file read once by a fresh process; \
         rows MiB: what the rows returned hold; other MiB: the rest of the peak)"
    );
}
