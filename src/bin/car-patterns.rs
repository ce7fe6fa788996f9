//! `car-patterns`: what a workshop's chatbot believes of its supplier's rows.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use car_chatbot_db::models::Tenant;
use car_chatbot_db::pipeline::error::finish;
use car_chatbot_db::pipeline::patterns::{self, PatternLine};
use car_chatbot_db::{DbConfig, DbRole, bounds};
use clap::Parser;

/// Lists a workshop's patterns, one line per supplier row kept: the supplier's ID and
/// spelling, the catalogue brand, model and generation(s) the row fits, the
/// supplier's years (else the generation's), body type, category, and whether the
/// pattern is available.
///
/// `pending` rows are the workshop's own models, which the shared catalogue lacks
/// (found by this workshop's customers only, until an operator adopts them);
/// `review` names the generations a row may be when it names none (no years, no
/// code), which the chatbot cannot offer until the supplier or an operator says.
/// Reads as car_app, with the workshop set. Exit codes: 0 listed, 1 failed, 2 usage
/// error (unknown tenant).
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: String,
    /// The workshop's slug, e.g. evopoliki.
    #[arg(long)]
    tenant: String,
    /// Print a JSON array instead of a table.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV (a header, then a row per pattern).
    #[arg(long)]
    csv: bool,
    /// Only the available rows of the workshop's own models (not in the catalogue).
    #[arg(long)]
    pending: bool,
    /// Only the available rows whose generation is unclear.
    #[arg(long)]
    review: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    finish("car-patterns", run(&cli).await)
}

async fn run(cli: &Cli) -> Result<()> {
    bounds::check_code("tenant slug", &cli.tenant)?;
    let config = DbConfig::for_tool(&cli.database_url, DbRole::App, "car-patterns")?;
    let mut conn = car_chatbot_db::db::connect(&config)
        .await
        .context("cannot connect as car_app")?;
    let tenant = Tenant::find_by_slug(&mut conn, &cli.tenant).await?;
    let lines: Vec<PatternLine> = patterns::list(&mut conn, tenant.tenant_id())
        .await?
        .into_iter()
        .filter(|l| !cli.pending || (l.pending && l.available))
        .filter(|l| !cli.review || (l.review.is_some() && l.available))
        .collect();
    let mut out = std::io::stdout().lock();
    if cli.json {
        serde_json::to_writer_pretty(&mut out, &lines)?;
        writeln!(out)?;
    } else if cli.csv {
        let mut writer = csv::Writer::from_writer(out);
        for line in &lines {
            writer.serialize(line)?;
        }
        writer.flush()?;
    } else {
        for l in &lines {
            let years = format!(
                "{}–{}",
                l.year_from.map_or("?".into(), |y| y.to_string()),
                l.year_to.map_or(String::new(), |y| y.to_string())
            );
            let state = match (l.pending, &l.review, l.available) {
                (true, ..) => "pending".to_owned(),
                (_, Some(codes), _) => format!("review: {codes}"),
                (_, None, true) => "available".to_owned(),
                (_, None, false) => "unavailable".to_owned(),
            };
            writeln!(
                out,
                "#{:<10} {:<32} -> {} {} {} ({years}) {}  {}",
                l.supplier_id,
                l.label,
                l.brand.as_deref().unwrap_or("?"),
                l.model.as_deref().unwrap_or("?"),
                l.generation.as_deref().unwrap_or("-"),
                l.category,
                state,
            )?;
        }
    }
    Ok(())
}
