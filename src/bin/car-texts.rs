//! `car-texts`: loads a workshop's bot texts from a CSV file.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use car_chatbot_db::TextKey;
use car_chatbot_db::pipeline::csv_file;
use car_chatbot_db::pipeline::error::finish;
use car_chatbot_db::pipeline::lock::{print_waiting, session_name};
use car_chatbot_db::pipeline::workshop::{self, TextRow};
use clap::Parser;

/// Loads a workshop's bot texts: a CSV file with the header `key,language,text`, one
/// row per key and language (ru, ky).
///
/// Keys the file does not name keep their texts. A row with an unknown key or
/// language, an empty text, a placeholder its key does not have, or a key and language
/// given twice refuses the whole file: each such row is printed with its line and
/// reason, and nothing is changed. Loading the same file again changes nothing.
/// A text is at most 4000 characters (one chat message); it may span lines inside
/// quotes. Another tool writing the workshop is waited for (CAR_DB_LOCK_TIMEOUT_MS,
/// default 60 s). Exit codes: 0 loaded (or nothing to change), 1 failed, 2 bad input.
#[derive(Parser)]
#[command(version, about, long_about, after_help = keys_help())]
struct Cli {
    /// The workshop's slug, e.g. evopoliki.
    #[arg(long)]
    tenant: String,
    /// Check the file and report what would change, without writing.
    #[arg(long)]
    dry_run: bool,
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: String,
    /// The CSV file.
    file: PathBuf,
}

fn keys_help() -> String {
    let keys: Vec<String> = TextKey::ALL
        .iter()
        .map(|key| {
            let placeholders: Vec<String> = key
                .placeholders()
                .iter()
                .map(|p| format!("{{{p}}}"))
                .collect();
            format!("  {:<18} {}", key.as_str(), placeholders.join(" "))
        })
        .collect();
    format!("Keys and their placeholders:\n{}", keys.join("\n"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    finish("car-texts", run(&cli).await)
}

async fn run(cli: &Cli) -> Result<()> {
    let rows: Vec<TextRow> = csv_file::read_sheet(&cli.file)?;
    let mut conn =
        workshop::operator_session(&cli.database_url, &session_name("car-texts", &cli.tenant))
            .await
            .context("cannot connect as car_operator")?;
    let on_wait = print_waiting("car-texts");
    let summary =
        workshop::load_texts(&mut conn, &cli.tenant, &rows, cli.dry_run, &on_wait).await?;
    println!(
        "{}{}: {} added, {} updated, {} unchanged",
        if cli.dry_run {
            "dry run, nothing written: "
        } else {
            ""
        },
        cli.tenant,
        summary.added,
        summary.updated,
        summary.unchanged
    );
    Ok(())
}
