//! Reference and demo data kept as CSV in `data/`: body types, product categories
//! and options, the vehicle catalogue, tenants with their bot texts and prices.
//! [`ReferenceData::read`] parses and cross-checks every file before anything is
//! written; [`load`] upserts it all in one transaction, so loading is idempotent
//! and a bad file changes nothing.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::error::{ImportError, Result};
use super::lock;
use super::workshop::{self, PriceSheetRow, TextRow, Workshop};
use crate::ids::TenantId;
use crate::language::Language;
use crate::models::{
    Contacts, NewBodyType, NewBrand, NewCarModel, NewProductCategory, NewProductOption, OptionType,
    slugify,
};
use crate::pipeline::csv_file;
use crate::schema::{bot_texts, tenants};
use crate::tenant::set_local_tenant_sql;

#[derive(Debug, Deserialize)]
pub struct BodyTypeRow {
    pub code: String,
    pub name_ru: String,
    pub name_ky: String,
    pub sort_order: i32,
    /// Words suppliers use for this body type in descriptions (`джип`, `кроссовер`).
    #[serde(deserialize_with = "pipe_list")]
    pub supplier_words: Vec<String>,
}

/// A brand outside the vehicle catalogue (`brands.csv`), so supplier rows of it are understood.
#[derive(Debug, Deserialize)]
pub struct BrandRow {
    pub brand: String,
    pub brand_ru: String,
    #[serde(deserialize_with = "pipe_list")]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct CategoryRow {
    pub code: String,
    pub name_ru: String,
    pub name_ky: String,
    pub description_ru: String,
    pub description_ky: String,
    pub sort_order: i32,
    pub active: bool,
}

#[derive(Debug, Deserialize)]
pub struct OptionRow {
    pub category: String,
    pub code: String,
    pub name_ru: String,
    pub name_ky: String,
    pub option_type: String,
    #[serde(deserialize_with = "pipe_list")]
    pub allowed_values: Vec<String>,
    #[serde(deserialize_with = "pipe_list")]
    pub body_types: Vec<String>,
    pub sort_order: i32,
}

/// One generation from `vehicles.tsv` (the format of the shared reference catalogue).
#[derive(Debug, Deserialize)]
pub struct VehicleRow {
    pub brand: String,
    pub brand_ru: String,
    #[serde(deserialize_with = "pipe_list")]
    pub brand_aliases: Vec<String>,
    pub model: String,
    pub model_ru: Option<String>,
    #[serde(deserialize_with = "pipe_list")]
    pub model_aliases: Vec<String>,
    pub body: Option<String>,
    pub popularity: i16,
    pub gen_code: Option<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    #[serde(deserialize_with = "pipe_list")]
    pub gen_aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct TenantRow {
    pub slug: String,
    pub name: String,
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    pub instagram: Option<String>,
    pub address: Option<String>,
    pub language: String,
    pub currency: String,
    pub timezone: String,
    pub active: bool,
}

#[derive(Debug, Deserialize)]
pub struct BotTextRow {
    pub tenant: String,
    pub key: String,
    pub language: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct PriceRow {
    pub tenant: String,
    pub category: String,
    pub option: Option<String>,
    pub option_value: Option<String>,
    pub body_type: Option<String>,
    pub amount: Decimal,
    pub currency: String,
    /// The first day of the sheet the price belongs to: a tenant's prices of one
    /// start date are one sheet, loaded as `car-prices` loads it.
    pub valid_from: NaiveDate,
}

/// Every file of `data/`, parsed and cross-checked.
#[derive(Debug)]
pub struct ReferenceData {
    pub body_types: Vec<BodyTypeRow>,
    pub categories: Vec<CategoryRow>,
    pub options: Vec<OptionRow>,
    pub vehicles: Vec<VehicleRow>,
    pub extra_brands: Vec<BrandRow>,
    pub tenants: Vec<TenantRow>,
    pub bot_texts: Vec<BotTextRow>,
    pub prices: Vec<PriceRow>,
}

/// How many rows of each kind were loaded.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LoadSummary {
    /// Rows loaded per kind; of the workshops' bot texts and prices, those added.
    pub counts: BTreeMap<&'static str, usize>,
    /// Demo workshops that existed: their rows and prices are kept as they are.
    pub kept: Vec<String>,
}

impl fmt::Display for LoadSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        write!(f, "loaded {}", parts.join(", "))?;
        if !self.kept.is_empty() {
            write!(
                f,
                "\nkept as operators left them (only missing bot texts added): {}",
                self.kept.join(", ")
            )?;
        }
        Ok(())
    }
}

