use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;

use crate::ids::TenantId;
use crate::schema::prices;

/// A category's base price (`option_id` NULL) or an option's surcharge.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Price {
    pub tenant_id: i64,
    pub id: i64,
    pub category_id: i64,
    pub option_id: Option<i64>,
    pub option_value: Option<String>,
    pub body_type_id: Option<i64>,
    pub amount: Decimal,
    pub currency: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = prices)]
pub struct NewPrice<'a> {
    pub tenant_id: i64,
    pub category_id: i64,
    pub option_id: Option<i64>,
    pub option_value: Option<&'a str>,
    pub body_type_id: Option<i64>,
    pub amount: Decimal,
    pub currency: &'a str,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl Price {
    /// The tenant's prices of a category (base and surcharges) in force on `day`.
    pub async fn in_force(
        conn: &mut AsyncPgConnection,
        tenant: TenantId,
        category_id: i64,
        day: NaiveDate,
    ) -> QueryResult<Vec<Price>> {
        prices::table
            .filter(prices::tenant_id.eq(tenant.get()))
            .filter(prices::category_id.eq(category_id))
            .filter(prices::valid_from.le(day))
            .filter(prices::valid_to.is_null().or(prices::valid_to.gt(day)))
            .select(Price::as_select())
            .load(conn)
            .await
    }

    /// The categories in which the tenant has a base price in force on `day`.
    pub async fn priced_category_ids(
        conn: &mut AsyncPgConnection,
        tenant: TenantId,
        day: NaiveDate,
    ) -> QueryResult<Vec<i64>> {
        prices::table
            .filter(prices::tenant_id.eq(tenant.get()))
            .filter(prices::option_id.is_null())
            .filter(prices::valid_from.le(day))
            .filter(prices::valid_to.is_null().or(prices::valid_to.gt(day)))
            .select(prices::category_id)
            .distinct()
            .load(conn)
            .await
    }
}

impl NewPrice<'_> {
    /// Inserts the price or updates the one with the same key and start date. Only
    /// the columns outside the key change: a Citus cluster refuses an update that
    /// sets the distribution column (`tenant_id`), even to its own value.
    pub async fn upsert(&self, conn: &mut AsyncPgConnection) -> QueryResult<usize> {
        diesel::insert_into(prices::table)
            .values(self)
            .on_conflict(diesel::upsert::on_constraint("prices_natural_key"))
            .do_update()
            .set((
                prices::amount.eq(excluded(prices::amount)),
                prices::currency.eq(excluded(prices::currency)),
                prices::valid_to.eq(excluded(prices::valid_to)),
            ))
            .execute(conn)
            .await
    }
}
