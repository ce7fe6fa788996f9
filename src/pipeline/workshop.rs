//! What an operator changes for one workshop, with the operator tools (`car-tenant`,
//! `car-texts`, `car-prices`): its row in the tenant directory, its bot texts and its
//! price sheets. Each change is one transaction of a `car_operator` session with the
//! tenant set (row-level security checks every row); a file with a bad row changes
//! nothing. `car-migrate seed` loads the demo workshops through the same functions.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use serde::Deserialize;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::error::{ImportError, Result};
use crate::db::{DbConfig, DbRole};
use crate::language::Language;
use crate::models::{
    BodyType, BotText, Contacts, NewBotText, NewPrice, NewTenant, OptionType, Price,
    ProductCategory, ProductOption, Tenant,
};
use crate::schema::{bot_texts, prices, tenants};
use crate::tenant::{TenantId, set_local_tenant_sql};
use crate::texts::TextKey;

/// A checked `car_operator` session for the operator tool `tool` (its name in
/// `pg_stat_activity`).
pub async fn operator_session(url: &str, tool: &str) -> crate::Result<AsyncPgConnection> {
    let config = DbConfig::new(url)
        .role(DbRole::Operator)
        .application_name(tool);
    crate::db::connect(&config).await
}

/// A workshop's row in the tenant directory, as an operator writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workshop {
    pub slug: String,
    pub name: String,
    pub language: Language,
    pub currency: String,
    pub timezone: String,
    pub contacts: Contacts,
    pub active: bool,
}

impl Workshop {
    /// The directory's row for `tenant`.
    pub fn of(tenant: &Tenant) -> Workshop {
        Workshop {
            slug: tenant.slug.clone(),
            name: tenant.name.clone(),
            language: tenant.language(),
            currency: tenant.currency().to_owned(),
            timezone: tenant.timezone().to_owned(),
            contacts: tenant.contacts(),
            active: tenant.active,
        }
    }

    /// Checks what the database would refuse, with messages that say what to fix.
    pub fn check(&self) -> std::result::Result<(), String> {
        let slug_ok = self.slug.len() >= 2
            && self.slug.len() <= 63
            && self.slug.starts_with(|c: char| c.is_ascii_lowercase())
            && self
                .slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !slug_ok {
            return Err(format!(
                "slug `{}`: 2 to 63 characters, lowercase Latin letters, digits and `_`, starting with a letter",
                self.slug
            ));
        }
        if self.name.trim().is_empty() {
            return Err("name is empty".into());
        }
        if !(self.currency.len() == 3 && self.currency.chars().all(|c| c.is_ascii_uppercase())) {
            return Err(format!(
                "currency `{}`: three capital letters (ISO 4217), e.g. KGS",
                self.currency
            ));
        }
        Ok(())
    }

    /// The `contacts` and `settings` JSON of the `tenants` row.
    pub fn to_json(&self) -> (serde_json::Value, serde_json::Value) {
        let contacts: serde_json::Map<String, serde_json::Value> = [
            ("phone", &self.contacts.phone),
            ("whatsapp", &self.contacts.whatsapp),
            ("instagram", &self.contacts.instagram),
            ("address", &self.contacts.address),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.as_ref().map(|v| (key.to_owned(), v.clone().into())))
        .collect();
        let settings = serde_json::json!({
            "language": self.language.as_str(),
            "currency": self.currency,
            "timezone": self.timezone,
        });
        (contacts.into(), settings)
    }
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Updated,
    Unchanged,
}

/// Writes the workshop's directory row: adds it, or updates it when `update` (else an
/// existing slug with other values is an error). With `dry_run` nothing is written.
pub async fn save_workshop(
    conn: &mut AsyncPgConnection,
    workshop: &Workshop,
    update: bool,
    dry_run: bool,
) -> Result<Change> {
    check_workshop(conn, workshop).await?;
    let existing = tenants::table
        .filter(tenants::slug.eq(&workshop.slug))
        .select(Tenant::as_select())
        .first(conn)
        .await
        .optional()?;
    let change = match &existing {
        None if update => {
            return Err(crate::Error::UnknownTenant {
                slug: workshop.slug.clone(),
            }
            .into());
        }
        None => Change::Added,
        Some(tenant) if Workshop::of(tenant) == *workshop => Change::Unchanged,
        Some(_) if update => Change::Updated,
        Some(_) => {
            return Err(ImportError::Invalid(format!(
                "tenant `{}` exists with other settings; change it with `car-tenant set`",
                workshop.slug
            )));
        }
    };
    if dry_run || change == Change::Unchanged {
        return Ok(change);
    }
    upsert_workshop(conn, workshop).await?;
    Ok(change)
}

