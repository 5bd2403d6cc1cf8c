//! The request headers the endpoint looks at: `content-type`, `content-length`, `authorization`.

use super::bound::{cut, MAX_ECHOED_CHARS};
use super::rejection::Rejection;

/// Accepts a JSON content type: `application/json` or `application/<anything>+json`, with any
/// parameters and, when a `charset` is given, `utf-8`. A missing or empty content type is
/// accepted: the Connector's HTTP client always sends one, but a proxy may strip it, and the
/// body is parsed as JSON either way.
///
/// # Errors
///
/// [`Rejection::UnsupportedMediaType`] for another media type,
/// [`Rejection::UnsupportedCharset`] for a charset other than UTF-8.
pub fn check_content_type(value: Option<&str>) -> Result<(), Rejection> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(());
    };
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let json = essence == "application/json"
        || essence
            .strip_prefix("application/")
            .and_then(|sub| sub.strip_suffix("+json"))
            .is_some_and(|name| !name.is_empty() && !name.contains('/'));
    if !json {
        return Err(Rejection::UnsupportedMediaType { found: echo(value) });
    }
    for parameter in parts {
        let (name, charset) = parameter.split_once('=').unwrap_or((parameter, ""));
        if !name.trim().eq_ignore_ascii_case("charset") {
            continue;
        }
        let charset = charset.trim().trim_matches('"');
        if !(charset.eq_ignore_ascii_case("utf-8") || charset.eq_ignore_ascii_case("utf8")) {
            return Err(Rejection::UnsupportedCharset {
                found: echo(charset),
            });
        }
    }
    Ok(())
}

/// Refuses a declared `content-length` over `limit` before the body is read. A missing or
/// unparsable length passes: the body is then counted while it is read.
///
/// # Errors
///
/// [`Rejection::TooLarge`] with the declared length.
pub fn check_declared_length(value: Option<&str>, limit: u64) -> Result<(), Rejection> {
    let declared = value.map(str::trim).and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(declared) if declared > limit => Err(Rejection::TooLarge {
            limit,
            declared: Some(declared),
        }),
        _ => Ok(()),
    }
}

/// The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive.
/// `None` for another scheme, an empty token or a token with whitespace inside.
pub fn bearer_token(authorization: &str) -> Option<&str> {
    let value = authorization.trim();
    let (scheme, token) = value.split_once([' ', '\t'])?;
    let token = token.trim();
    let valid = scheme.eq_ignore_ascii_case("bearer")
        && !token.is_empty()
        && !token.contains(|c: char| c.is_whitespace());
    valid.then_some(token)
}

/// A header value cut to a length fit for a message.
fn echo(value: &str) -> String {
    cut(value, MAX_ECHOED_CHARS)
}
