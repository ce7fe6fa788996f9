//! The operators' catalogue tool (`car-catalog`): the models workshops hold of their
//! own (their suppliers list them, the shared catalogue lacks them), and their
//! adoption into the catalogue, which re-points every workshop's patterns of them.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use serde::Serialize;

use super::error::{ImportError, Result};
use super::lock;
use crate::ids::TenantId;
use crate::models::{Brand, CarModel, NewCarModel, OwnModel, PatternGeneration, Tenant, slugify};
use crate::schema::{body_types, brands, own_models, patterns};
use crate::search::text::Word;
use crate::tenant::set_local_tenant_sql;

/// One workshop's own model, as `car-catalog review` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, QueryableByName)]
pub struct OwnModelLine {
    #[diesel(sql_type = Text)]
    pub tenant: String,
    #[diesel(sql_type = Text)]
    pub brand: String,
    #[diesel(sql_type = Text)]
    pub model: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub generation: Option<String>,
    /// The catalogue has the brand (only the model is new).
    #[diesel(sql_type = Bool)]
    pub brand_known: bool,
    /// The workshop's available patterns of it.
    #[diesel(sql_type = BigInt)]
    pub patterns: i64,
}

impl OwnModelLine {
    /// Brand, model and generation word as the supplier spells them: what `adopt` takes.
    pub fn label(&self) -> String {
        own_label(&self.brand, &self.model, self.generation.as_deref())
    }

