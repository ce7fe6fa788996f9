//! `car-migrate`: applies, lists and reverts the database migrations embedded in
//! this binary, and loads the reference and demo data from `data/`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use car_chatbot_db::pipeline::error::finish;
use car_chatbot_db::pipeline::lock::print_waiting;
use car_chatbot_db::pipeline::refdata::{self, ReferenceData};
use car_chatbot_db::{DbConfig, DbRole};
use car_chatbot_db::{citus, migrations};
use clap::{Parser, Subcommand};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};

/// Database migrations for car-chatbot-db.
///
/// With no command, creates the database if it does not exist (UTF-8 locale, as
/// Cyrillic search needs) and applies every pending migration. On a Citus coordinator
/// (a database with the citus extension) it then distributes the schema: per-tenant
/// tables by tenant_id, shared tables as reference tables (safe to run again). Connects with
/// DATABASE_URL (also read from a `.env` file) as a role that may create roles and
/// tables (a superuser, or a DBA role that is a member of car_owner).
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    /// PostgreSQL URL, e.g. postgres://postgres@127.0.0.1:5432/car_chatbot
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: String,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply every pending migration (the default).
    Run,
    /// List every migration and whether it is applied, and on Citus how each
    /// table is distributed.
    Status,
    /// Revert the most recently applied migration.
    Revert,
    /// Load reference and demo data from CSV files: the shared tables (body types,
    /// categories, options, the vehicle catalogue) are upserted, keeping spellings
    /// operators adopted; each demo workshop (tenants.csv) is added with its bot texts
    /// and prices when missing, and an existing one is left as operators made it (only
    /// bot texts it lacks are added). Safe to run again, also beside imports.
    Seed {
        /// Folder with the CSV files.
        #[arg(long, default_value = "data")]
        data: PathBuf,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    finish("car-migrate", run(cli).await)
}

async fn run(cli: Cli) -> Result<()> {
    let url = cli.database_url;
    match cli.command.unwrap_or(Command::Run) {
        Command::Run => {
            create_database_if_missing(&url).await?;
            let applied = migrations::with_connection(&url, migrations::run_pending)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))
                .context("Failed to apply migrations")?;
            if applied.is_empty() {
                println!("Database is up to date.");
            }
            for version in applied {
                println!("Applied {version}");
            }
            let mut conn = AsyncPgConnection::establish(&url)
                .await
                .context("Failed to connect to the database")?;
            if citus::is_citus(&mut conn).await? {
                citus::distribute(&mut conn).await.context(
                    "Failed to distribute the schema on the Citus cluster; nothing was changed",
                )?;
                println!("Citus: the schema is distributed (see `car-migrate status`).");
            }
        }
        Command::Status => {
            let status = migrations::with_connection(&url, migrations::status)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))
                .context("Failed to read migration status")?;
            for (name, applied) in status {
                println!("[{}] {name}", if applied { "X" } else { " " });
            }
            let mut conn = AsyncPgConnection::establish(&url)
                .await
                .context("Failed to connect to the database")?;
            if citus::is_citus(&mut conn).await? {
                println!("Citus tables:");
                for table in citus::placements(&mut conn).await? {
                    println!("  {:<20} {}", table.table_name, table.placement);
                }
            } else {
                println!("Plain PostgreSQL (no citus extension): every table is local.");
            }
        }
        Command::Revert => {
            let version = migrations::with_connection(&url, migrations::revert_last)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))
                .context("Failed to revert the last migration")?;
            println!("Reverted {version}");
        }
        Command::Seed { data } => {
            let reference = ReferenceData::read(&data).with_context(|| {
                format!("Failed to read reference data from {}", data.display())
            })?;
            let config = DbConfig::for_tool(&url, DbRole::Operator, "car-migrate seed")?;
            let mut conn = car_chatbot_db::db::connect(&config)
                .await
                .context("Failed to connect as car_operator")?;
            let summary = refdata::load(&mut conn, &reference, &print_waiting("car-migrate"))
                .await
                .context("Failed to load reference data; nothing was changed")?;
            println!("{summary}");
        }
    }
    Ok(())
}

/// Creates the database named in `url` when the server says it does not exist.
async fn create_database_if_missing(url: &str) -> Result<()> {
    let error = match AsyncPgConnection::establish(url).await {
        Ok(_) => return Ok(()),
        Err(error) => error,
    };
    if !error.to_string().contains("does not exist") {
        return Err(error).context("Failed to connect to the database");
    }
    let (server, name) = split_database_url(url)?;
    let mut admin = AsyncPgConnection::establish(&format!("{server}/postgres"))
        .await
        .context("Failed to connect to the `postgres` database to create the database")?;
    admin
        .batch_execute(&format!(
            "CREATE DATABASE \"{}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
            name.replace('"', "\"\"")
        ))
        .await
        .with_context(|| format!("Failed to create database `{name}`"))?;
    println!("Created database {name}");
    Ok(())
}

/// `postgres://u@h:5432/db?x=y` -> (`postgres://u@h:5432`, `db`).
fn split_database_url(url: &str) -> Result<(&str, &str)> {
    let without_query = url.split('?').next().unwrap_or(url);
    let (server, name) = without_query
        .rsplit_once('/')
        .filter(|(server, name)| server.contains("//") && !server.ends_with('/') && !name.is_empty())
        .context("DATABASE_URL must end with a database name, e.g. postgres://postgres@127.0.0.1:5432/car_chatbot")?;
    Ok((server, name))
}
