//! Checks event data against a [`Shape`] in one pass over the text, collecting every problem.
//!
//! Syntax errors stop the walk (the text is not JSON); shape problems never do, so a handler
//! still gets an event whose Connector added or changed a field, with the problems listed.

use super::problem::{excerpt, render_path, Problem, ProblemKind, Step};
use super::schema::{EnumShape, ObjectShape, Shape, UnionShape, UnknownTag, Untagged};
use crate::json::{JsonError, JsonStr, Scanner, ValueKind};

/// At most this many problems are collected for one event; a broken producer cannot make us
/// build an unbounded list.
pub const MAX_PROBLEMS: usize = 100;

/// Validates the single JSON value in `scanner` against `shape`; paths start at `root`.
pub(crate) fn validate(
    scanner: &mut Scanner<'_>,
    shape: &Shape,
    root: &str,
    problems: &mut Vec<Problem>,
) -> Result<(), JsonError> {
    let mut walker = Walker {
        scanner,
        steps: Vec::new(),
        root,
        problems,
    };
    walker.value(shape)?;
    walker.scanner.finish()
}

struct Walker<'w, 'a> {
    scanner: &'w mut Scanner<'a>,
    steps: Vec<Step>,
    root: &'w str,
    problems: &'w mut Vec<Problem>,
}

impl<'a> Walker<'_, 'a> {
    fn report(&mut self, kind: ProblemKind) {
        if self.problems.len() < MAX_PROBLEMS {
            let path = render_path(self.root, &self.steps);
            self.problems.push(Problem { path, kind });
        }
    }

    fn report_at(&mut self, step: Step, kind: ProblemKind) {
        self.steps.push(step);
        self.report(kind);
        self.steps.pop();
    }

    /// Reports a value of the wrong kind and skips it.
    fn wrong_type(&mut self, expected: &'static str, found: ValueKind) -> Result<(), JsonError> {
        self.report(ProblemKind::WrongType {
            expected,
            found: found.described(),
        });
        self.scanner.skip_value()
    }

    /// Reads a string, or reports and skips a non-string.
    fn string(&mut self, expected: &'static str) -> Result<Option<JsonStr<'a>>, JsonError> {
        match self.scanner.peek()? {
            ValueKind::String => self.scanner.string().map(Some),
            other => self.wrong_type(expected, other).map(|()| None),
        }
    }

    fn value(&mut self, shape: &Shape) -> Result<(), JsonError> {
        match shape {
            Shape::Any => self.scanner.skip_value(),
            Shape::String => self.string("a string").map(drop),
            Shape::Number => match self.scanner.peek()? {
                ValueKind::Number => self.scanner.number().map(drop),
                other => self.wrong_type("a number", other),
            },
            Shape::Boolean => match self.scanner.peek()? {
                ValueKind::Bool => self.scanner.boolean().map(drop),
                other => self.wrong_type("a boolean", other),
            },
            Shape::True => match self.scanner.peek()? {
                ValueKind::Bool => {
                    if !self.scanner.boolean()? {
                        self.report(ProblemKind::WrongType {
                            expected: "true (or absent)",
                            found: "false",
                        });
                    }
                    Ok(())
                }
                other => self.wrong_type("true (or absent)", other),
            },
            Shape::DateTime => {
                if let Some(text) = self.string("a date-time string")? {
                    // Decoded: `\u0032026-…` is the same date-time to JSON.parse.
                    if !is_date_time(&text.decoded()) {
                        let value = excerpt(&text.decoded());
                        self.report(ProblemKind::BadFormat {
                            expected: "an ISO 8601 date-time",
                            value,
                        });
                    }
                }
                Ok(())
            }
            Shape::Id(kind) => {
                if let Some(text) = self.string(kind.described)? {
                    if !text.decoded().starts_with(kind.prefix) {
                        let value = excerpt(&text.decoded());
                        self.report(ProblemKind::BadFormat {
                            expected: kind.described,
                            value,
                        });
                    }
                }
                Ok(())
            }
            Shape::Enum(values) => {
                if let Some(text) = self.string("a string")? {
                    self.check_enum(text, values);
                }
                Ok(())
            }
            Shape::EnumOrNumber(values) => match self.scanner.peek()? {
                ValueKind::Number => self.scanner.number().map(drop),
                ValueKind::String => {
                    let text = self.scanner.string()?;
                    self.check_enum(text, values);
                    Ok(())
                }
                other => self.wrong_type("a string or a number", other),
            },
            Shape::AnyObject => match self.scanner.peek()? {
                ValueKind::Object => self.scanner.skip_value(),
                other => self.wrong_type("an object", other),
            },
            Shape::Array(item) => match self.scanner.peek()? {
                ValueKind::Array => self.array(item),
                other => self.wrong_type("an array", other),
            },
            Shape::Object(object) => match self.scanner.peek()? {
                ValueKind::Object => self.object(object),
                other => self.wrong_type("an object", other),
            },
            Shape::Union(union) => match self.scanner.peek()? {
                ValueKind::Object => self.union(union),
                other => self.wrong_type("an object", other),
            },
        }
    }

    fn check_enum(&mut self, text: JsonStr<'_>, shape: &EnumShape) {
        if !shape.values.iter().any(|allowed| text.is(allowed)) {
            let value = excerpt(&text.decoded());
            self.report(ProblemKind::UnknownValue {
                value,
                allowed: shape.values,
            });
        }
    }

    fn array(&mut self, item: &Shape) -> Result<(), JsonError> {
        self.scanner.begin_array()?;
        let mut index = 0;
        while self.scanner.next_element()? {
            self.steps.push(Step::Index(index));
            self.value(item)?;
            self.steps.pop();
            index += 1;
        }
        Ok(())
    }

    fn object(&mut self, shape: &ObjectShape) -> Result<(), JsonError> {
        debug_assert!(
            shape.fields.len() <= 64,
            "{} has too many fields for the seen-mask",
            shape.name
        );
        let mut seen: u64 = 0;
        self.scanner.begin_object()?;
        while let Some(key) = self.scanner.next_key()? {
            let Some(index) = shape.fields.iter().position(|field| key.is(field.name)) else {
                self.scanner.skip_value()?;
                continue;
            };
            let field = &shape.fields[index];
            self.steps.push(Step::Key(field.name));
            if seen & (1 << index) != 0 {
                self.report(ProblemKind::DuplicateKey);
            }
            seen |= 1 << index;
            self.value(&field.shape)?;
            self.steps.pop();
        }
        for (index, field) in shape.fields.iter().enumerate() {
            if field.checked_required() && seen & (1 << index) == 0 {
                self.report_at(
                    Step::Key(field.name),
                    ProblemKind::MissingField { of: shape.name },
                );
            }
        }
        let present = |name: &&str| {
            shape
                .fields
                .iter()
                .position(|f| f.name == *name)
                .is_some_and(|i| seen & (1 << i) != 0)
        };
        if !shape.one_of.is_empty() && !shape.one_of.iter().any(present) {
            self.report(ProblemKind::MissingOneOf {
                fields: shape.one_of,
                of: shape.name,
            });
        }
        Ok(())
    }

    fn union(&mut self, union: &UnionShape) -> Result<(), JsonError> {
        let (lookup, occurrences) = self.find_tag(union.tag);
        if occurrences > 1 {
            // JSON.parse keeps the last one, so that is the one checked; the repeat itself is
            // a problem (else a second tag could smuggle a different variant past strict mode).
            self.report_at(Step::Key(union.tag), ProblemKind::DuplicateKey);
        }
        let shape = match lookup {
            TagLookup::Found(tag) => match union.variants.iter().find(|(name, _)| tag.is(name)) {
                Some((_, shape)) => *shape,
                None => match union.unknown {
                    UnknownTag::Open(shape) => shape,
                    UnknownTag::Closed { shape, allowed } => {
                        let value = excerpt(&tag.decoded());
                        self.report_at(
                            Step::Key(union.tag),
                            ProblemKind::UnknownValue {
                                value,
                                allowed: allowed.values,
                            },
                        );
                        shape
                    }
                },
            },
            TagLookup::NotAString(found) => {
                let kind = ProblemKind::WrongType {
                    expected: "a string",
                    found: found.described(),
                };
                self.report_at(Step::Key(union.tag), kind);
                fallback(union)
            }
            TagLookup::Absent => match union.untagged {
                Untagged::As(shape) => shape,
                Untagged::Missing(of) => {
                    self.report_at(Step::Key(union.tag), ProblemKind::MissingField { of });
                    fallback(union)
                }
            },
        };
        self.object(shape)
    }

    /// Looks ahead through the object at the cursor for its tag, without moving the cursor:
    /// the last occurrence (the one `JSON.parse` keeps) and how many there were. Syntax errors
    /// are left for the real pass to report.
    fn find_tag(&self, tag: &str) -> (TagLookup<'a>, usize) {
        let mut ahead = *self.scanner;
        let mut found = TagLookup::Absent;
        let mut occurrences = 0;
        let mut lookup = || -> Result<(), JsonError> {
            ahead.begin_object()?;
            while let Some(key) = ahead.next_key()? {
                if !key.is(tag) {
                    ahead.skip_value()?;
                    continue;
                }
                occurrences += 1;
                found = match ahead.peek()? {
                    ValueKind::String => TagLookup::Found(ahead.string()?),
                    other => {
                        ahead.skip_value()?;
                        TagLookup::NotAString(other)
                    }
                };
            }
            Ok(())
        };
        let _ = lookup();
        (found, occurrences)
    }
}

