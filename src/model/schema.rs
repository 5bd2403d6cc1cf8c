//! A small schema language for the Connector's DTOs, as static tables.
//!
//! One declaration per DTO drives validation with paths (see `validate.rs`). Only the shape
//! that matters for correctness is declared; unknown fields are always allowed, because the
//! Connector adds fields in minor releases.

/// What a JSON value must look like.
#[derive(Debug)]
pub(crate) enum Shape {
    /// Anything (user content such as `ArbitraryMessageContent.value`).
    Any,
    String,
    Boolean,
    /// The literal `true` (flags the Connector omits rather than sets to false).
    True,
    Number,
    /// An ISO 8601 / RFC 3339 date-time string.
    DateTime,
    /// A Connector id string such as `MSG…`.
    Id(&'static IdKind),
    /// A string from a fixed set.
    Enum(&'static EnumShape),
    /// A string from a fixed set, or a number (`passwordLocationIndicator`).
    EnumOrNumber(&'static EnumShape),
    /// Any object (its inside is not checked).
    AnyObject,
    Array(&'static Shape),
    Object(&'static ObjectShape),
    /// An object whose kind is named by a tag field (`"@type"`, or `result`).
    Union(&'static UnionShape),
}

/// The prefix of an id and what to call it in messages.
#[derive(Debug)]
pub(crate) struct IdKind {
    pub(crate) prefix: &'static str,
    pub(crate) described: &'static str,
}

#[derive(Debug)]
pub(crate) struct EnumShape {
    /// The TypeScript alias it is declared as (`""`: written inline as a union of literals).
    pub(crate) name: &'static str,
    pub(crate) doc: &'static str,
    /// Every value accepted, current ones first.
    pub(crate) values: &'static [&'static str],
    /// The values (of `values`) only older Connectors send: accepted, but not in the TypeScript.
    pub(crate) legacy: &'static [&'static str],
}

impl EnumShape {
    /// The values a current (v7) Connector sends.
    pub(crate) fn current(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.values
            .iter()
            .copied()
            .filter(|value| !self.legacy.contains(value))
    }
}

/// The oldest Runtime major version whose data is read without problems.
pub(crate) const OLDEST: u8 = 5;
/// The current Runtime major version: the TypeScript declarations describe its DTOs.
pub(crate) const CURRENT: u8 = 7;

#[derive(Debug)]
pub(crate) struct ObjectShape {
    /// The DTO's name as the Connector's TypeScript calls it, for messages.
    pub(crate) name: &'static str,
    pub(crate) fields: &'static [Field],
    /// At least one of these must be present (empty: no such rule).
    pub(crate) one_of: &'static [&'static str],
    /// How the TypeScript declarations show it.
    pub(crate) ts: TsObject,
}

/// What only the TypeScript declarations need to know about an object.
#[derive(Debug)]
pub(crate) struct TsObject {
    /// The interface name (`""`: `name`).
    pub(crate) name: &'static str,
    /// The interface's doc comment.
    pub(crate) doc: &'static str,
    /// Its `"@type"` member.
    pub(crate) tag: TsTag,
    /// `extends ContentJSONMetadata` (`"@context"?`, `"@version"?`).
    pub(crate) metadata: bool,
    /// An open-ended content object: `[k: string]: any`, which is what lets the official
    /// `@nmshd/content` JSON interfaces be assigned to it.
    pub(crate) open: bool,
    /// A second interface of this name for the v6 shape (the fields that exist in v6), with
    /// its doc comment (`""`: none).
    pub(crate) v6: (&'static str, &'static str),
}

/// The defaults of [`TsObject`], for `..TS`.
pub(crate) const TS: TsObject = TsObject {
    name: "",
    doc: "",
    tag: TsTag::None,
    metadata: false,
    open: false,
    v6: ("", ""),
};

/// The `"@type"` member of an interface.
#[derive(Debug)]
pub(crate) enum TsTag {
    None,
    /// `"@type": "Mail"`.
    Literal(&'static str),
    /// `"@type": string` (an open catalogue of kinds).
    String,
    /// `"@type"?: string`.
    OptionalString,
    /// `"@type": LocalAttributeType`.
    Enum(&'static EnumShape),
}

#[derive(Debug)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) shape: Shape,
    /// Required in the versions that have the field.
    pub(crate) required: bool,
    /// The first Runtime major version with the field (0: always there).
    pub(crate) since: u8,
    /// The last Runtime major version with the field ([`CURRENT`]: still there).
    pub(crate) until: u8,
    /// Its doc comment in the TypeScript declarations.
    pub(crate) doc: &'static str,
    /// Its TypeScript type where `shape` says less than the TypeScript does (`""`: from `shape`).
    pub(crate) ts: &'static str,
}

/// A required field.
pub(crate) const fn req(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: true,
        since: 0,
        until: CURRENT,
        doc: "",
        ts: "",
    }
}

/// An optional field (the Connector omits unset fields; it never sends `null`).
pub(crate) const fn opt(name: &'static str, shape: Shape) -> Field {
    Field {
        required: false,
        ..req(name, shape)
    }
}

impl Field {
    /// Only Runtime `version` and later have it (older data may lack it).
    pub(crate) const fn since(self, version: u8) -> Field {
        Field {
            since: version,
            ..self
        }
    }

    /// Runtime `version` was the last to have it (the current TypeScript leaves it out).
    pub(crate) const fn until(self, version: u8) -> Field {
        Field {
            until: version,
            ..self
        }
    }

    pub(crate) const fn doc(self, doc: &'static str) -> Field {
        Field {
            doc: ts_doc(doc),
            ..self
        }
    }

    pub(crate) const fn ts(self, ts: &'static str) -> Field {
        Field { ts, ..self }
    }

    /// Whether validation requires it: required, and present in every version read
    /// ([`OLDEST`] to [`CURRENT`]); a field only some versions have is checked when present
    /// (and `one_of` says which of the alternatives must be there).
    pub(crate) fn checked_required(&self) -> bool {
        self.required && self.since <= OLDEST && self.until == CURRENT
    }

    /// Whether Runtime `version` has it.
    pub(crate) fn in_version(&self, version: u8) -> bool {
        self.since <= version && version <= self.until
    }
}

#[derive(Debug)]
pub(crate) struct UnionShape {
    /// The TypeScript alias it is declared as (`""`: written inline).
    pub(crate) name: &'static str,
    pub(crate) doc: &'static str,
    pub(crate) tag: &'static str,
    pub(crate) variants: &'static [(&'static str, &'static ObjectShape)],
    /// How an object without the tag is read (v6 LocalAttributeDTO has no "@type").
    pub(crate) untagged: Untagged,
    /// How an object whose tag names no variant is read.
    pub(crate) unknown: UnknownTag,
}

#[derive(Debug)]
pub(crate) enum Untagged {
    /// Read with this shape, no problem reported.
    As(&'static ObjectShape),
    /// The tag is required.
    Missing(&'static str),
}

#[derive(Debug)]
pub(crate) enum UnknownTag {
    /// A kind we do not know yet: kept without a problem, checked against the common shape.
    Open(&'static ObjectShape),
    /// The tag is an enumeration (`allowed`): an unknown value is a problem; the object is then
    /// checked against `shape`.
    Closed {
        shape: &'static ObjectShape,
        allowed: &'static EnumShape,
    },
}

/// One entry of the TypeScript declarations, in the order they are written.
#[derive(Debug)]
pub(crate) enum Decl {
    /// A section heading.
    Section(&'static str),
    /// `export interface …` (and its v6 twin, if it has one).
    Object(&'static ObjectShape),
    /// `export type … = "A" | "B";`
    Enum(&'static EnumShape),
    /// `export type … = "A" | "B" | number;`
    EnumOrNumber(&'static EnumShape),
    /// `export type … = A | B;`
    Union(&'static UnionShape),
}

/// An object with no declared fields: accepts any object.
pub(crate) static ANY_OBJECT_SHAPE: ObjectShape = ObjectShape {
    name: "object",
    fields: &[],
    one_of: &[],
    ts: TsObject {
        name: "object",
        ..TS
    },
};

/// Doc text for the generated TypeScript declarations. The wasm module never prints it, so it
/// is left out there (about 15 KB of the module).
pub(crate) const fn ts_doc(text: &'static str) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        ""
    } else {
        text
    }
}