/// Adds or updates the workshop's directory row, checked, and returns its id.
pub async fn write_workshop(conn: &mut AsyncPgConnection, workshop: &Workshop) -> Result<TenantId> {
    check_workshop(conn, workshop).await?;
    upsert_workshop(conn, workshop).await
}

/// What the database would refuse in the row, said plainly: [`Workshop::check`] and
/// a time zone PostgreSQL knows.
async fn check_workshop(conn: &mut AsyncPgConnection, workshop: &Workshop) -> Result<()> {
    workshop.check().map_err(ImportError::Invalid)?;
    known_time_zone(conn, &workshop.timezone).await
}

/// Writes a checked row.
async fn upsert_workshop(conn: &mut AsyncPgConnection, workshop: &Workshop) -> Result<TenantId> {
    let (contacts, settings) = workshop.to_json();
    let id = NewTenant {
        slug: &workshop.slug,
        name: &workshop.name,
        contacts: &contacts,
        settings: &settings,
        active: workshop.active,
    }
    .upsert(conn)
    .await?;
    Ok(TenantId(id))
}

#[derive(QueryableByName)]
struct Known {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    known: bool,
}

/// Refuses a time zone PostgreSQL does not know (the directory's check would too, with
/// a less helpful message).
async fn known_time_zone(conn: &mut AsyncPgConnection, zone: &str) -> Result<()> {
    let found: Known = diesel::sql_query("SELECT is_time_zone($1) AS known")
        .bind::<diesel::sql_types::Text, _>(zone)
        .get_result(conn)
        .await?;
    if !found.known {
        return Err(ImportError::Invalid(format!(
            "time zone `{zone}` is unknown to PostgreSQL; use an IANA name such as Asia/Bishkek"
        )));
    }
    Ok(())
}

/// A row of a bot texts file (`key,language,text`).
#[derive(Debug, Clone, Deserialize)]
pub struct TextRow {
    pub key: String,
    pub language: String,
    pub text: String,
}

/// A row of a file that was refused, and why (its line in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    pub line: usize,
    pub reason: String,
}

/// Counts of a texts load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextsSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Checks one bot text: a known key and language, not empty, and only the key's
/// placeholders.
pub fn check_text(key: &str, language: &str, text: &str) -> std::result::Result<(), String> {
    let key: TextKey = key.parse()?;
    language.parse::<Language>()?;
    if text.trim().is_empty() {
        return Err("the text is empty".to_owned());
    }
    key.check(text)
}

/// Checks every row ([`check_text`], and each key and language once); the refused
/// rows, or none.
pub fn check_texts(rows: &[TextRow]) -> Vec<RejectedRow> {
    let mut rejected = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        // Line 1 is the header.
        let line = i + 2;
        let problem = check_text(&row.key, &row.language, &row.text).and_then(|()| {
            if !seen.insert((row.key.clone(), row.language.clone())) {
                return Err(format!(
                    "`{}` in `{}` is given twice",
                    row.key, row.language
                ));
            }
            Ok(())
        });
        if let Err(reason) = problem {
            rejected.push(RejectedRow { line, reason });
        }
    }
    rejected
}

/// Writes the workshop's texts (adds new keys, updates changed texts; keys the file
/// does not name are kept). Refuses the whole file when a row is bad.
pub async fn load_texts(
    conn: &mut AsyncPgConnection,
    slug: &str,
    rows: &[TextRow],
    dry_run: bool,
) -> Result<TextsSummary> {
    let id = Tenant::find_by_slug(conn, slug).await?.tenant_id();
    conn.transaction(async |conn| {
        conn.batch_execute(&set_local_tenant_sql(id)).await?;
        write_texts(conn, id, rows, dry_run).await
    })
    .await
}

/// [`load_texts`] inside a transaction whose tenant is `id`.
pub async fn write_texts(
    conn: &mut AsyncPgConnection,
    id: TenantId,
    rows: &[TextRow],
    dry_run: bool,
) -> Result<TextsSummary> {
    let rejected = check_texts(rows);
    if !rejected.is_empty() {
        return Err(ImportError::RejectedRows(rejected));
    }
    let existing: Vec<BotText> = bot_texts::table
        .filter(bot_texts::tenant_id.eq(id.get()))
        .select(BotText::as_select())
        .load(conn)
        .await?;
    let mut summary = TextsSummary::default();
    let mut changed = Vec::new();
    for row in rows {
        let old = existing
            .iter()
            .find(|t| t.key == row.key && t.language == row.language);
        match old {
            Some(old) if old.text == row.text => summary.unchanged += 1,
            Some(_) => summary.updated += 1,
            None => summary.added += 1,
        }
        if old.is_none_or(|old| old.text != row.text) {
            changed.push(NewBotText {
                tenant_id: id.get(),
                key: &row.key,
                language: &row.language,
                text: &row.text,
            });
        }
    }
    if !dry_run {
        NewBotText::upsert_all(conn, &changed).await?;
    }
    Ok(summary)
}