    /// The same for spellings in either script and case (`Омода C5`, `OMODA c5`):
    /// review groups the workshops' own models by it.
    pub fn group(&self) -> String {
        self.label()
            .split_whitespace()
            .map(|w| Word::new(&w.to_lowercase()).skeleton)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn own_label(brand: &str, model: &str, generation: Option<&str>) -> String {
    [brand, model]
        .into_iter()
        .chain(generation)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Two labels are one when they differ only in case and spacing.
fn same_label(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// Every workshop's own models, each with its count of available patterns, read
/// workshop by workshop with its tenant set (`conn`: a `car_operator` session).
pub async fn review(conn: &mut AsyncPgConnection) -> Result<Vec<OwnModelLine>> {
    let mut lines = Vec::new();
    conn.transaction(async |conn| -> Result<()> {
        conn.batch_execute("SET TRANSACTION READ ONLY").await?;
        for tenant in Tenant::all(conn).await? {
            conn.batch_execute(&set_local_tenant_sql(tenant.tenant_id()))
                .await?;
            let found: Vec<OwnModelLine> = diesel::sql_query(
                "SELECT $2 AS tenant, o.brand, o.name AS model, o.generation,
                        o.brand_id IS NOT NULL AS brand_known,
                        (SELECT count(*) FROM patterns p WHERE p.tenant_id = o.tenant_id
                           AND p.own_model_id = o.id AND p.available) AS patterns
                 FROM own_models o WHERE o.tenant_id = $1 ORDER BY 2, 3, 4",
            )
            .bind::<BigInt, _>(tenant.id)
            .bind::<Text, _>(&tenant.slug)
            .load(conn)
            .await?;
            lines.extend(found);
        }
        Ok(())
    })
    .await?;
    Ok(lines)
}

/// Where adopted models go.
#[derive(Debug, Clone)]
pub enum Target {
    /// A catalogue generation that exists (its id): the workshops' models are other
    /// spellings of it (`Кроун` of the Crown), kept as its aliases.
    Existing(i64),
    /// A new catalogue generation; its brand is added when the catalogue lacks it.
    New(NewGeneration),
}

/// A generation to add to the catalogue.
#[derive(Debug, Clone, Default)]
pub struct NewGeneration {
    pub brand: String,
    pub brand_ru: Option<String>,
    pub model: String,
    pub model_ru: Option<String>,
    pub generation: Option<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    /// A body type's code (`suv`).
    pub body_type: Option<String>,
}

/// What an adoption did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adopted {
    /// The catalogue generation the workshops' patterns now fit.
    pub model_id: i64,
    pub brand: String,
    pub model: String,
    pub generation: Option<String>,
    /// The catalogue gained the brand too.
    pub new_brand: bool,
    /// Workshops whose own models were adopted, with how many patterns each re-pointed.
    pub workshops: BTreeMap<String, usize>,
}

/// Adopts the workshops' own models called `labels` (as `review` lists them, case
/// and spacing aside) into the catalogue as `target`, in one transaction: the brand
/// and generation are added when new, the workshops' spellings become their aliases
/// (so that the next imports resolve to them), every workshop's patterns of those
/// models fit the generation, and the own models are removed. `conn`: a
/// `car_operator` session. With `dry_run`, everything is worked out and rolled back.
/// Each workshop changed is locked first ([`super::lock`]; `on_wait` is told what
/// holds one).
pub async fn adopt(
    conn: &mut AsyncPgConnection,
    labels: &[String],
    target: &Target,
    dry_run: bool,
    on_wait: &(dyn Fn(&str) + Sync),
) -> Result<Adopted> {
    enum Stop {
        Failed(ImportError),
        DryRun(Adopted),
    }
    impl<E: Into<ImportError>> From<E> for Stop {
        fn from(error: E) -> Self {
            Stop::Failed(error.into())
        }
    }
    let outcome = conn
        .transaction(async |conn| -> std::result::Result<Adopted, Stop> {
            let adopted = adopt_in_transaction(conn, labels, target, on_wait).await?;
            if dry_run {
                return Err(Stop::DryRun(adopted));
            }
            Ok(adopted)
        })
        .await;
    match outcome {
        Ok(adopted) | Err(Stop::DryRun(adopted)) => Ok(adopted),
        Err(Stop::Failed(error)) => Err(error),
    }
}

async fn adopt_in_transaction(
    conn: &mut AsyncPgConnection,
    labels: &[String],
    target: &Target,
    on_wait: &(dyn Fn(&str) + Sync),
) -> Result<Adopted> {
    if labels.is_empty() {
        return Err(ImportError::Invalid(
            "name the workshops' models to adopt, as `car-catalog review` lists them".into(),
        ));
    }
    // The workshops' models of those names, workshop by workshop (in slug order, the
    // lock order of every writer). A workshop that has some is locked as an import
    // locks it (its own models change only under that lock: see
    // `search::index::OwnVersion`), then read again.
    let mut found: Vec<(Tenant, Vec<OwnModel>)> = Vec::new();
    for tenant in Tenant::all(conn).await? {
        conn.batch_execute(&set_local_tenant_sql(tenant.tenant_id()))
            .await?;
        let named = async |conn: &mut AsyncPgConnection| -> Result<Vec<OwnModel>> {
            Ok(OwnModel::all(conn, tenant.id)
                .await?
                .into_iter()
                .filter(|m| {
                    let label = own_label(&m.brand, &m.name, m.generation.as_deref());
                    labels.iter().any(|l| same_label(l, &label))
                })
                .collect())
        };
        if named(conn).await?.is_empty() {
            continue;
        }
        lock::lock_workshop(conn, &tenant.slug, on_wait).await?;
        let own = named(conn).await?;
        if !own.is_empty() {
            found.push((tenant, own));
        }
    }
    let missing: Vec<&String> = labels
        .iter()
        .filter(|l| {
            !found
                .iter()
                .flat_map(|(_, own)| own)
                .any(|m| same_label(l, &own_label(&m.brand, &m.name, m.generation.as_deref())))
        })
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::Invalid(format!(
            "no workshop has a model of its own called {}; `car-catalog review` lists them",
            missing
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let spellings: Vec<&OwnModel> = found.iter().flat_map(|(_, own)| own).collect();

    // The catalogue's side, written as the operator (no tenant: the search version's
    // writer is the operators').
    conn.batch_execute("SET LOCAL app.tenant_id = ''").await?;
    let (model, new_brand) = match target {
        Target::Existing(id) => (CarModel::find(conn, *id).await?, false),
        Target::New(new) => add_generation(conn, new, &spellings).await?,
    };
    add_aliases(conn, &model, &spellings).await?;
    crate::search::rebuild_index(conn, Some(&[(model.brand_id, model.name.clone())])).await?;

    // Each workshop's patterns of its adopted models now fit the generation.
    let mut workshops = BTreeMap::new();
    for (tenant, own) in &found {
        let tenant_id: TenantId = tenant.tenant_id();
        conn.batch_execute(&set_local_tenant_sql(tenant_id)).await?;
        let ids: Vec<i64> = own.iter().map(|m| m.id).collect();
        let pattern_ids: Vec<i64> = patterns::table
            .filter(patterns::tenant_id.eq(tenant.id))
            .filter(patterns::own_model_id.eq_any(&ids))
            .select(patterns::id)
            .load(conn)
            .await?;
        let links: Vec<PatternGeneration> = pattern_ids
            .iter()
            .map(|&pattern_id| PatternGeneration {
                tenant_id: tenant.id,
                model_id: model.id,
                pattern_id,
            })
            .collect();
        PatternGeneration::insert_all(conn, tenant.id, &links).await?;
        diesel::update(patterns::table)
            .filter(patterns::tenant_id.eq(tenant.id))
            .filter(patterns::id.eq_any(&pattern_ids))
            .set(patterns::own_model_id.eq(None::<i64>))
            .execute(conn)
            .await?;
        diesel::delete(own_models::table)
            .filter(own_models::tenant_id.eq(tenant.id))
            .filter(own_models::id.eq_any(&ids))
            .execute(conn)
            .await?;
        workshops.insert(tenant.slug.clone(), pattern_ids.len());
    }
    let brand: String = brands::table
        .find(model.brand_id)
        .select(brands::name)
        .first(conn)
        .await?;
    Ok(Adopted {
        model_id: model.id,
        brand,
        model: model.name,
        generation: model.generation,
        new_brand,
        workshops,
    })
}

/// Adds the generation (and its brand, when the catalogue lacks it; a brand the
/// workshops spelt otherwise keeps their spellings as aliases).
async fn add_generation(
    conn: &mut AsyncPgConnection,
    new: &NewGeneration,
    spellings: &[&OwnModel],
) -> Result<(CarModel, bool)> {
    let invalid = |message: String| ImportError::Invalid(message);
    for (what, text) in [("brand", &new.brand), ("model", &new.model)] {
        if text.trim().is_empty() || text.chars().count() > super::clean::MAX_NAME_CHARS {
            return Err(invalid(format!(
                "the {what} must be 1 to {} characters",
                super::clean::MAX_NAME_CHARS
            )));
        }
    }
    let body_type_id = match &new.body_type {
        Some(code) => Some(
            body_types::table
                .filter(body_types::code.eq(code))
                .select(body_types::id)
                .first::<i64>(conn)
                .await
                .optional()?
                .ok_or_else(|| invalid(format!("unknown body type `{code}`")))?,
        ),
        None => None,
    };
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    let existing: Option<i64> =
        diesel::sql_query("SELECT id FROM brands WHERE lower(name) = lower($1)")
            .bind::<Text, _>(new.brand.trim())
            .get_result::<Id>(conn)
            .await
            .optional()?
            .map(|b| b.id);
    let mut brand_aliases: Vec<String> = spellings
        .iter()
        .map(|m| m.brand.clone())
        .filter(|b| !same_label(b, &new.brand))
        .collect();
    brand_aliases.sort();
    brand_aliases.dedup();
    let (brand_id, new_brand) = match existing {
        Some(id) => {
            let known: Vec<String> = brands::table
                .find(id)
                .select(brands::aliases)
                .first(conn)
                .await?;
            let mut aliases = known.clone();
            aliases.extend(brand_aliases.into_iter().filter(|a| !known.contains(a)));
            if aliases != known {
                diesel::update(brands::table.find(id))
                    .set(brands::aliases.eq(&aliases))
                    .execute(conn)
                    .await?;
            }
            (id, false)
        }
        None => {
            if slugify(&new.brand).is_empty() {
                return Err(invalid(format!(
                    "the brand `{}` needs Latin letters or digits for its slug",
                    new.brand
                )));
            }
            let id = Brand::add_new(conn, new.brand.trim()).await?;
            let brand_ru = new
                .brand_ru
                .clone()
                .unwrap_or_else(|| new.brand.trim().to_lowercase());
            diesel::update(brands::table.find(id))
                .set((
                    brands::name_ru.eq(&brand_ru),
                    brands::aliases.eq(&brand_aliases),
                ))
                .execute(conn)
                .await?;
            (id, true)
        }
    };
    let metadata = serde_json::json!({"source": "adopted"});
    let row = NewCarModel {
        brand_id,
        name: new.model.trim(),
        name_ru: new.model_ru.as_deref(),
        generation: new.generation.as_deref(),
        year_from: new.year_from,
        year_to: new.year_to,
        body_type_id: body_type_id.or_else(|| spellings.iter().find_map(|m| m.body_type_id)),
        aliases: &[],
        generation_aliases: &[],
        popularity: 0,
        metadata: &metadata,
    };
    let id = NewCarModel::find_or_insert_all(conn, &[row]).await?[0].id;
    Ok((CarModel::find(conn, id).await?, new_brand))
}

/// The workshops' spellings of the model (names, Cyrillic names) become aliases of
/// every row of the catalogue model, so that the next imports resolve to it.
async fn add_aliases(
    conn: &mut AsyncPgConnection,
    model: &CarModel,
    spellings: &[&OwnModel],
) -> Result<()> {
    let mut known: Vec<String> = vec![model.name.clone()];
    known.extend(model.name_ru.clone());
    known.extend(model.aliases.iter().cloned());
    let mut added: Vec<String> = Vec::new();
    for spelling in spellings
        .iter()
        .flat_map(|m| std::iter::once(&m.name).chain(&m.name_ru))
    {
        if !known.iter().chain(&added).any(|k| same_label(k, spelling)) {
            added.push(spelling.clone());
        }
    }
    if added.is_empty() {
        return Ok(());
    }
    diesel::sql_query(
        "UPDATE models SET aliases = aliases || $3::text[] WHERE brand_id = $1 AND name = $2",
    )
    .bind::<BigInt, _>(model.brand_id)
    .bind::<Text, _>(&model.name)
    .bind::<diesel::sql_types::Array<Text>, _>(&added)
    .execute(conn)
    .await?;
    Ok(())
}
