//! Event identity: which occurrence an event is, from its name and data alone.
//!
//! The Connector sends no event ids, so a consumer that must not run an event twice (a broker
//! redelivery, a webhook trigger overlap, a catch-up from the REST API) needs an identity
//! derived from the content. [`event_key`] gives it, [`event_subject`] names the entity an event
//! is about, so that events of one entity can be handled in order.
//!
//! The rules are in [`event_key`]'s documentation and the README.

use std::borrow::Cow;

use super::catalogue::lookup;
use super::DataType;
use crate::json::{JsonError, Scanner, ValueKind};

/// Deeper data is still read (it only makes the scan refuse, and the key fall back to the hash).
const MAX_DEPTH: usize = 1024;
/// The longest field value used as a part of a key.
const MAX_PART: usize = 256;

/// A stable identity of one event: `<name>:<identity>`, equal whichever transport delivered it
/// and for an event built from the REST API's DTO. `data_json` is the data's JSON text, `None`
/// for an event without data. Never panics: data that is not JSON, or not of the expected
/// shape, gets the hash of its text.
///
/// The identity is read from the data by these rules (fields are
/// paths into `data`; `|n|` is an array's length; `?x` means "`x` when absent"):
///
/// | Events | Identity | Subject |
/// |---|---|---|
/// | `transport.messageReceived`, `…messageSent`, `…messageDelivered`, `consumption.mailReceived` | `id` | `id` |
/// | `transport.messageWasReadAtChanged` | `id`, `wasReadAt` ?`unread` | `id` |
/// | `transport.relationshipChanged`, `…relationshipReactivationRequested`, `…relationshipReactivationCompleted`, `consumption.relationshipEvent.<id>` | `id`, \|`auditLog`\| | `id` |
/// | `transport.peerToBeDeleted`, `…peerDeletionCancelled`, `…peerDeleted` | `id`, \|`auditLog`\|, `peerDeletionInfo.deletionStatus` ?`none`, `peerDeletionInfo.deletionDate` ?`none` | `id` |
/// | `transport.relationshipDecomposedBySelf` | `relationshipId` | `relationshipId` |
/// | `transport.peerRelationshipTemplateLoaded`, `…relationshipTemplateAllocationsExhausted` | `id` | `id` |
/// | `transport.fileOwnershipClaimed` | `id`, `owner` | `id` |
/// | `transport.fileOwnershipLocked` | `id`, hash | `id` |
/// | `transport.identityDeletionProcessStatusChanged` | `id`, `status` | `id` |
/// | `consumption.incomingRequestReceived`, `…outgoingRequestCreated`, `…CreatedAndCompleted` (all three) | `id` | `id` |
/// | `consumption.incomingRequestStatusChanged`, `…outgoingRequestStatusChanged` | `request.id`, `request.status` (= `newStatus`) | `request.id` |
/// | `consumption.messageProcessed` | `message.id` | `message.id` |
/// | `consumption.relationshipTemplateProcessed` | `template.id`, `result` | `template.id` |
/// | `consumption.attributeCreated`, `…attributeDeleted`, `…ownAttributeDeletedByOwner`, `…peerRelationshipAttributeDeletedByPeer`, legacy `…DeletedBy…` | `id` | `id` |
/// | `consumption.attributeWasViewedAtChanged` | `id`, `wasViewedAt` ?`unviewed` | `id` |
/// | `consumption.attributeForwardingDetailsChanged`, `…forwardedAttributeDeletedByPeer` | `id`, hash | `id` |
/// | `consumption.attributeSucceeded`, legacy `…Succeeded` | `predecessor.id`, `successor.id` | `predecessor.id` |
/// | legacy `consumption.attributeListenerCreated` | `id` | `id` |
/// | legacy `consumption.attributeListenerTriggered` | hash | `attributeListener.id` |
/// | `consumption.shareCredentialOfferRequestItemProcessedByRecipient`, `runtime.*`, `transport.datawalletSynchronized` | hash | none |
/// | any other name | hash | `id` |
///
/// "hash" is 128 bits of FNV-1a over the name and the data's JSON text without the whitespace
/// between tokens, as 32 hex digits; no data and `{}` hash alike (brokers send `{}` where a
/// webhook sends no data). Where a rule's field is missing, is not a string (or array, for a
/// length), or is not 1 to 256 visible ASCII characters, or the data is not JSON (as far as it is
/// read: reading stops once the fields are found), the key is the hash alone: `<name>:<hash>`.
/// Parts are joined with `:`.
///
/// Where events of one entity recur with identical content (a peer's deletion cancelled twice,
/// a file locked twice with the same DTO, every `runtime.modulesStarted`), their keys are equal:
/// nothing in the data tells them apart.
///
/// ```
/// use enmeshed_events::event_key;
///
/// let data = r#"{"request":{"id":"REQexample0000000007","status":"Decided"},"oldStatus":"Open","newStatus":"Decided"}"#;
/// assert_eq!(
///     event_key("consumption.incomingRequestStatusChanged", Some(data)),
///     "consumption.incomingRequestStatusChanged:REQexample0000000007:Decided"
/// );
/// ```
pub fn event_key(name: &str, data_json: Option<&str>) -> String {
    identify(name, data_json).key
}

