//! A conversation in Kyrgyz with the `five_deluxe` workshop: the customer names the
//! model, is asked for the generation, answers, and gets the 5D mats' price with
//! premium eco-leather and a third row. The bot keeps what it learnt between messages
//! (the words so far, then the car's `ModelId`) and answers each message with one
//! transaction (`TenantDb::batch`: the search, the texts and the price), retried
//! while the database is busy. Run after `car-migrate`, `car-migrate seed` and
//! `car-import --tenant five_deluxe`:
//!
//!     cargo run --example chatbot_dialogue -- прадо 150
//!
//! The arguments are the customer's messages, one per argument (default: `прадо`
//! then `150`). It uses this crate alone: no diesel, diesel-async or rust_decimal.

use anyhow::Result;
use car_chatbot_db::bounds;
use car_chatbot_db::{
    Db, DbConfig, Decision, Error, Language, ModelId, ModelYears, OptionChoice, TenantDb, TenantTx,
    TextKey,
};

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
    let greeting = shop.bot_text(TextKey::Greeting, language).await?;
    println!("бот: {}", greeting.fill(&[])?);
    let mut conversation = Conversation::default();
    for message in messages {
        println!("> {message}");
        for line in reply(&shop, &mut conversation, &message, language).await? {
            println!("бот: {line}");
        }
    }
    Ok(())
}

/// One reply, in one transaction (search, texts and price), retried when the database
/// is busy; when it stays busy, the workshop's "try again later".
async fn reply(
    shop: &TenantDb,
    conversation: &mut Conversation,
    message: &str,
    language: Language,
) -> Result<Vec<String>> {
    // A search reads at most MAX_QUERY_CHARS: a long chat keeps its latest words.
    conversation.words =
        bounds::query_tail(&format!("{} {message}", conversation.words)).to_owned();
    let mut tries = 0;
    let answer = loop {
        let words = conversation.words.as_str();
        match shop
            .batch(async |tx| answer(tx, words, language).await)
            .await
        {
            Err(error) if error.is_retryable() && tries < 2 => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(200 << tries)).await;
            }
            Err(error) if error.is_retryable() => {
                let later = shop.bot_text(TextKey::TryAgainLater, language).await?;
                return Ok(vec![later.fill(&[])?]);
            }
            other => break other?,
        }
    };
    match answer.car {
        Some(car) => conversation.car = Some(car),
        None if answer.start_over => conversation.words.clear(),
        None => {}
    }
    Ok(answer.lines)
}

/// What the bot says, and what it learnt.
struct Answer {
    lines: Vec<String>,
    /// The car, once the search is confident.
    car: Option<ModelId>,
    /// Nothing found: the next message starts a new search.
    start_over: bool,
}

async fn answer(tx: &mut TenantTx<'_>, words: &str, language: Language) -> Result<Answer, Error> {
    let found = tx.search_models(words, Some("5d_mats"), 5).await?;
    let choices = || {
        found
            .hits
            .iter()
            .map(|h| h.display(language))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let Some(key) = found.decision.text_key() else {
        let car = found.hits[0].model_id;
        let lines = offer(tx, car, language).await?;
        return Ok(Answer {
            lines,
            car: Some(car),
            start_over: false,
        });
    };
    let values = match (found.decision, found.hits.first()) {
        (Decision::DidYouMean, Some(hit)) => vec![("model", hit.display(language))],
        (Decision::WhichGeneration | Decision::WhichOfThese, _) => vec![("choices", choices())],
        _ => Vec::new(),
    };
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let text = tx.bot_text(key, language).await?.fill(&values)?;
    Ok(Answer {
        lines: vec![text],
        car: None,
        start_over: found.decision == Decision::NotFound,
    })
}

/// The answer once the car is known: the pattern, then the price.
async fn offer(
    tx: &mut TenantTx<'_>,
    car: ModelId,
    language: Language,
) -> Result<Vec<String>, Error> {
    let options = [
        OptionChoice::value("eco_leather_type", "premium"),
        OptionChoice::on("third_row"),
    ];
    let model = tx.model(car).await?;
    let pattern = tx.pattern(car, "5d_mats").await?;
    let mut lines = vec![model.display(language)];
    let key = if pattern.available {
        TextKey::PatternAvailable
    } else {
        TextKey::PatternMissing
    };
    lines.push(tx.bot_text(key, language).await?.fill(&[])?);
    // The supplier lists several patterns for the car (2 or 3 rows, a steering side,
    // year spans): the customer picks one.
    let available: Vec<_> = pattern.variants.iter().filter(|v| v.available).collect();
    if available.len() > 1 {
        for variant in available {
            let years = ModelYears::new(variant.year_from, variant.year_to).display(language);
            lines.push(format!("  • {} {years} {}", variant.label, variant.notes));
        }
    }
    let quote = tx.quote(car, "5d_mats", &options).await?;
    for line in std::iter::once(&quote.base).chain(&quote.options) {
        lines.push(format!("{}: {}", line.name.get(language), line.amount));
    }
    if !quote.skipped.is_empty() {
        let names: Vec<&str> = quote.skipped.iter().map(|s| s.name.get(language)).collect();
        let skipped = tx.bot_text(TextKey::OptionsSkipped, language).await?;
        lines.push(skipped.fill(&[("options", &names.join(", "))])?);
    }
    let total = quote.total.to_string();
    let price = tx.bot_text(TextKey::PriceQuote, language).await?;
    lines.push(price.fill(&[("total", &total)])?);
    Ok(lines)
}
