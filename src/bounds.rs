//! What a caller may pass. Every public entry point checks its arguments here, so an
//! out-of-range value is an [`Error::InvalidArgument`] that says what is allowed, never
//! a panic, an abort or an allocation sized by the caller.

use std::time::Duration;

use crate::error::{Error, Result};

/// The most search results one call returns.
pub const MAX_SEARCH_RESULTS: usize = 100;
/// The longest search query, in characters (a customer's message about one car).
pub const MAX_QUERY_CHARS: usize = 300;
/// The longest slug, category, option or bot text code.
pub const MAX_CODE_CHARS: usize = 63;
/// The most options one quote may choose.
pub const MAX_OPTIONS: usize = 32;
/// The most connections one pool may keep (PostgreSQL's default is 100 in all).
pub const MAX_POOL_SIZE: usize = 1000;
/// The longest timeout a configuration may set.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

fn invalid(argument: &'static str, reason: String) -> Error {
    Error::InvalidArgument { argument, reason }
}

/// The number of hits of a search: 1 to [`MAX_SEARCH_RESULTS`].
pub fn check_search_limit(limit: usize) -> Result<()> {
    if (1..=MAX_SEARCH_RESULTS).contains(&limit) {
        return Ok(());
    }
    Err(invalid(
        "search limit",
        format!("must be from 1 to {MAX_SEARCH_RESULTS}, got {limit}"),
    ))
}

/// A customer's query: at most [`MAX_QUERY_CHARS`] characters.
pub fn check_query(query: &str) -> Result<()> {
    let chars = query.chars().count();
    if chars <= MAX_QUERY_CHARS {
        return Ok(());
    }
    Err(invalid(
        "search query",
        format!("has {chars} characters, at most {MAX_QUERY_CHARS} are searched"),
    ))
}

/// The end of a conversation's words that one search reads: at most
/// [`MAX_QUERY_CHARS`] characters, cut between words, so a bot that gathers a chat's
/// words over several messages can always search them (the latest count most).
pub fn query_tail(words: &str) -> &str {
    let words = words.trim();
    let chars = words.chars().count();
    if chars <= MAX_QUERY_CHARS {
        return words;
    }
    let (start, _) = words
        .char_indices()
        .nth(chars - MAX_QUERY_CHARS)
        .expect("more characters than the bound");
    let tail = &words[start..];
    // Not half a word: from the first whole one (none when one word is too long).
    let cut = if words[..start].ends_with(char::is_whitespace) {
        0
    } else {
        tail.find(char::is_whitespace).unwrap_or(tail.len())
    };
    tail[cut..].trim_start()
}

/// A slug or code: short and printable (the database's own checks say which exist).
pub fn check_code(argument: &'static str, code: &str) -> Result<()> {
    let chars = code.chars().count();
    if chars == 0 {
        return Err(invalid(argument, "is empty".into()));
    }
    if chars > MAX_CODE_CHARS {
        return Err(invalid(
            argument,
            format!("has {chars} characters, at most {MAX_CODE_CHARS}"),
        ));
    }
    if code.chars().any(char::is_control) {
        return Err(invalid(argument, "contains control characters".into()));
    }
    Ok(())
}

/// The options of one quote: at most [`MAX_OPTIONS`].
pub fn check_option_count(count: usize) -> Result<()> {
    if count <= MAX_OPTIONS {
        return Ok(());
    }
    Err(invalid(
        "options",
        format!("{count} chosen, at most {MAX_OPTIONS}"),
    ))
}

/// A percentage: 0 to 100.
pub fn check_percent(argument: &'static str, percent: u32) -> Result<()> {
    if percent <= 100 {
        return Ok(());
    }
    Err(invalid(
        argument,
        format!("must be from 0 to 100, got {percent}"),
    ))
}

/// A pool size: 1 to [`MAX_POOL_SIZE`].
pub fn check_pool_size(size: usize) -> Result<()> {
    if (1..=MAX_POOL_SIZE).contains(&size) {
        return Ok(());
    }
    Err(invalid(
        "pool size",
        format!("must be from 1 to {MAX_POOL_SIZE}, got {size}"),
    ))
}

/// A timeout: more than zero, at most [`MAX_TIMEOUT`].
pub fn check_timeout(argument: &'static str, timeout: Duration) -> Result<()> {
    if !timeout.is_zero() && timeout <= MAX_TIMEOUT {
        return Ok(());
    }
    Err(invalid(
        argument,
        format!(
            "must be from 1 ms to {} s, got {} ms",
            MAX_TIMEOUT.as_secs(),
            timeout.as_millis()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_chat_keeps_its_latest_whole_words_within_the_bound() {
        assert_eq!(query_tail("  прадо 150 "), "прадо 150");
        let chat = format!("{} прадо 150", "салам жакшы ".repeat(40));
        let tail = query_tail(&chat);
        assert!(tail.chars().count() <= MAX_QUERY_CHARS);
        assert!(tail.ends_with("прадо 150"), "{tail}");
        assert!(
            tail.starts_with("салам ") || tail.starts_with("жакшы "),
            "{tail}"
        );
        assert!(check_query(tail).is_ok());
        assert_eq!(query_tail(&"ы".repeat(400)), "");
    }
}
