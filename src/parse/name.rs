//! Event names as they arrive in triggers, routing keys, topics, channels and URLs.

use std::borrow::Cow;

use super::error::ParseError;

/// Longest accepted event name: Connector names are under 90 bytes.
const MAX_NAME_BYTES: usize = 256;

/// Checks that `name` could be an event name; `path` says where in the delivery it stood.
///
/// Only what cannot be a name is refused: empty segments, control characters, whitespace,
/// the wildcard characters of the Connector's patterns and of the brokers (`*`, `#`, `+`, `?`),
/// U+FFFD (what a lone surrogate or a broken byte became: two different names would otherwise
/// arrive as one), and over-long names. Letters of any script are fine: an unknown name is
/// delivered as such.
pub(crate) fn check_name(name: &str, path: &'static str) -> Result<(), ParseError> {
    // Every name a Connector sends is short ASCII: one byte loop decides it (the general
    // check below walks Unicode properties and splits twice, a fifth of a small dispatch).
    if is_plain_ascii_name(name.as_bytes()) {
        return Ok(());
    }
    let reason = if name.is_empty() {
        Some("it is empty".to_string())
    } else if name.len() > MAX_NAME_BYTES {
        Some(format!("it is longer than {MAX_NAME_BYTES} bytes"))
    } else if name.split('.').any(str::is_empty) {
        Some("it has an empty segment".to_string())
    } else {
        name.chars()
            .find(|&c| {
                c.is_control()
                    || c.is_whitespace()
                    || matches!(c, '*' | '#' | '+' | '?' | '\u{FFFD}')
            })
            .map(|c| format!("it contains {c:?}, which no event name has"))
    };
    match reason {
        None => Ok(()),
        Some(reason) => Err(ParseError::InvalidEventName {
            name: Some(name.to_string()),
            path,
            reason,
        }),
    }
}

/// True when `name` is non-empty ASCII within the length limit, with no empty segment and only
/// printable characters other than the wildcards. False says nothing: the general check decides.
fn is_plain_ascii_name(name: &[u8]) -> bool {
    if name.is_empty() || name.len() > MAX_NAME_BYTES {
        return false;
    }
    let mut previous = b'.';
    for &byte in name {
        let allowed = match byte {
            b'.' => previous != b'.',
            b'*' | b'#' | b'+' | b'?' => false,
            // Printable ASCII; space, controls and every non-ASCII byte go to the general check.
            _ => (0x21..0x7f).contains(&byte),
        };
        if !allowed {
            return false;
        }
        previous = byte;
    }
    previous != b'.'
}

/// The event name an MQTT topic stands for: the Connector writes the name with `/` for `.`.
pub(crate) fn from_mqtt_topic(topic: &str) -> Cow<'_, str> {
    if topic.contains('/') {
        Cow::Owned(topic.replace('/', "."))
    } else {
        Cow::Borrowed(topic)
    }
}

/// The last path segment of a webhook URL (for targets configured with `{{trigger}}`),
/// percent-decoded; `None` when there is none, or when it has no dot: every Connector event
/// name has at least two segments, so `/hooks/connector` names no event (its body must).
pub(crate) fn from_url(url: &str) -> Option<Cow<'_, str>> {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let path = &url[..end];
    // Skip a scheme and authority, if any: "https://host/hooks/x" -> "/hooks/x".
    let path = match path.find("://") {
        Some(at) => path[at + 3..]
            .find('/')
            .map_or("", |slash| &path[at + 3 + slash..]),
        None => path,
    };
    let segment = path.rsplit('/').next().filter(|s| !s.is_empty())?;
    Some(percent_decode(segment)).filter(|name| name.contains('.'))
}

fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_urls() {
        assert_eq!(
            from_url("https://erp.example.com/hooks/transport.messageReceived").as_deref(),
            Some("transport.messageReceived")
        );
        assert_eq!(
            from_url("/hooks/transport.messageSent?x=1#f").as_deref(),
            Some("transport.messageSent")
        );
        assert_eq!(from_url("https://h/a%2Eb").as_deref(), Some("a.b"));
        assert_eq!(from_url("https://erp.example.com/"), None);
        assert_eq!(from_url("https://erp.example.com"), None);
        assert_eq!(
            from_url("https://erp.example.com/hooks/connector"),
            None,
            "one segment is no event name"
        );
    }

    /// The general rules alone, as `check_name` applied them before its ASCII fast path.
    fn general_rules_accept(name: &str) -> bool {
        !name.is_empty()
            && name.len() <= MAX_NAME_BYTES
            && !name.split('.').any(str::is_empty)
            && !name.chars().any(|c| {
                c.is_control()
                    || c.is_whitespace()
                    || matches!(c, '*' | '#' | '+' | '?' | '\u{FFFD}')
            })
    }

    #[test]
    fn the_ascii_fast_path_accepts_only_what_the_general_rules_accept() {
        let mut names = vec![
            String::new(),
            ".".into(),
            "a.".into(),
            "a".repeat(256),
            "a".repeat(257),
        ];
        for byte in 0u8..0x80 {
            let c = char::from(byte);
            for name in [
                format!("{c}"),
                format!("a{c}"),
                format!("{c}b"),
                format!("a.{c}.b"),
                format!("a{c}{c}b"),
            ] {
                names.push(name);
            }
        }
        for name in &names {
            assert_eq!(
                check_name(name, "trigger").is_ok(),
                general_rules_accept(name),
                "{name:?}"
            );
            if is_plain_ascii_name(name.as_bytes()) {
                assert!(general_rules_accept(name), "{name:?}");
            }
        }
    }

    #[test]
    fn name_rules_with_reasons() {
        assert!(check_name(
            "consumption.relationshipEvent.RELexample0000000001",
            "trigger"
        )
        .is_ok());
        let reason = |name: &str| match check_name(name, "trigger") {
            Err(ParseError::InvalidEventName { reason, .. }) => reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(reason(""), "it is empty");
        assert_eq!(reason("a..b"), "it has an empty segment");
        assert_eq!(reason(".a"), "it has an empty segment");
        assert_eq!(
            reason("transport.*"),
            "it contains '*', which no event name has"
        );
        assert_eq!(reason("a b"), "it contains ' ', which no event name has");
        assert_eq!(reason(&"a".repeat(257)), "it is longer than 256 bytes");
        assert_eq!(reason("a.b#"), "it contains '#', which no event name has");
        // What a lone surrogate escape (`\ud800`) or encodeInto of one becomes.
        assert_eq!(
            reason("transport.x\u{FFFD}"),
            "it contains '\u{fffd}', which no event name has"
        );
        assert_eq!(
            reason("a.\u{a0}b"),
            "it contains '\\u{a0}', which no event name has"
        );
        // Any script: the README promises unknown names are delivered, not refused.
        assert!(check_name("transport.nachrichtEmpfangenÜ", "trigger").is_ok());
        assert!(check_name("übertragung.नमस्ते.消息", "trigger").is_ok());
    }
}
