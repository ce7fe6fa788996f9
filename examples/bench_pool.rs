//! The first burst of customers after a chatbot starts: 32 replies at once (a search
//! and a quote each) on a fresh `Db`, cold (`min_idle` 0: connections and the search
//! index made on demand) against warmed (`min_idle` 16: `Db::connect` opens them and
//! loads the index). Rounds alternate the two; each figure is the median over rounds.
//!
//!     cargo run --release --example bench_pool

#[path = "support/scratch_db.rs"]
mod scratch_db;

use std::path::Path;
use std::time::{Duration, Instant};

use car_chatbot_db::pipeline::refdata::{self, ReferenceData};
use car_chatbot_db::{Db, DbConfig, DbRole, OptionChoice};
use scratch_db::ScratchDb;

const ROUNDS: usize = 7;
const BURST: usize = 32;
const POOL: usize = 16;

struct Burst {
    connect: Duration,
    p50: Duration,
    p99: Duration,
}

async fn burst(url: &str, min_idle: usize) -> Burst {
    let config = DbConfig::new(url).max_size(POOL).min_idle(min_idle);
    let started = Instant::now();
    let db = Db::connect(config).await.unwrap();
    let shop = db.tenant("evopoliki").await.unwrap();
    let connect = started.elapsed();
    let queries = [
        "камри 70",
        "прадо 150",
        "crown 2010",
        "мерс 211",
        "солярис 2019",
    ];
    let mut replies = tokio::task::JoinSet::new();
    for i in 0..BURST {
        let shop = shop.clone();
        replies.spawn(async move {
            let started = Instant::now();
            let found = shop
                .search_models(queries[i % queries.len()], Some("eva_mats"), 5)
                .await
                .unwrap();
            if let Some(hit) = found.hits.first() {
                let quote = shop
                    .quote(
                        hit.model_id,
                        "eva_mats",
                        &[OptionChoice::on("with_borders")],
                    )
                    .await;
                std::hint::black_box(quote.ok());
            }
            started.elapsed()
        });
    }
    let mut latencies = replies.join_all().await;
    latencies.sort();
    Burst {
        connect,
        p50: latencies[BURST / 2],
        p99: latencies[BURST * 99 / 100],
    }
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

#[tokio::main]
async fn main() {
    let scratch = ScratchDb::new("bench_pool").await;
    let reference =
        ReferenceData::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
    let mut conn = car_chatbot_db::db::connect(&DbConfig::new(&scratch.url).role(DbRole::Operator))
        .await
        .unwrap();
    refdata::load(&mut conn, &reference, &|_| {}).await.unwrap();
    drop(conn);

    let (mut cold, mut warm) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        cold.push(burst(&scratch.url, 0).await);
        warm.push(burst(&scratch.url, POOL).await);
    }
    println!(
        "first burst of {BURST} replies (a search and a quote each) on a fresh pool of {POOL}; medians of {ROUNDS} alternating rounds"
    );
    println!(
        "{:>8} {:>12} {:>10} {:>10}",
        "pool", "connect", "p50", "p99"
    );
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut p99s = Vec::new();
    for (name, rounds) in [("cold", &cold), ("warmed", &warm)] {
        let figure = |f: fn(&Burst) -> Duration| median(rounds.iter().map(f).collect());
        let p99 = figure(|b| b.p99);
        p99s.push(p99);
        println!(
            "{name:>8} {:>10.1}ms {:>8.1}ms {:>8.1}ms",
            ms(figure(|b| b.connect)),
            ms(figure(|b| b.p50)),
            ms(p99),
        );
    }
    println!(
        "warmed p99 / cold p99 = {:.2} (connect includes the warm-up)",
        p99s[1].as_secs_f64() / p99s[0].as_secs_f64()
    );
    scratch.drop_now().await;
}
