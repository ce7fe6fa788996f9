//! `car-import`: a supplier's file -> one tenant's patterns, the main job of the toolkit.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use car_chatbot_db::bounds;
use car_chatbot_db::models::Tenant;
use car_chatbot_db::pipeline::ImportError;
use car_chatbot_db::pipeline::clean::{self, CleanRow, Cleaner, Rejected};
use car_chatbot_db::pipeline::error::finish;
use car_chatbot_db::pipeline::extract::{self, ExtractReport, RawRow, Trace};
use car_chatbot_db::pipeline::import::{self, ImportRequest};
use car_chatbot_db::pipeline::input;
use car_chatbot_db::pipeline::lock::{print_waiting, session_name};
use car_chatbot_db::pipeline::refdata::ReferenceData;
use car_chatbot_db::pipeline::{csv_file, report};
use car_chatbot_db::{DbConfig, DbRole, Error};
use clap::Parser;
use sha2::{Digest, Sha256};

/// Imports a supplier's pattern list for one tenant: the models the tenant can make
/// mats for.
///
/// FILE may be the supplier's PDF (extracted and cleaned in-process), a raw CSV from
/// car-extract or a clean CSV from car-clean; without FILE the tenant's default
/// supplier file data/supplier/TENANT.pdf is used. The tenant must exist (`car-migrate
/// seed` loads the demo tenants).
///
/// Each row resolves to the shared catalogue's generations (by the generation words
/// and codes it names, its years, its body type); a model or generation the catalogue
/// lacks becomes the workshop's own (its customers find it; `car-catalog review` lists
/// it for adoption), and a row naming none of a model's generations waits for review
/// (`car-patterns --review`). The catalogue is only read: an import writes the
/// workshop's rows alone. Everything is written in one transaction: the whole file
/// lands or nothing changes. Running it again with the same file changes nothing;
/// patterns missing from a newer file become unavailable. Rejected rows are written
/// to a CSV with their reasons and do not fail the import.
///
/// Another tool writing the workshop (an import, an operator's change, a seed) is
/// waited for, at most CAR_DB_LOCK_TIMEOUT_MS (default 60 s); a statement may run
/// CAR_DB_STATEMENT_TIMEOUT_MS (default 10 min).
///
/// Exit codes: 0 imported (or nothing to change), 1 failed, 2 bad input (arguments,
/// unknown tenant or category, a file that cannot be read or imported); nothing is
/// changed unless 0.
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    /// The tenant's slug, e.g. evopoliki.
    #[arg(long)]
    tenant: String,
    /// The product category the patterns are for.
    #[arg(long, default_value = "eva_mats")]
    category: String,
    /// Supplier PDF, raw CSV or clean CSV (default: data/supplier/TENANT.pdf).
    file: Option<PathBuf>,
    /// Report what would change without writing anything.
    #[arg(long)]
    dry_run: bool,
    /// Refuse, changing nothing, when the file would make more than this percentage of
    /// the tenant's available patterns unavailable (a truncated or wrong file).
    #[arg(long, value_name = "PERCENT", default_value_t = 20, value_parser = clap::value_parser!(u32).range(0..=100))]
    max_retire: u32,
    /// Where to write the rejected rows (default: TENANT.rejects.csv in the current folder).
    #[arg(long)]
    rejects: Option<PathBuf>,
    /// Also write an HTML page showing the supplier's file as read: each PDF page drawn
    /// with the columns and rows found, carried brands, text left out, rejected rows with
    /// their reason, and where a refused file went wrong. Written whether the file is
    /// read or refused, before anything is imported.
    #[arg(long, value_name = "FILE.html")]
    report: Option<PathBuf>,
    /// Folder with the reference data (its body type words; the vehicle catalogue is
    /// read from the database).
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// PostgreSQL URL of a login role that is a member of car_import.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: String,
}

fn main() -> ExitCode {
    // pdf-extract panics on some malformed pages; they are caught and reported by number.
    std::panic::set_hook(Box::new(|_| {}));
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    finish("car-import", runtime.block_on(run(&cli)))
}

/// A mistake in the command line (exit code 2).
fn usage(message: String) -> anyhow::Error {
    ImportError::Invalid(message).into()
}

