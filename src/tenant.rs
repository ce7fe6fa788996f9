//! Tenant-scoped access. Per-tenant tables are only read or written inside
//! [`in_tenant_transaction`], which sets `app.tenant_id` with `SET LOCAL`: the
//! setting ends with the transaction (commit, rollback, error or a dropped
//! future), so a pooled connection never carries a tenant into the next request.

use chrono::NaiveDate;
use diesel::QueryableByName;
use diesel::sql_types::{Date, Text};
use diesel_async::{AnsiTransactionManager, AsyncPgConnection, RunQueryDsl, TransactionManager};
use serde::Serialize;

use crate::bounds;
use crate::catalog::{self, CategoryOffer, ModelDetails, ModelOffer, PatternVariant};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::ids::{ModelId, TenantId};
use crate::language::Language;
use crate::models::{self, Contacts, ProductCategory, Tenant};
use crate::prepared::Prepared;
use crate::quote::{self, OptionChoice, Quote, Strictness};
use crate::search::{self, SearchResult};
use crate::texts::{self, BotText, TextKey};

/// Whether a tenant transaction may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `BEGIN READ ONLY`: what a chatbot's calls use.
    ReadOnly,
    /// For the import and operator tools.
    ReadWrite,
}

/// Runs `body` in a new transaction whose tenant is `tenant`, committing when it
/// returns `Ok` and rolling back otherwise. `BEGIN` and `SET LOCAL` go in one round
/// trip; `SET LOCAL` (not `set_config`) is the form Citus propagates to workers.
pub async fn in_tenant_transaction<R, F>(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    access: Access,
    body: F,
) -> Result<R>
where
    F: for<'r> AsyncFnOnce(&'r mut AsyncPgConnection) -> Result<R>,
{
    let mode = match access {
        Access::ReadOnly => " READ ONLY",
        Access::ReadWrite => "",
    };
    let begin = format!("BEGIN{mode}; {}", set_local_tenant_sql(tenant));
    AnsiTransactionManager::begin_transaction_sql(conn, &begin).await?;
    match body(conn).await {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(conn).await?;
            Ok(value)
        }
        Err(error) => {
            if let Err(rollback_error) = AnsiTransactionManager::rollback_transaction(conn).await {
                tracing::error!(%rollback_error, "rollback failed; the connection will be discarded");
            }
            Err(error)
        }
    }
}

/// The statement that sets the tenant until the end of the current transaction.
/// An i64 formats to digits only, so this cannot inject SQL (SET takes no bind parameters).
pub(crate) fn set_local_tenant_sql(tenant: TenantId) -> String {
    format!("SET LOCAL app.tenant_id = '{}'", tenant.0)
}

/// A workshop as its chatbot needs it: its name, the language its customers are
/// greeted in, its currency, time zone and contacts (from its `tenants` row when the
/// [`TenantDb`] was made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Workshop {
    /// The workshop's slug (`evopoliki`).
    pub slug: String,
    /// Its name as customers know it (`EVO Полики`).
    pub name: String,
    /// The language of its bot texts unless the customer writes in the other.
    pub language: Language,
    /// The currency of its prices (`KGS`; its name: [`crate::currency_name`]).
    pub currency: String,
    /// Its IANA time zone, which decides the day whose prices are in force.
    pub timezone: String,
    /// How customers reach it.
    pub contacts: Contacts,
}

impl Workshop {
    fn from_row(tenant: &Tenant) -> Workshop {
        Workshop {
            slug: tenant.slug.clone(),
            name: tenant.name.clone(),
            language: tenant.language(),
            currency: tenant.currency().to_owned(),
            timezone: tenant.timezone().to_owned(),
            contacts: tenant.contacts(),
        }
    }
}

/// Whether the tenant can make a category for a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PatternAvailability {
    /// The model asked about.
    pub model_id: ModelId,
    /// The category's code.
    pub category: String,
    /// The tenant has an available pattern for the model in the category.
    pub available: bool,
    /// The supplier's description of the first available pattern, when there is one.
    pub notes: Option<String>,
    /// The workshop's patterns for the model in the category, available ones first
    /// (several when the supplier lists variants).
    pub variants: Vec<PatternVariant>,
}

