//! Search speed on a synthetic catalogue of 50,000 models (the reference catalogue
//! plus look-alikes generated at run time): the library's search at 1, 8 and 32
//! concurrent callers through the pool (throughput, p50, p99), and in the same run, in
//! raw loops at the same concurrency:
//! - the search's own SQL alone (the tenant's pattern flags for each query's
//!   candidates, picked beforehand by the in-memory index), prepared once per
//!   connection as the library prepares it;
//! - the candidate SQL of the design, which the in-memory index replaced: the
//!   30 search documents most like the query by pg_trgm word similarity. Of the two
//!   forms the issue names, the faster one: a GIN index (made here, in the scratch
//!   database only) with `%>` and a threshold, about 6 ms a query where the schema's
//!   GiST KNN (`ORDER BY doc <->> query`) takes about 180 ms at 50,000 models.
//!
//!     cargo run --release --example bench_search [MODELS]

#[path = "support/scratch_db.rs"]
mod scratch_db;

use scratch_db::ScratchDb;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use car_chatbot_db::models::NewCarModel;
use car_chatbot_db::pipeline::refdata::{self, ReferenceData};
use car_chatbot_db::search::rank::{Query, query_words};
use car_chatbot_db::search::{
    PatternFlags, index, pattern_flags_query, rank_candidates, rebuild_index,
};
use car_chatbot_db::{Db, DbConfig, DbRole};
use diesel::sql_types::{BigInt, Text};
use diesel_async::pooled_connection::deadpool::Pool;
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};

const SECONDS_PER_LEVEL: u64 = 3;
const ROUNDS: usize = 5;

/// Look-alike names: a real model with a letter changed, a word added or a number.
fn look_alike(name: &str, i: usize) -> String {
    let extra = ["Plus", "Pro", "Max", "Sport", "Lux", "Neo", "GT", "EV"];
    match i % 4 {
        0 => format!("{name} {}", extra[i % extra.len()]),
        1 => format!("{name}{}", i % 97),
        2 => {
            let mut chars: Vec<char> = name.chars().collect();
            let at = i % chars.len();
            chars[at] = ['a', 'e', 'o', 'i', 'u'][i % 5];
            chars.into_iter().collect()
        }
        _ => format!("{} {name}", extra[(i / 4) % extra.len()]),
    }
}

struct Level {
    throughput: f64,
    p50: Duration,
    p99: Duration,
}

impl Level {
    /// Each figure's median over the rounds.
    fn median(rounds: Vec<Level>) -> Level {
        let middle = rounds.len() / 2;
        let mut throughput: Vec<f64> = rounds.iter().map(|l| l.throughput).collect();
        let mut p50: Vec<Duration> = rounds.iter().map(|l| l.p50).collect();
        let mut p99: Vec<Duration> = rounds.iter().map(|l| l.p99).collect();
        throughput.sort_by(f64::total_cmp);
        p50.sort();
        p99.sort();
        Level {
            throughput: throughput[middle],
            p50: p50[middle],
            p99: p99[middle],
        }
    }
}

