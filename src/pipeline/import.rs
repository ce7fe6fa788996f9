//! Clean supplier rows -> one tenant's patterns. Each row fits catalogue generations,
//! or a model of the workshop's own (the catalogue lacks it), or waits for review;
//! the catalogue is only read. Everything runs in one transaction as `car_import`
//! with the tenant set, so row-level security checks every row and a failure
//! changes nothing. Importing the same rows again changes nothing; patterns missing
//! from a new file become unavailable, never deleted.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use serde::Serialize;

use super::error::{ImportError as Error, Result};
use super::lock;
use crate::bounds;
use crate::ids::TenantId;
use crate::models::{
    NewImportRun, NewOwnModel, NewPattern, OwnModel, Pattern, PatternGeneration, ProductCategory,
    Tenant,
};
pub use crate::pipeline::clean::variant_key;
use crate::pipeline::clean::{CleanRow, MAX_NAME_CHARS};
use crate::schema::{body_types, brands, models, patterns};
use crate::tenant::set_local_tenant_sql;

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
    /// Told what holds the workshop when the import has to wait for it.
    pub on_wait: &'a (dyn Fn(&str) + Sync),
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub made_unavailable: usize,
    pub rejected: usize,
    /// Models the catalogue lacks that the file added to the workshop's own.
    pub new_own_models: usize,
    /// Brands the catalogue lacks, as the supplier spells them, for review.
    pub new_brands: Vec<String>,
    /// Rows of a catalogue model that name none of its generations, for review.
    pub review: usize,
    /// Why a real run would refuse what this dry run did (it retires more than allowed).
    pub retire_refused: Option<String>,
}