/// The id of the entity an event is about (message, relationship, request, attribute, file,
/// template, identity deletion process), or `None` when it names none. Used to order the events
/// of one entity; the table of [`event_key`] says which field each event gives.
///
/// ```
/// use enmeshed_events::event_subject;
///
/// let data = r#"{"relationshipId":"RELexample0000000003"}"#;
/// assert_eq!(
///     event_subject("transport.relationshipDecomposedBySelf", Some(data)).as_deref(),
///     Some("RELexample0000000003")
/// );
/// ```
pub fn event_subject(name: &str, data_json: Option<&str>) -> Option<String> {
    identify(name, data_json).subject
}

/// Whether [`event_key`] is, or ends with, the hash of the data rather than ids alone. Such a
/// key is shared by distinct occurrences with identical data (every `runtime.modulesStarted`,
/// a file locked twice with the same DTO), so an idempotency guard should remember it only
/// for a redelivery window, not for days.
///
/// ```
/// use enmeshed_events::event_key_is_hash;
///
/// assert!(event_key_is_hash("runtime.modulesStarted", Some("{}")));
/// assert!(!event_key_is_hash("transport.messageReceived", Some(r#"{"id":"MSGexample0000000001"}"#)));
/// ```
pub fn event_key_is_hash(name: &str, data_json: Option<&str>) -> bool {
    identify(name, data_json).key_is_hash
}

/// An event's key and subject, found in one reading of its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    pub(crate) key: String,
    pub(crate) subject: Option<String>,
    /// The key is, or ends with, the hash of the data: two distinct occurrences with identical
    /// data share it, so a guard should remember it only for a redelivery window.
    pub(crate) key_is_hash: bool,
}

/// [`event_key`] and [`event_subject`] at once.
pub(crate) fn identify(name: &str, data_json: Option<&str>) -> Identity {
    let data = data_json.filter(|text| !is_empty_object(text));
    let rule = rule_for(name);
    let found = data
        .and_then(|text| read_fields(text, &rule))
        .map(|(found, _)| found);
    // `build` needs nothing more when it may hash: the fallback only satisfies the types.
    build(name, &rule, found, Some(data)).unwrap_or_else(|| hash_only(name, data))
}

/// The identity from the first `text.len()` bytes of the data alone, when its fields are all
/// there (the JS side tries the start of a long text before copying all of it into wasm).
/// `None` when more is needed: a field lies further on, or the key is (or falls back to) a hash.
/// With `envelope`, `text` is the start of a webhook body whose `data` member is the data.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn identify_start(name: &str, text: &str, envelope: bool) -> Option<Identity> {
    let rule = rule_for(name);
    if rule.hash {
        return None;
    }
    let data = if envelope {
        crate::parse::envelope_data_start(text)?
    } else {
        text
    };
    match read_fields(data, &rule)? {
        (found, true) => build(name, &rule, Some(found), None),
        (_, false) => None,
    }
}

/// The key and subject from the fields found; `hashed` is the data to hash where the key needs
/// it (`None`: not available, then the answer is `None`).
fn build(
    name: &str,
    rule: &Rule,
    found: Option<Found<'_>>,
    hashed: Option<Option<&str>>,
) -> Option<Identity> {
    let subject = found
        .as_ref()
        .and_then(|found| found.subject.as_deref())
        .filter(|s| is_part(s))
        .map(str::to_owned);
    let parts = found.and_then(|found| rule_parts(rule, found.parts));
    let mut key_is_hash = true;
    let mut key = String::with_capacity(name.len() + 64);
    key.push_str(name);
    key.push(':');
    match parts {
        Some(parts) if !parts.is_empty() => {
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    key.push(':');
                }
                key.push_str(part);
            }
            if rule.hash {
                key.push(':');
                push_hash(&mut key, name, hashed?);
            } else {
                key_is_hash = false;
            }
        }
        _ => push_hash(&mut key, name, hashed?),
    }
    Some(Identity {
        key,
        subject,
        key_is_hash,
    })
}