/// Everything a chatbot may ask about one tenant. Each call is one read-only
/// transaction on a pooled connection with the tenant set.
///
/// A handle holds no connection and is cheap to clone: keep one per workshop for as
/// long as the process runs, rather than call [`Db::tenant`] per message (a round
/// trip). It keeps the workshop's row as read when it was made: an operator's change
/// of its name, language or contacts, or switching it off, reaches a handle made
/// afterwards, so a long-running bot makes its handles anew now and then (every few
/// minutes). Prices, patterns and texts are read by every call, never kept.
#[derive(Clone)]
pub struct TenantDb {
    db: Db,
    tenant: Tenant,
    workshop: Workshop,
}

/// The workshop's slug and id, for logs.
impl std::fmt::Debug for TenantDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TenantDb")
            .field("slug", &self.tenant.slug)
            .field("id", &self.id())
            .finish()
    }
}

impl TenantDb {
    pub(crate) fn new(db: Db, tenant: Tenant) -> Self {
        let workshop = Workshop::from_row(&tenant);
        TenantDb {
            db,
            tenant,
            workshop,
        }
    }

    /// The workshop: name, language, currency, time zone, contacts.
    pub fn workshop(&self) -> &Workshop {
        &self.workshop
    }

    /// The tenant's raw row.
    #[deprecated(note = "use `workshop()`, which holds the same as typed fields")]
    #[doc(hidden)]
    pub fn tenant(&self) -> &Tenant {
        &self.tenant
    }

    /// The tenant's id.
    pub fn id(&self) -> TenantId {
        self.tenant.tenant_id()
    }

