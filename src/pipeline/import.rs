//! Clean supplier rows -> one tenant's models and patterns. Everything runs in one
//! transaction as `car_import` with the tenant set, so row-level security checks
//! every row and a failure changes nothing. Importing the same rows again changes
//! nothing; models missing from a new file become unavailable, never deleted.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use serde::Serialize;

use super::error::{ImportError as Error, Result};
use crate::bounds;
use crate::models::{
    Brand, NewCarModel, NewImportRun, NewPattern, Pattern, ProductCategory, Tenant,
};
use crate::pipeline::clean::CleanRow;
use crate::schema::{body_types, brands, models, patterns};
use crate::tenant::{TenantId, set_local_tenant_sql};

/// What to import and where it came from.
pub struct ImportRequest<'a> {
    pub tenant: &'a str,
    pub category: &'a str,
    pub file_name: &'a str,
    pub file_sha256: &'a str,
    pub rows: &'a [CleanRow],
    /// Supplier rows read and rejected before cleaning, for the run record.
    pub rows_read: usize,
    pub rejected: usize,
    /// Work everything out, then roll back.
    pub dry_run: bool,
    /// The most of the tenant's available patterns (in percent) one import may make
    /// unavailable; more is refused, as the sign of a truncated or wrong file.
    pub max_retire_percent: u32,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub made_unavailable: usize,
    pub rejected: usize,
    /// Model rows the file added to the shared catalogue.
    pub new_models: usize,
    /// Brands the file added, as the supplier spells them, for review.
    pub new_brands: Vec<String>,
    /// Why a real run would refuse what this dry run did (it retires more than allowed).
    pub retire_refused: Option<String>,
}

impl ImportSummary {
    pub fn changed(&self) -> bool {
        self.added + self.updated + self.made_unavailable + self.new_models + self.new_brands.len()
            > 0
    }
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} added, {} updated, {} unchanged, {} made unavailable, {} rejected",
            self.added, self.updated, self.unchanged, self.made_unavailable, self.rejected
        )
    }
}

/// Why the import transaction ended without committing.
enum Stop {
    Failed(Error),
    DryRun(ImportSummary),
}

impl From<diesel::result::Error> for Stop {
    fn from(error: diesel::result::Error) -> Self {
        Stop::Failed(error.into())
    }
}

impl From<Error> for Stop {
    fn from(error: Error) -> Self {
        Stop::Failed(error)
    }
}

/// Imports `request.rows` for one tenant. `conn` must be a `car_import` session
/// ([`crate::db::connect`] with [`crate::DbRole::Import`]). `progress` gets (done, total).
pub async fn import(
    conn: &mut AsyncPgConnection,
    request: &ImportRequest<'_>,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<ImportSummary> {
    bounds::check_code("tenant slug", request.tenant)?;
    bounds::check_code("category", request.category)?;
    bounds::check_percent("max retire percent", request.max_retire_percent)?;
    let started_at = Utc::now();
    let outcome = conn
        .transaction(async |conn| -> std::result::Result<ImportSummary, Stop> {
            let summary = import_in_transaction(conn, request, started_at, progress).await?;
            if request.dry_run {
                return Err(Stop::DryRun(summary));
            }
            Ok(summary)
        })
        .await;
    match outcome {
        Ok(summary) | Err(Stop::DryRun(summary)) => Ok(summary),
        Err(Stop::Failed(error)) => {
            if let Err(record_error) = record_failure(conn, request, started_at, &error).await {
                tracing::warn!(%record_error, "could not record the failed import run");
            }
            Err(error)
        }
    }
}

#[derive(QueryableByName)]
struct Found {
    #[diesel(sql_type = Bool)]
    found: bool,
}

/// Two imports for one tenant must not interleave: the import holds its tenant's row
/// locked until it commits. A row lock, not an advisory lock, because only `car_import`
/// may update `tenants`, so a chatbot session (`car_app`) can neither take nor hold it.
/// An unknown tenant is left to the lookup that follows, which names the known ones.
async fn lock_tenant(conn: &mut AsyncPgConnection, slug: &str) -> Result<()> {
    let locked = diesel::sql_query(
        "SELECT true AS found FROM tenants WHERE slug = $1 FOR NO KEY UPDATE SKIP LOCKED",
    )
    .bind::<Text, _>(slug)
    .get_result::<Found>(conn)
    .await
    .optional()?;
    if locked.is_some() {
        return Ok(());
    }
    let exists: Found =
        diesel::sql_query("SELECT EXISTS (SELECT FROM tenants WHERE slug = $1) AS found")
            .bind::<Text, _>(slug)
            .get_result(conn)
            .await?;
    if exists.found {
        return Err(Error::ImportInProgress(slug.into()));
    }
    Ok(())
}

