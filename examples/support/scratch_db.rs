//! A migrated scratch database for the benchmark and report programs, dropped by
//! [`ScratchDb::drop_now`]. Needs a superuser URL in TEST_DATABASE_URL (default: the
//! local server as `postgres`).

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};

pub struct ScratchDb {
    pub name: String,
    pub url: String,
    admin: AsyncPgConnection,
}

impl ScratchDb {
    pub async fn new(tag: &str) -> ScratchDb {
        let admin_url = std::env::var("TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let (server, _) = admin_url
            .rsplit_once('/')
            .expect("the URL ends with a database name");
        let name = format!("car_{tag}_{}", std::process::id());
        let url = format!("{server}/{name}");
        let mut admin = AsyncPgConnection::establish(&admin_url).await.unwrap();
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {name} TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            ))
            .await
            .unwrap();
        car_chatbot_db::migrations::with_connection(&url, car_chatbot_db::migrations::run_pending)
            .await
            .unwrap();
        ScratchDb { name, url, admin }
    }

    /// Drops the database (closing whatever is still connected to it).
    pub async fn drop_now(mut self) {
        let sql = format!("DROP DATABASE {} WITH (FORCE)", self.name);
        self.admin.batch_execute(&sql).await.unwrap();
    }
}
