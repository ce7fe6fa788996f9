//! What a chatbot shows about a car and a workshop's offer: a model's details, the
//! categories the workshop makes for it, and the price list.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ids::{ModelId, TenantId};
use crate::language::{Language, LocalName};
use crate::models::{BodyType, CarModel, OwnModel, Price, ProductCategory, ProductOption};
use crate::schema::{body_types, brands, models, own_models, pattern_generations, patterns};
use crate::years::{ModelYears, car_name};

/// A body type by code and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BodyTypeName {
    /// `sedan`, `suv`, …
    pub code: String,
    /// `седан`, `внедорожник` / `жол тандабас`, …
    pub name: LocalName,
}

impl From<&BodyType> for BodyTypeName {
    fn from(body: &BodyType) -> Self {
        BodyTypeName {
            code: body.code.clone(),
            name: body.local_name(),
        }
    }
}

/// One generation (a row of `models`) of a model, as a choice to offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GenerationSummary {
    /// The generation's row.
    pub model_id: ModelId,
    /// Its code (`XV70`), when the catalogue knows it.
    pub generation: Option<String>,
    /// First model year.
    pub year_from: Option<i32>,
    /// Last model year; `None` while it is made, or when no year is known (see
    /// `years()`).
    pub year_to: Option<i32>,
}

/// A car model generation with its brand, body type and sibling generations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ModelDetails {
    /// The row asked for.
    pub model_id: ModelId,
    /// The brand's name (`Toyota`).
    pub brand: String,
    /// The model's name (`Land Cruiser Prado`).
    pub model: String,
    /// The Russian name customers use, when there is one (`ленд крузер прадо`).
    pub name_ru: Option<String>,
    /// The generation's code (`J150`), when known.
    pub generation: Option<String>,
    /// First model year.
    pub year_from: Option<i32>,
    /// Last model year; `None` while it is made, or when no year is known (see
    /// `years()`).
    pub year_to: Option<i32>,
    /// The body type, when known.
    pub body_type: Option<BodyTypeName>,
    /// Every generation of the model (same brand and name), this one included,
    /// oldest first.
    pub generations: Vec<GenerationSummary>,
}

impl GenerationSummary {
    /// The generation's years.
    pub fn years(&self) -> ModelYears {
        ModelYears::new(self.year_from, self.year_to)
    }

    /// The generation as a choice: `XV70 (с 2017)`, or the years alone.
    pub fn display(&self, language: Language) -> String {
        let years = self.years().display(language);
        match (self.generation.as_deref(), years.is_empty()) {
            (Some(code), false) => format!("{code} ({years})"),
            (Some(code), true) => code.to_owned(),
            (None, _) => years,
        }
    }
}

impl ModelDetails {
    /// The model's years.
    pub fn years(&self) -> ModelYears {
        ModelYears::new(self.year_from, self.year_to)
    }

    /// The car as a reply names it: `Toyota Land Cruiser Prado J150 (2009–2017)`.
    pub fn display(&self, language: Language) -> String {
        car_name(
            &self.brand,
            &self.model,
            self.generation.as_deref(),
            self.years(),
            language,
        )
    }
}

/// A car a chatbot asks about: a catalogue generation, or one of the workshop's own
/// models (a negative [`ModelId`]: the catalogue lacks it).
pub(crate) struct Car {
    pub brand: String,
    pub name: String,
    pub name_ru: Option<String>,
    pub generation: Option<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub body_type_id: Option<i64>,
    /// The catalogue's brand id, for a catalogue generation.
    catalogue_brand: Option<i64>,
}

