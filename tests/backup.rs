//! Backups as README describes them: `pg_dump` as a login role that is only a member of
//! `car_backup`, restored into a fresh database, gives the same rows of every tenant,
//! with row-level security still forced.

mod common;

use std::process::Command;

use car_chatbot_db::DbRole;
use diesel::QueryableByName;
use diesel::sql_types::{Bool, Text};
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};

use common::{TestDatabase, error_text};

/// Every row of every table, import runs and migrations included, as text.
async fn all_rows(db: &TestDatabase) -> String {
    let mut out = db.snapshot().await;
    let more = ["import_runs", "__diesel_schema_migrations"];
    out.push_str(&db.dump(&more, common::ROWS_AS_TEXT).await);
    out
}

fn run(command: &mut Command) {
    let output = command
        .output()
        .expect("the PostgreSQL client tools are installed");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dump_by_the_backup_role_restores_every_tenant_with_rls_forced() {
    let db = TestDatabase::with_reference_data().await;
    let camry = db.model_id("Camry", "XV70").await;
    db.add_pattern("evopoliki", "eva_mats", camry, "седан")
        .await;
    db.add_pattern("five_deluxe", "5d_mats", camry, "").await;

    // The role reads every table, so a table added without its grant fails here.
    #[derive(QueryableByName)]
    struct Unread {
        #[diesel(sql_type = Text)]
        dump: String,
    }
    let unread: Unread = diesel::sql_query(
        "SELECT coalesce(string_agg(relname, ', '), '') AS dump FROM pg_class
         WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S')
           AND NOT has_table_privilege('car_backup', oid, 'SELECT')",
    )
    .get_result(&mut db.admin().await)
    .await
    .unwrap();
    assert_eq!(unread.dump, "", "car_backup cannot read these");

    let file = std::env::temp_dir().join(format!("{}.dump", db.name));
    let backup_login = common::login_url(&db, "car_backup").await;
    run(Command::new("pg_dump")
        .args(["--format=custom", "--role=car_backup", "--file"])
        .arg(&file)
        .arg(&backup_login));

    let restored = TestDatabase::unmigrated("C.UTF-8").await;
    run(Command::new("pg_restore")
        .args(["--exit-on-error", "--dbname", &restored.url()])
        .arg(&file));
    std::fs::remove_file(&file).unwrap();

    assert_eq!(all_rows(&restored).await, all_rows(&db).await);
    #[derive(QueryableByName)]
    struct Forced {
        #[diesel(sql_type = Bool)]
        forced: bool,
    }
    let forced: Forced = diesel::sql_query(
        "SELECT bool_and(relrowsecurity AND relforcerowsecurity) AS forced FROM pg_class
         WHERE relname IN ('bot_texts', 'import_runs', 'patterns', 'prices')
           AND relnamespace = 'public'::regnamespace",
    )
    .get_result(&mut restored.admin().await)
    .await
    .unwrap();
    assert!(forced.forced);
    // A chatbot session on the restored database is checked and isolated as before.
    let mut app = restored.connect(DbRole::App).await;
    let read = app.batch_execute("SELECT * FROM patterns").await;
    assert!(error_text(read).contains("tenant is not set"));
}
