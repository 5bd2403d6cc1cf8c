//! Discriminated JSON objects: one helper pair used by every union in this module.
//!
//! A union is a JSON object whose kind is named by a key (`"@type"`, or `"result"` for
//! `RelationshipTemplateProcessedEventData`). Reading goes through a `serde_json::Map`: the key is
//! looked up, a known kind is built from the object *without* the key, and anything else goes to
//! the union's fallback together with the *whole* object, so nothing is lost. Writing puts the key
//! back in front of the variant's own fields.

use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Builds one known variant from the object with the discriminator key removed.
pub(crate) type Build<U> = fn(Value) -> Result<U, serde_json::Error>;

/// A JSON union dispatched on the string value of [`TaggedUnion::KEY`].
pub(crate) trait TaggedUnion: Sized {
    /// The discriminator key, e.g. `"@type"`.
    const KEY: &'static str;

    /// The builder for a known discriminator value, `None` for an unknown one.
    fn variant(tag: &str) -> Option<Build<Self>>;

    /// Builds the union from the whole object when the key is absent, not a string or unknown.
    fn fallback(object: Value) -> Result<Self, serde_json::Error>;
}

/// Deserializes a [`TaggedUnion`]: reads an object, dispatches on its key, falls back otherwise.
///
/// Fails when the input is not a JSON object or when a known variant's fields do not fit.
pub(crate) fn deserialize_union<'de, U, D>(deserializer: D) -> Result<U, D::Error>
where
    U: TaggedUnion,
    D: Deserializer<'de>,
{
    let mut object = Map::deserialize(deserializer)?;
    let known = object
        .get(U::KEY)
        .and_then(Value::as_str)
        .and_then(U::variant);
    let union = match known {
        Some(build) => {
            object.shift_remove(U::KEY);
            build(Value::Object(object))
        }
        None => U::fallback(Value::Object(object)),
    };
    union.map_err(D::Error::custom)
}

/// Reads an object that must carry `key: expected` and returns it without that key.
///
/// An absent key is accepted (a union has already removed it); another value is an error.
pub(crate) fn untag<'de, D: Deserializer<'de>>(
    key: &str,
    expected: &str,
    deserializer: D,
) -> Result<Value, D::Error> {
    let mut object = Map::deserialize(deserializer)?;
    match object.shift_remove(key) {
        None => {}
        Some(Value::String(found)) if found == expected => {}
        Some(found) => {
            return Err(D::Error::custom(format_args!(
                "expected \"{key}\": \"{expected}\", found {found}"
            )))
        }
    }
    Ok(Value::Object(object))
}

/// Serializes `body` (a struct or map) with `key: tag` written first.
pub(crate) fn serialize_tagged<S, T>(
    key: &str,
    tag: &str,
    body: &T,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: Serialize + ?Sized,
{
    Tagged {
        entry: Entry { key, tag },
        body,
    }
    .serialize(serializer)
}

/// The discriminator entry followed by the variant's fields, as one flat map.
#[derive(Serialize)]
struct Tagged<'a, T: ?Sized> {
    #[serde(flatten)]
    entry: Entry<'a>,
    #[serde(flatten)]
    body: &'a T,
}

/// A single `key: tag` map entry (flattened into [`Tagged`]).
struct Entry<'a> {
    key: &'a str,
    tag: &'a str,
}

impl Serialize for Entry<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.key, self.tag)?;
        map.end()
    }
}
