//! Extraction speed: the 40-page sample PDF and a 400-page version built from it at
//! run time, beside `pdftotext -layout` where it is installed (same files, same run).
//!
//!     cargo run --release --example bench_extract

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use car_chatbot_db::extract::{ExtractOptions, extract_with};
use pdf_extract::{Document, Object};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

/// The sample's pages repeated `times` times (its page numbers and total then repeat too).
fn repeated(bytes: &[u8], times: usize) -> Vec<u8> {
    let mut doc = Document::load_mem(bytes).unwrap();
    let originals: Vec<_> = doc.get_pages().values().copied().collect();
    let pages_id = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let mut kids = Vec::new();
    for _ in 0..times {
        for id in &originals {
            let page = doc.get_object(*id).unwrap().clone();
            kids.push(Object::Reference(doc.add_object(page)));
        }
    }
    let count = kids.len() as i64;
    let pages = doc.get_object_mut(pages_id).unwrap().as_dict_mut().unwrap();
    pages.set("Kids", kids);
    pages.set("Count", count);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    let sample_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/supplier/evopoliki.pdf");
    let sample = std::fs::read(&sample_path).unwrap();
    let big = repeated(&sample, 10);
    let big_path = std::env::temp_dir().join("car_bench_400_pages.pdf");
    std::fs::write(&big_path, &big).unwrap();
    let pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();

    println!(
        "{:<22} {:>6} {:>12} {:>10} {:>16} {:>8}",
        "file", "pages", "car-extract", "pages/s", "pdftotext -layout", "ratio"
    );
    for (name, bytes, path, runs) in [
        ("sample", &sample, sample_path.as_path(), 9),
        ("400-page", &big, big_path.as_path(), 3),
    ] {
        let options = ExtractOptions {
            ignore_printed_counts: true,
        };
        let (rows, report) = extract_with(bytes, options).unwrap();
        assert!(!rows.is_empty());
        let ours = time(runs, || {
            extract_with(bytes, options).unwrap();
        });
        let pages_per_second = f64::from(report.pages) / ours.as_secs_f64();
        let theirs = pdftotext.then(|| {
            time(runs, || {
                let status = Command::new("pdftotext")
                    .arg("-layout")
                    .arg(path)
                    .arg("/dev/null")
                    .status()
                    .unwrap();
                assert!(status.success());
            })
        });
        println!(
            "{:<22} {:>6} {:>10.0}ms {:>10.0} {:>16} {:>8}",
            name,
            report.pages,
            ours.as_secs_f64() * 1000.0,
            pages_per_second,
            theirs.map_or("not installed".into(), |t| format!(
                "{:.0}ms",
                t.as_secs_f64() * 1000.0
            )),
            theirs.map_or("-".into(), |t| format!(
                "{:.2}x",
                ours.as_secs_f64() / t.as_secs_f64()
            )),
        );
    }
    println!(
        "(medians; ratio = car-extract time / pdftotext time; target: the sample in under 1 s)"
    );
    std::fs::remove_file(big_path).ok();
}
