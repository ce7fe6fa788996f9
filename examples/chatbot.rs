//! What a chatbot does with the library: open the pool once, then answer a customer
//! of one workshop in the workshop's language. Run after `car-migrate` and
//! `car-migrate seed`:
//!
//!     cargo run --example chatbot -- evopoliki камри 70
//!     cargo run --example chatbot -- evopoliki солярис
//!
//! It uses this crate alone: no diesel, diesel-async or rust_decimal of its own.

use anyhow::{Context, Result};
use car_chatbot_db::{Db, DbConfig, Decision, OptionChoice, TextKey};

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
    let language = shop.workshop().language;
    let say = async |key: TextKey, values: &[(&str, &str)]| -> Result<()> {
        let text = shop.bot_text(key, language).await?;
        println!("bot: {}", text.fill(values)?);
        Ok(())
    };
    say(TextKey::Greeting, &[]).await?;
    println!("> {query}");

    let result = shop.search_models(&query, Some("eva_mats"), 5).await?;
    println!("  decision: {:?}", result.decision);
    for hit in &result.hits {
        println!(
            "  {:.2}  {}  pattern: {}",
            hit.score,
            hit.display(language),
            if hit.pattern_available { "yes" } else { "no" },
        );
    }
    let choices = || {
        let names: Vec<String> = result.hits.iter().map(|h| h.display(language)).collect();
        names.join("; ")
    };
    let best = match (result.decision.text_key(), result.hits.first()) {
        (None, Some(best)) => best,
        (Some(key), best) => {
            let values = match (result.decision, best) {
                (Decision::DidYouMean, Some(best)) => vec![("model", best.display(language))],
                (Decision::WhichOfThese | Decision::WhichGeneration, _) => {
                    vec![("choices", choices())]
                }
                _ => Vec::new(),
            };
            let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            return say(key, &values).await;
        }
        (None, None) => unreachable!("a confident search has a hit"),
    };

    let car = shop.model(best.model_id).await?;
    let body = car.body_type.as_ref().map(|b| b.name.get(language));
    println!("  {}: {}", car.display(language), body.unwrap_or("?"));
    for offer in shop.offers_for_model(best.model_id).await? {
        println!(
            "  {}: {} {}, pattern: {}",
            offer.category.local_name().get(language),
            offer.price,
            offer.currency,
            if offer.pattern_available { "yes" } else { "no" }
        );
    }
    if !best.pattern_available {
        return say(TextKey::PatternMissing, &[]).await;
    }
    say(TextKey::PatternAvailable, &[]).await?;
    // The customer asks for borders and a third row; a sedan has no third row.
    let asked = [
        OptionChoice::on("with_borders"),
        OptionChoice::on("third_row"),
    ];
    let quote = shop.quote(best.model_id, "eva_mats", &asked).await?;
    for line in std::iter::once(&quote.base).chain(&quote.options) {
        println!("  {}: {}", line.name.get(language), line.amount);
    }
    if !quote.skipped.is_empty() {
        let names: Vec<&str> = quote.skipped.iter().map(|s| s.name.get(language)).collect();
        say(TextKey::OptionsSkipped, &[("options", &names.join(", "))]).await?;
    }
    let total = quote.total.to_string();
    say(TextKey::PriceQuote, &[("total", &total)]).await
}