pub(crate) async fn find_car(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    model_id: ModelId,
) -> Result<Car> {
    let Some(own_id) = model_id.own_model() else {
        let model = CarModel::find(conn, model_id.get()).await?;
        let brand: String = brands::table
            .find(model.brand_id)
            .select(brands::name)
            .first(conn)
            .await?;
        return Ok(Car {
            brand,
            name: model.name,
            name_ru: model.name_ru,
            generation: model.generation,
            year_from: model.year_from,
            year_to: model.year_to,
            body_type_id: model.body_type_id,
            catalogue_brand: Some(model.brand_id),
        });
    };
    let model = OwnModel::find(conn, tenant.get(), own_id)
        .await
        .optional()?
        .ok_or(Error::UnknownModel(model_id))?;
    // Its years span its patterns' (the supplier's); an open end stays open.
    let spans: Vec<(Option<i32>, Option<i32>)> = patterns::table
        .filter(patterns::tenant_id.eq(tenant.get()))
        .filter(patterns::own_model_id.eq(own_id))
        .select((patterns::year_from, patterns::year_to))
        .load(conn)
        .await?;
    let open_start = spans
        .iter()
        .any(|(from, to)| from.is_none() && to.is_some());
    let open_end = spans
        .iter()
        .any(|(from, to)| to.is_none() && from.is_some());
    let year_from = spans
        .iter()
        .filter_map(|s| s.0)
        .min()
        .filter(|_| !open_start);
    let year_to = spans.iter().filter_map(|s| s.1).max().filter(|_| !open_end);
    Ok(Car {
        brand: model.brand,
        name: model.name,
        name_ru: model.name_ru,
        generation: model.generation,
        year_from,
        year_to,
        body_type_id: model.body_type_id,
        catalogue_brand: None,
    })
}

pub(crate) async fn model_details(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    model_id: ModelId,
) -> Result<ModelDetails> {
    let car = find_car(conn, tenant, model_id).await?;
    let body_type = match car.body_type_id {
        Some(id) => Some(BodyTypeName::from(&BodyType::find(conn, id).await?)),
        None => None,
    };
    let generations = match car.catalogue_brand {
        Some(brand_id) => {
            models::table
                .filter(models::brand_id.eq(brand_id))
                .filter(models::name.eq(&car.name))
                .order((
                    models::year_from.asc().nulls_first(),
                    models::generation,
                    models::id,
                ))
                .select((
                    models::id,
                    models::generation,
                    models::year_from,
                    models::year_to,
                ))
                .load::<(i64, Option<String>, Option<i32>, Option<i32>)>(conn)
                .await?
        }
        // The workshop's own models of that name, without years of their own.
        None => own_models::table
            .filter(own_models::tenant_id.eq(tenant.get()))
            .filter(own_models::brand.eq(&car.brand))
            .filter(own_models::name.eq(&car.name))
            .order((own_models::generation.asc().nulls_first(), own_models::id))
            .select((own_models::id, own_models::generation))
            .load::<(i64, Option<String>)>(conn)
            .await?
            .into_iter()
            .map(|(id, generation)| (-id, generation, None, None))
            .collect(),
    };
    let generations = generations
        .into_iter()
        .map(|(id, generation, year_from, year_to)| GenerationSummary {
            model_id: ModelId::new(id),
            generation,
            year_from,
            year_to,
        })
        .collect();
    Ok(ModelDetails {
        model_id,
        brand: car.brand,
        model: car.name,
        name_ru: car.name_ru,
        generation: car.generation,
        year_from: car.year_from,
        year_to: car.year_to,
        body_type,
        generations,
    })
}

/// One of the workshop's patterns for a car: a row of its supplier's list, with what
/// tells it apart from the others for the same car (years, steering side, rows), so
/// a bot can ask "2 or 3 rows?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PatternVariant {
    /// The supplier's own ID of the row, as printed (`12|40` when listed twice).
    pub supplier_id: String,
    /// Brand and model as the supplier printed them (`Тойота Камри 70`).
    pub label: String,
    /// The supplier's first year for this pattern, when it gives one.
    pub year_from: Option<i32>,
    /// The supplier's last year for this pattern; `None` when open or not given.
    pub year_to: Option<i32>,
    /// `left` or `right` hand drive, when the supplier says.
    pub steering: Option<String>,
    /// The pattern covers a third row of seats.
    pub three_rows: bool,
    /// The supplier's description, as written.
    pub notes: String,
    /// The supplier still lists it.
    pub available: bool,
}

