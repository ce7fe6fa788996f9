//! `car-extract`: a supplier's table (PDF, workbook or CSV) -> raw CSV, one line per
//! table row with the page (or sheet), the source ID and the cells exactly as printed.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use car_chatbot_db::pipeline::error::finish;
use car_chatbot_db::pipeline::{csv_file, extract, input, report};
use clap::Parser;

/// Extracts the rows of a supplier's pattern table (ID | Марка | Модель | Год | Описание)
/// from a PDF, a workbook (xlsx, xls, ods) or a CSV a spreadsheet saved (UTF-8 or
/// Windows-1251; comma, semicolon or tab).
///
/// A workbook or CSV: the table starts at its header row on any sheet (titles above it,
/// other sheets without one, and rows without an ID are not rows); a brand given once
/// for its group (merged cells, or a heading row) is carried to its rows; numbers are
/// read as written.
///
/// A PDF:
/// Whatever program printed the table: the header may be on every page or only the
/// first, borders full, partial or absent, cells wrapped. Titles, totals, page footers
/// and repeated headers are not rows; they are listed with --verbose. The run fails,
/// and writes nothing, when a page cannot be read, has no text or decodes to garbage,
/// when the table has no header, or when the file's own total or page numbers disagree
/// with what was read: such text would be lost silently.
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    /// The supplier's file: .pdf, .xlsx, .xls, .ods, or .csv.
    file: PathBuf,
    /// Where to write the raw CSV (default: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Do not compare what was read with the row total (`Итого: 899 позиций`) and the
    /// page numbers (`Страница 2 из 8`) the file prints, when they count something else.
    #[arg(long)]
    ignore_printed_counts: bool,
    /// Also list the text found outside the table (titles, totals, footers).
    #[arg(short, long)]
    verbose: bool,
    /// Also write an HTML page showing each PDF page as read: text where it stands, the
    /// columns and rows found, carried brands, text left out, and where a refused file
    /// went wrong. Written whether the file is read or refused.
    #[arg(long, value_name = "FILE.html")]
    report: Option<PathBuf>,
}

fn main() -> ExitCode {
    // pdf-extract panics on some malformed content; each page runs under
    // catch_unwind and is reported by number, so the default panic message is noise.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = Cli::parse();
    finish("car-extract", run(&cli))
}

fn run(cli: &Cli) -> Result<()> {
    let bytes = input::read_file(&cli.file, input::MAX_FILE_BYTES)?;
    let options = extract::ExtractOptions {
        ignore_printed_counts: cli.ignore_printed_counts,
        ..Default::default()
    };
    let text_table = extract::is_text_table(&cli.file);
    let spreadsheet = text_table || extract::is_workbook(&bytes);
    let (read, trace) = if cli.report.is_some() && !text_table {
        extract::extract_traced(&bytes, options)
    } else {
        (
            extract::extract_file(&cli.file, &bytes, options),
            Default::default(),
        )
    };
    if let Some(path) = &cli.report {
        let outcome = read
            .as_ref()
            .map(|(rows, report)| (rows.as_slice(), report));
        let page = report::html(&cli.file.display().to_string(), &trace, outcome, &[]);
        csv_file::write_whole(path, page.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("car-extract: report written to {}", path.display());
    }
    let (rows, report) = read.with_context(|| cli.file.display().to_string())?;
    let buffer = csv_file::to_bytes(&rows)?;
    match &cli.output {
        Some(path) => csv_file::write_whole(path, &buffer)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            if let Err(error) = stdout.write_all(&buffer).and_then(|_| stdout.flush())
                && error.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(error.into());
            }
        }
    }
    if spreadsheet {
        eprintln!(
            "car-extract: {} rows from {} ({} brands carried to their group's rows)",
            rows.len(),
            counted(report.pages, "sheet"),
            report.brands_carried,
        );
    } else {
        eprintln!(
            "car-extract: {} rows from {} ({} with cell borders, {} rows joined across pages, {} brands carried to their group's rows)",
            rows.len(),
            counted(report.pages, "page"),
            report.pages_with_borders,
            report.joined_across_pages,
            report.brands_carried,
        );
    }
    for warning in &report.warnings {
        eprintln!("car-extract: warning: {warning}");
    }
    if cli.verbose {
        for (page, text) in &report.outside {
            let place = if spreadsheet { "sheet" } else { "page" };
            eprintln!("car-extract: {place} {page}, outside the table: {text}");
        }
    }
    Ok(())
}

/// `1 page`, `2 pages`.
fn counted(n: u32, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
