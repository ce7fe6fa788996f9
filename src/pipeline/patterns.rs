//! What a workshop's chatbot believes of its supplier's rows (`car-patterns`).

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Bool, Int4, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};

use crate::ids::TenantId;
use crate::tenant::{Access, in_tenant_transaction};

/// One of a workshop's patterns: a supplier row kept, and what it resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, QueryableByName)]
pub struct PatternLine {
    /// The supplier's own ID of the row, as printed (`|` between merged duplicates).
    #[diesel(sql_type = Text)]
    pub supplier_id: String,
    /// Brand and model as the supplier printed them.
    #[diesel(sql_type = Text)]
    pub label: String,
    #[diesel(sql_type = Text)]
    pub category: String,
    /// The catalogue's brand and model, or the workshop's own model's.
    #[diesel(sql_type = Nullable<Text>)]
    pub brand: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub model: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub name_ru: Option<String>,
    /// The catalogue generations the row fits (`XV50|XV55`), or the own model's word.
    #[diesel(sql_type = Nullable<Text>)]
    pub generation: Option<String>,
    /// The supplier's years for this row, else the generations'.
    #[diesel(sql_type = Nullable<Int4>)]
    pub year_from: Option<i32>,
    #[diesel(sql_type = Nullable<Int4>)]
    pub year_to: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    pub body_type: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub steering: Option<String>,
    #[diesel(sql_type = Bool)]
    pub three_rows: bool,
    #[diesel(sql_type = Bool)]
    pub available: bool,
    /// The workshop's own model, not (yet) in the shared catalogue.
    #[diesel(sql_type = Bool)]
    pub pending: bool,
    /// The generations the row may be, when it names none (`XV30|XV40`): for review.
    #[diesel(sql_type = Nullable<Text>)]
    pub review: Option<String>,
    #[diesel(sql_type = Text)]
    pub notes: String,
}

/// Every pattern of the tenant, by brand, model and years.
pub async fn list(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
) -> crate::Result<Vec<PatternLine>> {
    in_tenant_transaction(conn, tenant, Access::ReadOnly, async |conn| {
        Ok(diesel::sql_query(include_str!("list_patterns.sql"))
            .bind::<BigInt, _>(tenant.get())
            .load(conn)
            .await?)
    })
    .await
}