    /// Runs custom read-only queries with this tenant set (this crate's tools and
    /// tests; a chatbot needs none).
    #[doc(hidden)]
    pub async fn read<R, F>(&self, body: F) -> Result<R>
    where
        F: for<'r> AsyncFnOnce(&'r mut AsyncPgConnection) -> Result<R>,
    {
        let mut conn = self.db.pool().get().await?;
        in_tenant_transaction(&mut conn, self.id(), Access::ReadOnly, body).await
    }

    /// Models matching a customer's words, best first, one hit per generation, with
    /// whether this tenant has a pattern for them (in `category`, or in any category
    /// when `None`), and what the bot should do ([`crate::Decision`]). `limit`: 1–100
    /// hits; the query at most 300 characters.
    ///
    /// ```no_run
    /// # use car_chatbot_db::{Decision, TenantDb};
    /// # async fn answer(shop: &TenantDb) -> car_chatbot_db::Result<()> {
    /// let language = shop.workshop().language;
    /// let found = shop.search_models("прадо 150", Some("eva_mats"), 5).await?;
    /// match (found.decision, found.hits.first()) {
    ///     (Decision::Confident, Some(car)) => println!("{}", car.display(language)),
    ///     (decision, _) => {
    ///         // Ask the customer: "which generation?", "did you mean…?", "which car?"
    ///         let key = decision.text_key().expect("not confident");
    ///         let choices: Vec<String> = found.hits.iter().map(|h| h.display(language)).collect();
    ///         let text = shop.bot_text(key, language).await?;
    ///         let model = choices.first().cloned().unwrap_or_default();
    ///         println!("{}", text.fill(&[("choices", &choices.join("; ")), ("model", &model)])?);
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn search_models(
        &self,
        query: &str,
        category: Option<&str>,
        limit: usize,
    ) -> Result<SearchResult> {
        check_search(query, category, limit)?;
        search::search_models(&self.db, self.id(), None, query, category, limit).await
    }

    /// Runs several calls in one read-only transaction on one connection: one
    /// checkout and one `BEGIN … COMMIT` for a whole reply instead of one each.
    ///
    /// ```no_run
    /// # use car_chatbot_db::{ModelId, OptionChoice, TenantDb, TextKey};
    /// # async fn reply(shop: &TenantDb, model_id: ModelId) -> car_chatbot_db::Result<()> {
    /// let language = shop.workshop().language;
    /// let (car, quote, text) = shop
    ///     .batch(async |tx| {
    ///         let car = tx.model(model_id).await?;
    ///         let quote = tx.quote(model_id, "eva_mats", &[OptionChoice::on("with_borders")]).await?;
    ///         let text = tx.bot_text(TextKey::PriceQuote, language).await?;
    ///         Ok((car, quote, text))
    ///     })
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn batch<R, F>(&self, body: F) -> Result<R>
    where
        F: for<'t, 'c> AsyncFnOnce(&'t mut TenantTx<'c>) -> Result<R>,
    {
        let tenant = &self.tenant;
        self.read(async |conn| {
            let mut tx = TenantTx {
                conn,
                db: &self.db,
                tenant,
                today: None,
            };
            body(&mut tx).await
        })
        .await
    }

    /// Whether the tenant has a pattern for the model in the category, with its
    /// variants (the supplier's rows for the car: 2 or 3 rows, steering side, years).
    ///
    /// ```no_run
    /// # use car_chatbot_db::{ModelId, TenantDb, TextKey};
    /// # async fn answer(shop: &TenantDb, car: ModelId) -> car_chatbot_db::Result<()> {
    /// let language = shop.workshop().language;
    /// let pattern = shop.pattern(car, "eva_mats").await?;
    /// let key = if pattern.available { TextKey::PatternAvailable } else { TextKey::PatternMissing };
    /// println!("{}", shop.bot_text(key, language).await?.fill(&[])?);
    /// if pattern.variants.len() > 1 {
    ///     // Ask which: "2 ряда или 3?", "правый руль?"
    ///     for variant in &pattern.variants {
    ///         println!("{} {}", variant.label, variant.notes);
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn pattern(&self, model_id: ModelId, category: &str) -> Result<PatternAvailability> {
        self.batch(async |tx| tx.pattern(model_id, category).await)
            .await
    }

    /// The price of `category` for `model_id` with `options`, from the prices in force
    /// today in the tenant's time zone. An option that is not made for the car's body
    /// type, or that the tenant has no price for, is left out and listed in
    /// [`Quote::skipped`], so the bot can still answer with the rest.
    ///
    /// ```no_run
    /// # use car_chatbot_db::{ModelId, OptionChoice, TenantDb, TextKey};
    /// # async fn price(shop: &TenantDb, car: ModelId) -> car_chatbot_db::Result<()> {
    /// let language = shop.workshop().language;
    /// let asked = [OptionChoice::on("with_borders"), OptionChoice::on("third_row")];
    /// let quote = shop.quote(car, "eva_mats", &asked).await?;
    /// for line in std::iter::once(&quote.base).chain(&quote.options) {
    ///     println!("{}: {}", line.name.get(language), line.amount);
    /// }
    /// let total = quote.total.to_string();
    /// let text = shop.bot_text(TextKey::PriceQuote, language).await?;
    /// println!("{}", text.fill(&[("total", &total)])?);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn quote(
        &self,
        model_id: ModelId,
        category: &str,
        options: &[OptionChoice],
    ) -> Result<Quote> {
        self.batch(async |tx| tx.quote(model_id, category, options).await)
            .await
    }

    /// Like [`TenantDb::quote`], but an option that does not apply is an error
    /// ([`Error::OptionNotApplicable`], [`Error::OptionNotPriced`]).
    ///
    /// ```no_run
    /// # use car_chatbot_db::{Error, ModelId, OptionChoice, TenantDb};
    /// # async fn strict(shop: &TenantDb, car: ModelId) -> car_chatbot_db::Result<()> {
    /// match shop.quote_strict(car, "eva_mats", &[OptionChoice::on("third_row")]).await {
    ///     Ok(quote) => println!("{}", quote.total),
    ///     Err(Error::OptionNotApplicable { option, body_type }) => {
    ///         println!("{option} is not made for a {body_type}")
    ///     }
    ///     Err(error) => return Err(error),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn quote_strict(
        &self,
        model_id: ModelId,
        category: &str,
        options: &[OptionChoice],
    ) -> Result<Quote> {
        self.batch(async |tx| tx.quote_strict(model_id, category, options).await)
            .await
    }

    /// Like [`TenantDb::quote`], with the prices in force on `day`.
    ///
    /// ```no_run
    /// # use car_chatbot_db::{ModelId, NaiveDate, TenantDb};
    /// # async fn later(shop: &TenantDb, car: ModelId) -> car_chatbot_db::Result<()> {
    /// // "How much will it be on the 1st?": the sheet in force that day.
    /// let day = NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date");
    /// let quote = shop.quote_on(day, car, "eva_mats", &[]).await?;
    /// println!("{}: {}", quote.day, quote.total);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn quote_on(
        &self,
        day: NaiveDate,
        model_id: ModelId,
        category: &str,
        options: &[OptionChoice],
    ) -> Result<Quote> {
        self.batch(async |tx| tx.quote_on(day, model_id, category, options).await)
            .await
    }

    /// The workshop's price list in force today (in its time zone): each category it
    /// sells with its "from" price, its priced options and every price.
    ///
    /// ```no_run
    /// # async fn list(shop: &car_chatbot_db::TenantDb) -> car_chatbot_db::Result<()> {
    /// let language = shop.workshop().language;
    /// for offer in shop.price_list().await? {
    ///     println!("{}: от {} {}", offer.category.local_name().get(language), offer.from_price,
    ///         car_chatbot_db::currency_name(&offer.currency, language));
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn price_list(&self) -> Result<Vec<CategoryOffer>> {
        self.batch(async |tx| tx.price_list().await).await
    }

    /// The price list: renamed [`TenantDb::price_list`] ("catalogue" is the vehicles).
    #[deprecated(note = "renamed `price_list`")]
    pub async fn catalog(&self) -> Result<Vec<CategoryOffer>> {
        self.price_list().await
    }

    /// A model generation's details: brand, years, body type, its sibling generations.
    ///
    /// ```no_run
    /// # use car_chatbot_db::{ModelId, TenantDb};
    /// # async fn describe(shop: &TenantDb, car: ModelId) -> car_chatbot_db::Result<()> {
    /// let language = shop.workshop().language;
    /// let details = shop.model(car).await?;
    /// let body = details.body_type.as_ref().map(|b| b.name.get(language));
    /// println!("{}, {}", details.display(language), body.unwrap_or("?"));
    /// let others: Vec<String> = details.generations.iter().map(|g| g.display(language)).collect();
    /// println!("{}", others.join(", "));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn model(&self, model_id: ModelId) -> Result<ModelDetails> {
        self.batch(async |tx| tx.model(model_id).await).await
    }

    /// The categories the workshop sells for a model today: whether it has the
    /// pattern (with the supplier's notes) and the price without options.
    ///
    /// ```no_run
    /// # use car_chatbot_db::{ModelId, TenantDb, TextKey, currency_name};
    /// # async fn offers(shop: &TenantDb, car: ModelId) -> car_chatbot_db::Result<()> {
    /// let language = shop.workshop().language;
    /// let lines: Vec<String> = shop
    ///     .offers_for_model(car)
    ///     .await?
    ///     .iter()
    ///     .filter(|offer| offer.pattern_available)
    ///     .map(|offer| {
    ///         let name = offer.category.local_name().get(language).to_owned();
    ///         format!("{name} — {} {}", offer.price, currency_name(&offer.currency, language))
    ///     })
    ///     .collect();
    /// let text = shop.bot_text(TextKey::Offers, language).await?;
    /// println!("{}", text.fill(&[("offers", &lines.join("; "))])?);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn offers_for_model(&self, model_id: ModelId) -> Result<Vec<ModelOffer>> {
        self.batch(async |tx| tx.offers_for_model(model_id).await)
            .await
    }

    /// Today's date in the workshop's time zone (the day whose prices are in force).
    ///
    /// ```no_run
    /// # async fn today(shop: &car_chatbot_db::TenantDb) -> car_chatbot_db::Result<()> {
    /// println!("{} in {}", shop.local_today().await?, shop.workshop().timezone);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn local_today(&self) -> Result<NaiveDate> {
        self.batch(async |tx| tx.local_today().await).await
    }

    /// The tenant's text for `key` in `language`, or its Russian text when it has none
    /// in that language ([`BotText::is_fallback`] says so).
    ///
    /// ```no_run
    /// # use car_chatbot_db::{Language, TenantDb, TextKey};
    /// # async fn greet(shop: &TenantDb) -> car_chatbot_db::Result<()> {
    /// // The customer wrote in Kyrgyz: answer in Kyrgyz where the workshop has the text.
    /// let text = shop.bot_text(TextKey::Greeting, Language::Ky).await?;
    /// println!("{}", text.fill(&[])?);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn bot_text(&self, key: TextKey, language: Language) -> Result<BotText> {
        self.batch(async |tx| tx.bot_text(key, language).await)
            .await
    }
}

