//! Listing items as raw JSON text: the few fields the rules read, and the data built from them.
//!
//! Everything here reads with the crate's own scanner (`crate::json`), not serde_json: the
//! listing is checked once, as a whole, by [`listing_items`]; the item texts it hands out are
//! then known to be JSON, so the fields are found by stepping over values without checking them
//! again.

use std::borrow::Cow;

use crate::json::{JsonError, JsonStr, Scanner};

/// Deepest nesting accepted in a listing. The scanner does not recurse, so this only bounds
/// nonsense; it is the limit `event_key` reads data with, which then reads every event's data.
const MAX_DEPTH: usize = 1024;

/// The exact text of each element of the JSON array `text`, which is checked as a whole
/// (syntax, one value, nothing after it).
pub(super) fn listing_items(text: &str) -> Result<Vec<&str>, JsonError> {
    let mut scanner = Scanner::new(text, MAX_DEPTH);
    scanner.begin_array()?;
    let mut items = Vec::new();
    while scanner.next_element()? {
        scanner.peek()?;
        let start = scanner.position();
        scanner.skip_value()?;
        items.push(&text[start..scanner.position()]);
    }
    scanner.finish()?;
    Ok(items)
}

/// The fields the rules read, each still raw JSON text (a wrong type is reported, not fatal);
/// the rest of an item is stepped over, not parsed. A field given twice counts with its last
/// value, as `JSON.parse` reads it.
#[derive(Default)]
pub(super) struct Fields<'a> {
    pub(super) id: Option<&'a str>,
    pub(super) is_own: Option<&'a str>,
    pub(super) created_at: Option<&'a str>,
    pub(super) status: Option<&'a str>,
    pub(super) audit_log: Option<&'a str>,
    pub(super) response: Option<&'a str>,
    pub(super) source: Option<&'a str>,
    pub(super) succeeds: Option<&'a str>,
    pub(super) attachments: Option<&'a str>,
    pub(super) reason: Option<&'a str>,
    pub(super) kind: Option<&'a str>,
}

impl<'a> Fields<'a> {
    /// The fields of an object (checked JSON text, e.g. from [`listing_items`]); `None` for any
    /// other JSON value.
    pub(super) fn of(raw: &'a str) -> Option<Fields<'a>> {
        let mut fields = Fields::default();
        members(raw, |key, value, _| {
            let slot = match key.decoded().as_ref() {
                "id" => &mut fields.id,
                "isOwn" => &mut fields.is_own,
                "createdAt" => &mut fields.created_at,
                "status" => &mut fields.status,
                "auditLog" => &mut fields.audit_log,
                "response" => &mut fields.response,
                "source" => &mut fields.source,
                "succeeds" => &mut fields.succeeds,
                "attachments" => &mut fields.attachments,
                "reason" => &mut fields.reason,
                "type" => &mut fields.kind,
                _ => return,
            };
            *slot = Some(value);
        })?;
        Some(fields)
    }
}

/// Calls `each` with every member of the object `raw` (checked JSON text): its key, the exact
/// text of its value and where that text starts in `raw`. `None` if `raw` is not an object.
fn members<'a>(raw: &'a str, mut each: impl FnMut(JsonStr<'a>, &'a str, usize)) -> Option<()> {
    if !raw.starts_with('{') {
        return None;
    }
    let mut scanner = Scanner::new(raw, MAX_DEPTH);
    scanner.begin_object().ok()?;
    while let Some(key) = scanner.next_key().ok()? {
        let (value, start) = scanner.skip_value_unchecked().ok()?;
        each(key, value, start);
    }
    Some(())
}

/// The exact text of each element of the array `raw` (checked JSON text); `None` if `raw` is
/// not an array.
pub(super) fn elements(raw: &str) -> Option<Vec<&str>> {
    if !raw.starts_with('[') {
        return None;
    }
    let mut scanner = Scanner::new(raw, MAX_DEPTH);
    scanner.begin_array().ok()?;
    let mut elements = Vec::new();
    while scanner.next_element().ok()? {
        elements.push(scanner.skip_value_unchecked().ok()?.0);
    }
    Some(elements)
}

/// A raw value as a string (JSON string escapes decoded), if it is one.
pub(super) fn string(raw: Option<&str>) -> Option<Cow<'_, str>> {
    let raw = raw.filter(|raw| raw.starts_with('"'))?;
    Scanner::new(raw, 0).string().ok().map(|s| s.decoded())
}

pub(super) fn boolean(raw: Option<&str>) -> Option<bool> {
    match raw? {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// `{ request, oldStatus, newStatus }` with the listed request as it is.
pub(super) fn status_changed(request: &str, old: &str, new: &str) -> String {
    format!(r#"{{"request":{request},"oldStatus":"{old}","newStatus":"{new}"}}"#)
}

/// The message with each attachment given as a FileDTO replaced by its id. Only the
/// `attachments` array is rewritten; the rest of the text stays exactly as listed.
pub(super) fn with_attachment_ids(item: &str) -> String {
    let mut out = String::with_capacity(item.len());
    let mut copied = 0;
    members(item, |key, value, start| {
        let Some(files) = key.is("attachments").then(|| elements(value)).flatten() else {
            return;
        };
        out.push_str(&item[copied..start]);
        out.push('[');
        for (index, file) in files.into_iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            out.push_str(file_id(file).unwrap_or(file));
        }
        out.push(']');
        copied = start + value.len();
    });
    out.push_str(&item[copied..]);
    out
}

/// The `id` of a FileDTO as its JSON string text (quotes and escapes as listed), if it has a
/// string one.
fn file_id(file: &str) -> Option<&str> {
    let mut id = None;
    members(file, |key, value, _| {
        if key.is("id") {
            id = Some(value);
        }
    })?;
    id.filter(|id| id.starts_with('"'))
}