async fn measure<F, Fut>(callers: usize, call: F) -> Level
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let call = Arc::new(call);
    let deadline = Instant::now() + Duration::from_secs(SECONDS_PER_LEVEL);
    let mut tasks = Vec::new();
    for caller in 0..callers {
        let call = call.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut n = caller * 7919;
            while Instant::now() < deadline {
                let start = Instant::now();
                call(n).await;
                latencies.push(start.elapsed());
                n += 1;
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    all.sort();
    Level {
        throughput: all.len() as f64 / SECONDS_PER_LEVEL as f64,
        p50: all[all.len() / 2],
        p99: all[all.len() * 99 / 100],
    }
}

#[tokio::main]
async fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .map_or(50_000, |n| n.parse().expect("MODELS is a number"));
    let scratch = ScratchDb::new("bench_search").await;
    let url = scratch.url.clone();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = ReferenceData::read(&root.join("data")).unwrap();
    let mut conn = car_chatbot_db::db::connect(&DbConfig::new(&url).role(DbRole::Operator))
        .await
        .unwrap();
    refdata::load(&mut conn, &reference, &|_| {}).await.unwrap();

    // Look-alikes under the real brands, until the catalogue has `total` models.
    let brand_ids: Vec<(String, i64)> =
        diesel::sql_query("SELECT name, id FROM brands ORDER BY id")
            .load::<BrandId>(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .map(|b| (b.name, b.id))
            .collect();
    let metadata = serde_json::json!({"source": "benchmark"});
    let mut seen = std::collections::HashSet::new();
    let wanted = total.saturating_sub(reference.vehicles.len());
    let names: Vec<(i64, String, Option<String>, i32)> = (0..wanted * 3)
        .map(|i| {
            let v = &reference.vehicles[i % reference.vehicles.len()];
            let brand = brand_ids.iter().find(|(n, _)| *n == v.brand).unwrap().1;
            let ru = v.model_ru.as_deref().map(|r| look_alike(r, i + 1));
            (brand, look_alike(&v.model, i), ru, 1990 + (i % 35) as i32)
        })
        .filter(|(brand, name, _, year)| seen.insert((*brand, name.clone(), *year)))
        .take(wanted)
        .collect();
    let rows: Vec<NewCarModel> = names
        .iter()
        .map(|(brand_id, name, ru, year)| NewCarModel {
            brand_id: *brand_id,
            name,
            name_ru: ru.as_deref(),
            generation: None,
            year_from: Some(*year),
            year_to: Some(year + 5),
            body_type_id: None,
            aliases: &[],
            generation_aliases: &[],
            popularity: 0,
            metadata: &metadata,
        })
        .collect();
    for chunk in rows.chunks(10_000) {
        NewCarModel::find_or_insert_all(&mut conn, chunk)
            .await
            .unwrap();
    }
    rebuild_index(&mut conn, None).await.unwrap();
    let mut check = AsyncPgConnection::establish(&url).await.unwrap();
    check
        .batch_execute(
            "CREATE INDEX bench_model_search_gin ON model_search USING gin (doc gin_trgm_ops); ANALYZE",
        )
        .await
        .unwrap();

    let queries: Arc<Vec<String>> = Arc::new(
        [("queries_hand.tsv", 0), ("queries_generated.tsv", 1)]
            .iter()
            .flat_map(|(file, column)| {
                std::fs::read_to_string(root.join("tests/data/search").join(file))
                    .unwrap()
                    .lines()
                    .skip(1)
                    .map(|l| l.split('\t').nth(*column).unwrap().to_owned())
                    .collect::<Vec<_>>()
            })
            .collect(),
    );
    let models: i64 = diesel::sql_query("SELECT count(*) AS n FROM models")
        .get_result::<Count>(&mut check)
        .await
        .unwrap()
        .n;
    println!(
        "catalogue: {models} models; {} development queries, cycled; medians of {ROUNDS} rounds of {SECONDS_PER_LEVEL} s",
        queries.len()
    );
    let started = Instant::now();
    let candidate_index = index::load(&mut check).await.unwrap();
    let load_time = started.elapsed();
    let started = Instant::now();
    let candidates: Arc<Vec<Vec<i64>>> = Arc::new(
        queries
            .iter()
            .map(|q| {
                let query = Query::new(candidate_index.split_unknown_codes(query_words(q), None));
                candidate_index
                    .candidates(&query, 30)
                    .into_iter()
                    .flat_map(|model| model.model_ids())
                    .collect()
            })
            .collect(),
    );
    let candidates_time = started.elapsed();
    // The trigram query's text: each word's forms, as the documents hold them.
    let trgm_texts: Arc<Vec<String>> = Arc::new(
        queries
            .iter()
            .map(|q| {
                let mut forms: Vec<String> = Vec::new();
                for word in query_words(q) {
                    for form in [word.normal, word.skeleton] {
                        if !forms.contains(&form) {
                            forms.push(form);
                        }
                    }
                }
                forms.join(" ")
            })
            .collect(),
    );
    // The in-memory work alone in a tight loop: the median of 15 passes over the queries.
    let mut passes: Vec<Duration> = (0..15)
        .map(|_| {
            let started = Instant::now();
            for query in queries.iter() {
                let query =
                    Query::new(candidate_index.split_unknown_codes(query_words(query), None));
                let models = candidate_index.candidates(&query, 30);
                std::hint::black_box(rank_candidates(&query, &models, &[], 5));
            }
            started.elapsed()
        })
        .collect();
    passes.sort();
    let in_memory = passes[passes.len() / 2];
    let per_query = |time: Duration| time.as_secs_f64() * 1e6 / queries.len() as f64;
    println!(
        "in-memory index: {} documents and their models loaded in {:.0} ms; a query's candidates take {:.0} µs, candidates and ranking {:.0} µs (median of 15 passes)",
        candidate_index.len(),
        load_time.as_secs_f64() * 1000.0,
        per_query(candidates_time),
        per_query(in_memory),
    );
    println!(
        "{:>8} {:>16} {:>8} {:>8} {:>16} {:>7} {:>16} {:>7}",
        "callers",
        "library calls/s",
        "p50",
        "p99",
        "own SQL calls/s",
        "ratio",
        "pg_trgm calls/s",
        "ratio"
    );
    for callers in [1, 8, 32] {
        let pool_size = callers.min(8);
        // The search's own pool, as a busy chatbot would configure it (README).
        let config = DbConfig::new(&url)
            .max_size(pool_size)
            .search_pool_size(pool_size);
        let db = Db::connect(config).await.unwrap();
        let shop = Arc::new(db.tenant("evopoliki").await.unwrap());
        let tenant = shop.id().get();
        // The statement runs as the chatbots' role, under row-level security, on
        // connections reused without a check between calls (as pgbench would).
        let as_app = format!(
            "{url}?options=-c%20role%3Dcar_app%20-c%20pg_trgm.word_similarity_threshold%3D0.4"
        );
        let mut raw_config = ManagerConfig::<AsyncPgConnection>::default();
        raw_config.recycling_method = RecyclingMethod::Fast;
        let raw_pool: Pool<AsyncPgConnection> = Pool::builder(
            AsyncDieselConnectionManager::new_with_config(as_app, raw_config),
        )
        .max_size(pool_size)
        .build()
        .unwrap();
        // Rounds alternate the library and the raw loops so all see the same machine; medians.
        let (mut library, mut raw, mut trgm) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let (shop, q) = (shop.clone(), queries.clone());
            library.push(
                measure(callers, move |n| {
                    let (shop, q) = (shop.clone(), q.clone());
                    async move {
                        shop.search_models(&q[n % q.len()], Some("eva_mats"), 5)
                            .await
                            .unwrap();
                    }
                })
                .await,
            );
            let (pool, candidates) = (raw_pool.clone(), candidates.clone());
            raw.push(
                measure(callers, move |n| {
                    let (pool, candidates) = (pool.clone(), candidates.clone());
                    async move {
                        let mut conn = pool.get().await.unwrap();
                        let ids = &candidates[n % candidates.len()];
                        pattern_flags_query(tenant, ids, Some("eva_mats"))
                            .get_result::<PatternFlags>(&mut conn)
                            .await
                            .unwrap();
                    }
                })
                .await,
            );
            let (pool, texts) = (raw_pool.clone(), trgm_texts.clone());
            trgm.push(
                measure(callers, move |n| {
                    let (pool, texts) = (pool.clone(), texts.clone());
                    async move {
                        let mut conn = pool.get().await.unwrap();
                        diesel::sql_query(
                            "SELECT brand_id, model_name FROM model_search WHERE doc %> $1 ORDER BY word_similarity($1, doc) DESC LIMIT 30",
                        )
                        .bind::<Text, _>(&texts[n % texts.len()])
                        .execute(&mut conn)
                        .await
                        .unwrap();
                    }
                })
                .await,
            );
        }
        let (library, raw, trgm) = (
            Level::median(library),
            Level::median(raw),
            Level::median(trgm),
        );
        println!(
            "{callers:>8} {:>16.0} {:>6.1}ms {:>6.1}ms {:>16.0} {:>6.2}x {:>16.0} {:>6.3}x",
            library.throughput,
            library.p50.as_secs_f64() * 1000.0,
            library.p99.as_secs_f64() * 1000.0,
            raw.throughput,
            raw.throughput / library.throughput,
            trgm.throughput,
            trgm.throughput / library.throughput,
        );
    }
    println!(
        "(pool and raw loops use min(callers, 8) connections; ratio = raw loop / library throughput; targets: p99 < 15 ms at 32 callers, ratio <= 1.5)"
    );
    drop((conn, check));
    scratch.drop_now().await;
}

#[derive(diesel::QueryableByName)]
struct BrandId {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    id: i64,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}
