//! How much input parsing accepts, and how strictly it judges data.

/// Upper bounds on what one delivery may hold. The defaults are safe for untrusted input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest body, in bytes, before any decoding. Default 8 MiB (a Mail body is at most
    /// 50,000 characters; attachments travel as File ids, not inline).
    pub max_body_bytes: usize,
    /// Deepest nesting of arrays and objects, counted from the body's outermost value.
    /// Default 64 (Connector DTOs nest about 15 deep); at most [`Limits::MAX_DEPTH`].
    pub max_depth: usize,
}

impl Limits {
    /// The ceiling for [`Limits::max_depth`]: validation recurses once per level, and this
    /// keeps the stack small on every target.
    pub const MAX_DEPTH: usize = 512;
    /// The default of [`Limits::max_body_bytes`].
    pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
    /// The default of [`Limits::max_depth`].
    pub const DEFAULT_MAX_DEPTH: usize = 64;

    /// The depth limit actually applied.
    pub(crate) fn depth(&self) -> usize {
        self.max_depth.clamp(1, Self::MAX_DEPTH)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
            max_depth: Self::DEFAULT_MAX_DEPTH,
        }
    }
}

/// How to parse a delivery.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Turn data problems into a [`ParseError::InvalidData`](crate::ParseError::InvalidData)
    /// error instead of delivering the event with its problems listed. Default false.
    pub strict: bool,
    /// Upper bounds on the delivery's size and nesting. Default [`Limits::default`].
    pub limits: Limits,
}
