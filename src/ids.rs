//! The ids the API hands out: separate types, so a tenant's id is not taken for a
//! model's. A leaf module: the facade and the query modules both use it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A tenant's id, obtained from a [`crate::Tenant`] row so it cannot be mixed up with other ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TenantId(pub(crate) i64);

impl TenantId {
    /// The tenant's row id.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A car model generation's id (a row of `models`), as the search and the catalogue
/// give it: a separate type, so it is not mixed up with other ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ModelId(i64);

impl ModelId {
    /// An id kept from an earlier answer (a conversation's state); an id that names
    /// no model is [`crate::Error::UnknownModel`] when used.
    pub fn new(raw: i64) -> ModelId {
        ModelId(raw)
    }

    /// The row id: a catalogue generation's when positive, the workshop's own model's
    /// (negated) when negative.
    pub fn get(self) -> i64 {
        self.0
    }

    /// Whether the id names one of the workshop's own models (the catalogue lacks
    /// the car; its supplier lists it).
    pub fn is_own(self) -> bool {
        self.0 < 0
    }

    /// The `own_models` row id, for the workshop's own model.
    pub(crate) fn own_model(self) -> Option<i64> {
        self.is_own().then(|| -self.0)
    }
}

impl fmt::Display for ModelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
