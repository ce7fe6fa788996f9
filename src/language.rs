//! The languages the chatbots speak, and names in each of them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language of the bot texts and of the catalogue's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Language {
    /// Russian, the fallback of every text.
    Ru,
    /// Kyrgyz.
    Ky,
}

impl Language {
    /// Every language, Russian (the fallback) first.
    pub const ALL: [Language; 2] = [Language::Ru, Language::Ky];

    /// The code stored in the database: `ru`, `ky`.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Ru => "ru",
            Language::Ky => "ky",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Language {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ru" => Ok(Language::Ru),
            "ky" => Ok(Language::Ky),
            other => Err(format!("unknown language `{other}` (expected ru or ky)")),
        }
    }
}

/// A name in Russian and in Kyrgyz (a category's, an option's, a body type's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalName {
    /// The Russian name.
    pub ru: String,
    /// The Kyrgyz name (may be empty: then [`LocalName::get`] gives the Russian).
    pub ky: String,
}

impl LocalName {
    /// A name from its two spellings.
    pub fn new(ru: &str, ky: &str) -> LocalName {
        LocalName {
            ru: ru.into(),
            ky: ky.into(),
        }
    }

    /// The name in `language`; the Russian one when the Kyrgyz is empty.
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Ky if !self.ky.is_empty() => &self.ky,
            _ => &self.ru,
        }
    }
}
