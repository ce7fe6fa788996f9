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
use super::lock;
use crate::db::{DbConfig, DbRole};
use crate::ids::TenantId;
use crate::language::Language;
use crate::models::{
    BodyType, BotText, Contacts, NewBotText, NewPrice, NewTenant, OptionType, Price,
    ProductCategory, ProductOption, Tenant,
};
use crate::schema::{bot_texts, prices, tenants};
use crate::tenant::set_local_tenant_sql;
use crate::texts::TextKey;

/// A checked `car_operator` session with the tools' limits ([`DbConfig::for_tool`]),
/// named `name` in `pg_stat_activity` ([`super::lock::session_name`] for one that
/// writes a workshop).
pub async fn operator_session(url: &str, name: &str) -> crate::Result<AsyncPgConnection> {
    crate::db::connect(&DbConfig::for_tool(url, DbRole::Operator, name)?).await
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
        let contacts = [
            ("phone", &self.contacts.phone),
            ("whatsapp", &self.contacts.whatsapp),
            ("instagram", &self.contacts.instagram),
            ("address", &self.contacts.address),
        ];
        let values = contacts
            .iter()
            .filter_map(|(field, value)| value.as_deref().map(|v| (*field, v)));
        for (field, value) in std::iter::once(("name", self.name.as_str())).chain(values) {
            if value.chars().any(char::is_control) {
                return Err(format!("{field} contains control characters"));
            }
            let chars = value.chars().count();
            if chars > MAX_DIRECTORY_CHARS {
                return Err(format!(
                    "{field} has {chars} characters, at most {MAX_DIRECTORY_CHARS}"
                ));
            }
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

/// The longest name or contact in the tenant directory.
pub const MAX_DIRECTORY_CHARS: usize = 200;

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Updated,
    Unchanged,
}

/// Writes the workshop's directory row: adds it, or updates it when `update` (else an
/// existing slug with other values is an error). With `dry_run` nothing is written.
/// An existing workshop is locked first ([`super::lock`]).
pub async fn save_workshop(
    conn: &mut AsyncPgConnection,
    workshop: &Workshop,
    update: bool,
    dry_run: bool,
    on_wait: &(dyn Fn(&str) + Sync),
) -> Result<Change> {
    check_workshop(conn, workshop).await?;
    conn.transaction(async |conn| {
        match lock::lock_workshop(conn, &workshop.slug, on_wait).await {
            Ok(_) | Err(ImportError::Db(crate::Error::UnknownTenant { .. })) => {}
            Err(error) => return Err(error),
        }
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
        if !dry_run && change != Change::Unchanged {
            upsert_workshop(conn, workshop).await?;
        }
        Ok(change)
    })
    .await
}

/// Adds or updates the workshop's directory row, checked, and returns its id.
pub async fn write_workshop(conn: &mut AsyncPgConnection, workshop: &Workshop) -> Result<TenantId> {
    check_workshop(conn, workshop).await?;
    upsert_workshop(conn, workshop).await
}

/// What the database would refuse in the row, said plainly: [`Workshop::check`] and
/// a time zone PostgreSQL knows.
pub(crate) async fn check_workshop(
    conn: &mut AsyncPgConnection,
    workshop: &Workshop,
) -> Result<()> {
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

/// Refuses a time zone that is not a place's: one PostgreSQL does not know (the
/// directory's check would too, with a less helpful message), or one of the tz
/// database's files that are not zones (`Factory`, `posixrules`, `localtime`,
/// `posix/…`).
async fn known_time_zone(conn: &mut AsyncPgConnection, zone: &str) -> Result<()> {
    let found: Known = diesel::sql_query("SELECT is_time_zone($1) AS known")
        .bind::<diesel::sql_types::Text, _>(zone)
        .get_result(conn)
        .await?;
    const AREAS: [&str; 10] = [
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
        "Etc",
    ];
    let a_place = zone == "UTC"
        || zone
            .split_once('/')
            .is_some_and(|(area, _)| AREAS.contains(&area));
    if !found.known || !a_place {
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
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(format!(
            "the text has {chars} characters, at most {MAX_TEXT_CHARS} (one chat message)"
        ));
    }
    // A quote left open in a CSV file runs the next rows into this text.
    let next_row = text.lines().skip(1).find(|line| {
        let mut cells = line.splitn(3, ',');
        let (Some(key), Some(language)) = (cells.next(), cells.next()) else {
            return false;
        };
        key.trim().parse::<TextKey>().is_ok() && language.trim().parse::<Language>().is_ok()
    });
    if let Some(line) = next_row {
        return Err(format!(
            "the text runs on into what reads as another row (`{line}`): is a quote left open?"
        ));
    }
    key.check(text)
}

/// The longest bot text: one chat message (Telegram's limit is 4096).
pub const MAX_TEXT_CHARS: usize = 4000;

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
    on_wait: &(dyn Fn(&str) + Sync),
) -> Result<TextsSummary> {
    conn.transaction(async |conn| {
        let id = lock::lock_workshop(conn, slug, on_wait).await?;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PricesSummary {
    /// Prices of the sheet written.
    pub added: usize,
    /// Prices of the same sheet loaded before with another amount, corrected.
    pub updated: usize,
    /// Prices of the same sheet loaded before, as they were.
    pub unchanged: usize,
    /// Earlier prices in force on the sheet's start date, ended on it.
    pub ended: usize,
    /// The workshop's date today (in its time zone).
    pub today: NaiveDate,
    /// The workshop's prices in force today once the sheet is loaded: none means its
    /// bot says "not sold" for every car until a sheet starts.
    pub in_force_today: usize,
}

/// How far from today a sheet may start without [`SheetDates::Any`]: a typo such as
/// 2207 for 2027 would otherwise block every later sheet.
pub const SHEET_START_WINDOW_DAYS: i64 = 366;

/// Which start dates a price sheet may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetDates {
    /// Within [`SHEET_START_WINDOW_DAYS`] of the workshop's today.
    NearToday,
    /// Any date (`car-prices --any-date`).
    Any,
}

/// The workshop's new price list from `from` on: the prices in force on that day end
/// there (kept as history), the sheet's start. Loading the same sheet again changes
/// nothing; a sheet of the same date may correct amounts and add prices, but not drop
/// one. Refused whole when a row is bad, a later sheet is loaded already, or `from`
/// is not as `dates` allows. The workshop is locked first ([`super::lock`]).
pub async fn load_price_sheet(
    conn: &mut AsyncPgConnection,
    slug: &str,
    from: NaiveDate,
    dates: SheetDates,
    rows: &[PriceSheetRow],
    dry_run: bool,
    on_wait: &(dyn Fn(&str) + Sync),
) -> Result<PricesSummary> {
    conn.transaction(async |conn| {
        let id = lock::lock_workshop(conn, slug, on_wait).await?;
        let tenant = Tenant::find_by_slug(conn, slug).await?;
        let today = crate::tenant::local_today(conn, tenant.timezone()).await?;
        let days = (from - today).num_days();
        if dates == SheetDates::NearToday && days.abs() > SHEET_START_WINDOW_DAYS {
            return Err(ImportError::Invalid(format!(
                "--from {from} is {} days {} today ({today}); is it a typo? A date more than a year away needs --any-date",
                days.abs(),
                if days > 0 { "after" } else { "before" }
            )));
        }
        conn.batch_execute(&set_local_tenant_sql(id)).await?;
        let mut summary =
            write_price_sheet(conn, id, tenant.currency(), from, rows, dry_run).await?;
        summary.today = today;
        summary.in_force_today = if from <= today {
            summary.added + summary.updated + summary.unchanged
        } else {
            in_force_on(conn, id, today).await?
        };
        Ok(summary)
    })
    .await
}

/// How many of the workshop's prices are in force on `day`.
async fn in_force_on(conn: &mut AsyncPgConnection, id: TenantId, day: NaiveDate) -> Result<usize> {
    let count: i64 = prices::table
        .filter(prices::tenant_id.eq(id.get()))
        .filter(prices::valid_from.le(day))
        .filter(prices::valid_to.is_null().or(prices::valid_to.gt(day)))
        .count()
        .get_result(conn)
        .await?;
    Ok(usize::try_from(count).unwrap_or(0))
}

/// What withdrawing a sheet did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Withdrawn {
    /// The sheet's prices, deleted.
    pub removed: usize,
    /// Earlier prices the sheet would have ended, in force again.
    pub reopened: usize,
}

/// Withdraws the workshop's latest sheet, starting `from`, before it comes into
/// force: its prices are deleted and the prices it ended run on. A sheet in force
/// already, or one with a later sheet after it, is refused.
pub async fn withdraw_price_sheet(
    conn: &mut AsyncPgConnection,
    slug: &str,
    from: NaiveDate,
    dry_run: bool,
    on_wait: &(dyn Fn(&str) + Sync),
) -> Result<Withdrawn> {
    conn.transaction(async |conn| {
        let id = lock::lock_workshop(conn, slug, on_wait).await?;
        let tenant = Tenant::find_by_slug(conn, slug).await?;
        let today = crate::tenant::local_today(conn, tenant.timezone()).await?;
        conn.batch_execute(&set_local_tenant_sql(id)).await?;
        let starts: Vec<NaiveDate> = prices::table
            .filter(prices::tenant_id.eq(id.get()))
            .filter(prices::valid_from.ge(from))
            .select(prices::valid_from)
            .distinct()
            .order(prices::valid_from)
            .load(conn)
            .await?;
        if starts.as_slice().first() != Some(&from) {
            return Err(ImportError::Invalid(format!(
                "`{slug}` has no sheet starting {from}"
            )));
        }
        if let Some(later) = starts.last().filter(|later| **later != from) {
            return Err(ImportError::Invalid(format!(
                "the sheet of {later} comes after it; withdraw that one first"
            )));
        }
        if from <= today {
            return Err(ImportError::Invalid(format!(
                "the sheet of {from} is in force already (today is {today}); load a new sheet to change prices"
            )));
        }
        let sheet = prices::table
            .filter(prices::tenant_id.eq(id.get()))
            .filter(prices::valid_from.eq(from));
        let ended = prices::table
            .filter(prices::tenant_id.eq(id.get()))
            .filter(prices::valid_to.eq(from));
        if dry_run {
            return Ok(Withdrawn {
                removed: count_of(sheet.count().get_result(conn).await?),
                reopened: count_of(ended.count().get_result(conn).await?),
            });
        }
        let removed = diesel::delete(sheet).execute(conn).await?;
        let reopened = diesel::update(ended)
            .set(prices::valid_to.eq(None::<NaiveDate>))
            .execute(conn)
            .await?;
        Ok(Withdrawn { removed, reopened })
    })
    .await
}

fn count_of(count: i64) -> usize {
    usize::try_from(count).unwrap_or(0)
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
    let mut summary = PricesSummary {
        added: 0,
        updated: 0,
        unchanged: 0,
        ended: 0,
        today: from,
        in_force_today: 0,
    };
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
    summary.ended = count_of(in_force.count().get_result(conn).await?);
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

/// Amounts are `numeric(10,2)`: below this.
const MAX_AMOUNT: i64 = 100_000_000;

/// A checked row of a price sheet, by ids.
pub(crate) struct SheetPrice {
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
pub(crate) async fn check_price_sheet(
    conn: &mut AsyncPgConnection,
    rows: &[PriceSheetRow],
    workshop_currency: &str,
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
            if row.amount >= Decimal::from(MAX_AMOUNT) {
                return Err(format!(
                    "amount {}: less than {MAX_AMOUNT} (the prices' column)",
                    row.amount
                ));
            }
            let currency = row
                .currency
                .clone()
                .unwrap_or_else(|| workshop_currency.to_owned());
            if currency != workshop_currency {
                return Err(format!(
                    "currency `{currency}`: the workshop's prices are in {workshop_currency}, and a quote adds prices up (one currency per workshop; `car-tenant set --currency` changes it)"
                ));
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