/// The calls of [`TenantDb`] inside one transaction ([`TenantDb::batch`]).
pub struct TenantTx<'c> {
    conn: &'c mut AsyncPgConnection,
    db: &'c Db,
    tenant: &'c Tenant,
    /// The workshop's date, asked once a transaction (`now()` is the transaction's
    /// start, so it would not change).
    today: Option<NaiveDate>,
}

impl TenantTx<'_> {
    /// The transaction's connection, for read-only queries of the caller's own with
    /// this tenant set (this crate's tools and tests).
    #[doc(hidden)]
    pub fn connection(&mut self) -> &mut AsyncPgConnection {
        self.conn
    }

    /// See [`TenantDb::search_models`]: the same search, its statement in this
    /// transaction.
    pub async fn search_models(
        &mut self,
        query: &str,
        category: Option<&str>,
        limit: usize,
    ) -> Result<SearchResult> {
        check_search(query, category, limit)?;
        let tenant = self.tenant.tenant_id();
        search::search_models(self.db, tenant, Some(self.conn), query, category, limit).await
    }

    /// See [`TenantDb::pattern`].
    pub async fn pattern(
        &mut self,
        model_id: ModelId,
        category: &str,
    ) -> Result<PatternAvailability> {
        bounds::check_code("category", category)?;
        let conn = &mut *self.conn;
        let tenant = self.tenant.tenant_id();
        catalog::find_car(conn, tenant, model_id).await?;
        let category = ProductCategory::find_by_code(conn, category).await?;
        let variants: Vec<PatternVariant> =
            catalog::pattern_variants(conn, tenant, model_id, Some(category.id))
                .await?
                .into_iter()
                .map(|(_, variant)| variant)
                .collect();
        let first_available = variants.iter().find(|v| v.available);
        Ok(PatternAvailability {
            model_id,
            category: category.code,
            available: first_available.is_some(),
            notes: first_available
                .map(|v| v.notes.clone())
                .filter(|n| !n.is_empty()),
            variants,
        })
    }

    /// See [`TenantDb::quote`].
    pub async fn quote(
        &mut self,
        model_id: ModelId,
        category: &str,
        options: &[OptionChoice],
    ) -> Result<Quote> {
        let today = self.local_today().await?;
        self.quote_with(
            today,
            Strictness::SkipInapplicable,
            (model_id, category, options),
        )
        .await
    }

    /// See [`TenantDb::quote_strict`].
    pub async fn quote_strict(
        &mut self,
        model_id: ModelId,
        category: &str,
        options: &[OptionChoice],
    ) -> Result<Quote> {
        let today = self.local_today().await?;
        self.quote_with(today, Strictness::Strict, (model_id, category, options))
            .await
    }

    /// See [`TenantDb::quote_on`].
    pub async fn quote_on(
        &mut self,
        day: NaiveDate,
        model_id: ModelId,
        category: &str,
        options: &[OptionChoice],
    ) -> Result<Quote> {
        self.quote_with(
            day,
            Strictness::SkipInapplicable,
            (model_id, category, options),
        )
        .await
    }

    async fn quote_with(
        &mut self,
        day: NaiveDate,
        strictness: Strictness,
        request: (ModelId, &str, &[OptionChoice]),
    ) -> Result<Quote> {
        check_quote(request.1, request.2)?;
        quote::quote(self.conn, self.tenant.tenant_id(), request, day, strictness).await
    }

    /// See [`TenantDb::price_list`].
    pub async fn price_list(&mut self) -> Result<Vec<CategoryOffer>> {
        let today = self.local_today().await?;
        catalog::price_list(self.conn, self.tenant.tenant_id(), today).await
    }

    /// See [`TenantDb::model`].
    pub async fn model(&mut self, model_id: ModelId) -> Result<ModelDetails> {
        catalog::model_details(self.conn, self.tenant.tenant_id(), model_id).await
    }

    /// See [`TenantDb::offers_for_model`].
    pub async fn offers_for_model(&mut self, model_id: ModelId) -> Result<Vec<ModelOffer>> {
        let today = self.local_today().await?;
        catalog::offers_for_model(self.conn, self.tenant.tenant_id(), model_id, today).await
    }

    /// See [`TenantDb::local_today`].
    pub async fn local_today(&mut self) -> Result<NaiveDate> {
        if let Some(today) = self.today {
            return Ok(today);
        }
        let today = local_today(self.conn, self.tenant.timezone()).await?;
        self.today = Some(today);
        Ok(today)
    }

    /// See [`TenantDb::bot_text`].
    pub async fn bot_text(&mut self, key: TextKey, language: Language) -> Result<BotText> {
        let languages = [language.as_str(), Language::Ru.as_str()];
        let tenant = self.tenant.tenant_id();
        let text = models::BotText::find(self.conn, tenant, key.as_str(), &languages)
            .await?
            .ok_or_else(|| Error::UnknownBotText {
                key: key.as_str().into(),
                language: language.as_str().into(),
            })?;
        let written_in = text.language.parse().unwrap_or(Language::Ru);
        let contacts = self.tenant.contacts();
        let workshop_values = [
            ("workshop", Some(self.tenant.name.clone())),
            ("phone", contacts.phone),
            ("address", contacts.address),
            (
                "currency",
                Some(texts::currency_name(self.tenant.currency(), written_in).to_owned()),
            ),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name.to_owned(), value?)))
        .collect();
        Ok(BotText {
            key,
            language: written_in,
            asked: language,
            text: text.text,
            workshop_values,
        })
    }
}

fn check_search(query: &str, category: Option<&str>, limit: usize) -> Result<()> {
    bounds::check_search_limit(limit)?;
    bounds::check_query(query)?;
    if let Some(category) = category {
        bounds::check_code("category", category)?;
    }
    Ok(())
}

fn check_quote(category: &str, options: &[OptionChoice]) -> Result<()> {
    bounds::check_code("category", category)?;
    bounds::check_option_count(options.len())?;
    for option in options {
        bounds::check_code("option", &option.code)?;
        if let Some(value) = &option.value {
            bounds::check_code("option value", value)?;
        }
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Today {
    #[diesel(sql_type = Date)]
    today: NaiveDate,
}

pub(crate) async fn local_today(conn: &mut AsyncPgConnection, timezone: &str) -> Result<NaiveDate> {
    enum LocalToday {}
    let row: Today = Prepared::<LocalToday, _>::new(
        diesel::sql_query("SELECT (now() AT TIME ZONE $1)::date AS today")
            .bind::<Text, _>(timezone),
    )
    .get_result(conn)
    .await?;
    Ok(row.today)
}
