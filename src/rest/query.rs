//! Percent-encoding for query strings and path segments.

/// Appends `text` to `out` with every byte outside RFC 3986's unreserved set percent-encoded,
/// so the result is safe in a path segment and in a query name or value alike.
pub(crate) fn percent_encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0xF)] as char);
        }
    }
}

/// The query string (without `?`) for name/value pairs, in the given order. A name given twice
/// is sent twice, which is how the Connector takes several values for one filter
/// (`?createdBy=a&createdBy=b`).
///
/// ```
/// let query = enmeshed_events::rest::encode_query(&[("createdAt", ">2026-01-01"), ("content.@type", "Mail")]);
/// assert_eq!(query, "createdAt=%3E2026-01-01&content.%40type=Mail");
/// ```
pub fn encode_query<N: AsRef<str>, V: AsRef<str>>(pairs: &[(N, V)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        percent_encode_into(&mut out, name.as_ref());
        out.push('=');
        percent_encode_into(&mut out, value.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_bytes_stay_and_everything_else_is_encoded() {
        let mut out = String::new();
        percent_encode_into(&mut out, "aZ09-._~ /?#&=+%ü");
        assert_eq!(out, "aZ09-._~%20%2F%3F%23%26%3D%2B%25%C3%BC");
    }

    #[test]
    fn repeated_names_are_kept_in_order() {
        let pairs = [("createdBy", "a"), ("createdBy", "b"), ("isOwn", "true")];
        assert_eq!(encode_query(&pairs), "createdBy=a&createdBy=b&isOwn=true");
        assert_eq!(encode_query::<&str, &str>(&[]), "");
    }
}