impl ReferenceData {
    pub fn read(dir: &Path) -> Result<ReferenceData> {
        let data = ReferenceData {
            body_types: read_rows(dir, "body_types.csv", b',')?,
            categories: read_rows(dir, "product_categories.csv", b',')?,
            options: read_rows(dir, "product_options.csv", b',')?,
            vehicles: read_rows(dir, "vehicles.tsv", b'\t')?,
            extra_brands: read_rows(dir, "brands.csv", b',')?,
            tenants: read_rows(dir, "tenants.csv", b',')?,
            bot_texts: read_rows(dir, "bot_texts.csv", b',')?,
            prices: read_rows(dir, "prices.csv", b',')?,
        };
        data.check()?;
        Ok(data)
    }

    /// References between files, checked before the database sees anything.
    fn check(&self) -> Result<()> {
        let body_known = |code: &str| self.body_types.iter().any(|b| b.code == code);
        let category_known = |code: &str| self.categories.iter().any(|c| c.code == code);
        let tenant_known = |slug: &str| self.tenants.iter().any(|t| t.slug == slug);
        for (line, row) in lines(&self.options) {
            let bad = |message: String| csv_file::bad_row("product_options.csv", line, message);
            if !category_known(&row.category) {
                return Err(bad(format!("unknown category `{}`", row.category)));
            }
            let kind: OptionType = row.option_type.parse().map_err(bad)?;
            if (kind == OptionType::Choice) == row.allowed_values.is_empty() {
                return Err(bad(
                    "allowed_values must be given for `choice` options and only for them".into(),
                ));
            }
            if let Some(code) = row.body_types.iter().find(|c| !body_known(c)) {
                return Err(bad(format!("unknown body type `{code}`")));
            }
        }
        for (line, row) in lines(&self.vehicles) {
            if let Some(body) = row.body.as_deref().filter(|b| !body_known(b)) {
                return Err(csv_file::bad_row(
                    "vehicles.tsv",
                    line,
                    format!("unknown body type `{body}`"),
                ));
            }
        }
        for (line, row) in lines(&self.extra_brands) {
            if self.vehicles.iter().any(|v| v.brand == row.brand) {
                return Err(csv_file::bad_row(
                    "brands.csv",
                    line,
                    format!(
                        "`{}` is in vehicles.tsv already; add its spellings there",
                        row.brand
                    ),
                ));
            }
        }
        for (line, row) in lines(&self.tenants) {
            row.language
                .parse::<Language>()
                .map_err(|e| csv_file::bad_row("tenants.csv", line, e))?;
        }
        for (line, row) in lines(&self.bot_texts) {
            if !tenant_known(&row.tenant) {
                return Err(csv_file::bad_row(
                    "bot_texts.csv",
                    line,
                    format!("unknown tenant `{}`", row.tenant),
                ));
            }
            workshop::check_text(&row.key, &row.language, &row.text)
                .map_err(|message| csv_file::bad_row("bot_texts.csv", line, message))?;
        }
        for (line, row) in lines(&self.prices) {
            let bad = |message: String| csv_file::bad_row("prices.csv", line, message);
            if !tenant_known(&row.tenant) {
                return Err(bad(format!("unknown tenant `{}`", row.tenant)));
            }
            if !category_known(&row.category) {
                return Err(bad(format!("unknown category `{}`", row.category)));
            }
            if let Some(body) = row.body_type.as_deref().filter(|b| !body_known(b)) {
                return Err(bad(format!("unknown body type `{body}`")));
            }
            match (&row.option, &row.option_value) {
                (None, Some(_)) => return Err(bad("option_value without an option".into())),
                (Some(code), value) => {
                    let option = self
                        .options
                        .iter()
                        .find(|o| o.category == row.category && &o.code == code)
                        .ok_or_else(|| {
                            bad(format!(
                                "unknown option `{code}` in category `{}`",
                                row.category
                            ))
                        })?;
                    let value_ok = match value {
                        Some(v) => option.allowed_values.contains(v),
                        None => option.allowed_values.is_empty(),
                    };
                    if !value_ok {
                        return Err(bad(format!(
                            "option `{code}` takes one of [{}], got {value:?}",
                            option.allowed_values.join(", ")
                        )));
                    }
                }
                (None, None) => {}
            }
        }
        Ok(())
    }
}

