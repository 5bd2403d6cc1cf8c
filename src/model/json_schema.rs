//! The JSON Schema (draft-07) of a data type, rendered from the same static tables the
//! validator walks (`shapes.rs`), for comparisons with JSON Schema validators (bench/).
//!
//! The rules are the validator's: required fields, enumerations, id prefixes and date-times as
//! `pattern`s (no `format`), `true`-only flags as `const`, "at least one of" as `anyOf` of
//! `required`, tagged unions as an `if`/`then`/`else` chain on the tag, and unknown fields always
//! allowed. Every object and union shape becomes one entry of `definitions`, so recursive
//! shapes (request item groups) work through `$ref`.

use serde_json::{json, Map, Value};

use super::schema::{ObjectShape, Shape, UnionShape, UnknownTag, Untagged};
use super::shapes::shape_of;
use super::DataType;

/// RFC 3339 date-time as `is_date_time` in `validate.rs` accepts it.
const DATE_TIME_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$";

/// The draft-07 JSON Schema of the data an event of `data_type` carries. Events without data
/// get the schema of `{}` (what brokers send for them); `Any` gets `true`-like `{}`.
pub fn json_schema(data_type: DataType) -> Value {
    let mut renderer = Renderer::default();
    let root = match shape_of(data_type) {
        None => json!({ "type": "object", "maxProperties": 0 }),
        Some(shape) => renderer.shape(&shape),
    };
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        "http://json-schema.org/draft-07/schema#".into(),
    );
    schema.insert("title".into(), data_type.type_name().into());
    if let Value::Object(root) = root {
        schema.extend(root);
    }
    if !renderer.definitions.is_empty() {
        schema.insert("definitions".into(), Value::Object(renderer.definitions));
    }
    Value::Object(schema)
}

#[derive(Default)]
struct Renderer {
    /// Definition names by the address of the static shape they render.
    names: Vec<(usize, String)>,
    definitions: Map<String, Value>,
}

impl Renderer {
    fn shape(&mut self, shape: &Shape) -> Value {
        match shape {
            Shape::Any => json!({}),
            Shape::String => json!({ "type": "string" }),
            Shape::Boolean => json!({ "type": "boolean" }),
            Shape::True => json!({ "const": true }),
            Shape::Number => json!({ "type": "number" }),
            Shape::DateTime => json!({ "type": "string", "pattern": DATE_TIME_PATTERN }),
            Shape::Id(kind) => json!({ "type": "string", "pattern": format!("^{}", kind.prefix) }),
            Shape::Enum(values) => json!({ "type": "string", "enum": values.values }),
            Shape::EnumOrNumber(values) => json!({
                "type": ["string", "number"],
                "if": { "type": "string" },
                "then": { "enum": values.values },
            }),
            Shape::AnyObject => json!({ "type": "object" }),
            Shape::Array(item) => json!({ "type": "array", "items": self.shape(item) }),
            Shape::Object(object) => self.object_ref(object),
            Shape::Union(union) => self.union_ref(union),
        }
    }

    /// A `$ref` to the definition named after `base`, rendering it on first use.
    fn reference(
        &mut self,
        address: usize,
        base: &str,
        render: impl FnOnce(&mut Self) -> Value,
    ) -> Value {
        if let Some((_, name)) = self.names.iter().find(|(a, _)| *a == address) {
            return json!({ "$ref": format!("#/definitions/{name}") });
        }
        let stem: String = base
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let mut name = stem.clone();
        let mut n = 2;
        while self.names.iter().any(|(_, taken)| *taken == name) {
            name = format!("{stem}_{n}");
            n += 1;
        }
        self.names.push((address, name.clone()));
        // Reserve the slot before rendering, so a recursive reference finds the name.
        self.definitions.insert(name.clone(), Value::Null);
        let rendered = render(self);
        self.definitions.insert(name.clone(), rendered);
        json!({ "$ref": format!("#/definitions/{name}") })
    }

    fn object_ref(&mut self, object: &'static ObjectShape) -> Value {
        let address = object as *const ObjectShape as usize;
        self.reference(address, object.name, |r| r.object(object))
    }

    fn object(&mut self, object: &ObjectShape) -> Value {
        let mut properties = Map::new();
        for field in object.fields {
            properties.insert(field.name.into(), self.shape(&field.shape));
        }
        let required: Vec<&str> = object
            .fields
            .iter()
            .filter(|f| f.checked_required())
            .map(|f| f.name)
            .collect();
        let mut schema = Map::new();
        schema.insert("type".into(), "object".into());
        if !required.is_empty() {
            schema.insert("required".into(), json!(required));
        }
        if !properties.is_empty() {
            schema.insert("properties".into(), Value::Object(properties));
        }
        if !object.one_of.is_empty() {
            let any_of: Vec<Value> = object
                .one_of
                .iter()
                .map(|name| json!({ "required": [name] }))
                .collect();
            schema.insert("anyOf".into(), Value::Array(any_of));
        }
        Value::Object(schema)
    }

    fn union_ref(&mut self, union: &'static UnionShape) -> Value {
        let address = union as *const UnionShape as usize;
        let base = match union.variants.first() {
            Some((first, _)) => format!("{}_union_{first}", union.tag),
            None => format!("{}_union", union.tag),
        };
        self.reference(address, &base, |r| r.union(union))
    }

    /// `if tag == v1 then S1 else if tag == v2 then S2 … else (unknown or untagged)`.
    fn union(&mut self, union: &'static UnionShape) -> Value {
        let tag = union.tag;
        let fallback = match union.unknown {
            UnknownTag::Open(shape) | UnknownTag::Closed { shape, .. } => shape,
        };
        let unknown = match union.unknown {
            UnknownTag::Open(shape) => self.object_ref(shape),
            UnknownTag::Closed { shape, allowed } => json!({
                "allOf": [
                    { "properties": { tag: { "enum": allowed.values } } },
                    self.object_ref(shape),
                ]
            }),
        };
        let untagged = match union.untagged {
            Untagged::As(shape) => self.object_ref(shape),
            Untagged::Missing(_) => {
                json!({ "allOf": [{ "required": [tag] }, self.object_ref(fallback)] })
            }
        };
        let mut chain = json!({
            "if": { "required": [tag] },
            "then": unknown,
            "else": untagged,
        });
        for (name, shape) in union.variants.iter().rev() {
            chain = json!({
                "if": { "required": [tag], "properties": { tag: { "const": name } } },
                "then": self.object_ref(shape),
                "else": chain,
            });
        }
        let mut schema = json!({
            "type": "object",
            "properties": { tag: { "type": "string" } },
        });
        if let (Value::Object(schema), Value::Object(chain)) = (&mut schema, chain) {
            schema.extend(chain);
        }
        schema
    }
}
