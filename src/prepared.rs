//! Raw SQL that a connection prepares once and reuses, as diesel does for its DSL
//! queries. Diesel prepares a `sql_query` text anew on every call: a round trip
//! to the server (parse and describe) before the one that runs it.

use std::marker::PhantomData;

use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};

/// `query` (a `diesel::sql_query` with its binds), cached in each connection's
/// statement cache under the type `Name`: one type per SQL text, so that two
/// statements never share a cache entry.
///
/// ```
/// # use car_chatbot_db::prepared::Prepared;
/// enum Today {}
/// let query = Prepared::<Today, _>::new(diesel::sql_query("SELECT current_date AS today"));
/// ```
pub struct Prepared<Name, Q> {
    query: Q,
    name: PhantomData<fn() -> Name>,
}

impl<Name: 'static, Q> Prepared<Name, Q> {
    /// Wraps `query`.
    pub fn new(query: Q) -> Self {
        Prepared {
            query,
            name: PhantomData,
        }
    }
}

impl<Name: 'static, Q: QueryFragment<Pg>> QueryFragment<Pg> for Prepared<Name, Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.query.walk_ast(pass)
    }

    /// The text is fixed and its binds' types too, so its prepared form can be reused
    /// (a `sql_query` marks itself unsafe only because diesel cannot know that).
    fn is_safe_to_cache_prepared(&self, _: &Pg) -> QueryResult<bool> {
        Ok(true)
    }
}

impl<Name: 'static, Q> QueryId for Prepared<Name, Q> {
    type QueryId = Name;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<Name: 'static, Q: Query> Query for Prepared<Name, Q> {
    type SqlType = Q::SqlType;
}