impl ReferenceData {
    /// Puts the database's vehicle catalogue (the seed's, and what operators adopted
    /// since) in place of the data folder's, so that supplier rows resolve to the
    /// catalogue generations the database holds.
    pub async fn use_catalogue_of(&mut self, conn: &mut AsyncPgConnection) -> Result<()> {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;

        use crate::schema::{body_types, brands, models};
        type Generation = (
            (String, String, Vec<String>),
            (String, Option<String>, Vec<String>, i16),
            (Option<String>, Option<i32>, Option<i32>, Vec<String>),
            Option<String>,
        );
        let rows: Vec<Generation> = models::table
            .inner_join(brands::table)
            .left_join(body_types::table)
            .order((
                brands::name,
                models::name,
                models::year_from.asc().nulls_first(),
                models::id,
            ))
            .select((
                (brands::name, brands::name_ru, brands::aliases),
                (
                    models::name,
                    models::name_ru,
                    models::aliases,
                    models::popularity,
                ),
                (
                    models::generation,
                    models::year_from,
                    models::year_to,
                    models::generation_aliases,
                ),
                body_types::code.nullable(),
            ))
            .load(conn)
            .await
            .map_err(crate::Error::from)?;
        self.vehicles = rows
            .into_iter()
            .map(
                |((brand, brand_ru, brand_aliases), model, generation, body)| {
                    let (model, model_ru, model_aliases, popularity) = model;
                    let (gen_code, year_from, year_to, gen_aliases) = generation;
                    VehicleRow {
                        brand,
                        brand_ru,
                        brand_aliases,
                        model,
                        model_ru,
                        model_aliases,
                        body,
                        popularity,
                        gen_code,
                        year_from,
                        year_to,
                        gen_aliases,
                    }
                },
            )
            .collect();
        // Brands without models yet (`brands.csv`, or adopted alone).
        let with_models: Vec<&str> = self.vehicles.iter().map(|v| v.brand.as_str()).collect();
        self.extra_brands = brands::table
            .select((brands::name, brands::name_ru, brands::aliases))
            .load::<(String, String, Vec<String>)>(conn)
            .await
            .map_err(crate::Error::from)?
            .into_iter()
            .filter(|(name, ..)| !with_models.contains(&name.as_str()))
            .map(|(brand, brand_ru, aliases)| BrandRow {
                brand,
                brand_ru,
                aliases,
            })
            .collect();
        Ok(())
    }

    /// Every known brand: (canonical name, Russian name, other spellings).
    pub fn brands(&self) -> Vec<(&str, &str, &[String])> {
        let mut brands: Vec<(&str, &str, &[String])> = Vec::new();
        for v in &self.vehicles {
            if !brands.iter().any(|(name, _, _)| *name == v.brand) {
                brands.push((&v.brand, &v.brand_ru, &v.brand_aliases));
            }
        }
        brands.extend(
            self.extra_brands
                .iter()
                .map(|b| (b.brand.as_str(), b.brand_ru.as_str(), b.aliases.as_slice())),
        );
        brands
    }
}

