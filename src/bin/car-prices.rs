//! `car-prices`: loads a workshop's price sheet, or withdraws one not yet in force.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use car_chatbot_db::pipeline::csv_file;
use car_chatbot_db::pipeline::error::finish;
use car_chatbot_db::pipeline::lock::{print_waiting, session_name};
use car_chatbot_db::pipeline::workshop::{self, PriceSheetRow, SheetDates};
use chrono::NaiveDate;
use clap::Parser;

/// Loads a workshop's price list from a CSV sheet with the header
/// `category,option,option_value,body_type,amount,currency`: per row a category's base
/// price (`option` empty) or an option's surcharge (`option_value` for a choice option,
/// e.g. eco_leather_type = premium), for one body type or, with `body_type` empty, for
/// every body type without a price of its own. `currency` may be empty; when given it
/// must be the workshop's (a quote adds prices up).
///
/// The sheet is the whole price list from --from on: every price in force that day
/// ends on it (kept as history) and the sheet's prices start. Loading the same sheet
/// again changes nothing; a sheet of the same date may correct amounts and add
/// prices. A bad row refuses the whole sheet (each printed with its line and reason);
/// so does a sheet older than one loaded already, or a start date more than a year
/// from today (--any-date allows it). A warning says when the workshop has no price in
/// force today: its bot says "not sold" for every car until a sheet starts.
///
/// `--withdraw DATE` removes the latest sheet, starting DATE, before it comes into
/// force; the prices it would have ended run on.
///
/// Another tool writing the workshop is waited for (CAR_DB_LOCK_TIMEOUT_MS, default
/// 60 s). Exit codes: 0 done (or nothing to change), 1 failed, 2 bad input; nothing
/// is changed unless 0.
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    /// The workshop's slug, e.g. evopoliki.
    #[arg(long)]
    tenant: String,
    /// The first day of the new prices, e.g. 2027-01-01 (within a year of today).
    #[arg(long, required_unless_present = "withdraw")]
    from: Option<NaiveDate>,
    /// Allow a --from more than a year before or after today.
    #[arg(long, requires = "from")]
    any_date: bool,
    /// Withdraw the sheet starting this day (not yet in force) instead of loading one.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["from", "file"])]
    withdraw: Option<NaiveDate>,
    /// Check and report what would change, without writing.
    #[arg(long)]
    dry_run: bool,
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: String,
    /// The CSV sheet.
    #[arg(required_unless_present = "withdraw")]
    file: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    finish("car-prices", run(&cli).await)
}

async fn run(cli: &Cli) -> Result<()> {
    let dry_run = if cli.dry_run {
        "dry run, nothing written: "
    } else {
        ""
    };
    let rows: Vec<PriceSheetRow> = match &cli.file {
        Some(file) => csv_file::read_sheet(file)?,
        None => Vec::new(),
    };
    let mut conn =
        workshop::operator_session(&cli.database_url, &session_name("car-prices", &cli.tenant))
            .await
            .context("cannot connect as car_operator")?;
    let on_wait = print_waiting("car-prices");
    if let Some(day) = cli.withdraw {
        let withdrawn =
            workshop::withdraw_price_sheet(&mut conn, &cli.tenant, day, cli.dry_run, &on_wait)
                .await?;
        println!(
            "{dry_run}{}: the sheet of {day} withdrawn: {} prices removed, {} earlier prices run on",
            cli.tenant, withdrawn.removed, withdrawn.reopened
        );
        return Ok(());
    }
    let from = cli.from.expect("clap requires --from without --withdraw");
    let dates = if cli.any_date {
        SheetDates::Any
    } else {
        SheetDates::NearToday
    };
    let summary = workshop::load_price_sheet(
        &mut conn,
        &cli.tenant,
        from,
        dates,
        &rows,
        cli.dry_run,
        &on_wait,
    )
    .await?;
    println!(
        "{dry_run}{} from {from}: {} added, {} corrected, {} unchanged; {} earlier prices ended",
        cli.tenant, summary.added, summary.updated, summary.unchanged, summary.ended
    );
    if summary.in_force_today == 0 {
        eprintln!(
            "car-prices: warning: `{}` has no price in force today ({}): its bot says \"not sold\" for every car until {from}; to sell today, load a sheet --from {}",
            cli.tenant, summary.today, summary.today
        );
    }
    Ok(())
}
