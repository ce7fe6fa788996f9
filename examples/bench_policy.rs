//! What the Citus-compatible tenant policies cost on one node: the chatbot's
//! tenant-scoped calls (pattern, quote, catalog, bot text, search) under the policy
//! form a cluster accepts, `tenant_id = require_tenant_id()`, against the form before
//! it, `tenant_id = (SELECT require_tenant_id())` (evaluated once per statement as an
//! InitPlan), in the same run: rounds alternate the two forms on one database of 50
//! tenants with a pattern for every model each.
//!
//!     cargo run --release --example bench_policy

#[path = "support/scratch_db.rs"]
mod scratch_db;

use std::path::Path;
use std::time::{Duration, Instant};

use car_chatbot_db::models::Tenant;
use car_chatbot_db::pipeline::refdata::{self, ReferenceData};
use car_chatbot_db::{Db, DbConfig, DbRole, Language, ModelId, OptionChoice, TextKey};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use scratch_db::ScratchDb;

const TENANTS: usize = 50;
const ROUNDS: usize = 7;
const CALLS_PER_ROUND: usize = 300;

/// Sets the policy of every per-tenant table to `using` (the tenant expression).
async fn set_policies(admin: &mut AsyncPgConnection, using: &str) {
    for table in ["bot_texts", "patterns", "prices", "import_runs"] {
        admin
            .batch_execute(&format!(
                "ALTER POLICY tenant_isolation ON {table}
                 USING (tenant_id = {using}) WITH CHECK (tenant_id = {using})"
            ))
            .await
            .unwrap();
    }
}

/// The mean time of one round of each kind of call, by kind.
async fn round(db: &Db, slug: &str, model_ids: &[i64]) -> [Duration; 5] {
    let shop = db.tenant(slug).await.unwrap();
    let mut times = [Duration::ZERO; 5];
    let queries = [
        "камри 70",
        "прадо 150",
        "crown 2010",
        "мерс 211",
        "солярис 2019",
    ];
    for i in 0..CALLS_PER_ROUND {
        let model = ModelId::new(model_ids[i * 7919 % model_ids.len()]);
        let started = Instant::now();
        shop.pattern(model, "eva_mats").await.unwrap();
        times[0] += started.elapsed();
        let started = Instant::now();
        let quote = shop
            .quote(model, "eva_mats", &[OptionChoice::on("with_borders")])
            .await;
        std::hint::black_box(quote.ok());
        times[1] += started.elapsed();
        let started = Instant::now();
        shop.price_list().await.unwrap();
        times[2] += started.elapsed();
        let started = Instant::now();
        shop.bot_text(TextKey::Greeting, Language::Ky)
            .await
            .unwrap();
        times[3] += started.elapsed();
        let started = Instant::now();
        shop.search_models(queries[i % queries.len()], Some("eva_mats"), 5)
            .await
            .unwrap();
        times[4] += started.elapsed();
    }
    times.map(|t| t / CALLS_PER_ROUND as u32)
}

#[tokio::main]
async fn main() {
    let scratch = ScratchDb::new("bench_policy").await;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = ReferenceData::read(&root.join("data")).unwrap();
    let mut operator =
        car_chatbot_db::db::connect(&DbConfig::new(&scratch.url).role(DbRole::Operator))
            .await
            .unwrap();
    refdata::load(&mut operator, &reference, &|_| {})
        .await
        .unwrap();
    let mut admin = AsyncPgConnection::establish(&scratch.url).await.unwrap();
    // More tenants, each with a pattern for every model, the prices and bot texts of
    // the first.
    admin
        .batch_execute(&format!(
            "INSERT INTO tenants (slug, name)
             SELECT 'bench_' || n, 'Bench ' || n FROM generate_series(1, {extra}) AS n;
             INSERT INTO prices (tenant_id, category_id, option_id, option_value, body_type_id,
                                 amount, currency, valid_from, valid_to)
             SELECT t.id, p.category_id, p.option_id, p.option_value, p.body_type_id,
                    p.amount, p.currency, p.valid_from, p.valid_to
             FROM tenants t, prices p
             WHERE t.slug LIKE 'bench_%' AND p.tenant_id = (SELECT id FROM tenants WHERE slug = 'evopoliki');
             INSERT INTO bot_texts (tenant_id, key, language, text)
             SELECT t.id, b.key, b.language, b.text FROM tenants t, bot_texts b
             WHERE t.slug LIKE 'bench_%' AND b.tenant_id = (SELECT id FROM tenants WHERE slug = 'evopoliki');
             INSERT INTO patterns (tenant_id, category_id, model_id)
             SELECT t.id, c.id, m.id FROM tenants t, product_categories c, models m
             WHERE c.code = 'eva_mats' ON CONFLICT DO NOTHING;
             ANALYZE",
            extra = TENANTS - 2
        ))
        .await
        .unwrap();
    let model_ids: Vec<i64> = {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        car_chatbot_db::schema::models::table
            .select(car_chatbot_db::schema::models::id)
            .load(&mut admin)
            .await
            .unwrap()
    };
    let slug = Tenant::find_by_slug(&mut admin, "bench_7")
        .await
        .unwrap()
        .slug;
    let db = Db::connect(DbConfig::new(&scratch.url).role(DbRole::App).max_size(1))
        .await
        .unwrap();
    let forms = [
        ("(SELECT require_tenant_id())", "subquery (before)"),
        ("require_tenant_id()", "direct call (Citus)"),
    ];
    // Warm both forms once, then alternate them.
    let mut rounds: [Vec<[Duration; 5]>; 2] = [Vec::new(), Vec::new()];
    for r in 0..=ROUNDS {
        for (form, (using, _)) in forms.iter().enumerate() {
            set_policies(&mut admin, using).await;
            let times = round(&db, &slug, &model_ids).await;
            if r > 0 {
                rounds[form].push(times);
            }
        }
    }
    let median = |form: usize, kind: usize| {
        let mut times: Vec<Duration> = rounds[form].iter().map(|t| t[kind]).collect();
        times.sort();
        times[times.len() / 2]
    };
    println!(
        "{TENANTS} tenants, a pattern for each of {} models each; medians of {ROUNDS} alternating rounds of {CALLS_PER_ROUND} calls, one caller",
        model_ids.len()
    );
    println!(
        "{:<12} {:>18} {:>20} {:>8}",
        "call", forms[0].1, forms[1].1, "ratio"
    );
    for (kind, name) in ["pattern", "quote", "catalog", "bot_text", "search"]
        .iter()
        .enumerate()
    {
        let (before, after) = (median(0, kind), median(1, kind));
        println!(
            "{name:<12} {:>15.0} µs {:>17.0} µs {:>7.2}x",
            before.as_secs_f64() * 1e6,
            after.as_secs_f64() * 1e6,
            after.as_secs_f64() / before.as_secs_f64()
        );
    }
    println!("(ratio = direct call / subquery; under 1 is faster)");
    drop(db);
    drop(admin);
    drop(operator);
    scratch.drop_now().await;
}
