//! `car-prices`: loads a workshop's price sheet.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use car_chatbot_db::pipeline::csv_file;
use car_chatbot_db::pipeline::error::finish;
use car_chatbot_db::pipeline::workshop::{self, PriceSheetRow};
use chrono::NaiveDate;
use clap::Parser;

/// Loads a workshop's price list from a CSV sheet with the header
/// `category,option,option_value,body_type,amount,currency`: per row a category's base
/// price (`option` empty) or an option's surcharge (`option_value` for a choice option,
/// e.g. eco_leather_type = premium), for one body type or, with `body_type` empty, for
/// every body type without a price of its own. `currency` may be empty: the
/// workshop's.
///
/// The sheet is the whole price list from --from on: every price in force that day
/// ends on it (kept as history) and the sheet's prices start. Loading the same sheet
/// again changes nothing; a sheet of the same date may correct amounts and add
/// prices. A bad row refuses the whole sheet (each printed with its line and reason);
/// so does a sheet older than one loaded already. Exit codes: 0 loaded (or nothing to
/// change), 1 failed, 2 bad input.
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    /// The workshop's slug, e.g. evopoliki.
    #[arg(long)]
    tenant: String,
    /// The first day of the new prices, e.g. 2027-01-01.
    #[arg(long)]
    from: NaiveDate,
    /// Check the sheet and report what would change, without writing.
    #[arg(long)]
    dry_run: bool,
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: String,
    /// The CSV sheet.
    file: PathBuf,
}

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    finish("car-prices", run(&cli).await)
}

async fn run(cli: &Cli) -> Result<()> {
    let rows: Vec<PriceSheetRow> = csv_file::read(&cli.file, b',')?;
    let mut conn = workshop::operator_session(&cli.database_url, "car-prices")
        .await
        .context("cannot connect as car_operator")?;
    let summary =
        workshop::load_price_sheet(&mut conn, &cli.tenant, cli.from, &rows, cli.dry_run).await?;
    println!(
        "{}{} from {}: {} added, {} corrected, {} unchanged; {} earlier prices ended",
        if cli.dry_run {
            "dry run, nothing written: "
        } else {
            ""
        },
        cli.tenant,
        cli.from,
        summary.added,
        summary.updated,
        summary.unchanged,
        summary.ended
    );
    Ok(())
}
