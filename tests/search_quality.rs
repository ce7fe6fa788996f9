//! Search quality on the development query sets against the reference catalogue:
//! the right model first for at least 98% of the hand-written queries, and the right
//! model and generation first for at least 95% of all 563.

mod common;

use car_chatbot_db::DbRole;

use common::TestDatabase;
use common::search_eval::{evaluate, percent};

#[tokio::test(flavor = "multi_thread")]
async fn the_right_model_and_generation_come_first() {
    let db = TestDatabase::with_reference_data().await;
    let pool = db.pool(DbRole::App, 2).await;
    let shop = pool.tenant("evopoliki").await.unwrap();
    let report = evaluate(&shop).await;
    let hand = &report.sets["hand"];
    let total = report.total();
    let hand_model = percent(hand.model_first, hand.queries);
    let all_full = percent(total.full_first, total.queries);
    assert_eq!(total.queries, 563);
    assert!(
        hand_model >= 98.0 && all_full >= 95.0,
        "hand-written: {hand_model:.1}% right model first; all: {all_full:.1}% right model and generation first\n{}",
        report.misses.join("\n")
    );
}
