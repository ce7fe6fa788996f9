//! A conversation in Kyrgyz with the `five_deluxe` workshop: the customer names the
//! model, is asked for the generation, answers, and gets the 5D mats' price with
//! premium eco-leather and a third row. The bot keeps what it learnt between messages
//! (the words so far, then the car's `ModelId`) and answers each message with one
//! transaction (`TenantDb::batch`). Run after `car-migrate`, `car-migrate seed` and
//! `car-import --tenant five_deluxe`:
//!
//!     cargo run --example chatbot_dialogue -- прадо 150
//!
//! The arguments are the customer's messages, one per argument (default: `прадо`
//! then `150`). It uses this crate alone: no diesel, diesel-async or rust_decimal.

use anyhow::Result;
use car_chatbot_db::bounds;
use car_chatbot_db::{Db, DbConfig, Decision, Language, ModelId, OptionChoice, TenantDb, TextKey};

/// What the bot remembers of a conversation.
#[derive(Default)]
struct Conversation {
    /// The customer's words until the car is clear (`прадо`, then `прадо 150`).
    words: String,
    car: Option<ModelId>,
}

#[tokio::main]
async fn main() -> Result<()> {
    let mut messages: Vec<String> = std::env::args().skip(1).collect();
    if messages.is_empty() {
        messages = vec!["прадо".into(), "150".into()];
    }
    let db = Db::connect(DbConfig::from_env()?).await?;
    let shop = db.tenant("five_deluxe").await?;
    let language = Language::Ky;
    println!("бот: {}", shop.bot_text(TextKey::Greeting, language).await?);
    let mut conversation = Conversation::default();
    for message in messages {
        println!("> {message}");
        for line in reply(&shop, &mut conversation, &message, language).await? {
            println!("бот: {line}");
        }
    }
    Ok(())
}

async fn reply(
    shop: &TenantDb,
    conversation: &mut Conversation,
    message: &str,
    language: Language,
) -> Result<Vec<String>> {
    // A search reads at most MAX_QUERY_CHARS: a long chat keeps its latest words.
    conversation.words =
        bounds::query_tail(&format!("{} {message}", conversation.words)).to_owned();
    let found = shop
        .search_models(&conversation.words, Some("5d_mats"), 5)
        .await?;
    let choices = || {
        let years = |from: Option<i32>, to: Option<i32>| match (from, to) {
            (Some(from), Some(to)) => format!("{from}–{to}"),
            (Some(from), None) => format!("{from}–"),
            _ => String::new(),
        };
        found
            .hits
            .iter()
            .map(|h| {
                let generation = h.generation.as_deref().unwrap_or("");
                format!("{} {generation} {}", h.model, years(h.year_from, h.year_to))
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (key, values) = match (found.decision, found.hits.first()) {
        (Decision::Confident, Some(hit)) => {
            conversation.car = Some(hit.model_id);
            return offer(shop, hit.model_id, language).await;
        }
        (Decision::WhichGeneration, _) => (TextKey::AskGeneration, vec![("choices", choices())]),
        (Decision::WhichOfThese, _) => (TextKey::WhichOfThese, vec![("choices", choices())]),
        (Decision::DidYouMean, Some(hit)) => {
            (TextKey::DidYouMean, vec![("model", hit.model.clone())])
        }
        _ => {
            conversation.words.clear();
            (TextKey::AskModel, Vec::new())
        }
    };
    let text = shop.bot_text(key, language).await?;
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Ok(vec![text.fill(&values)])
}

/// The answer once the car is known: pattern, then the price, in one transaction.
async fn offer(shop: &TenantDb, car: ModelId, language: Language) -> Result<Vec<String>> {
    let options = [
        OptionChoice::value("eco_leather_type", "premium"),
        OptionChoice::on("third_row"),
    ];
    let lines = shop
        .batch(async |tx| {
            let model = tx.model(car).await?;
            let pattern = tx.pattern(car, "5d_mats").await?;
            let mut lines = vec![format!(
                "{} {} {}",
                model.brand,
                model.model,
                model.generation.as_deref().unwrap_or("")
            )];
            let key = if pattern.available {
                TextKey::PatternAvailable
            } else {
                TextKey::PatternMissing
            };
            lines.push(tx.bot_text(key, language).await?.text);
            let quote = tx.quote(car, "5d_mats", &options).await?;
            for line in std::iter::once(&quote.base).chain(&quote.options) {
                lines.push(format!("{}: {}", line.name.get(language), line.amount));
            }
            if !quote.skipped.is_empty() {
                let names: Vec<&str> = quote.skipped.iter().map(|s| s.name.get(language)).collect();
                let skipped = tx.bot_text(TextKey::OptionsSkipped, language).await?;
                lines.push(skipped.fill(&[("options", &names.join(", "))]));
            }
            let total = quote.total.to_string();
            let price = tx.bot_text(TextKey::PriceQuote, language).await?;
            lines.push(price.fill(&[("total", &total), ("currency", &quote.currency)]));
            Ok(lines)
        })
        .await?;
    Ok(lines)
}