impl ImportSummary {
    pub fn changed(&self) -> bool {
        self.added + self.updated + self.made_unavailable + self.new_own_models > 0
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

async fn import_in_transaction(
    conn: &mut AsyncPgConnection,
    request: &ImportRequest<'_>,
    started_at: DateTime<Utc>,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<ImportSummary> {
    // Another writer of the workshop is waited for; see `super::lock`.
    lock::lock_workshop(conn, request.tenant, request.on_wait).await?;
    if request.rows_read == 0 {
        return Err(Error::NoRowsRead);
    }
    let tenant = Tenant::find_by_slug(conn, request.tenant).await?;
    let tenant_id = tenant.tenant_id().get();
    conn.batch_execute(&set_local_tenant_sql(tenant.tenant_id()))
        .await?;
    let category = ProductCategory::find_by_code(conn, request.category).await?;
    let catalogue = Catalogue::load(conn).await?;
    let mut summary = ImportSummary {
        rejected: request.rejected,
        ..Default::default()
    };
    let total = request.rows.len();

    // What each row fits; the workshop's own models it lacks are added first.
    let mut own_ids: HashMap<OwnKey, i64> = OwnModel::all(conn, tenant_id)
        .await?
        .into_iter()
        .map(|m| (m.key(), m.id))
        .collect();
    let mut fits = Vec::with_capacity(total);
    let mut new_own: Vec<NewOwnModel> = Vec::new();
    let mut new_keys: HashSet<OwnKey> = HashSet::new();
    if total > MAX_ROWS {
        return Err(Error::Invalid(format!(
            "the file has {total} rows, at most {MAX_ROWS} are imported at once"
        )));
    }
    for (index, row) in request.rows.iter().enumerate() {
        let bad_row = |message| Error::BadRow {
            row: index + 1,
            message,
        };
        check_cells(row).map_err(bad_row)?;
        let fit = catalogue.resolve(row).map_err(bad_row)?;
        if let Fit::Own(model) = &fit {
            let key = own_key(model);
            if !own_ids.contains_key(&key) && new_keys.insert(key) {
                if model.brand_id.is_none() && !summary.new_brands.contains(&model.brand) {
                    summary.new_brands.push(model.brand.clone());
                }
                new_own.push(model.clone());
            }
        }
        fits.push(fit);
    }
    for model in NewOwnModel::insert_all(conn, tenant_id, &new_own).await? {
        own_ids.insert(model.key(), model.id);
    }
    summary.new_own_models = new_own.len();

    let existing: HashMap<String, Pattern> = Pattern::of_category(conn, tenant_id, category.id)
        .await?
        .into_iter()
        .map(|p| (p.variant_key.clone(), p))
        .collect();
    let existing_ids: Vec<i64> = existing.values().map(|p| p.id).collect();
    let mut existing_links: HashMap<i64, Vec<i64>> = HashMap::new();
    for link in PatternGeneration::of_patterns(conn, tenant_id, &existing_ids).await? {
        existing_links
            .entry(link.pattern_id)
            .or_default()
            .push(link.model_id);
    }
    existing_links
        .values_mut()
        .for_each(|ids| ids.sort_unstable());

    let mut changes: Vec<NewPattern> = Vec::new();
    let mut change_links: HashMap<String, Vec<i64>> = HashMap::new();
    let mut seen = HashSet::new();
    for (index, (row, fit)) in request.rows.iter().zip(&fits).enumerate() {
        let key = variant_key(row);
        if !seen.insert(key.clone()) {
            return Err(Error::BadRow {
                row: index + 1,
                message: format!("{} {} is listed twice", row.brand, row.model),
            });
        }
        let (links, own_model_id, review_candidates) = match fit {
            Fit::Generations(ids) => (ids.clone(), None, Vec::new()),
            Fit::Own(model) => {
                let id = own_ids[&own_key(model)];
                (Vec::new(), Some(id), Vec::new())
            }
            Fit::Review(ids) => {
                summary.review += 1;
                (Vec::new(), None, ids.clone())
            }
        };
        let pattern = NewPattern {
            variant_key: key,
            supplier_id: &row.source_ids,
            label: format!(
                "{} {}",
                row.supplier_brand.trim(),
                row.supplier_model.trim()
            ),
            year_from: row.year_from,
            year_to: row.year_to,
            steering: row.steering.as_deref(),
            three_rows: row.three_rows,
            own_model_id,
            review_candidates,
            available: true,
            notes: &row.notes,
        };
        match existing.get(&pattern.variant_key) {
            None => summary.added += 1,
            Some(old)
                if pattern.same_as(old)
                    && existing_links.get(&old.id).map_or(&[][..], Vec::as_slice) == links =>
            {
                summary.unchanged += 1;
                continue;
            }
            Some(_) => summary.updated += 1,
        }
        change_links.insert(pattern.variant_key.clone(), links);
        changes.push(pattern);
    }
    let mut written = 0;
    for chunk in changes.chunks(BATCH) {
        let ids = NewPattern::upsert_all(conn, tenant_id, category.id, chunk).await?;
        let pattern_ids: Vec<i64> = ids.iter().map(|(id, _)| *id).collect();
        let links: Vec<PatternGeneration> = ids
            .iter()
            .flat_map(|(pattern_id, key)| {
                change_links[key].iter().map(|&model_id| PatternGeneration {
                    tenant_id,
                    model_id,
                    pattern_id: *pattern_id,
                })
            })
            .collect();
        PatternGeneration::replace(conn, tenant_id, &pattern_ids, &links).await?;
        written += chunk.len();
        progress(written, changes.len());
    }
    progress(changes.len(), changes.len());

    let gone: Vec<i64> = existing
        .values()
        .filter(|p| p.available && !seen.contains(&p.variant_key))
        .map(|p| p.id)
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
        .filter(patterns::tenant_id.eq(tenant_id))
        .filter(patterns::id.eq_any(&gone))
        .set(patterns::available.eq(false))
        .execute(conn)
        .await?;

    record(
        conn,
        tenant.tenant_id(),
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

/// The most rows one import takes (a supplier's list has about a thousand).
pub const MAX_ROWS: usize = 500_000;

/// The cells of a clean row within what clean lets through (a clean CSV may come
/// from elsewhere): names, years and IDs as one supplier row's, notes as a few
/// merged rows' descriptions (ten, far more than a list repeats a model).
fn check_cells(row: &CleanRow) -> std::result::Result<(), String> {
    use super::clean::{MAX_DESCRIPTION_CHARS, MAX_ID_CHARS, MAX_YEARS_CHARS};
    const MERGED: usize = 10;
    for (cell, text, most) in [
        (
            "source_ids",
            row.source_ids.as_str(),
            MERGED * (MAX_ID_CHARS + 1),
        ),
        ("brand", &row.brand, MAX_NAME_CHARS),
        ("model", &row.model, MAX_NAME_CHARS),
        ("supplier_brand", &row.supplier_brand, MAX_NAME_CHARS),
        ("supplier_model", &row.supplier_model, MAX_NAME_CHARS),
        ("supplier_years", &row.supplier_years, MAX_YEARS_CHARS),
        ("notes", &row.notes, MERGED * (MAX_DESCRIPTION_CHARS + 1)),
    ] {
        let length = text.chars().count();
        if length > most {
            return Err(format!(
                "the {cell} cell is {length} characters long (at most {most})"
            ));
        }
    }
    Ok(())
}

/// Brand, name and generation of a workshop's own model.
type OwnKey = (String, String, Option<String>);

fn own_key(model: &NewOwnModel) -> OwnKey {
    (
        model.brand.clone(),
        model.name.clone(),
        model.generation.clone(),
    )
}

/// What a clean row fits.
#[derive(Debug)]
enum Fit {
    /// Catalogue generations (ids).
    Generations(Vec<i64>),
    /// A model the catalogue lacks, the workshop's own.
    Own(NewOwnModel),
    /// A catalogue model whose generation the row leaves open: its candidates.
    Review(Vec<i64>),
}

/// The shared catalogue as the import reads it (it never writes it).
struct Catalogue {
    brands: HashMap<String, i64>,
    body_types: HashMap<String, i64>,
    /// Per brand id and model name, each generation's code and id.
    generations: HashMap<(i64, String), HashMap<String, i64>>,
}

impl Catalogue {
    async fn load(conn: &mut AsyncPgConnection) -> Result<Catalogue> {
        let brands = brands::table
            .select((brands::name, brands::id))
            .load::<(String, i64)>(conn)
            .await?
            .into_iter()
            .collect();
        let body_types = body_types::table
            .select((body_types::code, body_types::id))
            .load::<(String, i64)>(conn)
            .await?
            .into_iter()
            .collect();
        let mut generations: HashMap<(i64, String), HashMap<String, i64>> = HashMap::new();
        for (id, brand_id, name, code) in models::table
            .select((
                models::id,
                models::brand_id,
                models::name,
                models::generation,
            ))
            .load::<(i64, i64, String, Option<String>)>(conn)
            .await?
        {
            let codes = generations.entry((brand_id, name)).or_default();
            codes.insert(code.unwrap_or_default(), id);
        }
        Ok(Catalogue {
            brands,
            body_types,
            generations,
        })
    }

    /// The catalogue generations a row fits (by the codes clean resolved), else its
    /// candidates for review, else the workshop's own model; or why the row is bad.
    fn resolve(&self, row: &CleanRow) -> std::result::Result<Fit, String> {
        for (what, text) in [("brand", &row.brand), ("model", &row.model)] {
            let length = text.chars().count();
            if length > MAX_NAME_CHARS {
                return Err(format!(
                    "the {what} is {length} characters long (at most {MAX_NAME_CHARS})"
                ));
            }
        }
        let body_type_id = match &row.body_type {
            Some(code) => Some(
                *self
                    .body_types
                    .get(code)
                    .ok_or_else(|| format!("unknown body type `{code}`"))?,
            ),
            None => None,
        };
        let brand_id = self.brands.get(&row.brand).copied();
        let generations = brand_id.and_then(|b| self.generations.get(&(b, row.model.clone())));
        if let Some(generations) = generations.filter(|_| row.matched) {
            let ids = |codes: &str| -> Vec<i64> {
                let mut ids: Vec<i64> = codes
                    .split('|')
                    .filter_map(|code| generations.get(code).copied())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            };
            let fits = ids(&row.catalogue_generations);
            if !fits.is_empty() {
                return Ok(Fit::Generations(fits));
            }
            let candidates = ids(&row.review_generations);
            if !candidates.is_empty() {
                return Ok(Fit::Review(candidates));
            }
        }
        Ok(Fit::Own(NewOwnModel {
            brand_id,
            brand: row.brand.clone(),
            name: row.model.clone(),
            name_ru: row.model_ru.clone(),
            generation: row.generation.clone(),
            body_type_id,
        }))
    }
}

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
