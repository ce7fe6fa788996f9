//! Import speed: a synthetic supplier catalogue of 100,000 clean rows imported for one
//! tenant, beside what a DBA would write by hand for the same rows, in the same run and
//! database: in one transaction as `car_import` with the tenant set, `COPY` into a
//! temporary table, then `INSERT … SELECT … ON CONFLICT` into `models` and `patterns`
//! (row-level security checks every row). Also a bare `COPY`, for scale. Needs a
//! superuser URL to create its scratch database.
//!
//!     cargo run --release --example bench_import [ROWS]

#[path = "support/scratch_db.rs"]
mod scratch_db;

use scratch_db::ScratchDb;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use car_chatbot_db::pipeline::clean::CleanRow;
use car_chatbot_db::pipeline::import::{ImportRequest, import};
use car_chatbot_db::pipeline::refdata::ReferenceData;
use car_chatbot_db::{DbConfig, DbRole};

fn synthetic_rows(count: usize, reference: &ReferenceData) -> Vec<CleanRow> {
    let brands: Vec<&str> = reference
        .brands()
        .into_iter()
        .map(|(name, _, _)| name)
        .collect();
    let bodies = ["sedan", "hatchback", "suv", "minivan", "wagon"];
    (0..count)
        .map(|i| {
            let year_from = 1990 + (i % 30) as i32;
            CleanRow {
                source_ids: (i + 1).to_string(),
                pages: (i / 23 + 1).to_string(),
                brand: brands[i % brands.len()].to_owned(),
                model: format!("Модель {}", i / 3),
                model_ru: Some(format!("модель {}", i / 3)),
                generation: None,
                catalogue_generations: String::new(),
                review_generations: String::new(),
                year_from: Some(year_from),
                year_to: Some(year_from + (i % 7) as i32),
                body_type: Some(bodies[i % bodies.len()].to_owned()),
                steering: None,
                borders: Some("with".into()),
                three_rows: i % 5 == 3,
                hybrid: false,
                matched: false,
                new_brand: false,
                supplier_brand: brands[i % brands.len()].to_uppercase(),
                supplier_model: format!("модель {}", i / 3),
                supplier_years: format!("{year_from}-{}", year_from + (i % 7) as i32),
                notes: "седан правый руль с бортами".into(),
            }
        })
        .collect()
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .map_or(100_000, |n| n.parse().expect("ROWS is a number"));
    let scratch = ScratchDb::new("bench_import").await;
    let url = scratch.url.clone();
    let name = scratch.name.clone();

    let reference =
        ReferenceData::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
    let rows = synthetic_rows(count, &reference);
    let mut conn = car_chatbot_db::db::connect(&DbConfig::new(&url).role(DbRole::Import))
        .await
        .unwrap();
    // The reference and demo data are the operator's to load (`car-migrate seed`).
    let mut operator = car_chatbot_db::db::connect(&DbConfig::new(&url).role(DbRole::Operator))
        .await
        .unwrap();
    car_chatbot_db::pipeline::refdata::load(&mut operator, &reference, &|_| {})
        .await
        .unwrap();
    let request = ImportRequest {
        tenant: "evopoliki",
        category: "eva_mats",
        file_name: "synthetic.csv",
        file_sha256: &"0".repeat(64),
        rows: &rows,
        rows_read: rows.len(),
        rejected: 0,
        dry_run: false,
        max_retire_percent: 100,
        on_wait: &|_| {},
    };
    let start = Instant::now();
    let summary = import(&mut conn, &request, &mut |_, _| {}).await.unwrap();
    let import_time = start.elapsed();
    assert_eq!(summary.added, count);
    let start = Instant::now();
    let again = import(&mut conn, &request, &mut |_, _| {}).await.unwrap();
    let again_time = start.elapsed();
    assert_eq!(again.unchanged, count);

    // The same rows, bare: COPY into a staging table with the clean CSV's columns.
    let csv_path = std::env::temp_dir().join(format!("{name}.csv"));
    let mut writer = csv::Writer::from_path(&csv_path).unwrap();
    for row in &rows {
        writer.serialize(row).unwrap();
    }
    writer.flush().unwrap();
    let psql = |script: &str| {
        let path = std::env::temp_dir().join(format!("{name}.sql"));
        std::fs::write(&path, script).unwrap();
        let start = Instant::now();
        let status = Command::new("psql")
            .args(["-q", "-o", "/dev/null", "-v", "ON_ERROR_STOP=1", &url, "-f"])
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::remove_file(path).ok();
        start.elapsed()
    };
    let columns = "source_ids text, pages text, brand text, model text, model_ru text,
         generation text, catalogue_generations text, review_generations text, year_from int, year_to int, body_type text,
         steering text, borders text, three_rows bool, hybrid bool, matched bool, new_brand bool,
         supplier_brand text, supplier_model text, supplier_years text, notes text";
    psql(&format!("CREATE TABLE bench_staging ({columns})"));
    let startup = psql("SELECT 1");
    let copy_time = psql(&format!(
        "\\copy bench_staging FROM '{}' WITH (FORMAT csv, HEADER)",
        csv_path.display()
    ));
    // What a DBA would write: the rows staged with COPY, then moved into the real tables
    // in SQL, as the import role under row-level security, in one transaction (rolled
    // back, so the models are new as they were for the import's first run).
    let floor_time = psql(&format!(
        "BEGIN;
         SET LOCAL ROLE car_import;
         SELECT set_config('app.tenant_id', id::text, true) FROM tenants WHERE slug = 'evopoliki';
         CREATE TEMP TABLE staging ({columns}) ON COMMIT DROP;
         \\copy staging FROM '{}' WITH (FORMAT csv, HEADER)
         INSERT INTO own_models (tenant_id, brand_id, brand, name, name_ru, generation, body_type_id)
         SELECT DISTINCT ON (s.brand, s.model, s.generation)
                current_setting('app.tenant_id')::bigint, b.id, s.brand, s.model || ' floor', s.model_ru,
                s.generation, bt.id
         FROM staging s JOIN brands b ON b.name = s.brand LEFT JOIN body_types bt ON bt.code = s.body_type
         ON CONFLICT ON CONSTRAINT own_models_natural_key DO NOTHING;
         INSERT INTO patterns (tenant_id, category_id, variant_key, supplier_id, label, year_from, year_to,
                               steering, three_rows, own_model_id, available, notes)
         SELECT current_setting('app.tenant_id')::bigint, c.id,
                lower(concat_ws('|', s.brand, s.model, coalesce(s.generation, ''), coalesce(s.year_from::text, ''),
                      coalesce(s.year_to::text, ''), coalesce(s.steering, ''), CASE WHEN s.three_rows THEN '3' ELSE '' END)),
                s.source_ids, s.supplier_brand || ' ' || s.supplier_model, s.year_from, s.year_to,
                s.steering, s.three_rows, o.id, true, s.notes
         FROM staging s
         JOIN own_models o ON o.tenant_id = current_setting('app.tenant_id')::bigint
              AND o.brand = s.brand AND o.name = s.model || ' floor'
              AND o.generation IS NOT DISTINCT FROM s.generation
         JOIN product_categories c ON c.code = 'eva_mats'
         ON CONFLICT (tenant_id, category_id, variant_key)
         DO UPDATE SET available = true, notes = excluded.notes, supplier_id = excluded.supplier_id;
         ROLLBACK;",
        csv_path.display()
    ));

    println!("rows: {count}");
    println!(
        "car-import (first run):    {:>8.0} ms",
        import_time.as_secs_f64() * 1000.0
    );
    println!(
        "car-import (same again):   {:>8.0} ms",
        again_time.as_secs_f64() * 1000.0
    );
    println!(
        "bare COPY (psql \\copy):    {:>8.0} ms (psql start-up alone {:.0} ms)",
        copy_time.as_secs_f64() * 1000.0,
        startup.as_secs_f64() * 1000.0
    );
    println!(
        "DBA's SQL by hand:         {:>8.0} ms (COPY to a temp table, INSERT … SELECT … ON CONFLICT under RLS, one transaction)",
        floor_time.as_secs_f64() * 1000.0
    );
    println!(
        "ratio import / DBA's SQL:  {:>8.2}x  (target: at most 1.5x)",
        import_time.as_secs_f64() / floor_time.as_secs_f64()
    );
    println!(
        "ratio import / bare COPY:  {:>8.2}x",
        import_time.as_secs_f64() / copy_time.as_secs_f64()
    );

    drop(conn);
    std::fs::remove_file(csv_path).ok();
    scratch.drop_now().await;
}
