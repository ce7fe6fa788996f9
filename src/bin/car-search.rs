//! `car-search`: what a tenant's chatbot would answer to a customer's words.

use std::process::ExitCode;

use anyhow::Result;
use car_chatbot_db::pipeline::error::finish;
use car_chatbot_db::{Db, DbConfig};
use clap::Parser;

/// Searches the car models the way a tenant's chatbot does: Cyrillic or Latin, slang
/// and typos, with a generation code, its number or a year.
///
/// Prints the hits best first with their score, the decision for the chatbot
/// (confident, did_you_mean, which_of_these, which_generation, not_found) and whether
/// the tenant has a pattern. Exit codes: 0 searched (whatever was found), 1 failed, 2 usage error
/// (bad arguments, unknown tenant or category).
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    /// The tenant's slug, e.g. evopoliki.
    #[arg(long)]
    tenant: String,
    /// Only patterns of this product category count (default: any category).
    #[arg(long)]
    category: Option<String>,
    /// How many hits to show (1 to 100).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=car_chatbot_db::bounds::MAX_SEARCH_RESULTS as i64))]
    limit: u16,
    /// Print a JSON array of hits instead of a table.
    #[arg(long)]
    json: bool,
    /// What the customer wrote, e.g. камри 70.
    #[arg(required = true)]
    query: Vec<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    finish("car-search", run(&cli).await)
}

async fn run(cli: &Cli) -> Result<()> {
    let db = Db::connect(
        DbConfig::from_env()?
            .max_size(1)
            .application_name("car-search"),
    )
    .await?;
    let shop = db.tenant(&cli.tenant).await?;
    let query = cli.query.join(" ");
    let result = shop
        .search_models(&query, cli.category.as_deref(), cli.limit.into())
        .await?;
    if cli.json {
        println!("{}", serde_json::to_string_pretty(&result.hits)?);
        return Ok(());
    }
    println!("{query}: {:?}", result.decision);
    for hit in &result.hits {
        let years = match (hit.year_from, hit.year_to) {
            (None, None) => "years unknown".to_owned(),
            (from, to) => format!(
                "{}–{}",
                from.map_or("?".into(), |y| y.to_string()),
                to.map_or(String::new(), |y| y.to_string())
            ),
        };
        println!(
            "{:>6.2}  #{:<6} {} {} {} ({years}) {}  pattern: {}",
            hit.score,
            hit.model_id,
            hit.brand,
            hit.model,
            hit.generation.as_deref().unwrap_or("-"),
            hit.body_type.as_deref().unwrap_or(""),
            if hit.pattern_available { "yes" } else { "no" },
        );
    }
    Ok(())
}
