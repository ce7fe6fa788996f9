//! What a chatbot does with the library: open the pool once, then answer a
//! customer for one tenant. Run after `car-migrate` and `car-migrate seed`:
//!
//!     cargo run --example chatbot -- evopoliki камри 70

use anyhow::{Context, Result};
use car_chatbot_db::{Db, DbConfig, Decision, Language, OptionChoice};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("chatbot: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let slug = args.next().unwrap_or_else(|| "evopoliki".into());
    let words: Vec<String> = args.collect();
    let query = if words.is_empty() {
        "камри 70".to_owned()
    } else {
        words.join(" ")
    };

    let db = Db::connect(DbConfig::from_env()?)
        .await
        .context("Failed to open the pool")?;
    let shop = db.tenant(&slug).await?;
    println!("{}", shop.bot_text("greeting", Language::Ru).await?);
    println!("> {query}");

    let result = shop.search_models(&query, Some("eva_mats"), 5).await?;
    println!("  decision: {:?}", result.decision);
    let hits = result.hits;
    for hit in &hits {
        println!(
            "  {:.2}  {} {} {} ({}–{})  pattern: {}",
            hit.score,
            hit.brand,
            hit.model,
            hit.generation.as_deref().unwrap_or("-"),
            hit.year_from.map_or("?".into(), |y| y.to_string()),
            hit.year_to.map_or("…".into(), |y| y.to_string()),
            if hit.pattern_available { "yes" } else { "no" },
        );
    }
    let Some(best) = hits.first() else {
        println!("{}", shop.bot_text("ask_model", Language::Ru).await?);
        return Ok(());
    };
    if result.decision == Decision::WhichGeneration {
        // The model is clear, its generation not: offer the generations to pick from.
        let choices: Vec<String> = hits
            .iter()
            .map(|h| {
                let years = format!(
                    "{}–{}",
                    h.year_from.map_or("?".into(), |y| y.to_string()),
                    h.year_to.map_or(String::new(), |y| y.to_string())
                );
                match &h.generation {
                    Some(code) => format!("{code} ({years})"),
                    None => years,
                }
            })
            .collect();
        let ask = shop.bot_text("ask_generation", Language::Ru).await?;
        println!("{}", ask.replace("{choices}", &choices.join(", ")));
        return Ok(());
    }
    let quote = shop
        .quote(
            best.model_id,
            "eva_mats",
            &[OptionChoice::on("with_borders")],
        )
        .await?;
    println!(
        "EVA mats with borders for {} {}: {} + {} = {} {}",
        best.brand,
        best.model,
        quote.base.amount,
        quote.options[0].amount,
        quote.total,
        quote.currency
    );
    Ok(())
}
