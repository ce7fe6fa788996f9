//! `car-clean`: raw supplier rows (from `car-extract`) -> clean rows and rejected rows.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use car_chatbot_db::pipeline::clean::{self, Cleaner};
use car_chatbot_db::pipeline::csv_file;
use car_chatbot_db::pipeline::error::finish;
use car_chatbot_db::pipeline::extract::RawRow;
use car_chatbot_db::pipeline::refdata::ReferenceData;
use clap::Parser;

/// Cleans raw supplier rows: canonical brand, model matched to the reference catalogue,
/// years, body type and description flags; duplicate listings merged.
///
/// Every row read ends up clean, merged into a duplicate, or in the rejects file with
/// its page, ID, raw cells and the reason. The summary's counts add up.
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    /// Raw CSV written by car-extract.
    raw: PathBuf,
    /// Clean CSV (default: RAW with `.clean.csv`).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Rejected rows with reasons (default: RAW with `.rejects.csv`).
    #[arg(long)]
    rejects: Option<PathBuf>,
    /// Folder with the reference data.
    #[arg(long, default_value = "data")]
    data: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    finish("car-clean", run(&cli))
}

fn run(cli: &Cli) -> Result<()> {
    let reference = ReferenceData::read(&cli.data)
        .with_context(|| format!("cannot read reference data from {}", cli.data.display()))?;
    let raw: Vec<RawRow> = csv_file::read(&cli.raw, b',')?;
    let (rows, rejected, summary) = clean::clean(&Cleaner::new(&reference), &raw);
    let output = cli
        .output
        .clone()
        .unwrap_or_else(|| cli.raw.with_extension("clean.csv"));
    let rejects = cli
        .rejects
        .clone()
        .unwrap_or_else(|| cli.raw.with_extension("rejects.csv"));
    csv_file::write(&output, &rows)
        .with_context(|| format!("cannot write {}", output.display()))?;
    csv_file::write(&rejects, &rejected)
        .with_context(|| format!("cannot write {}", rejects.display()))?;
    println!("{summary}");
    if !summary.new_brands.is_empty() {
        println!(
            "new brands, as the supplier spells them (not in the reference data; review them): {}",
            summary.new_brands.join(", ")
        );
    }
    println!(
        "clean rows: {}\nrejected rows: {}",
        output.display(),
        rejects.display()
    );
    Ok(())
}