fn hash_only(name: &str, data: Option<&str>) -> Identity {
    let mut key = format!("{name}:");
    push_hash(&mut key, name, data);
    Identity {
        key,
        subject: None,
        key_is_hash: true,
    }
}

/// How one field of the data is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    /// A string.
    Text,
    /// An array's length.
    Length,
}

/// A field a key is made of.
#[derive(Debug, Clone, Copy)]
struct Field {
    path: &'static [&'static str],
    read: Read,
    /// What stands for the field when it is absent; `None`: it is required.
    absent: Option<&'static str>,
}

const fn text(path: &'static [&'static str]) -> Field {
    Field {
        path,
        read: Read::Text,
        absent: None,
    }
}

const fn optional(path: &'static [&'static str], absent: &'static str) -> Field {
    Field {
        path,
        read: Read::Text,
        absent: Some(absent),
    }
}

const fn length(path: &'static [&'static str]) -> Field {
    Field {
        path,
        read: Read::Length,
        absent: None,
    }
}

/// What identifies the events of one family.
#[derive(Debug, Clone, Copy)]
struct Rule {
    /// The fields the identity is made of, in order; none: the hash alone.
    parts: &'static [Field],
    /// Append the hash to the parts (the same entity recurs with nothing else that differs).
    hash: bool,
    /// Where the subject's id stands.
    subject: Option<&'static [&'static str]>,
}

const ID: &[&str] = &["id"];

const BY_ID: Rule = Rule {
    parts: &[text(ID)],
    hash: false,
    subject: Some(ID),
};

const BY_ID_AND_HASH: Rule = Rule {
    parts: &[text(ID)],
    hash: true,
    subject: Some(ID),
};

const HASH_ONLY: Rule = Rule {
    parts: &[],
    hash: true,
    subject: None,
};

const RELATIONSHIP: Rule = Rule {
    parts: &[text(ID), length(&["auditLog"])],
    hash: false,
    subject: Some(ID),
};

/// Only `peerDeletionInfo` changes between a peer's deletion steps; a deletion started again
/// after a cancellation has a new deletion date.
const PEER_DELETION: Rule = Rule {
    parts: &[
        text(ID),
        length(&["auditLog"]),
        optional(&["peerDeletionInfo", "deletionStatus"], "none"),
        optional(&["peerDeletionInfo", "deletionDate"], "none"),
    ],
    hash: false,
    subject: Some(ID),
};

const READ_AT: Rule = Rule {
    parts: &[text(ID), optional(&["wasReadAt"], "unread")],
    ..BY_ID
};

const VIEWED_AT: Rule = Rule {
    parts: &[text(ID), optional(&["wasViewedAt"], "unviewed")],
    ..BY_ID
};

const FILE_CLAIMED: Rule = Rule {
    parts: &[text(ID), text(&["owner"])],
    ..BY_ID
};

const LISTENER_TRIGGERED: Rule = Rule {
    subject: Some(&["attributeListener", "id"]),
    ..HASH_ONLY
};

/// `request.status`, which is `newStatus` (spec §3.6) and comes before the request's content,
/// so reading stops early. Not `oldStatus`: an event rebuilt from the REST API knows only the
/// request as it is now.
const REQUEST_STATUS: Rule = Rule {
    parts: &[text(&["request", "id"]), text(&["request", "status"])],
    hash: false,
    subject: Some(&["request", "id"]),
};

const MESSAGE_PROCESSED: Rule = Rule {
    parts: &[text(&["message", "id"])],
    hash: false,
    subject: Some(&["message", "id"]),
};

const TEMPLATE_PROCESSED: Rule = Rule {
    parts: &[text(&["template", "id"]), text(&["result"])],
    hash: false,
    subject: Some(&["template", "id"]),
};

const SUCCEEDED: Rule = Rule {
    parts: &[text(&["predecessor", "id"]), text(&["successor", "id"])],
    hash: false,
    subject: Some(&["predecessor", "id"]),
};

const DECOMPOSED: Rule = Rule {
    parts: &[text(&["relationshipId"])],
    hash: false,
    subject: Some(&["relationshipId"]),
};

const DELETION_PROCESS: Rule = Rule {
    parts: &[text(ID), text(&["status"])],
    ..BY_ID
};

const UNKNOWN: Rule = Rule {
    subject: Some(ID),
    ..HASH_ONLY
};

