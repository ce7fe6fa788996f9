//! The bot's texts: the keys a workshop writes a text for (in Russian and Kyrgyz), the
//! placeholders each may hold, and a text ready to send.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::error::Error;
use crate::language::Language;

/// What a bot text is for. A workshop writes each in Russian and Kyrgyz; the
/// `car-texts` tool refuses other keys and placeholders a key does not have. Every
/// text may also hold the workshop's own placeholders ([`COMMON_PLACEHOLDERS`]),
/// which [`BotText::fill`] fills itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TextKey {
    /// The first message of a conversation.
    Greeting,
    /// [`crate::Decision::NotFound`]: ask for the brand and model.
    AskModel,
    /// [`crate::Decision::DidYouMean`]: `{model}` is the best hit's name.
    DidYouMean,
    /// [`crate::Decision::WhichOfThese`]: `{choices}` lists the hits.
    WhichOfThese,
    /// [`crate::Decision::WhichGeneration`]: `{choices}` lists the generations.
    AskGeneration,
    /// The workshop has a pattern for the car.
    PatternAvailable,
    /// The workshop has no pattern for the car.
    PatternMissing,
    /// Ask whether the mats should have borders.
    AskBorders,
    /// A price: `{total}` (and the workshop's `{currency}`).
    PriceQuote,
    /// Options a quote left out (`Quote::skipped`): `{options}`.
    OptionsSkipped,
    /// The workshop does not sell `{category}` for the car
    /// ([`crate::Error::CategoryNotSold`]).
    NotSold,
    /// What the workshop makes for the car, with prices: `{offers}`.
    Offers,
    /// The options of a category, with prices: `{options}`.
    Options,
    /// How to reach the workshop (`{phone}`, `{address}`).
    Contacts,
    /// The bot cannot answer now ([`crate::Error::is_retryable`]): ask to write again
    /// in a minute.
    TryAgainLater,
}

/// The placeholders any text may hold, filled from the workshop's row: its name, phone,
/// address and its currency's name in the text's language (`сом`).
pub const COMMON_PLACEHOLDERS: [&str; 4] = ["workshop", "phone", "address", "currency"];

impl TextKey {
    /// Every key, in the order a conversation meets them.
    pub const ALL: [TextKey; 15] = [
        TextKey::Greeting,
        TextKey::AskModel,
        TextKey::DidYouMean,
        TextKey::WhichOfThese,
        TextKey::AskGeneration,
        TextKey::PatternAvailable,
        TextKey::PatternMissing,
        TextKey::AskBorders,
        TextKey::PriceQuote,
        TextKey::OptionsSkipped,
        TextKey::NotSold,
        TextKey::Offers,
        TextKey::Options,
        TextKey::Contacts,
        TextKey::TryAgainLater,
    ];

    /// The key as stored in `bot_texts.key`.
    pub fn as_str(self) -> &'static str {
        match self {
            TextKey::Greeting => "greeting",
            TextKey::AskModel => "ask_model",
            TextKey::DidYouMean => "did_you_mean",
            TextKey::WhichOfThese => "which_of_these",
            TextKey::AskGeneration => "ask_generation",
            TextKey::PatternAvailable => "pattern_available",
            TextKey::PatternMissing => "pattern_missing",
            TextKey::AskBorders => "ask_borders",
            TextKey::PriceQuote => "price_quote",
            TextKey::OptionsSkipped => "options_skipped",
            TextKey::NotSold => "not_sold",
            TextKey::Offers => "offers",
            TextKey::Options => "options",
            TextKey::Contacts => "contacts",
            TextKey::TryAgainLater => "try_again_later",
        }
    }

    /// The placeholders a text of this key holds for the bot to fill, each written
    /// `{name}` (besides [`COMMON_PLACEHOLDERS`]).
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            TextKey::DidYouMean => &["model"],
            TextKey::WhichOfThese | TextKey::AskGeneration => &["choices"],
            TextKey::PriceQuote => &["total"],
            TextKey::OptionsSkipped | TextKey::Options => &["options"],
            TextKey::NotSold => &["category"],
            TextKey::Offers => &["offers"],
            _ => &[],
        }
    }

    /// Checks a text for this key: every `{…}` in it must be one of the key's
    /// placeholders or a common one. The error says which is not.
    pub fn check(self, text: &str) -> Result<(), String> {
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let after = &rest[start + 1..];
            let Some(end) = after.find('}') else {
                return Err("a `{` is not closed by `}`".into());
            };
            let name = &after[..end];
            if !self.placeholders().contains(&name) && !COMMON_PLACEHOLDERS.contains(&name) {
                let allowed: Vec<String> = self
                    .placeholders()
                    .iter()
                    .chain(&COMMON_PLACEHOLDERS)
                    .map(|p| format!("{{{p}}}"))
                    .collect();
                return Err(format!(
                    "`{{{name}}}` is not a placeholder of `{}` (it has {})",
                    self.as_str(),
                    allowed.join(", ")
                ));
            }
            rest = &after[end + 1..];
        }
        Ok(())
    }
}

impl fmt::Display for TextKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TextKey {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TextKey::ALL
            .into_iter()
            .find(|key| key.as_str() == s)
            .ok_or_else(|| {
                let known: Vec<&str> = TextKey::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown bot text key `{s}` (known: {})", known.join(", "))
            })
    }
}

