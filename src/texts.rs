//! The bot's texts: the keys a workshop writes a text for (in Russian and Kyrgyz), the
//! placeholders each may hold, and a text ready to send.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::language::Language;

/// What a bot text is for. A workshop writes each in Russian and Kyrgyz; the
/// `car-texts` tool refuses other keys and placeholders a key does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TextKey {
    /// The first message of a conversation.
    Greeting,
    /// Nothing was found: ask for the brand and model.
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
    /// A price: `{total}` and `{currency}`.
    PriceQuote,
    /// Options a quote left out (`Quote::skipped`): `{options}`.
    OptionsSkipped,
}

impl TextKey {
    /// Every key, in the order a conversation meets them.
    pub const ALL: [TextKey; 10] = [
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
        }
    }

    /// The placeholders a text of this key may hold, each written `{name}`.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            TextKey::DidYouMean => &["model"],
            TextKey::WhichOfThese | TextKey::AskGeneration => &["choices"],
            TextKey::PriceQuote => &["total", "currency"],
            TextKey::OptionsSkipped => &["options"],
            _ => &[],
        }
    }

    /// Checks a text for this key: every `{…}` in it must be one of the key's
    /// placeholders. The error says which is not.
    pub fn check(self, text: &str) -> Result<(), String> {
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let after = &rest[start + 1..];
            let Some(end) = after.find('}') else {
                return Err("a `{` is not closed by `}`".into());
            };
            let name = &after[..end];
            if !self.placeholders().contains(&name) {
                let allowed: Vec<String> = self
                    .placeholders()
                    .iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect();
                return Err(format!(
                    "`{{{name}}}` is not a placeholder of `{}` (it has {})",
                    self.as_str(),
                    if allowed.is_empty() {
                        "none".into()
                    } else {
                        allowed.join(", ")
                    }
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
}

impl BotText {
    /// Whether the text is the Russian one, given for want of the language asked.
    pub fn is_fallback(&self) -> bool {
        self.language != self.asked
    }

    /// The text with its placeholders filled: `values` are `(name, value)` pairs
    /// (`("total", "2400")`); a placeholder without a value is left as written.
    ///
    /// ```
    /// # use car_chatbot_db::{BotText, Language, TextKey};
    /// let text = BotText {
    ///     key: TextKey::PriceQuote,
    ///     text: "Баасы: {total} {currency}.".into(),
    ///     language: Language::Ky,
    ///     asked: Language::Ky,
    /// };
    /// assert_eq!(text.fill(&[("total", "2800"), ("currency", "сом")]), "Баасы: 2800 сом.");
    /// ```
    pub fn fill(&self, values: &[(&str, &str)]) -> String {
        // One pass, so a value holding braces is never read as a placeholder.
        let mut filled = String::with_capacity(self.text.len());
        let mut rest = self.text.as_str();
        while let Some(start) = rest.find('{') {
            filled.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let value = after.find('}').and_then(|end| {
                let name = &after[..end];
                let value = values.iter().find(|(n, _)| *n == name)?.1;
                Some((value, end))
            });
            match value {
                Some((value, end)) => {
                    filled.push_str(value);
                    rest = &after[end + 1..];
                }
                None => {
                    filled.push('{');
                    rest = after;
                }
            }
        }
        filled.push_str(rest);
        filled
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
            TextKey::PriceQuote.check("Цена: {total} {currency}."),
            Ok(())
        );
        assert!(
            TextKey::PriceQuote
                .check("Цена: {sum}")
                .unwrap_err()
                .contains("{total}, {currency}")
        );
        assert!(
            TextKey::Greeting
                .check("Привет {name}")
                .unwrap_err()
                .contains("none")
        );
        assert!(TextKey::Greeting.check("Привет {").is_err());
    }

    #[test]
    fn filling_reads_the_text_once() {
        let text = BotText {
            key: TextKey::DidYouMean,
            text: "Вы имели в виду {model}? {other}".into(),
            language: Language::Ru,
            asked: Language::Ky,
        };
        assert!(text.is_fallback());
        // A value with braces stays as given; an unknown placeholder stays as written.
        assert_eq!(
            text.fill(&[("model", "{other} Camry"), ("other", "x")]),
            "Вы имели в виду {other} Camry? x"
        );
        assert_eq!(text.fill(&[]), text.text);
    }
}