/// Rows with the file line they came from (line 1 is the header).
fn lines<T>(rows: &[T]) -> impl Iterator<Item = (u64, &T)> {
    rows.iter().enumerate().map(|(i, row)| (i as u64 + 2, row))
}

fn read_rows<T: DeserializeOwned>(dir: &Path, file: &str, delimiter: u8) -> Result<Vec<T>> {
    csv_file::read(&dir.join(file), delimiter)
}

fn pipe_list<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Vec<String>, D::Error> {
    let text: Option<String> = Option::deserialize(deserializer)?;
    Ok(text
        .unwrap_or_default()
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect())
}

/// Loads `data` in one transaction: the shared tables are upserted; a demo workshop
/// is added with its bot texts and prices when it is missing, and an existing one
/// keeps what operators made of it (its row, texts and prices), only bot texts it
/// lacks are added. `conn` must be a `car_operator` session ([`crate::db::connect`]
/// with [`crate::DbRole::Operator`]), so row-level security checks every tenant row
/// against the tenant set for it. `on_wait` is told what holds a workshop the load
/// has to wait for (see [`super::lock`]).
pub async fn load(
    conn: &mut AsyncPgConnection,
    data: &ReferenceData,
    on_wait: &(dyn Fn(&str) + Sync),
) -> Result<LoadSummary> {
    conn.transaction(async |conn| load_in_transaction(conn, data, on_wait).await)
        .await
}

async fn load_in_transaction(
    conn: &mut AsyncPgConnection,
    data: &ReferenceData,
    on_wait: &(dyn Fn(&str) + Sync),
) -> Result<LoadSummary> {
    // The lock order of every writer: the workshops first, in slug order.
    let mut slugs: Vec<&str> = data.tenants.iter().map(|t| t.slug.as_str()).collect();
    slugs.sort_unstable();
    for slug in slugs {
        match lock::lock_workshop(conn, slug, on_wait).await {
            Ok(_) | Err(ImportError::Db(crate::Error::UnknownTenant { .. })) => {}
            Err(error) => return Err(error),
        }
    }
    let mut summary = LoadSummary::default();
    load_shared(conn, data, &mut summary).await?;
    for tenant in &data.tenants {
        load_tenant(conn, data, tenant, &mut summary).await?;
    }
    summary.counts.insert("tenants", data.tenants.len());
    Ok(summary)
}

