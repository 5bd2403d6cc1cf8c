//! Listing items as raw JSON text: the few fields the rules read, and the data built from them.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// The fields the rules read, each still raw (a wrong type is reported, not fatal); the rest of
/// an item is skipped over, not parsed.
#[derive(Deserialize, Default)]
pub(super) struct Fields<'a> {
    #[serde(borrow)]
    pub(super) id: Option<&'a RawValue>,
    #[serde(borrow, rename = "isOwn")]
    pub(super) is_own: Option<&'a RawValue>,
    #[serde(borrow, rename = "createdAt")]
    pub(super) created_at: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(super) status: Option<&'a RawValue>,
    #[serde(borrow, rename = "auditLog")]
    pub(super) audit_log: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(super) response: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(super) source: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(super) succeeds: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(super) attachments: Option<&'a RawValue>,
    #[serde(borrow)]
    pub(super) reason: Option<&'a RawValue>,
    #[serde(borrow, rename = "type")]
    pub(super) kind: Option<&'a RawValue>,
}

impl<'a> Fields<'a> {
    /// The fields of an object; `None` for any other JSON value.
    pub(super) fn of(raw: &'a RawValue) -> Option<Fields<'a>> {
        raw.get()
            .trim_start()
            .starts_with('{')
            .then(|| serde_json::from_str(raw.get()).ok())
            .flatten()
    }
}

/// A raw value as a string (JSON string escapes decoded), if it is one.
pub(super) fn string(raw: Option<&RawValue>) -> Option<Cow<'_, str>> {
    raw.and_then(|raw| serde_json::from_str::<Cow<str>>(raw.get()).ok())
}

pub(super) fn boolean(raw: Option<&RawValue>) -> Option<bool> {
    raw.and_then(|raw| serde_json::from_str::<bool>(raw.get()).ok())
}

/// `{ request, oldStatus, newStatus }` with the listed request as it is.
pub(super) fn status_changed(request: &RawValue, old: &str, new: &str) -> String {
    format!(
        r#"{{"request":{},"oldStatus":"{old}","newStatus":"{new}"}}"#,
        request.get()
    )
}

/// The message with each attachment given as a FileDTO replaced by its id.
pub(super) fn with_attachment_ids(item: &RawValue) -> String {
    let Ok(mut message) = serde_json::from_str::<Value>(item.get()) else {
        return item.get().to_string();
    };
    if let Some(Value::Array(attachments)) = message.get_mut("attachments") {
        for attachment in attachments.iter_mut() {
            if let Some(file_id) = attachment.get("id").and_then(Value::as_str) {
                *attachment = Value::String(file_id.to_string());
            }
        }
    }
    message.to_string()
}