fn rule_for(name: &str) -> Rule {
    match name {
        "transport.messageWasReadAtChanged" => READ_AT,
        "transport.peerToBeDeleted"
        | "transport.peerDeletionCancelled"
        | "transport.peerDeleted" => PEER_DELETION,
        "transport.fileOwnershipClaimed" => FILE_CLAIMED,
        "consumption.attributeWasViewedAtChanged" => VIEWED_AT,
        // The same entity recurs (one event per forwarding, per peer deleting its copy; a file
        // locked again) without a field that says which time it is.
        "consumption.attributeForwardingDetailsChanged"
        | "consumption.forwardedAttributeDeletedByPeer"
        | "transport.fileOwnershipLocked" => BY_ID_AND_HASH,
        "consumption.attributeListenerCreated" => BY_ID,
        "consumption.attributeListenerTriggered" => LISTENER_TRIGGERED,
        _ => rule_for_data(lookup(name).data_type()),
    }
}

fn rule_for_data(data: DataType) -> Rule {
    match data {
        DataType::Message
        | DataType::RelationshipTemplate
        | DataType::LocalRequest
        | DataType::LocalAttribute
        | DataType::File => BY_ID,
        DataType::Relationship => RELATIONSHIP,
        DataType::RequestStatusChanged => REQUEST_STATUS,
        DataType::MessageProcessed => MESSAGE_PROCESSED,
        DataType::RelationshipTemplateProcessed => TEMPLATE_PROCESSED,
        DataType::AttributeSucceeded => SUCCEEDED,
        DataType::RelationshipDecomposedBySelf => DECOMPOSED,
        DataType::IdentityDeletionProcess | DataType::OptionalIdentityDeletionProcess => {
            DELETION_PROCESS
        }
        DataType::None | DataType::ShareCredentialOfferProcessed => HASH_ONLY,
        DataType::Any => UNKNOWN,
    }
}

/// A value read from the data.
#[derive(Debug)]
enum Value<'a> {
    Text(Cow<'a, str>),
    Length(usize),
    /// Present, but not what the rule reads (a number where a string was expected, ...).
    Other,
}

/// The rule's fields as found (`None`: absent) and the subject's id.
struct Found<'a> {
    parts: Vec<Option<Value<'a>>>,
    subject: Option<Cow<'a, str>>,
}

/// One pass over `text` collecting the rule's fields, which stops as soon as all were found (a
/// message's `id` comes first: an 85 KB mail costs no more than a small one). `None` when the
/// text is not JSON up to that point, or (when some field is absent) up to its end. Of a key
/// that occurs twice, the later value counts unless every field was found before it.
fn read_fields<'a>(text: &'a str, rule: &Rule) -> Option<(Found<'a>, bool)> {
    let mut wanted: Vec<(&[&str], Read)> = rule.parts.iter().map(|f| (f.path, f.read)).collect();
    if let Some(path) = rule.subject {
        wanted.push((path, Read::Text));
    }
    if wanted.is_empty() {
        let nothing = Found {
            parts: Vec::new(),
            subject: None,
        };
        return Some((nothing, true));
    }
    let mut values: Vec<Option<Value<'a>>> = wanted.iter().map(|_| None).collect();
    let mut scanner = Scanner::new(text, MAX_DEPTH);
    let all = (1u32 << wanted.len()) - 1;
    let done = walk(&mut scanner, &wanted, 0, all, &mut values).ok()?;
    if !done {
        scanner.finish().ok()?;
    }
    let subject = match rule.subject {
        Some(_) => match values.pop().flatten() {
            Some(Value::Text(id)) => Some(id),
            _ => None,
        },
        None => None,
    };
    let found = Found {
        parts: values,
        subject,
    };
    Some((found, done))
}