/// A workshop's text, in the language asked for or in Russian when it has none in
/// that language ([`BotText::is_fallback`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BotText {
    /// What the text is for.
    pub key: TextKey,
    /// The text as the workshop wrote it, placeholders unfilled ([`BotText::fill`]).
    pub text: String,
    /// The language the text is in.
    pub language: Language,
    /// The language asked for.
    pub asked: Language,
    /// The values of the [`COMMON_PLACEHOLDERS`] the workshop has (`("workshop",
    /// "EVO Полики")`, `("currency", "сом")`), which [`BotText::fill`] uses when the
    /// caller gives none.
    pub workshop_values: Vec<(String, String)>,
}

impl BotText {
    /// Whether the text is the Russian one, given for want of the language asked.
    pub fn is_fallback(&self) -> bool {
        self.language != self.asked
    }

    /// The text with every placeholder filled: `values` are `(name, value)` pairs
    /// (`("total", "2400")`), then the workshop's own ([`BotText::workshop_values`]). A
    /// placeholder left without a value is [`Error::UnfilledPlaceholder`], so a
    /// customer never sees `{total}`.
    ///
    /// ```
    /// # use car_chatbot_db::{BotText, Language, TextKey};
    /// let text = BotText {
    ///     key: TextKey::PriceQuote,
    ///     text: "Баасы: {total} {currency}. {workshop}".into(),
    ///     language: Language::Ky,
    ///     asked: Language::Ky,
    ///     workshop_values: vec![
    ///         ("workshop".into(), "5D Deluxe".into()),
    ///         ("currency".into(), "сом".into()),
    ///     ],
    /// };
    /// assert_eq!(text.fill(&[("total", "2800")])?, "Баасы: 2800 сом. 5D Deluxe");
    /// assert!(text.fill(&[]).is_err());
    /// # Ok::<(), car_chatbot_db::Error>(())
    /// ```
    pub fn fill(&self, values: &[(&str, &str)]) -> Result<String, Error> {
        let value_of = |name: &str| {
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| *v)
                .or_else(|| {
                    self.workshop_values
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.as_str())
                })
        };
        // One pass, so a value holding braces is never read as a placeholder.
        let mut filled = String::with_capacity(self.text.len());
        let mut rest = self.text.as_str();
        while let Some(start) = rest.find('{') {
            filled.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let Some(end) = after.find('}') else {
                filled.push('{');
                rest = after;
                continue;
            };
            let name = &after[..end];
            let value = value_of(name).ok_or_else(|| Error::UnfilledPlaceholder {
                key: self.key.as_str().into(),
                placeholder: name.into(),
            })?;
            filled.push_str(value);
            rest = &after[end + 1..];
        }
        filled.push_str(rest);
        Ok(filled)
    }
}

/// A currency's name as customers write it (`KGS`: `сом`); the code itself for one
/// this list lacks.
pub fn currency_name(code: &str, language: Language) -> &str {
    match (code, language) {
        ("KGS", _) => "сом",
        ("RUB", Language::Ky) => "рубль",
        ("RUB", _) => "руб.",
        ("KZT", Language::Ky) => "теңге",
        ("KZT", _) => "тенге",
        ("UZS", _) => "сум",
        ("USD", _) => "$",
        ("EUR", _) => "€",
        (code, _) => code,
    }
}

impl fmt::Display for BotText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_and_texts_hold_only_their_placeholders() {
        for key in TextKey::ALL {
            assert_eq!(key.as_str().parse::<TextKey>(), Ok(key));
        }
        assert!(
            "greetings"
                .parse::<TextKey>()
                .unwrap_err()
                .contains("greeting")
        );
        assert_eq!(
            TextKey::PriceQuote.check("Цена: {total} {currency}. {workshop}"),
            Ok(())
        );
        assert!(
            TextKey::PriceQuote
                .check("Цена: {sum}")
                .unwrap_err()
                .contains("{total}, {workshop}")
        );
        assert!(
            TextKey::Greeting
                .check("Привет {name}")
                .unwrap_err()
                .contains("it has {workshop}")
        );
        assert!(TextKey::Greeting.check("Привет {").is_err());
    }

    #[test]
    fn filling_reads_the_text_once_and_leaves_no_placeholder() {
        let text = BotText {
            key: TextKey::DidYouMean,
            text: "Вы имели в виду {model}? {workshop}, {phone}".into(),
            language: Language::Ru,
            asked: Language::Ky,
            workshop_values: vec![("workshop".into(), "EVO".into())],
        };
        assert!(text.is_fallback());
        // A value with braces stays as given; the caller's value beats the workshop's.
        assert_eq!(
            text.fill(&[("model", "{phone} Camry"), ("phone", "0555")])
                .unwrap(),
            "Вы имели в виду {phone} Camry? EVO, 0555"
        );
        assert_eq!(
            text.fill(&[("model", "Camry"), ("phone", "1"), ("workshop", "5D")])
                .unwrap(),
            "Вы имели в виду Camry? 5D, 1"
        );
        // No phone: an error that names the placeholder, not a `{phone}` sent.
        match text.fill(&[("model", "Camry")]) {
            Err(Error::UnfilledPlaceholder { key, placeholder }) => {
                assert_eq!(
                    (key.as_str(), placeholder.as_str()),
                    ("did_you_mean", "phone")
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn currencies_have_the_names_customers_write() {
        assert_eq!(currency_name("KGS", Language::Ky), "сом");
        assert_eq!(currency_name("KZT", Language::Ky), "теңге");
        assert_eq!(currency_name("XYZ", Language::Ru), "XYZ");
    }
}
