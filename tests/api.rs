//! The chatbot API on a database with the demo data: quotes, patterns, search,
//! catalog, bot texts and typed errors; and the reference data loader.

mod common;

use std::str::FromStr;
use std::time::Duration;

use car_chatbot_db::models::NewCarModel;
use car_chatbot_db::pipeline::refdata::{self, ReferenceData};
use car_chatbot_db::search::rebuild_index;
use car_chatbot_db::tenant::{Access, in_tenant_transaction};
use car_chatbot_db::{
    DatabaseErrorKind, Db, DbConfig, DbRole, Error, Language, ModelId, OptionChoice, SkipReason,
    TextKey,
};
use chrono::NaiveDate;
use diesel_async::SimpleAsyncConnection;
use rust_decimal::Decimal;

use common::{TestDatabase, error_text, search_eval};

fn kgs(amount: &str) -> Decimal {
    Decimal::from_str(amount).unwrap()
}

/// Adds prices to a tenant's list, written as car_operator with the tenant set.
async fn add_prices(db: &TestDatabase, slug: &str, values: &str) {
    let tenant = db.tenant(slug).await.tenant_id();
    let mut conn = db.connect(DbRole::Operator).await;
    let sql = format!(
        "INSERT INTO prices (tenant_id, category_id, option_id, option_value, body_type_id, amount, valid_from, valid_to)
         SELECT {tenant}, c.id, o.id, v.option_value, b.id, v.amount, v.valid_from, v.valid_to
         FROM (VALUES {values}) AS v(category, option, option_value, body_type, amount, valid_from, valid_to)
         JOIN product_categories c ON c.code = v.category
         LEFT JOIN product_options o ON o.category_id = c.id AND o.code = v.option
         LEFT JOIN body_types b ON b.code = v.body_type"
    );
    in_tenant_transaction(&mut conn, tenant, Access::ReadWrite, async |conn| {
        Ok(conn.batch_execute(&sql).await?)
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn quotes_add_exactly_and_prefer_the_body_type_price() {
    let test_db = TestDatabase::with_reference_data().await;
    let camry = test_db.model_id("Camry", "XV70").await; // sedan
    let prado = test_db.model_id("Land Cruiser Prado", "J150").await; // suv
    let db = test_db.pool(DbRole::App, 2).await;
    let shop = db.tenant("evopoliki").await.unwrap();

    let sedan = shop
        .quote(camry, "eva_mats", &[OptionChoice::on("with_borders")])
        .await
        .unwrap();
    assert_eq!(
        (sedan.base.amount, sedan.options[0].amount),
        (kgs("2400.00"), kgs("400.00"))
    );
    assert_eq!(sedan.total, kgs("2800.00"));
    assert_eq!(
        (sedan.currency.as_str(), sedan.body_type.as_deref()),
        ("KGS", Some("sedan"))
    );

    // The SUV's own prices beat the all-body-types ones, for the base and the surcharge.
    let suv = shop
        .quote(
            prado,
            "eva_mats",
            &[
                OptionChoice::on("with_borders"),
                OptionChoice::on("third_row"),
                OptionChoice::on("tunnel"),
            ],
        )
        .await
        .unwrap();
    let amounts: Vec<Decimal> = suv.options.iter().map(|l| l.amount).collect();
    assert_eq!(suv.base.amount, kgs("2800.00"));
    assert_eq!(amounts, [kgs("500.00"), kgs("900.00"), kgs("300.00")]);
    assert_eq!(suv.total, kgs("4500.00"));
    // Every line names the price row it used.
    let mut ids: Vec<i64> = suv
        .options
        .iter()
        .map(|l| l.price_id)
        .chain([suv.base.price_id])
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4);

    // Cents add up exactly (0.1 + 0.2 is 0.3 here).
    add_prices(
        &test_db,
        "evopoliki",
        "('seat_covers', NULL, NULL, NULL, 1000.10, DATE '2026-01-01', NULL::date),
         ('seat_covers', 'third_row', NULL, NULL, 0.20, DATE '2026-01-01', NULL::date)",
    )
    .await;
    let cents = shop
        .quote(prado, "seat_covers", &[OptionChoice::on("third_row")])
        .await
        .unwrap();
    assert_eq!(cents.total, kgs("1000.30"));
    assert_eq!(cents.total.to_string(), "1000.30");
}

#[tokio::test(flavor = "multi_thread")]
async fn expired_and_future_prices_are_ignored() {
    let test_db = TestDatabase::with_reference_data().await;
    let camry = test_db.model_id("Camry", "XV70").await;
    // The demo list starts 2026-01-01; add an expired price before it and a rise in 2030.
    add_prices(
        &test_db,
        "evopoliki",
        "('eva_mats', NULL, NULL, NULL, 1900.00, DATE '2025-01-01', DATE '2026-01-01')",
    )
    .await;
    // The superuser bypasses RLS to end the demo base price in 2030.
    let mut admin = test_db.admin().await;
    admin
        .batch_execute(
            "UPDATE prices SET valid_to = DATE '2030-01-01'
             WHERE option_id IS NULL AND body_type_id IS NULL AND valid_from = DATE '2026-01-01'
               AND tenant_id = (SELECT id FROM tenants WHERE slug = 'evopoliki') AND category_id = (SELECT id FROM product_categories WHERE code = 'eva_mats');",
        )
        .await
        .unwrap();
    add_prices(
        &test_db,
        "evopoliki",
        "('eva_mats', NULL, NULL, NULL, 2600.00, DATE '2030-01-01', NULL::date)",
    )
    .await;

    let db = test_db.pool(DbRole::App, 1).await;
    let shop = db.tenant("evopoliki").await.unwrap();
    let day = |s: &str| NaiveDate::from_str(s).unwrap();
    let price_on = async |d: &str| {
        shop.quote_on(day(d), camry, "eva_mats", &[])
            .await
            .map(|q| q.total)
    };
    assert_eq!(price_on("2025-06-01").await.unwrap(), kgs("1900.00"));
    assert_eq!(price_on("2026-11-23").await.unwrap(), kgs("2400.00"));
    assert_eq!(price_on("2029-12-31").await.unwrap(), kgs("2400.00"));
    assert_eq!(price_on("2030-01-01").await.unwrap(), kgs("2600.00"));
    assert!(matches!(
        price_on("2024-01-01").await,
        Err(Error::CategoryNotSold { .. })
    ));
    // Today (in the tenant's time zone) is within the demo list.
    assert_eq!(
        shop.quote(camry, "eva_mats", &[]).await.unwrap().total,
        kgs("2400.00")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_database_refuses_two_prices_in_force_for_one_key() {
    let test_db = TestDatabase::with_reference_data().await;
    let tenant = test_db.tenant("evopoliki").await.tenant_id();
    let mut conn = test_db.connect(DbRole::Operator).await;
    let insert = |from: &str, to: &str| {
        format!(
            "INSERT INTO prices (tenant_id, category_id, amount, valid_from, valid_to)
             SELECT {tenant}, id, 2500, DATE '{from}', {to} FROM product_categories WHERE code = 'eva_mats'"
        )
    };
    let overlapping = insert("2026-06-01", "NULL");
    let result = in_tenant_transaction(&mut conn, tenant, Access::ReadWrite, async |c| {
        Ok(c.batch_execute(&overlapping).await?)
    })
    .await;
    assert!(error_text(result).contains("prices_one_in_force"));
    // Before the demo list starts is fine.
    let earlier = insert("2025-01-01", "DATE '2026-01-01'");
    in_tenant_transaction(&mut conn, tenant, Access::ReadWrite, async |c| {
        Ok(c.batch_execute(&earlier).await?)
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_things_are_typed_errors() {
    let test_db = TestDatabase::with_reference_data().await;
    let camry = test_db.model_id("Camry", "XV70").await;
    let db = test_db.pool(DbRole::App, 2).await;

    match db.tenant("evopolki").await {
        Err(error @ Error::UnknownTenant { .. }) => {
            // The message names no other workshop: a bot may echo it.
            assert_eq!(error.to_string(), "unknown tenant `evopolki`");
            assert!(!error.is_retryable());
        }
        other => panic!("expected UnknownTenant, got {:?}", other.err()),
    }
    let shop = db.tenant("evopoliki").await.unwrap();
    match shop
        .quote(camry, "eva_mats", &[OptionChoice::on("heated")])
        .await
    {
        Err(Error::UnknownOption {
            category,
            code,
            known,
        }) => {
            assert_eq!((category.as_str(), code.as_str()), ("eva_mats", "heated"));
            assert_eq!(known, ["with_borders", "third_row", "tunnel", "trunk_mat"]);
        }
        other => panic!("expected UnknownOption, got {other:?}"),
    }
    match shop.quote(camry, "floor_paint", &[]).await {
        Err(Error::UnknownCategory { known, .. }) => {
            assert_eq!(known, ["eva_mats", "5d_mats", "seat_covers", "trunk_mats"])
        }
        other => panic!("expected UnknownCategory, got {other:?}"),
    }
    assert!(matches!(
        shop.quote(ModelId::new(-1), "eva_mats", &[]).await,
        Err(Error::UnknownModel(id)) if id == ModelId::new(-1)
    ));
    assert!(matches!(
        shop.pattern(ModelId::new(-1), "eva_mats").await,
        Err(Error::UnknownModel(id)) if id == ModelId::new(-1)
    ));
    // Third row is for SUVs and minivans: the strict quote refuses it.
    assert!(matches!(
        shop.quote_strict(camry, "eva_mats", &[OptionChoice::on("third_row")])
            .await,
        Err(Error::OptionNotApplicable { .. })
    ));
    // Choice options need an allowed value; the others take none.
    let five = db.tenant("five_deluxe").await.unwrap();
    for bad in [
        OptionChoice::on("eco_leather_type"),
        OptionChoice::value("eco_leather_type", "gold"),
    ] {
        assert!(matches!(
            five.quote(camry, "5d_mats", &[bad]).await,
            Err(Error::InvalidOptionValue { ref allowed, .. }) if allowed == &["standard", "premium"]
        ));
    }
    assert!(matches!(
        shop.quote(
            camry,
            "eva_mats",
            &[OptionChoice::value("with_borders", "yes")]
        )
        .await,
        Err(Error::InvalidOptionValue { .. })
    ));
    let premium = five
        .quote(
            camry,
            "5d_mats",
            &[OptionChoice::value("eco_leather_type", "premium")],
        )
        .await
        .unwrap();
    assert_eq!(premium.total, kgs("7000.00"));
    // A category the tenant does not price.
    assert!(matches!(
        shop.quote(camry, "5d_mats", &[]).await,
        Err(Error::CategoryNotSold { ref category, .. }) if category == "5d_mats"
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_quote_lists_the_options_that_do_not_apply_and_prices_the_rest() {
    let test_db = TestDatabase::with_reference_data().await;
    let camry = test_db.model_id("Camry", "XV70").await;
    // Take the tunnel mat out of evopoliki's demo price list.
    let mut admin = test_db.admin().await;
    admin
        .batch_execute(
            "DELETE FROM prices WHERE option_id = (SELECT id FROM product_options WHERE code = 'tunnel')
               AND tenant_id = (SELECT id FROM tenants WHERE slug = 'evopoliki');",
        )
        .await
        .unwrap();
    let db = test_db.pool(DbRole::App, 1).await;
    let shop = db.tenant("evopoliki").await.unwrap();
    let asked = [
        OptionChoice::on("with_borders"),
        OptionChoice::on("third_row"),
        OptionChoice::on("tunnel"),
    ];
    let quote = shop.quote(camry, "eva_mats", &asked).await.unwrap();
    // The sedan's base price and the borders; the third row and the tunnel left out.
    assert_eq!(quote.total, kgs("2800.00"));
    assert_eq!(quote.base.name.get(Language::Ky), "EVA килемчелери");
    let priced: Vec<(&str, &str)> = quote
        .options
        .iter()
        .map(|l| (l.option.as_deref().unwrap(), l.name.get(Language::Ru)))
        .collect();
    assert_eq!(priced, [("with_borders", "С бортами")]);
    let skipped: Vec<(&str, &SkipReason)> = quote
        .skipped
        .iter()
        .map(|s| (s.option.as_str(), &s.reason))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "third_row",
                &SkipReason::NotForBodyType {
                    body_type: Some("sedan".into())
                }
            ),
            ("tunnel", &SkipReason::NotPriced),
        ]
    );
    // The strict form names the first that fails.
    assert!(matches!(
        shop.quote_strict(camry, "eva_mats", &asked[..1]).await,
        Ok(ref q) if q.total == kgs("2800.00") && q.skipped.is_empty()
    ));
    assert!(matches!(
        shop.quote_strict(camry, "eva_mats", &asked[2..]).await,
        Err(Error::OptionNotPriced { ref option, .. }) if option == "tunnel"
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chatbot_gets_a_model_its_offers_and_the_price_list_without_sql() {
    let test_db = TestDatabase::with_reference_data().await;
    let prado = test_db.model_id("Land Cruiser Prado", "J150").await;
    test_db
        .add_pattern("evopoliki", "eva_mats", prado, "3 ряда")
        .await;
    let db = test_db.pool(DbRole::App, 1).await;
    let evo = db.tenant("evopoliki").await.unwrap();
    let five = db.tenant("five_deluxe").await.unwrap();

    let car = evo.model(prado).await.unwrap();
    assert_eq!(
        (
            car.brand.as_str(),
            car.model.as_str(),
            car.generation.as_deref()
        ),
        ("Toyota", "Land Cruiser Prado", Some("J150"))
    );
    assert_eq!((car.year_from, car.year_to), (Some(2009), Some(2023)));
    let body = car.body_type.clone().unwrap();
    assert_eq!(
        (body.code.as_str(), body.name.get(Language::Ru)),
        ("suv", "внедорожник")
    );
    let generations: Vec<Option<&str>> = car
        .generations
        .iter()
        .map(|g| g.generation.as_deref())
        .collect();
    assert_eq!(generations, [Some("J120"), Some("J150"), Some("J250")]);
    // As a reply names them, in either language; the newest is still made.
    assert_eq!(
        car.display(Language::Ru),
        "Toyota Land Cruiser Prado J150 (2009–2023)"
    );
    let choices: Vec<String> = car
        .generations
        .iter()
        .map(|g| g.display(Language::Ky))
        .collect();
    assert_eq!(
        choices,
        ["J120 (2002–2009)", "J150 (2009–2023)", "J250 (2023-жылдан)"]
    );
    assert!(matches!(
        evo.model(ModelId::new(-1)).await,
        Err(Error::UnknownModel(id)) if id == ModelId::new(-1)
    ));

    // What each workshop makes for this SUV, at the SUV's price.
    let offers =
        |offers: Vec<car_chatbot_db::ModelOffer>| -> Vec<(String, bool, Option<String>, Decimal)> {
            offers
                .into_iter()
                .map(|o| (o.category.code, o.pattern_available, o.notes, o.price))
                .collect()
        };
    assert_eq!(
        offers(evo.offers_for_model(prado).await.unwrap()),
        [
            (
                "eva_mats".into(),
                true,
                Some("3 ряда".into()),
                kgs("2800.00")
            ),
            ("trunk_mats".into(), false, None, kgs("1200.00")),
        ]
    );
    assert_eq!(
        offers(five.offers_for_model(prado).await.unwrap()),
        [
            ("eva_mats".into(), false, None, kgs("2200.00")),
            ("5d_mats".into(), false, None, kgs("6500.00")),
            ("seat_covers".into(), false, None, kgs("9000.00")),
        ]
    );

    // The price list: "from" the lowest base price, every price in force.
    let list = evo.price_list().await.unwrap();
    let eva = &list[0];
    assert_eq!(
        (eva.category.code.as_str(), eva.from_price),
        ("eva_mats", kgs("2400.00"))
    );
    assert_eq!(eva.prices.len(), 9);
    let borders: Vec<(Option<&str>, Decimal)> = eva
        .prices
        .iter()
        .filter(|p| p.option.as_deref() == Some("with_borders"))
        .map(|p| (p.body_type.as_deref(), p.amount))
        .collect();
    assert_eq!(
        borders,
        [(None, kgs("400.00")), (Some("suv"), kgs("500.00"))]
    );
    assert_eq!(evo.local_today().await.unwrap(), {
        let now = chrono::Utc::now().naive_utc() + chrono::Duration::hours(6);
        now.date()
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn patterns_search_catalog_and_bot_texts_are_per_tenant() {
    let test_db = TestDatabase::with_reference_data().await;
    let camry = test_db.model_id("Camry", "XV70").await;
    test_db
        .add_pattern("evopoliki", "eva_mats", camry, "седан, с бортами")
        .await;
    let db = test_db.pool(DbRole::App, 2).await;
    let evo = db.tenant("evopoliki").await.unwrap();
    let five = db.tenant("five_deluxe").await.unwrap();

    let pattern = evo.pattern(camry, "eva_mats").await.unwrap();
    assert!(pattern.available);
    assert_eq!(pattern.notes.as_deref(), Some("седан, с бортами"));
    assert!(!five.pattern(camry, "eva_mats").await.unwrap().available);
    assert!(!evo.pattern(camry, "seat_covers").await.unwrap().available);

    let found = evo
        .search_models("камри 70", Some("eva_mats"), 5)
        .await
        .unwrap();
    assert_eq!(found.decision, car_chatbot_db::Decision::Confident);
    let hits = found.hits;
    assert_eq!(
        (hits[0].model.as_str(), hits[0].generation.as_deref()),
        ("Camry", Some("XV70"))
    );
    assert!(hits[0].pattern_available);
    let body = hits[0].body_type_name.as_ref().unwrap();
    assert_eq!(
        (body.get(Language::Ru), body.get(Language::Ky)),
        ("седан", "седан")
    );
    assert!(hits[1..].iter().all(|h| !h.pattern_available));
    let theirs = five.search_models("камри 70", None, 5).await.unwrap().hits;
    assert_eq!(theirs[0].model_id, camry);
    assert!(!theirs[0].pattern_available);
    let nothing = evo.search_models("шины зимние", None, 5).await.unwrap();
    assert_eq!(nothing.decision, car_chatbot_db::Decision::NotFound);

    let offer = evo.price_list().await.unwrap();
    let codes: Vec<(&str, Vec<&str>)> = offer
        .iter()
        .map(|o| {
            (
                o.category.code.as_str(),
                o.options.iter().map(|x| x.code.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            (
                "eva_mats",
                vec!["with_borders", "third_row", "tunnel", "trunk_mat"]
            ),
            ("trunk_mats", vec![])
        ]
    );
    assert_eq!(five.price_list().await.unwrap().len(), 3);

    // Kyrgyz when the tenant has it, Russian otherwise, and it says so.
    let greeting = evo.bot_text(TextKey::Greeting, Language::Ky).await.unwrap();
    assert!(greeting.text.starts_with("Саламатсызбы"));
    assert!(!greeting.is_fallback());
    // Take evopoliki's Kyrgyz question about borders away.
    test_db
        .admin()
        .await
        .batch_execute("DELETE FROM bot_texts WHERE key = 'ask_borders' AND language = 'ky' AND tenant_id = (SELECT id FROM tenants WHERE slug = 'evopoliki')")
        .await
        .unwrap();
    let borders = evo
        .bot_text(TextKey::AskBorders, Language::Ky)
        .await
        .unwrap();
    assert_eq!(borders.text, "Делаем с бортами или без?");
    assert_eq!(
        (borders.language, borders.is_fallback()),
        (Language::Ru, true)
    );
    let price = five
        .bot_text(TextKey::PriceQuote, Language::Ky)
        .await
        .unwrap();
    // The workshop's currency by its name, in the text's language.
    assert_eq!(
        price.fill(&[("total", "7000")]).unwrap(),
        "Баасы: 7000 сом."
    );
    // Its name, phone and address fill any text.
    let contacts = five
        .bot_text(TextKey::Contacts, Language::Ky)
        .await
        .unwrap();
    assert_eq!(
        contacts.fill(&[]).unwrap(),
        "5D Deluxe: +996 700 654 321, Ош, ул. Ленина 10. Жазыңыз же чалыңыз!"
    );
    // A placeholder the bot did not fill is an error, not a `{total}` sent.
    assert!(matches!(
        price.fill(&[]),
        Err(Error::UnfilledPlaceholder { placeholder, .. }) if placeholder == "total"
    ));
    // No text in either language.
    test_db
        .admin()
        .await
        .batch_execute("DELETE FROM bot_texts WHERE key = 'ask_borders' AND tenant_id = (SELECT id FROM tenants WHERE slug = 'five_deluxe')")
        .await
        .unwrap();
    assert!(matches!(
        five.bot_text(TextKey::AskBorders, Language::Ru).await,
        Err(Error::UnknownBotText { .. })
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn loading_reference_data_twice_changes_nothing() {
    let db = TestDatabase::with_reference_data().await;
    let before = db.snapshot().await;
    let data = ReferenceData::read(&common::data_dir()).unwrap();
    let summary = refdata::load(&mut db.connect(DbRole::Operator).await, &data, &|_| {})
        .await
        .unwrap();
    assert_eq!(summary.counts["models"], 377);
    assert_eq!(summary.counts["tenants"], 2);
    assert_eq!(db.snapshot().await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_reference_data_is_reported_and_changes_nothing() {
    let db = TestDatabase::with_reference_data().await;
    let before = db.snapshot().await;

    // A file error names the file and line before anything is written.
    let dir = std::env::temp_dir().join(format!("car_refdata_{}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(common::data_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let prices = std::fs::read_to_string(dir.join("prices.csv")).unwrap();
    std::fs::write(
        dir.join("prices.csv"),
        prices.replace("evopoliki,eva_mats,tunnel,", "evopoliki,eva_mats,heated,"),
    )
    .unwrap();
    let error = ReferenceData::read(&dir).unwrap_err().to_string();
    assert!(
        error.ends_with("prices.csv:9: unknown option `heated` in category `eva_mats`"),
        "{error}"
    );
    std::fs::write(
        dir.join("prices.csv"),
        prices.replace("2400.00", "two thousand"),
    )
    .unwrap();
    let error = ReferenceData::read(&dir).unwrap_err().to_string();
    assert!(error.contains("prices.csv:2:"), "{error}");

    // An error late in the load (the last tenant's price sheet gives one price twice,
    // after the tenants and texts are written) rolls everything back.
    let mut data = ReferenceData::read(&common::data_dir()).unwrap();
    data.tenants[0].name = "Переименовано".into();
    data.bot_texts[0].text = "Изменено".into();
    let mut twice = ReferenceData::read(&common::data_dir())
        .unwrap()
        .prices
        .pop()
        .unwrap();
    twice.amount += Decimal::ONE;
    data.prices.push(twice);
    let result = refdata::load(&mut db.connect(DbRole::Operator).await, &data, &|_| {}).await;
    assert!(
        error_text(result).contains("the same price is given twice"),
        "the duplicate is reported"
    );
    assert_eq!(db.snapshot().await, before);

    // A misspelt time zone would break every quote of the tenant: the loader refuses
    // it, and so does the database behind it.
    let mut data = ReferenceData::read(&common::data_dir()).unwrap();
    data.tenants[0].timezone = "Asia/Bishkeк".into();
    let result = refdata::load(&mut db.connect(DbRole::Operator).await, &data, &|_| {}).await;
    assert!(error_text(result).contains("time zone `Asia/Bishkeк` is unknown to PostgreSQL"));
    let mut admin = db.admin().await;
    let direct = admin
        .batch_execute(
            "UPDATE tenants SET settings = settings || '{\"timezone\": \"Asia/Bishkeк\"}'",
        )
        .await;
    assert!(error_text(direct).contains("tenants_timezone_known"));
    assert_eq!(db.snapshot().await, before);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_running_chatbot_finds_models_added_by_another_process() {
    let test_db = TestDatabase::with_reference_data().await;
    let db = test_db.pool(DbRole::App, 2).await;
    let evo = db.tenant("evopoliki").await.unwrap();
    let five = db.tenant("five_deluxe").await.unwrap();
    let before = evo.search_models("лада искра", None, 5).await.unwrap();
    assert!(before.hits.iter().all(|h| h.model != "Iskra"), "{before:?}");

    // An operator adds a model to the catalogue, and its search document.
    let mut operator = test_db.connect(DbRole::Operator).await;
    let lada = brand_id(&test_db, "Lada").await;
    let metadata = serde_json::json!({"source": "test"});
    let added = NewCarModel {
        brand_id: lada,
        name: "Iskra",
        name_ru: Some("Искра"),
        generation: None,
        year_from: Some(2025),
        year_to: None,
        body_type_id: None,
        aliases: &[],
        generation_aliases: &[],
        popularity: 0,
        metadata: &metadata,
    };
    let id = NewCarModel::find_or_insert_all(&mut operator, &[added])
        .await
        .unwrap()[0]
        .id;
    rebuild_index(&mut operator, Some(&[(lada, "Iskra".to_owned())]))
        .await
        .unwrap();

    // The chatbot's in-memory index notices the change on its next search.
    let after = evo.search_models("лада искра", None, 5).await.unwrap();
    assert_eq!(after.decision, car_chatbot_db::Decision::Confident);
    assert_eq!(after.hits[0].model_id.get(), id);
    assert_eq!(after.hits[0].year_from, Some(2025));

    // An import for evopoliki adds models the catalogue lacks: its running chatbot
    // finds them, as its own; five_deluxe's does not.
    let table = search_eval::supplier_table();
    let mut import = test_db.connect(DbRole::Import).await;
    search_eval::import_supplier_table(&mut import, &table, "evopoliki").await;
    let query = &table.queries[0].query;
    let own = evo.search_models(query, None, 5).await.unwrap();
    assert!(own.hits[0].model_id.is_own(), "{query}: {own:?}");
    assert!(own.hits[0].pattern_available, "{query}: {own:?}");
    let details = evo.model(own.hits[0].model_id).await.unwrap();
    assert_eq!(details.model, own.hits[0].model);
    let offers = evo.offers_for_model(own.hits[0].model_id).await.unwrap();
    assert!(
        offers
            .iter()
            .any(|o| o.pattern_available && !o.variants.is_empty()),
        "{offers:?}"
    );
    let theirs = five.search_models(query, None, 5).await.unwrap();
    assert!(
        theirs.hits.iter().all(|h| !h.model_id.is_own()),
        "{theirs:?}"
    );
    // An own model's id is the workshop's alone.
    assert!(matches!(
        five.model(own.hits[0].model_id).await,
        Err(car_chatbot_db::Error::UnknownModel(_))
    ));
}

async fn brand_id(db: &TestDatabase, name: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let row: Id = diesel_async::RunQueryDsl::get_result(
        diesel::sql_query("SELECT id FROM brands WHERE name = $1")
            .bind::<diesel::sql_types::Text, _>(name),
        &mut db.admin().await,
    )
    .await
    .unwrap();
    row.id
}

#[tokio::test(flavor = "multi_thread")]
async fn the_search_statement_sets_the_tenant_for_itself_only() {
    #[derive(diesel::QueryableByName, Debug)]
    struct Flags {
        #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::BigInt>)]
        with_pattern: Vec<i64>,
    }
    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::Text)]
        tenant: String,
    }
    let test_db = TestDatabase::with_reference_data().await;
    let camry = test_db.model_id("Camry", "XV70").await;
    test_db
        .add_pattern("evopoliki", "eva_mats", camry, "")
        .await;
    let mut conn = test_db.connect(DbRole::App).await;
    let flags_for = |tenant: i64| {
        diesel::sql_query("SELECT with_pattern FROM search_pattern_flags($1, $2, 'eva_mats')")
            .bind::<diesel::sql_types::BigInt, _>(tenant)
            .bind::<diesel::sql_types::Array<diesel::sql_types::BigInt>, _>(vec![camry.get()])
    };
    let evo_id = test_db.tenant("evopoliki").await.tenant_id();
    let evo = evo_id.get();
    let five = test_db.tenant("five_deluxe").await.tenant_id().get();
    let flags: Flags = diesel_async::RunQueryDsl::get_result(flags_for(evo), &mut conn)
        .await
        .unwrap();
    assert_eq!(flags.with_pattern, [camry.get()]);

    // The same session afterwards: no tenant, so per-tenant tables refuse it.
    let setting: Setting = diesel_async::RunQueryDsl::get_result(
        diesel::sql_query("SELECT coalesce(current_setting('app.tenant_id', true), '') AS tenant"),
        &mut conn,
    )
    .await
    .unwrap();
    assert_eq!(setting.tenant, "");
    let read = conn.batch_execute("SELECT * FROM patterns").await;
    assert!(error_text(read).contains("tenant is not set"));

    let flags: Flags = diesel_async::RunQueryDsl::get_result(flags_for(five), &mut conn)
        .await
        .unwrap();
    assert!(flags.with_pattern.is_empty());

    // Inside a transaction set for evopoliki: called for five_deluxe it refuses (the
    // next statement would otherwise read five_deluxe's rows); called for evopoliki it
    // leaves the transaction's tenant as it was.
    let crossed = in_tenant_transaction(&mut conn, evo_id, Access::ReadOnly, async |c| {
        Ok(diesel_async::RunQueryDsl::get_result::<Flags>(flags_for(five), c).await?)
    })
    .await;
    assert!(
        error_text(crossed).contains("this transaction is set for tenant"),
        "search_pattern_flags switched the tenant"
    );
    let setting = in_tenant_transaction(&mut conn, evo_id, Access::ReadOnly, async |c| {
        let flags: Flags = diesel_async::RunQueryDsl::get_result(flags_for(evo), c).await?;
        assert_eq!(flags.with_pattern, [camry.get()]);
        Ok(diesel_async::RunQueryDsl::get_result::<Setting>(
            diesel::sql_query("SELECT current_setting('app.tenant_id') AS tenant"),
            c,
        )
        .await?)
    })
    .await
    .unwrap();
    assert_eq!(setting.tenant, evo.to_string());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_category_in_a_search_is_a_typed_error() {
    let test_db = TestDatabase::with_reference_data().await;
    let db = test_db.pool(DbRole::App, 1).await;
    let evo = db.tenant("evopoliki").await.unwrap();
    let unknown = evo.search_models("камри", Some("tyres"), 5).await;
    assert!(
        matches!(unknown, Err(Error::UnknownCategory { .. })),
        "{unknown:?}"
    );
    assert!(
        evo.search_models("камри", Some("eva_mats"), 5)
            .await
            .is_ok()
    );
}

/// Every entry point a chatbot or an operator passes values to bounds them: an
/// out-of-range value is `Error::InvalidArgument` naming the argument, never a panic,
/// an abort (a `Vec` sized by a search limit once allocated terabytes) or a huge query.
#[tokio::test]
async fn out_of_range_arguments_are_typed_errors() {
    fn refused<T>(result: car_chatbot_db::Result<T>, argument: &str) {
        match result.err() {
            Some(Error::InvalidArgument { argument: a, .. }) if a == argument => {}
            other => panic!("expected InvalidArgument for {argument}, got {other:?}"),
        }
    }
    let test_db = TestDatabase::with_reference_data().await;
    let camry = test_db.model_id("Camry", "XV70").await;
    let db = test_db.pool(DbRole::App, 2).await;
    let shop = db.tenant("evopoliki").await.unwrap();
    let huge = "я".repeat(1 << 20);
    let long_code = "a".repeat(64);

    for limit in [0, 101, 1 << 40, usize::MAX] {
        refused(
            shop.search_models("камри", None, limit).await,
            "search limit",
        );
    }
    assert!(shop.search_models("камри", None, 100).await.is_ok());
    refused(shop.search_models(&huge, None, 5).await, "search query");
    assert!(
        shop.search_models(&"камри ".repeat(50), None, 5)
            .await
            .is_ok()
    );
    refused(
        shop.search_models("камри", Some(&long_code), 5).await,
        "category",
    );

    for slug in [huge.as_str(), "", "evo\0poliki", long_code.as_str()] {
        refused(db.tenant(slug).await, "tenant slug");
    }
    refused(shop.pattern(camry, &huge).await, "category");
    refused(shop.quote(camry, "", &[]).await, "category");
    let many = vec![OptionChoice::on("with_borders"); 33];
    refused(shop.quote(camry, "eva_mats", &many).await, "options");
    refused(
        shop.quote(camry, "eva_mats", &[OptionChoice::on(&huge)])
            .await,
        "option",
    );
    refused(
        shop.quote_on(
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            camry,
            "seat_covers",
            &[OptionChoice::value("eco_leather_type", &huge)],
        )
        .await,
        "option value",
    );

    for size in [0, 1001, usize::MAX] {
        let config = car_chatbot_db::DbConfig::new(test_db.url()).max_size(size);
        refused(car_chatbot_db::Db::connect(config).await, "pool size");
    }
    for timeout in [std::time::Duration::ZERO, std::time::Duration::MAX] {
        let config = car_chatbot_db::DbConfig::new(test_db.url()).statement_timeout(timeout);
        refused(
            car_chatbot_db::db::connect(&config).await,
            "statement timeout",
        );
        let config = car_chatbot_db::DbConfig::new(test_db.url()).wait_timeout(timeout);
        refused(car_chatbot_db::Db::connect(config).await, "wait timeout");
    }
}

/// The kind and SQLSTATE of a failed call, and whether a bot may retry it.
fn failure(error: &Error) -> (DatabaseErrorKind, Option<&str>, bool) {
    let failed = error
        .database_error()
        .unwrap_or_else(|| panic!("not a database error: {error:?}"));
    (failed.kind(), failed.code(), error.is_retryable())
}

/// A bot retries a busy, locked, slow or lost database and not a bug: each failure is
/// classified by its SQLSTATE.
#[tokio::test(flavor = "multi_thread")]
async fn busy_locked_slow_and_lost_databases_are_retryable_errors() {
    let test_db = TestDatabase::with_reference_data().await;
    let config = DbConfig::new(test_db.url())
        .max_size(1)
        .wait_timeout(Duration::from_millis(200))
        .statement_timeout(Duration::from_millis(300))
        .lock_timeout(Duration::from_millis(200));
    let db = Db::connect(config).await.unwrap();
    let shop = db.tenant("evopoliki").await.unwrap();

    // The pool's one connection is taken: the next caller times out waiting.
    let held = db.pool().get().await.unwrap();
    let busy = shop
        .bot_text(TextKey::Greeting, Language::Ru)
        .await
        .unwrap_err();
    assert!(matches!(busy, Error::PoolTimeout), "{busy:?}");
    assert!(busy.is_retryable());
    drop(held);

    let slow = shop
        .read(async |conn| Ok(conn.batch_execute("SELECT pg_sleep(2)").await?))
        .await
        .unwrap_err();
    assert_eq!(
        failure(&slow),
        (DatabaseErrorKind::StatementTimeout, Some("57014"), true)
    );

    // A DBA cancels the statement by hand: the same SQLSTATE, no timeout to retry.
    let mut admin = test_db.admin().await;
    let (canceled, _) = tokio::join!(
        shop.read(async |conn| {
            let sleep = "SET LOCAL statement_timeout = 0; SELECT pg_sleep(5)";
            Ok(conn.batch_execute(sleep).await?)
        }),
        async {
            // Until the statement is there to cancel.
            let cancel = "SELECT count(*) AS n FROM pg_stat_activity
                          WHERE datname = current_database() AND pid <> pg_backend_pid()
                            AND query LIKE '%SELECT pg_sleep(5)'
                            AND pg_cancel_backend(pid)";
            while common::count(&mut admin, cancel).await.unwrap() == 0 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    );
    let canceled = canceled.unwrap_err();
    assert_eq!(
        failure(&canceled),
        (DatabaseErrorKind::Other, Some("57014"), false)
    );

    // A migration (or an operator) holds a table the call needs.
    admin
        .batch_execute("BEGIN; LOCK TABLE bot_texts IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let locked = shop
        .bot_text(TextKey::Greeting, Language::Ru)
        .await
        .unwrap_err();
    assert_eq!(
        failure(&locked),
        (DatabaseErrorKind::LockNotAvailable, Some("55P03"), true)
    );
    admin.batch_execute("ROLLBACK").await.unwrap();

    // The server ends the session while a call runs on it.
    let lost = shop
        .read(async |conn| {
            admin
                .batch_execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE datname = current_database() AND pid <> pg_backend_pid()",
                )
                .await
                .unwrap();
            conn.batch_execute("SELECT 1").await?;
            Ok(())
        })
        .await
        .unwrap_err();
    let (kind, _, retryable) = failure(&lost);
    assert!(
        matches!(
            kind,
            DatabaseErrorKind::Shutdown | DatabaseErrorKind::ConnectionLost
        ),
        "{lost:?}"
    );
    assert!(retryable);
    // The pool replaces the dead connection: the retry works.
    assert!(shop.bot_text(TextKey::Greeting, Language::Ru).await.is_ok());

    // A bug is not retryable.
    let bug = shop
        .read(async |conn| {
            Ok(conn
                .batch_execute("SELECT no_such_column FROM tenants")
                .await?)
        })
        .await
        .unwrap_err();
    assert_eq!(failure(&bug), (DatabaseErrorKind::Other, None, false));
    // Nor is a write the chatbot's role may not make.
    let refused = shop
        .read(async |conn| Ok(conn.batch_execute("DELETE FROM patterns").await?))
        .await
        .unwrap_err();
    assert_eq!(
        failure(&refused).0,
        DatabaseErrorKind::Other,
        "a read-only transaction: {refused:?}"
    );
}

/// Two transactions that wait for each other: the one the server ends gets a
/// retryable deadlock; a constraint broken is no retry.
#[tokio::test(flavor = "multi_thread")]
async fn deadlocks_are_retryable_and_constraint_violations_are_not() {
    let test_db = TestDatabase::with_reference_data().await;
    let (mut first, mut second) = (test_db.admin().await, test_db.admin().await);
    for conn in [&mut first, &mut second] {
        conn.batch_execute("SET lc_messages = 'C'; SET deadlock_timeout = '50ms'; BEGIN")
            .await
            .unwrap();
    }
    let touch = |slug: &str| format!("UPDATE tenants SET name = name WHERE slug = '{slug}'");
    first.batch_execute(&touch("evopoliki")).await.unwrap();
    second.batch_execute(&touch("five_deluxe")).await.unwrap();
    let (to_five, to_evo) = (touch("five_deluxe"), touch("evopoliki"));
    let (a, b) = tokio::join!(first.batch_execute(&to_five), async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        second.batch_execute(&to_evo).await
    });
    let ended = [a, b]
        .into_iter()
        .filter_map(Result::err)
        .map(Error::from)
        .collect::<Vec<_>>();
    assert_eq!(ended.len(), 1, "{ended:?}");
    assert_eq!(
        failure(&ended[0]),
        (DatabaseErrorKind::Deadlock, Some("40P01"), true)
    );
    for conn in [&mut first, &mut second] {
        conn.batch_execute("ROLLBACK").await.unwrap();
    }

    let duplicate = first
        .batch_execute("INSERT INTO tenants (slug, name) SELECT slug, name FROM tenants LIMIT 1")
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert_eq!(
        failure(&duplicate),
        (DatabaseErrorKind::IntegrityViolation, Some("23505"), false)
    );
}

/// Settings a session cannot start with are configuration errors, never retried.
#[tokio::test(flavor = "multi_thread")]
async fn settings_too_tight_to_connect_are_configuration_errors() {
    let test_db = TestDatabase::with_reference_data().await;
    // With a connection opened up front, the search's index is loaded at connect.
    let config = DbConfig::new(test_db.url())
        .min_idle(1)
        .statement_timeout(Duration::from_millis(1));
    match Db::connect(config).await {
        Ok(_) => panic!("the search index loaded in less than 1 ms"),
        Err(error) => {
            assert!(matches!(error, Error::Config(_)), "{error:?}");
            assert!(error.to_string().contains("statement timeout"), "{error}");
            assert!(!error.is_retryable());
        }
    }
    let config = DbConfig::new("postgres://nobody@127.0.0.1:1/nowhere");
    let unreachable = Db::connect(config).await.unwrap_err();
    assert_eq!(
        failure(&unreachable).0,
        DatabaseErrorKind::ConnectionLost,
        "{unreachable:?}"
    );
    let config = DbConfig::new("not a url");
    let invalid = Db::connect(config).await.unwrap_err();
    assert!(matches!(invalid, Error::Config(_)), "{invalid:?}");
    assert!(!invalid.is_retryable());
}

/// Every demo workshop has a text for every key, in Russian and in Kyrgyz.
#[test]
fn the_demo_workshops_have_every_bot_text_in_both_languages() {
    let data = ReferenceData::read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
        .unwrap();
    let mut missing = Vec::new();
    for tenant in &data.tenants {
        for key in TextKey::ALL {
            for language in Language::ALL {
                let found = data.bot_texts.iter().any(|t| {
                    t.tenant == tenant.slug
                        && t.key == key.as_str()
                        && t.language == language.as_str()
                });
                if !found {
                    missing.push(format!("{} {key} {language}", tenant.slug));
                }
            }
        }
    }
    assert!(missing.is_empty(), "no text for: {missing:?}");
}

/// A reply's calls share one transaction: the transaction's clock does not move.
#[tokio::test(flavor = "multi_thread")]
async fn a_batch_runs_its_calls_in_one_transaction() {
    #[derive(diesel::QueryableByName)]
    struct Clock {
        #[diesel(sql_type = diesel::sql_types::Text)]
        now: String,
    }
    async fn now(conn: &mut diesel_async::AsyncPgConnection) -> String {
        use diesel_async::RunQueryDsl;
        diesel::sql_query("SELECT now()::text AS now")
            .get_result::<Clock>(conn)
            .await
            .unwrap()
            .now
    }
    let test_db = TestDatabase::with_reference_data().await;
    let camry = test_db.model_id("Camry", "XV70").await;
    let db = test_db.pool(DbRole::App, 1).await;
    let shop = db.tenant("evopoliki").await.unwrap();
    let (first, found, quote, text, last) = shop
        .batch(async |tx| {
            let first = now(tx.connection()).await;
            let found = tx.search_models("камри 70", Some("eva_mats"), 5).await?;
            let quote = tx
                .quote(camry, "eva_mats", &[OptionChoice::on("with_borders")])
                .await?;
            tokio::time::sleep(Duration::from_millis(20)).await;
            let text = tx.bot_text(TextKey::PriceQuote, Language::Ky).await?;
            let last = now(tx.connection()).await;
            Ok((first, found, quote, text, last))
        })
        .await
        .unwrap();
    assert_eq!(first, last);
    assert_eq!(found.hits[0].model_id, camry);
    assert_eq!(
        found,
        shop.search_models("камри 70", Some("eva_mats"), 5)
            .await
            .unwrap()
    );
    // The same answers as the calls made one by one.
    assert_eq!(
        quote,
        shop.quote(camry, "eva_mats", &[OptionChoice::on("with_borders")])
            .await
            .unwrap()
    );
    assert_eq!(
        text,
        shop.bot_text(TextKey::PriceQuote, Language::Ky)
            .await
            .unwrap()
    );
    // An error inside ends the batch with it; the connection goes back clean.
    let failed = shop
        .batch(async |tx| tx.model(ModelId::new(-1)).await)
        .await
        .unwrap_err();
    assert!(matches!(failed, Error::UnknownModel(id) if id == ModelId::new(-1)));
    assert!(shop.model(camry).await.is_ok());
}

/// A warmed pool has its connections open before the first customer arrives.
#[tokio::test(flavor = "multi_thread")]
async fn connect_opens_the_minimum_of_connections_up_front() {
    let test_db = TestDatabase::with_reference_data().await;
    let sessions = async || {
        common::count(
            &mut test_db.admin().await,
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'bot-warm'",
        )
        .await
        .unwrap()
    };
    let config = DbConfig::new(test_db.url())
        .application_name("bot-warm")
        .max_size(4)
        .min_idle(3);
    let db = Db::connect(config.clone()).await.unwrap();
    assert_eq!(sessions().await, 3);
    // Calls reuse them: still three after a burst of three.
    let shop = db.tenant("evopoliki").await.unwrap();
    let mut burst = tokio::task::JoinSet::new();
    for _ in 0..3 {
        let shop = shop.clone();
        burst.spawn(async move { shop.bot_text(TextKey::Greeting, Language::Ru).await });
    }
    for text in burst.join_all().await {
        text.unwrap();
    }
    assert_eq!(sessions().await, 3);

    let config = config.min_idle(5);
    assert!(matches!(Db::connect(config).await, Err(Error::Config(_))));
}
