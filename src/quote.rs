//! Price quotes: the category's base price for the model's body type plus the
//! surcharges of the chosen options, added exactly with `rust_decimal`.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::{ModelId, TenantId};
use crate::language::LocalName;
use crate::models::{OptionType, Price, ProductCategory, ProductOption};
use crate::schema::body_types;

/// An option the customer chose: `with_borders`, or `eco_leather_type` = `premium`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OptionChoice {
    /// The option's code.
    pub code: String,
    /// The chosen value of a `choice` option; `None` for the other types.
    pub value: Option<String>,
}

impl OptionChoice {
    /// A boolean or add-on option, chosen.
    pub fn on(code: &str) -> Self {
        OptionChoice {
            code: code.into(),
            value: None,
        }
    }

    /// A `choice` option with its value.
    pub fn value(code: &str, value: &str) -> Self {
        OptionChoice {
            code: code.into(),
            value: Some(value.into()),
        }
    }
}

/// One price row used in a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct QuoteLine {
    /// `None` for the base price, else the option's code.
    pub option: Option<String>,
    /// The chosen value of a `choice` option.
    pub option_value: Option<String>,
    /// The category's name (base line) or the option's.
    pub name: LocalName,
    /// The price, or the option's surcharge.
    pub amount: Decimal,
    /// The `prices.id` this line comes from.
    pub price_id: i64,
}

/// An option the customer asked for that a quote left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SkippedOption {
    /// The option's code.
    pub option: String,
    /// The option's name, to tell the customer.
    pub name: LocalName,
    /// Why it was left out.
    pub reason: SkipReason,
}

/// Why an option was left out of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    /// The option is not made for the model's body type (`third_row` on a sedan).
    NotForBodyType {
        /// The model's body type code, when it has one.
        body_type: Option<String>,
    },
    /// The workshop has no price in force for the option.
    NotPriced,
}

/// A price: the base price of a category for one model plus its options, added
/// exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Quote {
    /// The model quoted.
    pub model_id: ModelId,
    /// The category's code.
    pub category: String,
    /// The category's name.
    pub category_name: LocalName,
    /// The model's body type, when known.
    pub body_type: Option<String>,
    /// The day whose prices were used (today in the tenant's time zone, unless asked).
    pub day: NaiveDate,
    /// The currency of every line and the total.
    pub currency: String,
    /// The category's price for the model's body type.
    pub base: QuoteLine,
    /// Each chosen option's surcharge, in the order asked.
    pub options: Vec<QuoteLine>,
    /// Options asked for and left out (always empty from a strict quote).
    pub skipped: Vec<SkippedOption>,
    /// The base price and the surcharges, added exactly.
    pub total: Decimal,
}

/// Whether an option that does not apply fails the quote or is listed in
/// [`Quote::skipped`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strictness {
    Strict,
    SkipInapplicable,
}

pub(crate) async fn quote(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    (model_id, category_code, choices): (ModelId, &str, &[OptionChoice]),
    day: NaiveDate,
    strictness: Strictness,
) -> Result<Quote> {
    let model = crate::catalog::find_car(conn, tenant, model_id).await?;
    let category = ProductCategory::find_by_code(conn, category_code).await?;
    let body_type: Option<String> = match model.body_type_id {
        Some(id) => Some(
            body_types::table
                .find(id)
                .select(body_types::code)
                .first(conn)
                .await?,
        ),
        None => None,
    };
    let options = ProductOption::for_category(conn, category.id).await?;
    let prices = Price::in_force(conn, tenant, category.id, day).await?;

    let base = pick_price(&prices, None, None, model.body_type_id).ok_or_else(|| {
        Error::CategoryNotSold {
            category: category.code.clone(),
            body_type: body_type.clone(),
        }
    })?;
    let mut chosen = Vec::with_capacity(choices.len());
    let mut skipped = Vec::new();
    for choice in choices {
        let option = find_option(&options, &category.code, choice)?;
        let price = pick_price(
            &prices,
            Some(option.id),
            choice.value.as_deref(),
            model.body_type_id,
        );
        let (problem, reason) = match price {
            _ if !option.applies_to(body_type.as_deref()) => (
                Error::OptionNotApplicable {
                    option: option.code.clone(),
                    body_type: body_type.clone().unwrap_or_else(|| "unknown".into()),
                },
                SkipReason::NotForBodyType {
                    body_type: body_type.clone(),
                },
            ),
            None => (
                Error::OptionNotPriced {
                    option: option.code.clone(),
                    category: category.code.clone(),
                },
                SkipReason::NotPriced,
            ),
            Some(price) => {
                chosen.push((option, price));
                continue;
            }
        };
        match strictness {
            Strictness::Strict => return Err(problem),
            Strictness::SkipInapplicable => skipped.push(SkippedOption {
                option: option.code.clone(),
                name: option.local_name(),
                reason,
            }),
        }
    }

    let mut total = base.amount;
    for (_, price) in &chosen {
        if price.currency != base.currency {
            return Err(Error::MixedCurrencies(
                base.currency.clone(),
                price.currency.clone(),
            ));
        }
        total = total
            .checked_add(price.amount)
            .ok_or(Error::PriceOverflow(total, price.amount))?;
    }
    Ok(Quote {
        model_id,
        category_name: category.local_name(),
        base: line(None, category.local_name(), base),
        category: category.code,
        body_type,
        day,
        currency: base.currency.clone(),
        options: chosen
            .iter()
            .map(|(option, price)| line(Some(&option.code), option.local_name(), price))
            .collect(),
        skipped,
        total,
    })
}

/// Checks a choice against the category's options: the option must exist and a
/// value must be given exactly when the option is a `choice`, and be allowed.
fn find_option<'o>(
    options: &'o [ProductOption],
    category: &str,
    choice: &OptionChoice,
) -> Result<&'o ProductOption> {
    let option = options
        .iter()
        .find(|o| o.code == choice.code)
        .ok_or_else(|| Error::UnknownOption {
            category: category.into(),
            code: choice.code.clone(),
            known: options.iter().map(|o| o.code.clone()).collect(),
        })?;
    let value_ok = match (option.kind(), &choice.value) {
        (OptionType::Choice, Some(value)) => option.allowed_values.contains(value),
        (OptionType::Choice, None) => false,
        (OptionType::Boolean | OptionType::Addon, value) => value.is_none(),
    };
    if !value_ok {
        return Err(Error::InvalidOptionValue {
            option: option.code.clone(),
            value: choice.value.clone(),
            allowed: option.allowed_values.clone(),
        });
    }
    Ok(option)
}

/// The price for this key: the one for the model's body type beats the one for all body types.
fn pick_price<'p>(
    prices: &'p [Price],
    option_id: Option<i64>,
    option_value: Option<&str>,
    body_type_id: Option<i64>,
) -> Option<&'p Price> {
    let same_key =
        |p: &&Price| p.option_id == option_id && p.option_value.as_deref() == option_value;
    let specific = body_type_id.and_then(|body| {
        prices
            .iter()
            .filter(same_key)
            .find(|p| p.body_type_id == Some(body))
    });
    specific.or_else(|| {
        prices
            .iter()
            .filter(same_key)
            .find(|p| p.body_type_id.is_none())
    })
}

fn line(option: Option<&str>, name: LocalName, price: &Price) -> QuoteLine {
    QuoteLine {
        option: option.map(str::to_owned),
        option_value: price.option_value.clone(),
        name,
        amount: price.amount,
        price_id: price.id,
    }
}