/// The workshop's patterns for a car (in one category, or all), with their category
/// ids, available ones first, then by years.
pub(crate) async fn pattern_variants(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    model_id: ModelId,
    category_id: Option<i64>,
) -> Result<Vec<(i64, PatternVariant)>> {
    let mut query = patterns::table
        .filter(patterns::tenant_id.eq(tenant.get()))
        .into_boxed();
    query = match model_id.own_model() {
        Some(own_id) => query.filter(patterns::own_model_id.eq(own_id)),
        None => query.filter(
            patterns::id.eq_any(
                pattern_generations::table
                    .filter(pattern_generations::tenant_id.eq(tenant.get()))
                    .filter(pattern_generations::model_id.eq(model_id.get()))
                    .select(pattern_generations::pattern_id),
            ),
        ),
    };
    if let Some(category_id) = category_id {
        query = query.filter(patterns::category_id.eq(category_id));
    }
    let rows = query
        .order((
            patterns::available.desc(),
            patterns::year_from.asc().nulls_first(),
            patterns::year_to.asc().nulls_last(),
            patterns::id,
        ))
        .select((
            patterns::category_id,
            patterns::supplier_id,
            patterns::label,
            patterns::year_from,
            patterns::year_to,
            patterns::steering,
            patterns::three_rows,
            patterns::notes,
            patterns::available,
        ))
        .load::<(
            i64,
            String,
            String,
            Option<i32>,
            Option<i32>,
            Option<String>,
            bool,
            String,
            bool,
        )>(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                category,
                supplier_id,
                label,
                year_from,
                year_to,
                steering,
                three_rows,
                notes,
                available,
            )| {
                (
                    category,
                    PatternVariant {
                        supplier_id,
                        label,
                        year_from,
                        year_to,
                        steering,
                        three_rows,
                        notes,
                        available,
                    },
                )
            },
        )
        .collect())
}

/// A category a workshop sells, for one model: whether it has the pattern, and the
/// price without options for the model's body type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ModelOffer {
    /// The category (its names: [`ProductCategory::local_name`]).
    pub category: ProductCategory,
    /// The workshop has a pattern for the model in this category.
    pub pattern_available: bool,
    /// The supplier's description of the first available pattern, when there is one.
    pub notes: Option<String>,
    /// The workshop's patterns for the model in this category, available ones first:
    /// several when its supplier lists variants (2 or 3 rows, left or right hand
    /// drive, year spans).
    pub variants: Vec<PatternVariant>,
    /// The base price for the model's body type, in force on the day asked.
    pub price: Decimal,
    /// The price's currency (`KGS`).
    pub currency: String,
}

pub(crate) async fn offers_for_model(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    model_id: ModelId,
    day: NaiveDate,
) -> Result<Vec<ModelOffer>> {
    let car = find_car(conn, tenant, model_id).await?;
    let found = pattern_variants(conn, tenant, model_id, None).await?;
    let mut offers = Vec::new();
    for offer in price_list(conn, tenant, day).await? {
        let Some(base) = offer.base_price(car.body_type_id) else {
            continue; // Not sold for this body type.
        };
        let variants: Vec<PatternVariant> = found
            .iter()
            .filter(|(category, _)| *category == offer.category.id)
            .map(|(_, variant)| variant.clone())
            .collect();
        let first_available = variants.iter().find(|v| v.available);
        offers.push(ModelOffer {
            pattern_available: first_available.is_some(),
            notes: first_available
                .map(|v| v.notes.clone())
                .filter(|n| !n.is_empty()),
            variants,
            price: base.amount,
            currency: base.currency.clone(),
            category: offer.category,
        });
    }
    Ok(offers)
}

