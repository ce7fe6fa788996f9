//! `car-extract`: a supplier's PDF table -> raw CSV, one line per table row with
//! the page, the source ID and the cells exactly as printed.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use car_chatbot_db::{csv_file, extract};
use clap::Parser;

/// Extracts the rows of a supplier's pattern table (ID | Марка | Модель | Год | Описание) from a PDF.
///
/// Page headers, footers, page numbers and repeated column headers are not rows. The
/// run fails, and writes nothing, when a page cannot be read, has no table header or
/// decodes to garbage, or when source IDs are missing: such text would be lost silently.
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    /// The supplier's PDF.
    file: PathBuf,
    /// Where to write the raw CSV (default: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Accept source IDs with gaps (the supplier deleted rows); by default a gap
    /// means lost text and fails the run.
    #[arg(long)]
    allow_id_gaps: bool,
}

fn main() -> ExitCode {
    // pdf-extract panics on some malformed content; each page runs under
    // catch_unwind and is reported by number, so the default panic message is noise.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("car-extract: {}: {error:#}", cli.file.display());
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<()> {
    let bytes = std::fs::read(&cli.file).context("cannot read the file")?;
    let options = extract::ExtractOptions {
        allow_id_gaps: cli.allow_id_gaps,
    };
    let (rows, report) = extract::extract_with(&bytes, options)?;
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
    eprintln!(
        "car-extract: {} rows from {} pages ({} with cell borders)",
        rows.len(),
        report.pages,
        report.pages_with_borders
    );
    Ok(())
}