/// A row of a price sheet (`category,option,option_value,body_type,amount[,currency]`):
/// a category's base price (no option) or an option's surcharge, for one body type or
/// (empty) for all.
#[derive(Debug, Clone, Deserialize)]
pub struct PriceSheetRow {
    pub category: String,
    pub option: Option<String>,
    pub option_value: Option<String>,
    pub body_type: Option<String>,
    pub amount: Decimal,
    /// The workshop's currency when empty or absent.
    #[serde(default)]
    pub currency: Option<String>,
}

/// Counts of a price sheet load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PricesSummary {
    /// Prices of the sheet written.
    pub added: usize,
    /// Prices of the same sheet loaded before with another amount, corrected.
    pub updated: usize,
    /// Prices of the same sheet loaded before, as they were.
    pub unchanged: usize,
    /// Earlier prices in force on the sheet's start date, ended on it.
    pub ended: usize,
}

/// The workshop's new price list from `from` on: the prices in force on that day end
/// there (kept as history), the sheet's start. Loading the same sheet again changes
/// nothing; a sheet of the same date may correct amounts and add prices, but not drop
/// one. Refused whole when a row is bad or a later sheet is loaded already.
pub async fn load_price_sheet(
    conn: &mut AsyncPgConnection,
    slug: &str,
    from: NaiveDate,
    rows: &[PriceSheetRow],
    dry_run: bool,
) -> Result<PricesSummary> {
    let tenant = Tenant::find_by_slug(conn, slug).await?;
    let id = tenant.tenant_id();
    let currency = tenant.currency();
    conn.transaction(async |conn| {
        conn.batch_execute(&set_local_tenant_sql(id)).await?;
        write_price_sheet(conn, id, currency, from, rows, dry_run).await
    })
    .await
}

/// [`load_price_sheet`] inside a transaction whose tenant is `id`; `currency`: the
/// workshop's, for rows without one.
pub async fn write_price_sheet(
    conn: &mut AsyncPgConnection,
    id: TenantId,
    currency: &str,
    from: NaiveDate,
    rows: &[PriceSheetRow],
    dry_run: bool,
) -> Result<PricesSummary> {
    let sheet = check_price_sheet(conn, rows, currency)
        .await?
        .map_err(ImportError::RejectedRows)?;
    let same_day: Vec<Price> = prices::table
        .filter(prices::tenant_id.eq(id.get()))
        .filter(prices::valid_from.eq(from))
        .select(Price::as_select())
        .load(conn)
        .await?;
    let dropped: Vec<String> = same_day
        .iter()
        .filter(|p| !sheet.iter().any(|s| s.same_key(p)))
        .map(|p| format!("price #{}", p.id))
        .collect();
    if !dropped.is_empty() {
        return Err(ImportError::Invalid(format!(
            "the sheet of {from} loaded before has prices this one lacks ({}); to end them, load this sheet with a later start date",
            dropped.join(", ")
        )));
    }
    let mut summary = PricesSummary::default();
    for price in &sheet {
        match same_day.iter().find(|p| price.same_key(p)) {
            Some(p) if p.amount == price.amount && p.currency == price.currency => {
                summary.unchanged += 1
            }
            Some(_) => summary.updated += 1,
            None => summary.added += 1,
        }
    }
    if summary.unchanged == sheet.len() {
        return Ok(summary); // This very sheet is loaded already.
    }
    let later: Option<NaiveDate> = prices::table
        .filter(prices::tenant_id.eq(id.get()))
        .filter(prices::valid_from.gt(from))
        .select(diesel::dsl::min(prices::valid_from))
        .first(conn)
        .await?;
    if let Some(later) = later {
        return Err(ImportError::Invalid(format!(
            "a sheet starting {later} is loaded already; load sheets in date order"
        )));
    }
    let in_force = prices::table
        .filter(prices::tenant_id.eq(id.get()))
        .filter(prices::valid_from.lt(from))
        .filter(prices::valid_to.is_null().or(prices::valid_to.gt(from)));
    summary.ended = usize::try_from(in_force.count().get_result::<i64>(conn).await?).unwrap_or(0);
    if dry_run {
        return Ok(summary);
    }
    diesel::update(in_force)
        .set(prices::valid_to.eq(from))
        .execute(conn)
        .await?;
    for price in &sheet {
        NewPrice {
            tenant_id: id.get(),
            category_id: price.category_id,
            option_id: price.option_id,
            option_value: price.option_value.as_deref(),
            body_type_id: price.body_type_id,
            amount: price.amount,
            currency: &price.currency,
            valid_from: from,
            valid_to: None,
        }
        .upsert(conn)
        .await?;
    }
    Ok(summary)
}

