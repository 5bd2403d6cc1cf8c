//! Event names as they arrive in triggers, routing keys, topics, channels and URLs.

use std::borrow::Cow;

use super::error::ParseError;

/// Longest accepted event name: Connector names are under 90 bytes.
const MAX_NAME_BYTES: usize = 256;

/// Longest part of a refused name its error repeats: a trigger can be as long as the body, and
/// the webhook endpoint sends the message back (found by the `endpoint` fuzz target).
const MAX_ECHOED_CHARS: usize = 64;

/// Checks that `name` could be an event name; `found_in` says where it came from.
pub(crate) fn check_name(name: &str, found_in: &'static str) -> Result<(), ParseError> {
    let reason = if name.is_empty() {
        Some("it is empty".to_string())
    } else if name.len() > MAX_NAME_BYTES {
        Some(format!("it is longer than {MAX_NAME_BYTES} bytes"))
    } else if name.split('.').any(str::is_empty) {
        Some("it has an empty segment".to_string())
    } else {
        name.chars()
            .find(|c| {
                !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':' | '@' | '$'))
            })
            .map(|c| format!("it contains {c:?}, which no event name has"))
    };
    match reason {
        None => Ok(()),
        Some(reason) => Err(ParseError::InvalidEventName {
            name: echo(name),
            found_in,
            reason,
        }),
    }
}

/// A refused name as its error shows it: cut to [`MAX_ECHOED_CHARS`], with `…` when cut.
fn echo(name: &str) -> String {
    let mut echoed: String = name.chars().take(MAX_ECHOED_CHARS).collect();
    if echoed.len() < name.len() {
        echoed.push('…');
    }
    echoed
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
    }

    #[test]
    fn a_long_refused_name_is_cut_in_its_error() {
        let long = format!("transport.{}", "x".repeat(1 << 20));
        let error = check_name(&long, "trigger").unwrap_err();
        let ParseError::InvalidEventName { name, .. } = &error else {
            panic!("{error:?}");
        };
        assert_eq!(*name, format!("transport.{}…", "x".repeat(54)));
        assert_eq!(
            error.to_string(),
            format!(
                "invalid event name \"transport.{}…\" in trigger: it is longer than 256 bytes",
                "x".repeat(54)
            )
        );
        // A short name is shown whole.
        let error = check_name("a b", "trigger").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid event name \"a b\" in trigger: it contains ' ', which no event name has"
        );
    }
}
