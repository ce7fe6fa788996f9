//! A generation's model years as a customer reads them, and a car's name for a reply.

use serde::Serialize;

use crate::language::Language;

/// The years a generation (or a workshop's pattern) is for. `Since` is a generation
/// still made (or a supplier's `с 2017`); `Unknown` is no year at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ModelYears {
    /// No year known.
    Unknown,
    /// From this year on, still made.
    Since(i32),
    /// Up to this year (`до 2006г`).
    Until(i32),
    /// From the first year to the second, both included.
    Between(i32, i32),
}

impl ModelYears {
    /// The years of a row's `year_from` and `year_to`.
    pub fn new(from: Option<i32>, to: Option<i32>) -> ModelYears {
        match (from, to) {
            (None, None) => ModelYears::Unknown,
            (Some(from), None) => ModelYears::Since(from),
            (None, Some(to)) => ModelYears::Until(to),
            (Some(from), Some(to)) => ModelYears::Between(from, to),
        }
    }

    /// The years in words: `с 2017`, `2017-жылдан`, `2006–2011`, `2010`; empty when
    /// unknown.
    ///
    /// ```
    /// # use car_chatbot_db::{Language, ModelYears};
    /// assert_eq!(ModelYears::Since(2017).display(Language::Ru), "с 2017");
    /// assert_eq!(ModelYears::Until(2006).display(Language::Ky), "2006-жылга чейин");
    /// assert_eq!(ModelYears::Between(2006, 2011).display(Language::Ru), "2006–2011");
    /// ```
    pub fn display(self, language: Language) -> String {
        match (self, language) {
            (ModelYears::Unknown, _) => String::new(),
            (ModelYears::Since(from), Language::Ky) => format!("{from}-жылдан"),
            (ModelYears::Since(from), _) => format!("с {from}"),
            (ModelYears::Until(to), Language::Ky) => format!("{to}-жылга чейин"),
            (ModelYears::Until(to), _) => format!("до {to}"),
            (ModelYears::Between(from, to), _) if from == to => from.to_string(),
            (ModelYears::Between(from, to), _) => format!("{from}–{to}"),
        }
    }
}

/// `Toyota Camry XV70 (с 2017)`: brand, model, generation and years, as a reply
/// names a car.
pub(crate) fn car_name(
    brand: &str,
    model: &str,
    generation: Option<&str>,
    years: ModelYears,
    language: Language,
) -> String {
    let mut name = format!("{brand} {model}");
    if let Some(generation) = generation.filter(|g| !g.is_empty()) {
        name.push(' ');
        name.push_str(generation);
    }
    let years = years.display(language);
    if !years.is_empty() {
        name.push_str(&format!(" ({years})"));
    }
    name
}
