//! Trigger patterns with the Connector's own semantics (EventEmitter2 with `wildcard: true`):
//! segments split at `.`, `*` stands for exactly one segment, `**` for any number, zero included.

use std::fmt;

/// A compiled pattern such as `transport.*` or `consumption.**`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    text: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Segment {
    Literal(String),
    One,
    Any,
}

/// Why a pattern was refused.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// The pattern is the empty string.
    Empty,
    /// Two dots in a row, or a dot at either end.
    EmptySegment {
        /// The pattern as given (e.g. `transport..messageReceived`).
        pattern: String,
    },
    /// A `*` inside a segment, such as `transport.message*`: wildcards stand for whole segments.
    PartialWildcard {
        /// The pattern as given (e.g. `transport.message*`).
        pattern: String,
        /// The first segment that mixes `*` with text (e.g. `message*`).
        segment: String,
    },
}

impl PatternError {
    /// A stable code: `invalid_pattern`.
    pub fn code(&self) -> &'static str {
        "invalid_pattern"
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::Empty => f.write_str("invalid pattern \"\": it is empty"),
            PatternError::EmptySegment { pattern } => write!(f, "invalid pattern {pattern:?}: it has an empty segment"),
            PatternError::PartialWildcard { pattern, segment } => write!(
                f,
                "invalid pattern {pattern:?}: {segment:?} mixes `*` with text; a wildcard must be a whole segment (`*` or `**`)"
            ),
        }
    }
}

impl std::error::Error for PatternError {}

impl Pattern {
    /// Compiles a pattern.
    ///
    /// # Errors
    /// An empty pattern, an empty segment, or a `*` that is not a whole segment.
    pub fn parse(text: &str) -> Result<Pattern, PatternError> {
        if text.is_empty() {
            return Err(PatternError::Empty);
        }
        let segments = text
            .split('.')
            .map(|segment| match segment {
                "" => Err(PatternError::EmptySegment {
                    pattern: text.to_string(),
                }),
                "*" => Ok(Segment::One),
                "**" => Ok(Segment::Any),
                s if s.contains('*') => Err(PatternError::PartialWildcard {
                    pattern: text.to_string(),
                    segment: s.to_string(),
                }),
                s => Ok(Segment::Literal(s.to_string())),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Pattern {
            text: text.to_string(),
            segments,
        })
    }

    /// Its segments: literals, `*` ([`Segment::One`]) and `**` ([`Segment::Any`]).
    pub(super) fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the pattern has no wildcard (it then matches exactly one name).
    pub fn is_exact(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Literal(_)))
    }

    /// Whether `name` matches.
    pub fn matches(&self, name: &str) -> bool {
        if self.is_exact() {
            return self.text == name;
        }
        // Glob matching over segments: linear except for backtracking to the last `**`.
        let names: Vec<&str> = name.split('.').collect();
        let (mut p, mut n) = (0, 0);
        let mut resume: Option<(usize, usize)> = None;
        while n < names.len() {
            match self.segments.get(p) {
                Some(Segment::Any) => {
                    resume = Some((p, n));
                    p += 1;
                }
                Some(Segment::One) => {
                    p += 1;
                    n += 1;
                }
                Some(Segment::Literal(text)) if text == names[n] => {
                    p += 1;
                    n += 1;
                }
                _ => match resume {
                    // Let the last `**` swallow one more segment and try again.
                    Some((star, from)) => {
                        p = star + 1;
                        n = from + 1;
                        resume = Some((star, from + 1));
                    }
                    None => return false,
                },
            }
        }
        self.segments[p..].iter().all(|s| *s == Segment::Any)
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
