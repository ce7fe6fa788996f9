use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::ids::TenantId;
use crate::schema::bot_texts;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct BotText {
    pub tenant_id: i64,
    pub key: String,
    pub language: String,
    pub text: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = bot_texts)]
pub struct NewBotText<'a> {
    pub tenant_id: i64,
    pub key: &'a str,
    pub language: &'a str,
    pub text: &'a str,
}

impl BotText {
    /// The text for `key` in the first of `languages` that has one.
    pub async fn find(
        conn: &mut AsyncPgConnection,
        tenant: TenantId,
        key: &str,
        languages: &[&str],
    ) -> QueryResult<Option<BotText>> {
        let mut texts: Vec<BotText> = bot_texts::table
            .filter(bot_texts::tenant_id.eq(tenant.get()))
            .filter(bot_texts::key.eq(key))
            .filter(bot_texts::language.eq_any(languages))
            .select(BotText::as_select())
            .load(conn)
            .await?;
        texts.sort_by_key(|t| languages.iter().position(|l| *l == t.language));
        Ok(texts.into_iter().next())
    }
}

impl NewBotText<'_> {
    pub async fn upsert_all(
        conn: &mut AsyncPgConnection,
        rows: &[NewBotText<'_>],
    ) -> QueryResult<usize> {
        diesel::insert_into(bot_texts::table)
            .values(rows)
            .on_conflict((bot_texts::tenant_id, bot_texts::key, bot_texts::language))
            .do_update()
            .set(bot_texts::text.eq(excluded(bot_texts::text)))
            .execute(conn)
            .await
    }
}
