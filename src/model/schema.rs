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
    pub(crate) values: &'static [&'static str],
}

#[derive(Debug)]
pub(crate) struct ObjectShape {
    /// The DTO's name as the Connector's TypeScript calls it, for messages.
    pub(crate) name: &'static str,
    pub(crate) fields: &'static [Field],
    /// At least one of these must be present (empty: no such rule).
    pub(crate) one_of: &'static [&'static str],
}

#[derive(Debug)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) shape: Shape,
    pub(crate) required: bool,
}

/// A required field.
pub(crate) const fn req(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: true,
    }
}

/// An optional field (the Connector omits unset fields; it never sends `null`).
pub(crate) const fn opt(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: false,
    }
}

#[derive(Debug)]
pub(crate) struct UnionShape {
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
        allowed: &'static [&'static str],
    },
}

/// An object with no declared fields: accepts any object.
pub(crate) static ANY_OBJECT_SHAPE: ObjectShape = ObjectShape {
    name: "object",
    fields: &[],
    one_of: &[],
};