async fn load_shared(
    conn: &mut AsyncPgConnection,
    data: &ReferenceData,
    summary: &mut LoadSummary,
) -> Result<()> {
    let mut body_ids = HashMap::new();
    for row in &data.body_types {
        let id = NewBodyType {
            code: &row.code,
            name_ru: &row.name_ru,
            name_ky: &row.name_ky,
            sort_order: row.sort_order,
        }
        .upsert(conn)
        .await?;
        body_ids.insert(row.code.as_str(), id);
    }
    summary.counts.insert("body types", body_ids.len());

    let mut category_ids = HashMap::new();
    for row in &data.categories {
        let id = NewProductCategory {
            code: &row.code,
            name_ru: &row.name_ru,
            name_ky: &row.name_ky,
            description_ru: &row.description_ru,
            description_ky: &row.description_ky,
            sort_order: row.sort_order,
            active: row.active,
        }
        .upsert(conn)
        .await?;
        category_ids.insert(row.code.as_str(), id);
    }
    summary
        .counts
        .insert("product categories", category_ids.len());

    let mut option_ids = HashMap::new();
    for row in &data.options {
        let category_id = category_ids[row.category.as_str()];
        let id = NewProductOption {
            category_id,
            code: &row.code,
            name_ru: &row.name_ru,
            name_ky: &row.name_ky,
            option_type: &row.option_type,
            allowed_values: &row.allowed_values,
            body_type_codes: &row.body_types,
            sort_order: row.sort_order,
        }
        .upsert(conn)
        .await?;
        option_ids.insert((row.category.as_str(), row.code.as_str()), id);
    }
    summary.counts.insert("product options", option_ids.len());

    // Spellings operators added (an adoption's) are kept beside the file's.
    let known = KnownAliases::load(conn).await?;
    let mut brand_ids: HashMap<&str, i64> = HashMap::new();
    let empty_metadata = serde_json::json!({});
    for row in &data.vehicles {
        let brand_id = match brand_ids.get(row.brand.as_str()) {
            Some(id) => *id,
            None => {
                let id = NewBrand {
                    name: &row.brand,
                    name_ru: &row.brand_ru,
                    slug: &slugify(&row.brand),
                    aliases: &known.brand(&row.brand, &row.brand_aliases),
                }
                .upsert(conn)
                .await?;
                brand_ids.insert(&row.brand, id);
                id
            }
        };
        let key = (
            row.brand.clone(),
            row.model.clone(),
            row.gen_code.clone(),
            row.year_from,
            row.year_to,
        );
        NewCarModel {
            brand_id,
            name: &row.model,
            name_ru: row.model_ru.as_deref(),
            generation: row.gen_code.as_deref(),
            year_from: row.year_from,
            year_to: row.year_to,
            body_type_id: row.body.as_deref().map(|b| body_ids[b]),
            aliases: &known.model(&key, &row.model_aliases),
            generation_aliases: &row.gen_aliases,
            popularity: row.popularity,
            metadata: &empty_metadata,
        }
        .upsert(conn)
        .await?;
    }
    for row in &data.extra_brands {
        let id = NewBrand {
            name: &row.brand,
            name_ru: &row.brand_ru,
            slug: &slugify(&row.brand),
            aliases: &known.brand(&row.brand, &row.aliases),
        }
        .upsert(conn)
        .await?;
        brand_ids.insert(&row.brand, id);
    }
    summary.counts.insert("brands", brand_ids.len());
    summary.counts.insert("models", data.vehicles.len());
    let catalogue_models: Vec<(i64, String)> = data
        .vehicles
        .iter()
        .map(|v| (brand_ids[v.brand.as_str()], v.model.clone()))
        .collect();
    crate::search::rebuild_index(conn, Some(&catalogue_models)).await?;

    Ok(())
}

/// Loads the tenant, its bot texts and its price sheets (one per start date, in date
/// order) through the operator tools' own functions; afterwards the transaction's
/// tenant is it.
/// The aliases the catalogue holds now, so that a load adds the file's to them
/// instead of replacing them (an operator's adoption adds spellings).
struct KnownAliases {
    brands: HashMap<String, Vec<String>>,
    models: HashMap<ModelKey, Vec<String>>,
}

/// Brand name, model name, generation and years: a catalogue row's natural key.
type ModelKey = (String, String, Option<String>, Option<i32>, Option<i32>);

impl KnownAliases {
    async fn load(conn: &mut AsyncPgConnection) -> Result<KnownAliases> {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;

        use crate::schema::{brands, models};
        let brands = brands::table
            .select((brands::name, brands::aliases))
            .load::<(String, Vec<String>)>(conn)
            .await
            .map_err(crate::Error::from)?
            .into_iter()
            .collect();
        let models = models::table
            .inner_join(brands::table)
            .select((
                brands::name,
                models::name,
                models::generation,
                models::year_from,
                models::year_to,
                models::aliases,
            ))
            .load::<(
                String,
                String,
                Option<String>,
                Option<i32>,
                Option<i32>,
                Vec<String>,
            )>(conn)
            .await
            .map_err(crate::Error::from)?
            .into_iter()
            .map(|(brand, model, generation, from, to, aliases)| {
                ((brand, model, generation, from, to), aliases)
            })
            .collect();
        Ok(KnownAliases { brands, models })
    }

