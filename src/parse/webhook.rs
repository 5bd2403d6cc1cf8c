//! The Webhooks module's body: `{"data": …, "trigger": "…"}`, or bare data for a target URL
//! that carries the name.

use std::borrow::Cow;

use super::error::ParseError;
use super::name::{check_name, from_url};
use super::raw::{Data, DataLocation, RawEvent};
use super::DeliveryKind;
use crate::json::{Scanner, ValueKind};

/// Where a webhook's event name stood, as error paths say it.
const TRIGGER: &str = "body.trigger";
const URL: &str = "url";

pub(crate) fn read<'a>(
    body: &'a str,
    url: Option<&'a str>,
    max_depth: usize,
) -> Result<RawEvent<'a>, ParseError> {
    let url_name = url.and_then(from_url);
    let mut scanner = Scanner::new(body, max_depth);
    let json_error = |error| ParseError::from_json("body", error);
    let kind = scanner.peek().map_err(json_error)?;
    if kind != ValueKind::Object {
        if url_name.is_some() {
            return bare_data(body, url_name, max_depth);
        }
        let reason = format!(
            "expected an object with \"trigger\" and \"data\", found {}",
            kind.described()
        );
        return Err(ParseError::InvalidEnvelope {
            path: "body".into(),
            reason,
        });
    }
    let mut trigger = None;
    let mut data = None;
    let mut other_keys = false;
    scanner.begin_object().map_err(json_error)?;
    while let Some(key) = scanner.next_key().map_err(json_error)? {
        if key.is("trigger") {
            if trigger.is_some() {
                return Err(duplicate("trigger"));
            }
            trigger = Some(match scanner.peek().map_err(json_error)? {
                ValueKind::String => scanner.string().map_err(json_error)?.decoded(),
                other => {
                    let reason = format!("expected a string, found {}", other.described());
                    return Err(ParseError::InvalidEventName {
                        name: None,
                        path: TRIGGER,
                        reason,
                    });
                }
            });
        } else if key.is("data") {
            if data.is_some() {
                return Err(duplicate("data"));
            }
            // Not checked here: the data is checked on its own when the event is validated.
            data = Some(scanner.skip_value_unchecked().map_err(json_error)?);
        } else {
            other_keys = true;
            scanner.skip_value().map_err(json_error)?;
        }
    }
    scanner.finish().map_err(json_error)?;

    // An object without "trigger" is an envelope only if it holds nothing but "data";
    // anything else is the bare data of a `{{trigger}}` target.
    let (name, path) = match (trigger, url_name) {
        (Some(name), _) => (name, TRIGGER),
        (None, Some(url_name)) if other_keys || data.is_none() => {
            return bare_data(body, Some(url_name), max_depth)
        }
        (None, Some(url_name)) => (url_name, URL),
        (None, None) => {
            return Err(ParseError::MissingEventName {
                path: TRIGGER,
                expected_in: "the body's \"trigger\" or the webhook URL",
            })
        }
    };
    check_name(&name, path)?;
    let data = data.map(|(text, offset)| Data {
        text: Cow::Borrowed(text),
        location: DataLocation::EnvelopeData,
        path: "data",
        offset,
        depth_used: 1,
    });
    Ok(RawEvent::new(name, DeliveryKind::Webhook, data, max_depth))
}

fn bare_data<'a>(
    body: &'a str,
    url_name: Option<Cow<'a, str>>,
    max_depth: usize,
) -> Result<RawEvent<'a>, ParseError> {
    let name = url_name.unwrap_or_default();
    check_name(&name, URL)?;
    Ok(RawEvent::new(
        name,
        DeliveryKind::Webhook,
        Some(Data::whole_body(body)),
        max_depth,
    ))
}

fn duplicate(key: &str) -> ParseError {
    ParseError::InvalidEnvelope {
        path: format!("body.{key}"),
        reason: "the key occurs twice".into(),
    }
}

/// The text of the `data` member of a webhook envelope that was already parsed (the JS side
/// keeps string bodies whole), or `None` without one. The last `data` counts, as for
/// `JSON.parse`; text that is not an object gives `None`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn envelope_data(body: &str) -> Option<&str> {
    let mut scanner = Scanner::new(body, 1 << 20);
    scanner.begin_object().ok()?;
    let mut data = None;
    while let Some(key) = scanner.next_key().ok()? {
        if key.is("data") {
            data = Some(scanner.skip_value_unchecked().ok()?.0);
        } else {
            scanner.skip_value().ok()?;
        }
    }
    data
}

/// The text of a webhook body from where its `data` member's value starts (to the end of the
/// body), for reading the start of the data only; `None` without `data`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn envelope_data_start(body: &str) -> Option<&str> {
    let mut scanner = Scanner::new(body, 1 << 20);
    scanner.begin_object().ok()?;
    while let Some(key) = scanner.next_key().ok()? {
        if key.is("data") {
            return Some(scanner.rest());
        }
        scanner.skip_value().ok()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{envelope_data, envelope_data_start};

    #[test]
    fn finds_where_the_data_starts() {
        assert_eq!(
            envelope_data_start(r#"{"trigger":"x.y", "data" : {"id":"MSGx"}}"#),
            Some(r#"{"id":"MSGx"}}"#)
        );
        assert_eq!(envelope_data_start(r#"{"trigger":"x.y"}"#), None);
        assert_eq!(envelope_data_start(r#"{"trigger":"x.y","da"#), None);
    }

    #[test]
    fn finds_the_data_of_an_envelope() {
        let body = r#"{"trigger":"x.y","data":{"id":"MSGx","a":[1,{"b":"}"}]} }"#;
        assert_eq!(
            envelope_data(body),
            Some(r#"{"id":"MSGx","a":[1,{"b":"}"}]}"#)
        );
        assert_eq!(envelope_data(r#" {"data":"text"}"#), Some(r#""text""#));
        assert_eq!(
            envelope_data(r#"{"trigger":"runtime.modulesStarted"}"#),
            None
        );
        assert_eq!(envelope_data("[1]"), None);
        assert_eq!(envelope_data(r#"{"data":"#), None);
    }
}
