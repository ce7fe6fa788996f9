//! `car-catalog`: the models workshops hold of their own, and their adoption into
//! the shared vehicle catalogue.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use car_chatbot_db::pipeline::catalogue::{self, NewGeneration, OwnModelLine, Target};
use car_chatbot_db::pipeline::clean::parse_years;
use car_chatbot_db::pipeline::error::{finish, no_database_url};
use car_chatbot_db::pipeline::lock::print_waiting;
use car_chatbot_db::pipeline::workshop::operator_session;
use clap::{Parser, Subcommand};

/// The shared vehicle catalogue's review. A supplier row whose model (or generation)
/// the catalogue lacks becomes a model of its workshop's own: that workshop's
/// customers find it, nobody else's. `review` lists them across workshops, grouped
/// by spelling in either script; `adopt` makes them a catalogue generation (a new
/// one, or one the catalogue has, of which they are other spellings), re-points
/// every workshop's patterns of them to it and keeps their spellings as aliases, so
/// the workshops' next imports resolve to it.
///
/// Runs as car_operator, in one transaction (`--dry-run` rolls it back). Exit codes:
/// 0 done, 1 failed (nothing changed), 2 bad input (an unknown model or body type).
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run: the size of a variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Lists the workshops' own models, grouped by spelling.
    Review {
        /// Print a JSON array (one object per workshop's model) instead.
        #[arg(long)]
        json: bool,
    },
    /// Adopts workshops' own models into the catalogue.
    Adopt {
        /// The workshops' models, as `review` prints them (`"Омода C5"`); case and
        /// spacing aside, every workshop's model of that name is adopted.
        #[arg(required = true)]
        models: Vec<String>,
        /// A catalogue generation they are spellings of (its id, as `car-search`
        /// prints it): `Кроун` of the Crown.
        #[arg(long, conflicts_with_all = ["brand", "model"])]
        into: Option<i64>,
        /// The new generation's brand, as the catalogue names it (`Omoda`); a brand
        /// the catalogue lacks is added.
        #[arg(long, requires = "model")]
        brand: Option<String>,
        /// The brand's Russian spelling, for a new brand (`омода`).
        #[arg(long)]
        brand_ru: Option<String>,
        /// The model's name (`C5`).
        #[arg(long, requires = "brand")]
        model: Option<String>,
        /// The model's Russian spelling (`с5`).
        #[arg(long)]
        model_ru: Option<String>,
        /// The generation's code, when it has one (`B3`).
        #[arg(long)]
        generation: Option<String>,
        /// The generation's years: `2022-`, `1988-1993`.
        #[arg(long)]
        years: Option<String>,
        /// Its body type's code (`suv`, `sedan`, …).
        #[arg(long)]
        body: Option<String>,
        /// Work it out and report, without writing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    finish("car-catalog", run(cli).await)
}

async fn run(cli: Cli) -> Result<()> {
    let url = cli.database_url.ok_or_else(no_database_url)?;
    let mut conn = operator_session(&url, "car-catalog")
        .await
        .context("cannot connect as car_operator")?;
    match cli.command {
        Command::Review { json } => {
            let lines = catalogue::review(&mut conn).await?;
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &lines)?;
                writeln!(out)?;
            } else {
                print_review(&mut out, &lines)?;
            }
        }
        Command::Adopt {
            models,
            into,
            brand,
            brand_ru,
            model,
            model_ru,
            generation,
            years,
            body,
            dry_run,
        } => {
            let target = match (into, brand, model) {
                (Some(id), ..) => Target::Existing(id),
                (None, Some(brand), Some(model)) => {
                    let (year_from, year_to) = match &years {
                        Some(years) => parse_years(years).map_err(|e| {
                            car_chatbot_db::pipeline::ImportError::Invalid(format!("--years: {e}"))
                        })?,
                        None => (None, None),
                    };
                    Target::New(NewGeneration {
                        brand,
                        brand_ru,
                        model,
                        model_ru,
                        generation,
                        year_from,
                        year_to,
                        body_type: body,
                    })
                }
                _ => {
                    return Err(car_chatbot_db::pipeline::ImportError::Invalid(
                        "say where they go: --into GENERATION_ID, or --brand and --model".into(),
                    )
                    .into());
                }
            };
            let adopted = catalogue::adopt(
                &mut conn,
                &models,
                &target,
                dry_run,
                &print_waiting("car-catalog"),
            )
            .await?;
            println!(
                "{} {}{} (#{}){}: {}",
                adopted.brand,
                adopted.model,
                adopted
                    .generation
                    .as_deref()
                    .map(|g| format!(" {g}"))
                    .unwrap_or_default(),
                adopted.model_id,
                if adopted.new_brand {
                    ", a new brand"
                } else {
                    ""
                },
                adopted
                    .workshops
                    .iter()
                    .map(|(slug, n)| format!("{slug} ({n} patterns)"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if dry_run {
                println!("dry run: nothing was written");
            }
        }
    }
    Ok(())
}

/// Per spelling group: its spellings, then each workshop with its patterns.
fn print_review(out: &mut impl Write, lines: &[OwnModelLine]) -> std::io::Result<()> {
    let mut groups: BTreeMap<String, Vec<&OwnModelLine>> = BTreeMap::new();
    for line in lines {
        groups.entry(line.group()).or_default().push(line);
    }
    for members in groups.values() {
        let mut spellings: Vec<String> = members
            .iter()
            .map(|m| format!("\"{}\"", m.label()))
            .collect();
        spellings.sort();
        spellings.dedup();
        let mut workshops: BTreeMap<&str, i64> = BTreeMap::new();
        for m in members {
            *workshops.entry(&m.tenant).or_default() += m.patterns;
        }
        let workshops: Vec<String> = workshops
            .iter()
            .map(|(slug, n)| format!("{slug} ({n} patterns)"))
            .collect();
        let brand = if members.iter().all(|m| m.brand_known) {
            ""
        } else {
            "  [a brand the catalogue lacks]"
        };
        writeln!(
            out,
            "{}{brand}\n    {}",
            spellings.join(" "),
            workshops.join(", ")
        )?;
    }
    writeln!(
        out,
        "{} models of workshops' own, in {} spellings",
        lines.len(),
        groups.len()
    )
}
