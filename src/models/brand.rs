use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::schema::brands;
use crate::search::text::to_latin;

/// `Land Rover` -> `land-rover`, `Джетур` -> `dzhetur`.
pub fn slugify(name: &str) -> String {
    to_latin(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Brand {
    pub id: i64,
    pub name: String,
    pub name_ru: String,
    pub slug: String,
    pub aliases: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = brands)]
pub struct NewBrand<'a> {
    pub name: &'a str,
    pub name_ru: &'a str,
    pub slug: &'a str,
    pub aliases: &'a [String],
}

impl Brand {
    /// Adds a brand the reference data lacks, named as a supplier spells it, and returns
    /// its id; an existing brand of that name is left as it is. Its slug is the name in
    /// Latin letters, numbered when another brand has it.
    pub async fn add_new(conn: &mut AsyncPgConnection, name: &str) -> QueryResult<i64> {
        if let Some(id) = brands::table
            .filter(brands::name.eq(name))
            .select(brands::id)
            .first(conn)
            .await
            .optional()?
        {
            return Ok(id);
        }
        let base = Some(slugify(name))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "brand".to_owned());
        let taken: Vec<String> = brands::table
            .filter(brands::slug.like(format!("{base}%")))
            .select(brands::slug)
            .load(conn)
            .await?;
        let slug = (1..)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                }
            })
            .find(|s| !taken.contains(s))
            .expect("some number is free");
        diesel::insert_into(brands::table)
            .values(NewBrand {
                name,
                name_ru: &name.to_lowercase(),
                slug: &slug,
                aliases: &[],
            })
            .returning(brands::id)
            .get_result(conn)
            .await
    }
}

impl NewBrand<'_> {
    /// Inserts or updates the brand with this name and returns its id.
    pub async fn upsert(&self, conn: &mut AsyncPgConnection) -> QueryResult<i64> {
        diesel::insert_into(brands::table)
            .values(self)
            .on_conflict(brands::name)
            .do_update()
            .set(self)
            .returning(brands::id)
            .get_result(conn)
            .await
    }
}