/// A checked row of a price sheet, by ids.
struct SheetPrice {
    category_id: i64,
    option_id: Option<i64>,
    option_value: Option<String>,
    body_type_id: Option<i64>,
    amount: Decimal,
    currency: String,
}

impl SheetPrice {
    fn same_key(&self, price: &Price) -> bool {
        (
            self.category_id,
            self.option_id,
            &self.option_value,
            self.body_type_id,
        ) == (
            price.category_id,
            price.option_id,
            &price.option_value,
            price.body_type_id,
        )
    }
}

/// The sheet's rows by ids, or the rows refused and why.
async fn check_price_sheet(
    conn: &mut AsyncPgConnection,
    rows: &[PriceSheetRow],
    currency: &str,
) -> crate::Result<std::result::Result<Vec<SheetPrice>, Vec<RejectedRow>>> {
    let categories = ProductCategory::all_active(conn).await?;
    let body_types = BodyType::all(conn).await?;
    let mut options = Vec::new();
    for category in &categories {
        options.extend(ProductOption::for_category(conn, category.id).await?);
    }
    let mut rejected = Vec::new();
    let mut sheet: Vec<SheetPrice> = Vec::new();
    if rows.is_empty() {
        rejected.push(RejectedRow {
            line: 1,
            reason: "the sheet has no prices".into(),
        });
    }
    for (i, row) in rows.iter().enumerate() {
        let checked = (|| {
            let category = categories
                .iter()
                .find(|c| c.code == row.category)
                .ok_or_else(|| format!("unknown category `{}`", row.category))?;
            let option = match &row.option {
                None => None,
                Some(code) => Some(
                    options
                        .iter()
                        .find(|o| o.category_id == category.id && o.code == *code)
                        .ok_or_else(|| {
                            format!("category `{}` has no option `{code}`", category.code)
                        })?,
                ),
            };
            match (option, &row.option_value) {
                (None, Some(_)) => return Err("an option value without an option".to_owned()),
                (Some(option), value) => {
                    let fits = match (option.kind(), value) {
                        (OptionType::Choice, Some(v)) => option.allowed_values.contains(v),
                        (OptionType::Choice, None) => false,
                        (_, value) => value.is_none(),
                    };
                    if !fits {
                        return Err(format!(
                            "option `{}` takes {}",
                            option.code,
                            if option.allowed_values.is_empty() {
                                "no value".to_owned()
                            } else {
                                format!("one of: {}", option.allowed_values.join(", "))
                            }
                        ));
                    }
                }
                (None, None) => {}
            }
            let body_type_id = match &row.body_type {
                None => None,
                Some(code) => Some(
                    body_types
                        .iter()
                        .find(|b| b.code == *code)
                        .ok_or_else(|| format!("unknown body type `{code}`"))?
                        .id,
                ),
            };
            if row.amount.is_sign_negative() || row.amount.scale() > 2 {
                return Err(format!(
                    "amount {}: not negative, at most two decimals",
                    row.amount
                ));
            }
            let currency = row.currency.clone().unwrap_or_else(|| currency.to_owned());
            if !(currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase())) {
                return Err(format!("currency `{currency}`: three capital letters"));
            }
            let price = SheetPrice {
                category_id: category.id,
                option_id: option.map(|o| o.id),
                option_value: row.option_value.clone(),
                body_type_id,
                amount: row.amount,
                currency,
            };
            let twice = sheet.iter().any(|p| {
                (p.category_id, p.option_id, &p.option_value, p.body_type_id)
                    == (
                        price.category_id,
                        price.option_id,
                        &price.option_value,
                        price.body_type_id,
                    )
            });
            if twice {
                return Err("the same price is given twice".to_owned());
            }
            Ok(price)
        })();
        match checked {
            Ok(price) => sheet.push(price),
            Err(reason) => rejected.push(RejectedRow {
                line: i + 2,
                reason,
            }),
        }
    }
    Ok(if rejected.is_empty() {
        Ok(sheet)
    } else {
        Err(rejected)
    })
}