    /// The file's aliases, then those the catalogue has besides.
    fn merged(file: &[String], known: Option<&Vec<String>>) -> Vec<String> {
        let mut aliases = file.to_vec();
        for alias in known.into_iter().flatten() {
            if !aliases.contains(alias) {
                aliases.push(alias.clone());
            }
        }
        aliases
    }

    fn brand(&self, name: &str, file: &[String]) -> Vec<String> {
        Self::merged(file, self.brands.get(name))
    }

    fn model(&self, key: &ModelKey, file: &[String]) -> Vec<String> {
        Self::merged(file, self.models.get(key))
    }
}

/// Adds the demo workshop `tenant` when it is missing; of an existing one adds only
/// the bot texts it lacks (its row and prices are the operators').
async fn load_tenant(
    conn: &mut AsyncPgConnection,
    data: &ReferenceData,
    tenant: &TenantRow,
    summary: &mut LoadSummary,
) -> Result<()> {
    let row = Workshop {
        slug: tenant.slug.clone(),
        name: tenant.name.clone(),
        language: tenant.language.parse().map_err(ImportError::Invalid)?,
        currency: tenant.currency.clone(),
        timezone: tenant.timezone.clone(),
        contacts: Contacts {
            phone: tenant.phone.clone(),
            whatsapp: tenant.whatsapp.clone(),
            instagram: tenant.instagram.clone(),
            address: tenant.address.clone(),
        },
        active: tenant.active,
    };
    let existing = tenants::table
        .filter(tenants::slug.eq(&row.slug))
        .select(tenants::id)
        .first::<i64>(conn)
        .await
        .optional()?;
    let tenant_id = match existing {
        Some(id) => {
            // Kept, but a bad row is refused all the same.
            workshop::check_workshop(conn, &row).await?;
            summary.kept.push(row.slug.clone());
            TenantId(id)
        }
        None => workshop::write_workshop(conn, &row).await?,
    };
    // From here on row-level security checks that every row is this tenant's.
    conn.batch_execute(&set_local_tenant_sql(tenant_id)).await?;
    let present: Vec<(String, String)> = bot_texts::table
        .filter(bot_texts::tenant_id.eq(tenant_id.get()))
        .select((bot_texts::key, bot_texts::language))
        .load(conn)
        .await?;
    let texts: Vec<TextRow> = data
        .bot_texts
        .iter()
        .filter(|t| t.tenant == tenant.slug)
        .filter(|t| !present.contains(&(t.key.clone(), t.language.clone())))
        .map(|t| TextRow {
            key: t.key.clone(),
            language: t.language.clone(),
            text: t.text.clone(),
        })
        .collect();
    workshop::write_texts(conn, tenant_id, &texts, false).await?;
    *summary.counts.entry("bot texts").or_default() += texts.len();
    let mut sheets: BTreeMap<NaiveDate, Vec<PriceSheetRow>> = BTreeMap::new();
    for price in data.prices.iter().filter(|p| p.tenant == tenant.slug) {
        sheets
            .entry(price.valid_from)
            .or_default()
            .push(PriceSheetRow {
                category: price.category.clone(),
                option: price.option.clone(),
                option_value: price.option_value.clone(),
                body_type: price.body_type.clone(),
                amount: price.amount,
                currency: Some(price.currency.clone()),
            });
    }
    for (from, rows) in &sheets {
        if existing.is_some() {
            workshop::check_price_sheet(conn, rows, &row.currency)
                .await?
                .map_err(ImportError::RejectedRows)?;
            continue;
        }
        workshop::write_price_sheet(conn, tenant_id, &row.currency, *from, rows, false).await?;
        *summary.counts.entry("prices").or_default() += rows.len();
    }
    Ok(())
}