/// Reads the value at the cursor, whose path so far (`depth` keys) is a prefix of the paths in
/// `candidates` (a bit per entry of `wanted`). Recursion is bounded by the longest wanted path.
/// Returns whether every wanted field has now been found (the caller stops reading then).
fn walk<'a>(
    scanner: &mut Scanner<'a>,
    wanted: &[(&[&str], Read)],
    depth: usize,
    candidates: u32,
    values: &mut [Option<Value<'a>>],
) -> Result<bool, JsonError> {
    if candidates == 0 {
        scanner.skip_value()?;
        return Ok(false);
    }
    let kind = scanner.peek()?;
    let ends_here =
        (0..wanted.len()).find(|&i| candidates & (1 << i) != 0 && wanted[i].0.len() == depth);
    if let Some(index) = ends_here {
        let value = match (wanted[index].1, kind) {
            (Read::Text, ValueKind::String) => Value::Text(scanner.string()?.decoded()),
            (Read::Length, ValueKind::Array) => {
                scanner.begin_array()?;
                let mut length = 0;
                while scanner.next_element()? {
                    scanner.skip_value()?;
                    length += 1;
                }
                Value::Length(length)
            }
            _ => {
                scanner.skip_value()?;
                Value::Other
            }
        };
        // Another wanted field on the same path (the subject is usually a part too).
        for i in index + 1..wanted.len() {
            if candidates & (1 << i) != 0 && wanted[i].0.len() == depth {
                values[i] = Some(match &value {
                    Value::Text(text) if wanted[i].1 == Read::Text => Value::Text(text.clone()),
                    Value::Length(n) if wanted[i].1 == Read::Length => Value::Length(*n),
                    _ => Value::Other,
                });
            }
        }
        values[index] = Some(value);
        return Ok(values.iter().all(Option::is_some));
    }
    if kind != ValueKind::Object {
        scanner.skip_value()?;
        return Ok(false);
    }
    scanner.begin_object()?;
    while let Some(key) = scanner.next_key()? {
        let mut next = 0;
        for (i, (path, _)) in wanted.iter().enumerate() {
            if candidates & (1 << i) != 0 && key.is(path[depth]) {
                next |= 1 << i;
            }
        }
        if walk(scanner, wanted, depth + 1, next, values)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The parts of a key, or `None` when a required field is missing or unusable.
fn rule_parts<'a>(rule: &Rule, found: Vec<Option<Value<'a>>>) -> Option<Vec<Cow<'a, str>>> {
    rule.parts
        .iter()
        .zip(found)
        .map(|(field, value)| match (value, field.absent) {
            (Some(Value::Text(text)), _) if is_part(&text) => Some(text),
            (Some(Value::Length(n)), _) => Some(Cow::Owned(n.to_string())),
            (None, Some(absent)) => Some(Cow::Borrowed(absent)),
            _ => None,
        })
        .collect()
}

/// Whether a field value may stand in a key: 1 to 256 visible ASCII characters (ids, statuses,
/// timestamps and addresses all are).
fn is_part(value: &str) -> bool {
    (1..=MAX_PART).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic())
}

fn is_empty_object(text: &str) -> bool {
    let ws = [' ', '\t', '\n', '\r'];
    text.trim_matches(ws)
        .strip_prefix('{')
        .and_then(|inner| inner.strip_suffix('}'))
        .is_some_and(|inner| inner.trim_matches(ws).is_empty())
}

/// Appends the 32 hex digits of the hash of the name and the data.
fn push_hash(key: &mut String, name: &str, data: Option<&str>) {
    let mut hash = Fnv1a128::new();
    hash.write(name.as_bytes());
    if let Some(data) = data {
        // 0xFF never occurs in UTF-8: the name cannot run into the data.
        hash.write(&[0xFF]);
        hash.write_json(data.as_bytes());
    }
    // By hand, which keeps 128-bit integer formatting out of the wasm.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for shift in (0..32).rev() {
        key.push(char::from(HEX[(hash.0 >> (shift * 4)) as usize & 0xf]));
    }
}

/// FNV-1a with 128 bits (the reference parameters): a few lines, no dependency, and for keys of
/// content that is not adversarial its collisions are negligible.
struct Fnv1a128(u128);

impl Fnv1a128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    /// The FNV prime, which `byte` multiplies by without naming it (kept for the tests).
    #[cfg(all(test, not(target_arch = "wasm32")))]
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

    fn new() -> Self {
        Fnv1a128(Self::OFFSET)
    }

    /// `h · PRIME` where `PRIME = 2^88 + 0x13b`: a shift and products of 32-bit halves by
    /// 0x13b, with no 128-bit multiplication (which wasm does in a slow library call).
    #[inline]
    fn byte(&mut self, byte: u8) {
        const LOW: u64 = 0x13b;
        let h = self.0 ^ u128::from(byte);
        let (hi, lo) = ((h >> 64) as u64, h as u64);
        let lo_times = (u128::from((lo >> 32) * LOW) << 32) + u128::from((lo & 0xffff_ffff) * LOW);
        let times_low = lo_times.wrapping_add(u128::from(hi.wrapping_mul(LOW)) << 64);
        self.0 = (h << 88).wrapping_add(times_low);
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    /// Hashes JSON text without the whitespace between tokens (inside strings it counts), so
    /// the same data pretty-printed or not hashes alike. Any text is accepted.
    fn write_json(&mut self, bytes: &[u8]) {
        let mut in_string = false;
        let mut escaped = false;
        for &b in bytes {
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
            } else if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                continue;
            } else if b == b'"' {
                in_string = true;
            }
            self.byte(b);
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