async fn import_in_transaction(
    conn: &mut AsyncPgConnection,
    request: &ImportRequest<'_>,
    started_at: DateTime<Utc>,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<ImportSummary> {
    lock_tenant(conn, request.tenant).await?;
    if request.rows_read == 0 {
        return Err(Error::NoRowsRead);
    }
    let tenant = Tenant::find_by_slug(conn, request.tenant).await?;
    let tenant_id = tenant.tenant_id();
    conn.batch_execute(&set_local_tenant_sql(tenant_id)).await?;
    let category = ProductCategory::find_by_code(conn, request.category).await?;

    let mut brand_ids: HashMap<String, i64> = brands::table
        .select((brands::name, brands::id))
        .load::<(String, i64)>(conn)
        .await?
        .into_iter()
        .collect();
    let body_ids: HashMap<String, i64> = body_types::table
        .select((body_types::code, body_types::id))
        .load::<(String, i64)>(conn)
        .await?
        .into_iter()
        .collect();
    let mut model_ids: HashMap<ModelKey, i64> = models::table
        .select((
            models::id,
            models::brand_id,
            models::name,
            models::generation,
            models::year_from,
            models::year_to,
        ))
        .load::<(i64, i64, String, Option<String>, Option<i32>, Option<i32>)>(conn)
        .await?
        .into_iter()
        .map(|(id, brand, name, generation, from, to)| ((brand, name, generation, from, to), id))
        .collect();

    let mut summary = ImportSummary {
        rejected: request.rejected,
        ..Default::default()
    };
    for row in request.rows.iter().filter(|r| r.new_brand) {
        if !brand_ids.contains_key(&row.brand) {
            let id = Brand::add_new(conn, &row.brand).await?;
            brand_ids.insert(row.brand.clone(), id);
            summary.new_brands.push(row.brand.clone());
        }
    }
    // The model of each row; models new to the shared catalogue are inserted in batches.
    let mut keys: Vec<ModelKey> = Vec::with_capacity(request.rows.len());
    let mut missing: Vec<(&CleanRow, i64, Option<i64>)> = Vec::new();
    let mut missing_keys = HashSet::new();
    for (index, row) in request.rows.iter().enumerate() {
        let bad = |message: String| Error::BadRow {
            row: index + 1,
            message,
        };
        let brand_id = *brand_ids
            .get(&row.brand)
            .ok_or_else(|| bad(format!("unknown brand `{}`", row.brand)))?;
        let body_type_id = match &row.body_type {
            Some(code) => Some(
                *body_ids
                    .get(code)
                    .ok_or_else(|| bad(format!("unknown body type `{code}`")))?,
            ),
            None => None,
        };
        let key = (
            brand_id,
            row.model.clone(),
            row.generation.clone(),
            row.year_from,
            row.year_to,
        );
        if !model_ids.contains_key(&key) && missing_keys.insert(key.clone()) {
            missing.push((row, brand_id, body_type_id));
        }
        keys.push(key);
    }
    let metadata: Vec<serde_json::Value> = missing
        .iter()
        .map(|(row, _, _)| {
            serde_json::json!({
                "source": "supplier",
                "catalogue_generations": row.catalogue_generations.split('|').filter(|g| !g.is_empty()).collect::<Vec<_>>(),
                "supplier_spelling": format!("{} {}", row.supplier_brand, row.supplier_model),
            })
        })
        .collect();
    let new_models: Vec<NewCarModel> = missing
        .iter()
        .zip(&metadata)
        .map(|((row, brand_id, body_type_id), metadata)| NewCarModel {
            brand_id: *brand_id,
            name: &row.model,
            name_ru: row.model_ru.as_deref(),
            generation: row.generation.as_deref(),
            year_from: row.year_from,
            year_to: row.year_to,
            body_type_id: *body_type_id,
            aliases: &[],
            generation_aliases: &[],
            popularity: 0,
            metadata,
        })
        .collect();
    summary.new_models = new_models.len();
    let mut written = 0;
    for chunk in new_models.chunks(BATCH) {
        for row in NewCarModel::find_or_insert_all(conn, chunk).await? {
            model_ids.insert(
                (
                    row.brand_id,
                    row.name,
                    row.generation,
                    row.year_from,
                    row.year_to,
                ),
                row.id,
            );
        }
        written += chunk.len();
        progress(written, request.rows.len() + new_models.len());
    }
    if !new_models.is_empty() {
        let mut touched: Vec<(i64, String)> = new_models
            .iter()
            .map(|m| (m.brand_id, m.name.to_owned()))
            .collect();
        touched.sort_unstable();
        touched.dedup();
        crate::search::rebuild_index(conn, Some(&touched)).await?;
    }
    let wanted: Vec<(i64, &CleanRow)> = keys
        .iter()
        .zip(request.rows)
        .map(|(key, row)| (model_ids[key], row))
        .collect();

    let existing: HashMap<i64, Pattern> = patterns::table
        .filter(patterns::tenant_id.eq(tenant_id.get()))
        .filter(patterns::category_id.eq(category.id))
        .select(Pattern::as_select())
        .load(conn)
        .await?
        .into_iter()
        .map(|p| (p.model_id, p))
        .collect();
    let sources: Vec<String> = wanted
        .iter()
        .map(|(_, row)| format!("supplier #{}", row.source_ids))
        .collect();
    let mut changes: Vec<NewPattern> = Vec::new();
    let mut seen = HashSet::new();
    for (index, ((model_id, row), source)) in wanted.iter().zip(&sources).enumerate() {
        if !seen.insert(*model_id) {
            return Err(Error::BadRow {
                row: index + 1,
                message: format!("model {} {} is listed twice", row.brand, row.model),
            });
        }
        let pattern = NewPattern {
            tenant_id: tenant_id.get(),
            category_id: category.id,
            model_id: *model_id,
            available: true,
            notes: &row.notes,
            source,
        };
        match existing.get(model_id) {
            None => summary.added += 1,
            Some(old)
                if old.available && old.notes == pattern.notes && old.source == pattern.source =>
            {
                summary.unchanged += 1;
                continue;
            }
            Some(_) => summary.updated += 1,
        }
        changes.push(pattern);
    }
    for chunk in changes.chunks(BATCH) {
        NewPattern::upsert_all(conn, chunk).await?;
        written += chunk.len();
        progress(written, request.rows.len() + new_models.len());
    }
    progress(
        request.rows.len() + new_models.len(),
        request.rows.len() + new_models.len(),
    );
    let gone: Vec<i64> = existing
        .values()
        .filter(|p| p.available && !seen.contains(&p.model_id))
        .map(|p| p.model_id)
        .collect();
    let available = existing.values().filter(|p| p.available).count();
    let percent = (gone.len() * 100).div_ceil(available.max(1)) as u32;
    if percent > request.max_retire_percent {
        let refused = Error::TooManyRetired {
            retire: gone.len(),
            available,
            percent,
            max_percent: request.max_retire_percent,
        };
        if !request.dry_run {
            return Err(refused);
        }
        summary.retire_refused = Some(refused.to_string());
    }
    summary.made_unavailable = diesel::update(patterns::table)
        .filter(patterns::tenant_id.eq(tenant_id.get()))
        .filter(patterns::category_id.eq(category.id))
        .filter(patterns::model_id.eq_any(&gone))
        .set(patterns::available.eq(false))
        .execute(conn)
        .await?;

    record(
        conn,
        tenant_id,
        Some(category.id),
        request,
        started_at,
        &summary,
        None,
    )
    .await?;
    Ok(summary)
}

/// Rows per INSERT statement (sent as arrays, one bind parameter per column).
const BATCH: usize = 10_000;

/// Brand, name, generation and years: the natural key of a `models` row.
type ModelKey = (i64, String, Option<String>, Option<i32>, Option<i32>);

async fn record(
    conn: &mut AsyncPgConnection,
    tenant: TenantId,
    category_id: Option<i64>,
    request: &ImportRequest<'_>,
    started_at: DateTime<Utc>,
    summary: &ImportSummary,
    error: Option<&str>,
) -> crate::Result<()> {
    let outcome = match (error, summary.changed()) {
        (Some(_), _) => "failed",
        (None, true) => "imported",
        (None, false) => "unchanged",
    };
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    NewImportRun {
        tenant_id: tenant.get(),
        category_id,
        file_name: request.file_name,
        file_sha256: request.file_sha256,
        started_at,
        finished_at: Utc::now(),
        outcome,
        rows_read: count(request.rows_read),
        added: count(summary.added),
        updated: count(summary.updated),
        unchanged: count(summary.unchanged),
        made_unavailable: count(summary.made_unavailable),
        rejected: count(summary.rejected),
        error,
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Records a failed run in a transaction of its own (the import's was rolled back).
async fn record_failure(
    conn: &mut AsyncPgConnection,
    request: &ImportRequest<'_>,
    started_at: DateTime<Utc>,
    error: &Error,
) -> Result<()> {
    if request.dry_run {
        return Ok(());
    }
    let Ok(tenant) = Tenant::find_by_slug(conn, request.tenant).await else {
        return Ok(()); // An unknown tenant has nowhere to record a run.
    };
    let message = error.to_string();
    let summary = ImportSummary {
        rejected: request.rejected,
        ..Default::default()
    };
    Ok(crate::tenant::in_tenant_transaction(
        conn,
        tenant.tenant_id(),
        crate::tenant::Access::ReadWrite,
        async |conn| {
            record(
                conn,
                tenant.tenant_id(),
                None,
                request,
                started_at,
                &summary,
                Some(&message),
            )
            .await
        },
    )
    .await?)
}
