use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::language::Language;
use crate::schema::tenants;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Tenant {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub contacts: serde_json::Value,
    pub settings: serde_json::Value,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A workshop's contacts, each when it has one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contacts {
    /// A phone number as customers dial it (`+996 555 123 456`).
    pub phone: Option<String>,
    /// A WhatsApp number.
    pub whatsapp: Option<String>,
    /// An Instagram account.
    pub instagram: Option<String>,
    /// A street address (`Бишкек, ул. Ахунбаева 1`).
    pub address: Option<String>,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = tenants)]
pub struct NewTenant<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub contacts: &'a serde_json::Value,
    pub settings: &'a serde_json::Value,
    pub active: bool,
}

impl Tenant {
    pub fn tenant_id(&self) -> TenantId {
        TenantId(self.id)
    }

    /// The language the workshop's customers are greeted in (Russian when unset).
    pub fn language(&self) -> Language {
        self.setting("language")
            .and_then(|l| l.parse().ok())
            .unwrap_or(Language::Ru)
    }

    /// The currency of the workshop's prices (`KGS` when unset).
    pub fn currency(&self) -> &str {
        self.setting("currency").unwrap_or("KGS")
    }

    /// The workshop's IANA time zone, which decides which prices are in force today
    /// (`Asia/Bishkek` when unset).
    pub fn timezone(&self) -> &str {
        self.setting("timezone").unwrap_or("Asia/Bishkek")
    }

    /// How customers reach the workshop.
    pub fn contacts(&self) -> Contacts {
        let get = |key: &str| {
            self.contacts
                .get(key)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        Contacts {
            phone: get("phone"),
            whatsapp: get("whatsapp"),
            instagram: get("instagram"),
            address: get("address"),
        }
    }

    fn setting(&self, key: &str) -> Option<&str> {
        self.settings.get(key).and_then(|v| v.as_str())
    }

    pub async fn find_by_slug(conn: &mut AsyncPgConnection, slug: &str) -> Result<Tenant> {
        let found = tenants::table
            .filter(tenants::slug.eq(slug))
            .select(Tenant::as_select())
            .first(conn)
            .await
            .optional()?;
        match found {
            Some(tenant) => Ok(tenant),
            None => Err(Error::UnknownTenant { slug: slug.into() }),
        }
    }

    /// Like [`Tenant::find_by_slug`], but an inactive tenant is an error.
    pub async fn find_active(conn: &mut AsyncPgConnection, slug: &str) -> Result<Tenant> {
        let tenant = Tenant::find_by_slug(conn, slug).await?;
        if !tenant.active {
            return Err(Error::InactiveTenant(tenant.slug));
        }
        Ok(tenant)
    }

    /// Every tenant, by slug.
    pub async fn all(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Tenant>> {
        tenants::table
            .order(tenants::slug)
            .select(Tenant::as_select())
            .load(conn)
            .await
    }

    pub async fn slugs(conn: &mut AsyncPgConnection) -> QueryResult<Vec<String>> {
        tenants::table
            .select(tenants::slug)
            .order(tenants::slug)
            .load(conn)
            .await
    }
}

impl NewTenant<'_> {
    /// Inserts or updates the tenant with this slug and returns its id.
    pub async fn upsert(&self, conn: &mut AsyncPgConnection) -> QueryResult<i64> {
        diesel::insert_into(tenants::table)
            .values(self)
            .on_conflict(tenants::slug)
            .do_update()
            .set(self)
            .returning(tenants::id)
            .get_result(conn)
            .await
    }
}