async fn run(cli: &Cli) -> Result<()> {
    bounds::check_code("tenant slug", &cli.tenant)?;
    let mut reference = ReferenceData::read(&cli.data)
        .with_context(|| format!("cannot read reference data from {}", cli.data.display()))?;
    let config = DbConfig::for_tool(
        &cli.database_url,
        DbRole::Import,
        session_name("car-import", &cli.tenant),
    )?;
    let mut conn = car_chatbot_db::db::connect(&config)
        .await
        .context("cannot connect as car_import")?;
    // Rows resolve to the database's catalogue, which operators may have extended.
    reference
        .use_catalogue_of(&mut conn)
        .await
        .context("cannot read the vehicle catalogue")?;
    let known = Tenant::slugs(&mut conn).await?;
    if !known.contains(&cli.tenant) {
        let unknown = Error::UnknownTenant {
            slug: cli.tenant.clone(),
        };
        return Err(usage(format!(
            "{unknown}; known tenants: {}; add the tenant first (`car-migrate seed` loads the demo tenants of {})",
            known.join(", "),
            cli.data.join("tenants.csv").display()
        )));
    }

    let file = cli.file.clone().unwrap_or_else(|| {
        cli.data
            .join("supplier")
            .join(format!("{}.pdf", cli.tenant))
    });
    if cli.file.is_none() && !file.exists() {
        return Err(usage(format!(
            "tenant `{}` has no default supplier file ({}); pass the file to import",
            cli.tenant,
            file.display()
        )));
    }
    let bytes = input::read_file(&file, input::MAX_FILE_BYTES)?;
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let input = read_input(&file, &bytes, &reference, cli.report.as_deref())?;
    let rejects_path = cli
        .rejects
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.rejects.csv", cli.tenant)));
    if !input.rejected.is_empty() {
        csv_file::write(&rejects_path, &input.rejected)
            .with_context(|| format!("cannot write {}", rejects_path.display()))?;
    }

    let mut bar = progress_bar(input.rows.len());
    let mut progress = |done: usize, total: usize| bar.tick(done, total);
    let request = ImportRequest {
        tenant: &cli.tenant,
        category: &cli.category,
        file_name: &file.display().to_string(),
        file_sha256: &sha256,
        rows: &input.rows,
        rows_read: input.rows_read,
        rejected: input.rejected.len(),
        dry_run: cli.dry_run,
        max_retire_percent: cli.max_retire,
        on_wait: &print_waiting("car-import"),
    };
    let summary = import::import(&mut conn, &request, &mut progress).await?;
    bar.finish();

    println!(
        "{}: {} ({} rows read, {} merged duplicates)",
        cli.tenant,
        file.display(),
        input.rows_read,
        input.merged
    );
    println!("{} patterns: {summary}", cli.category);
    if summary.new_own_models > 0 {
        println!(
            "{} models the catalogue lacks, kept as this workshop's own until adopted (car-catalog review)",
            summary.new_own_models
        );
    }
    if !summary.new_brands.is_empty() {
        println!(
            "brands the catalogue lacks, as the supplier spells them: {}",
            summary.new_brands.join(", ")
        );
    }
    if summary.review > 0 {
        println!(
            "{} rows name a catalogue model but not which generation: listed for review (car-patterns --review)",
            summary.review
        );
    }
    if !input.rejected.is_empty() {
        println!("rejected rows and reasons: {}", rejects_path.display());
    }
    if cli.dry_run {
        if let Some(refused) = &summary.retire_refused {
            println!("a real run would refuse: {refused}");
        }
        println!("dry run: nothing was written");
    } else if !summary.changed() {
        println!("nothing changed: the workshop's patterns already match this file");
    }
    Ok(())
}

/// The clean rows of a file, and what cleaning rejected or merged.
struct Input {
    rows: Vec<CleanRow>,
    rejected: Vec<Rejected>,
    rows_read: usize,
    merged: usize,
}

fn read_input(
    file: &Path,
    bytes: &[u8],
    reference: &ReferenceData,
    report_path: Option<&Path>,
) -> Result<Input> {
    let text_table = extract::is_text_table(file);
    let (read, trace) = if !text_table {
        if report_path.is_some() {
            extract::extract_traced(bytes, Default::default())
        } else {
            (extract::extract(bytes), Trace::default())
        }
    } else {
        let header = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        if header.starts_with(b"source_ids,") {
            if report_path.is_some() {
                eprintln!("car-import: no report: a clean CSV has no supplier layout to show");
            }
            let rows: Vec<CleanRow> = read_csv(file, bytes)?;
            return Ok(Input {
                rows_read: rows.len(),
                rows,
                rejected: Vec::new(),
                merged: 0,
            });
        }
        let read = if header.starts_with(b"page,id,brand,") || bytes.trim_ascii().is_empty() {
            let rows: Vec<RawRow> = read_csv(file, bytes)?;
            Ok((rows, ExtractReport::default()))
        } else {
            // The supplier's own table, as a spreadsheet saves it.
            extract::extract_csv(bytes, Default::default())
        };
        (read, Trace::default())
    };
    let cleaned = read
        .as_ref()
        .ok()
        .map(|(raw, _)| clean::clean(&Cleaner::new(reference), raw));
    if let Some(path) = report_path {
        let outcome = read
            .as_ref()
            .map(|(rows, report)| (rows.as_slice(), report));
        let rejected = cleaned
            .as_ref()
            .map_or(&[][..], |(_, rejected, _)| rejected);
        let page = report::html(&file.display().to_string(), &trace, outcome, rejected);
        csv_file::write_whole(path, page.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("car-import: report written to {}", path.display());
    }
    read.with_context(|| match text_table {
        false => format!("cannot extract {}", file.display()),
        true => format!("cannot read the table of {}", file.display()),
    })?;
    let (rows, rejected, summary) = cleaned.expect("cleaned when read");
    Ok(Input {
        rows,
        rejected,
        rows_read: summary.read,
        merged: summary.merged,
    })
}

/// The rows of a CSV input, with what kind of file was expected when they are not.
fn read_csv<T: serde::de::DeserializeOwned>(file: &Path, bytes: &[u8]) -> Result<Vec<T>> {
    csv_file::read_bytes(&file.display().to_string(), bytes)
        .context("expected a raw CSV from car-extract or a clean CSV from car-clean")
}

/// A progress bar on a terminal; plain lines every tenth otherwise.
enum Progress {
    Bar(indicatif::ProgressBar),
    Lines { last_tenth: usize },
}

fn progress_bar(total: usize) -> Progress {
    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} rows")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_message("importing");
        Progress::Bar(bar)
    } else {
        Progress::Lines { last_tenth: 0 }
    }
}

impl Progress {
    fn tick(&mut self, done: usize, total: usize) {
        match self {
            Progress::Bar(bar) => bar.set_position(done as u64),
            Progress::Lines { last_tenth } => {
                let tenth = done * 10 / total.max(1);
                if tenth > *last_tenth {
                    *last_tenth = tenth;
                    eprintln!("importing: {done}/{total} rows");
                }
            }
        }
    }

    fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