enum TagLookup<'a> {
    Found(JsonStr<'a>),
    NotAString(ValueKind),
    Absent,
}

fn fallback(union: &UnionShape) -> &'static ObjectShape {
    match union.unknown {
        UnknownTag::Open(shape) | UnknownTag::Closed { shape, .. } => shape,
    }
}

/// RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM`.
fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10))
    {
        return false;
    }
    if !(matches!(b.get(10), Some(b'T' | b't'))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16))
    {
        return false;
    }
    if !(b.get(16) == Some(&b':') && digits(17..19)) {
        return false;
    }
    let mut pos = 19;
    if b.get(pos) == Some(&b'.') {
        pos += 1;
        let start = pos;
        while b.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        if pos == start {
            return false;
        }
    }
    match b.get(pos) {
        Some(b'Z' | b'z') => pos + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(pos + 1..pos + 3)
                && b.get(pos + 3) == Some(&b':')
                && digits(pos + 4..pos + 6)
                && pos + 6 == b.len()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_date_time;

    #[test]
    fn date_times() {
        for ok in [
            "2026-03-02T09:15:27.412Z",
            "2026-03-02T09:15:27Z",
            "2026-03-02T09:15:27.4+01:00",
        ] {
            assert!(is_date_time(ok), "{ok}");
        }
        for bad in [
            "2026-03-02",
            "2026-03-02T09:15Z",
            "2026-03-02T09:15:27.Z",
            "yesterday",
            "2026-03-02T09:15:27.412Zx",
            "",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }
}
