//! `car-tenant`: the tenant directory: add a workshop, list them, change one.

use std::process::ExitCode;

use anyhow::{Context, Result};
use car_chatbot_db::bounds;
use car_chatbot_db::models::Tenant;
use car_chatbot_db::pipeline::error::{finish, no_database_url};
use car_chatbot_db::pipeline::lock::{print_waiting, session_name};
use car_chatbot_db::pipeline::workshop::{self, Change, Workshop};
use car_chatbot_db::{Contacts, Language};
use clap::{Args, Parser, Subcommand};

/// The tenant directory: each workshop's slug, name, language, currency, time zone,
/// contacts and whether its chatbot may answer.
///
/// `add` is idempotent (adding the same workshop again changes nothing; adding an
/// existing slug with other values is refused: use `set`). Exit codes: 0 done (or
/// nothing to change), 1 failed, 2 bad input (an invalid value, an unknown slug).
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Adds a workshop.
    Add {
        /// Lowercase Latin letters, digits and `_`, e.g. evopoliki.
        slug: String,
        /// The name customers see, e.g. "EVO Полики".
        #[arg(long)]
        name: String,
        #[command(flatten)]
        settings: Settings,
        /// Check and report, without writing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Lists the workshops.
    List,
    /// Changes a workshop: only the values given.
    Set {
        /// The workshop's slug.
        slug: String,
        /// A new name.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        settings: Settings,
        /// Check and report, without writing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Args)]
struct Settings {
    /// The language the chatbot greets in: ru or ky [add: ru].
    #[arg(long)]
    language: Option<Language>,
    /// The prices' currency, ISO 4217 [add: KGS].
    #[arg(long)]
    currency: Option<String>,
    /// IANA time zone; decides which prices are in force today [add: Asia/Bishkek].
    #[arg(long)]
    timezone: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    whatsapp: Option<String>,
    #[arg(long)]
    instagram: Option<String>,
    #[arg(long)]
    address: Option<String>,
    /// Whether the chatbot may answer for the workshop [add: true].
    #[arg(long)]
    active: Option<bool>,
}

impl Settings {
    /// `workshop` with the values given here.
    fn apply(&self, workshop: &mut Workshop) {
        let set = |field: &mut Option<String>, value: &Option<String>| {
            if value.is_some() {
                field.clone_from(value);
            }
        };
        workshop.language = self.language.unwrap_or(workshop.language);
        if let Some(currency) = &self.currency {
            workshop.currency.clone_from(currency);
        }
        if let Some(timezone) = &self.timezone {
            workshop.timezone.clone_from(timezone);
        }
        set(&mut workshop.contacts.phone, &self.phone);
        set(&mut workshop.contacts.whatsapp, &self.whatsapp);
        set(&mut workshop.contacts.instagram, &self.instagram);
        set(&mut workshop.contacts.address, &self.address);
        workshop.active = self.active.unwrap_or(workshop.active);
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    finish("car-tenant", run(&cli).await)
}

async fn run(cli: &Cli) -> Result<()> {
    let url = cli.database_url.clone().ok_or_else(no_database_url)?;
    let name = match &cli.command {
        Command::List => "car-tenant".to_owned(),
        Command::Add { slug, .. } | Command::Set { slug, .. } => {
            bounds::check_code("slug", slug)?;
            session_name("car-tenant", slug)
        }
    };
    let mut conn = workshop::operator_session(&url, &name)
        .await
        .context("cannot connect as car_operator")?;
    let (workshop, update, dry_run) = match &cli.command {
        Command::List => {
            println!(
                "{:<16} {:<24} {:<4} {:<4} {:<16} active",
                "slug", "name", "lang", "cur", "time zone"
            );
            for tenant in Tenant::all(&mut conn).await? {
                println!(
                    "{:<16} {:<24} {:<4} {:<4} {:<16} {}",
                    tenant.slug,
                    printable(&tenant.name),
                    tenant.language().as_str(),
                    tenant.currency(),
                    tenant.timezone(),
                    tenant.active
                );
            }
            return Ok(());
        }
        Command::Add {
            slug,
            name,
            settings,
            dry_run,
        } => {
            let mut workshop = Workshop {
                slug: slug.clone(),
                name: name.clone(),
                language: Language::Ru,
                currency: "KGS".into(),
                timezone: "Asia/Bishkek".into(),
                contacts: Contacts::default(),
                active: true,
            };
            settings.apply(&mut workshop);
            (workshop, false, *dry_run)
        }
        Command::Set {
            slug,
            name,
            settings,
            dry_run,
        } => {
            let mut workshop = Workshop::of(&Tenant::find_by_slug(&mut conn, slug).await?);
            if let Some(name) = name {
                workshop.name.clone_from(name);
            }
            settings.apply(&mut workshop);
            (workshop, true, *dry_run)
        }
    };
    let on_wait = print_waiting("car-tenant");
    let change = workshop::save_workshop(&mut conn, &workshop, update, dry_run, &on_wait).await?;
    let done = match change {
        Change::Added => "added",
        Change::Updated => "updated",
        Change::Unchanged => "unchanged",
    };
    let note = if dry_run && change != Change::Unchanged {
        " (dry run, nothing written)"
    } else {
        ""
    };
    println!("{}: {done}{note}", workshop.slug);
    Ok(())
}

/// `text` with control characters escaped (`\n`, `\u{1b}`), so a name cannot break
/// the listing or drive the terminal.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