/// A category the workshop sells (it has a base price in force), its priced options
/// and every price of it in force.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct CategoryOffer {
    /// The category (its names: [`ProductCategory::local_name`]).
    pub category: ProductCategory,
    /// The options that have a price in force.
    pub options: Vec<ProductOption>,
    /// The lowest base price ("from 2400 KGS").
    pub from_price: Decimal,
    /// The currency of `from_price`.
    pub currency: String,
    /// Every price of the category in force: base prices first, then each option's.
    pub prices: Vec<PriceEntry>,
}

/// One price of a category: its base price (no option) or an option's surcharge, for
/// one body type or for all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PriceEntry {
    /// The option's code; `None` for the base price.
    pub option: Option<String>,
    /// The value of a `choice` option this price is for (`premium`).
    pub option_value: Option<String>,
    /// The body type's code; `None`: every body type without a price of its own.
    pub body_type: Option<String>,
    /// The price, or the option's surcharge.
    pub amount: Decimal,
    /// Its currency (`KGS`).
    pub currency: String,
    #[serde(skip)]
    option_id: Option<i64>,
    #[serde(skip)]
    body_type_id: Option<i64>,
}

impl CategoryOffer {
    /// The base price for a body type: its own, else the one for all body types.
    fn base_price(&self, body_type_id: Option<i64>) -> Option<&PriceEntry> {
        let base = || self.prices.iter().filter(|p| p.option_id.is_none());
        body_type_id
            .and_then(|id| base().find(|p| p.body_type_id == Some(id)))
            .or_else(|| base().find(|p| p.body_type_id.is_none()))
    }
}

pub(crate) async fn price_list(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    day: NaiveDate,
) -> Result<Vec<CategoryOffer>> {
    let priced = Price::priced_category_ids(conn, tenant, day).await?;
    let body_codes: Vec<(i64, String)> = body_types::table
        .select((body_types::id, body_types::code))
        .load(conn)
        .await?;
    let body_code = |id: Option<i64>| {
        id.and_then(|id| body_codes.iter().find(|(b, _)| *b == id))
            .map(|(_, code)| code.clone())
    };
    let mut offers = Vec::new();
    for category in ProductCategory::all_active(conn).await? {
        if !priced.contains(&category.id) {
            continue;
        }
        let all_options = ProductOption::for_category(conn, category.id).await?;
        let mut in_force = Price::in_force(conn, tenant, category.id, day).await?;
        // Base prices first, then each option's in the category's order.
        let position = |p: &Price| {
            p.option_id
                .and_then(|id| all_options.iter().position(|o| o.id == id))
                .map_or(0, |i| i + 1)
        };
        in_force.sort_by_key(|p| (position(p), p.option_value.clone(), p.amount));
        let option_code = |id: Option<i64>| {
            id.and_then(|id| all_options.iter().find(|o| o.id == id))
                .map(|o| o.code.clone())
        };
        let prices: Vec<PriceEntry> = in_force
            .iter()
            .map(|p| PriceEntry {
                option: option_code(p.option_id),
                option_value: p.option_value.clone(),
                body_type: body_code(p.body_type_id),
                amount: p.amount,
                currency: p.currency.clone(),
                option_id: p.option_id,
                body_type_id: p.body_type_id,
            })
            .collect();
        let Some(from) = prices
            .iter()
            .filter(|p| p.option_id.is_none())
            .min_by_key(|p| p.amount)
        else {
            continue;
        };
        let (from_price, currency) = (from.amount, from.currency.clone());
        let options = all_options
            .into_iter()
            .filter(|o| prices.iter().any(|p| p.option_id == Some(o.id)))
            .collect();
        offers.push(CategoryOffer {
            category,
            options,
            from_price,
            currency,
            prices,
        });
    }
    Ok(offers)
}
