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
        self.object_counting(shape, None).map(drop)
    }

    /// Checks an object against `shape`; returns how many of its keys are `tag` (0 without one).
    fn object_counting(
        &mut self,
        shape: &ObjectShape,
        tag: Option<&str>,
    ) -> Result<usize, JsonError> {
        debug_assert!(
            shape.fields.len() <= 64,
            "{} has too many fields for the seen-mask",
            shape.name
        );
        let mut seen: u64 = 0;
        let mut tags = 0;
        // The field the next key is compared with first: the Connector writes the keys in the
        // order the shapes declare them, so one comparison usually finds it instead of many.
        let mut next = 0;
        let fields = shape.fields;
        self.scanner.begin_object()?;
        while let Some(key) = self.scanner.next_key()? {
            if tag.is_some_and(|tag| key.is(tag)) {
                tags += 1;
            }
            let found = match fields.get(next) {
                Some(field) if key.is(field.name) => Some(next),
                _ => fields.iter().position(|field| key.is(field.name)),
            };
            let Some(index) = found else {
                self.scanner.skip_value()?;
                continue;
            };
            next = index + 1;
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
        Ok(tags)
    }

    fn union(&mut self, union: &UnionShape) -> Result<(), JsonError> {
        // The Connector writes the tag first: then the variant is known before the walk, and
        // the object (a Mail with its whole body) is read once instead of twice. A second tag
        // found on the way means the last one counts (as for JSON.parse): everything from the
        // object's start is then redone the careful way below, so the problems are the same.
        if let (lead @ TagLookup::Found(_), _) = self.find_tag(union.tag, !careful_only()) {
            let (start, mark) = (*self.scanner, self.problems.len());
            let shape = self.variant(union, lead);
            if self.object_counting(shape, Some(union.tag))? == 1 {
                return Ok(());
            }
            *self.scanner = start;
            self.problems.truncate(mark);
        }
        let (lookup, occurrences) = self.find_tag(union.tag, false);
        if occurrences > 1 {
            // JSON.parse keeps the last one, so that is the one checked; the repeat itself is
            // a problem (else a second tag could smuggle a different variant past strict mode).
            self.report_at(Step::Key(union.tag), ProblemKind::DuplicateKey);
        }
        let shape = self.variant(union, lookup);
        self.object(shape)
    }

    /// The variant `lookup` selects (reporting an unknown, mistyped or missing tag).
    #[inline(never)]
    fn variant(&mut self, union: &UnionShape, lookup: TagLookup<'_>) -> &'static ObjectShape {
        match lookup {
            TagLookup::Found(tag) => match union.variants.iter().find(|(name, _)| tag.is(name)) {
                Some((_, shape)) => shape,
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
        }
    }

    /// Looks ahead through the object at the cursor for its tag, without moving the cursor:
    /// the last occurrence (the one `JSON.parse` keeps) and how many there were; with
    /// `first_key_only`, only whether the first key is the tag. Syntax errors are left for the
    /// real pass to report.
    fn find_tag(&self, tag: &str, first_key_only: bool) -> (TagLookup<'a>, usize) {
        let mut ahead = *self.scanner;
        let mut found = TagLookup::Absent;
        let mut occurrences = 0;
        let mut lookup = || -> Result<(), JsonError> {
            ahead.begin_object()?;
            while let Some(key) = ahead.next_key()? {
                if !key.is(tag) {
                    if first_key_only {
                        break;
                    }
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
                if first_key_only {
                    break;
                }
            }
            Ok(())
        };
        let _ = lookup();
        (found, occurrences)
    }
}

// Tests compare the one-pass union check with the careful one (`careful_only` on).
#[cfg(test)]
thread_local! {
    static CAREFUL_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn careful_only() -> bool {
    #[cfg(test)]
    return CAREFUL_ONLY.with(std::cell::Cell::get);
    #[cfg(not(test))]
    false
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
    use super::{is_date_time, validate, CAREFUL_ONLY};
    use crate::json::Scanner;
    use crate::model::{lookup, shape_of, Problem};

    fn check(
        text: &str,
        name: &str,
        careful: bool,
    ) -> Result<Vec<Problem>, crate::json::JsonError> {
        let shape = shape_of(lookup(name).data_type()).unwrap_or(crate::model::Shape::Any);
        CAREFUL_ONLY.with(|c| c.set(careful));
        let mut problems = Vec::new();
        let result = validate(&mut Scanner::new(text, 64), &shape, "data", &mut problems);
        CAREFUL_ONLY.with(|c| c.set(false));
        result.map(|()| problems)
    }

    /// The one-pass check of unions whose tag comes first must find exactly what the careful
    /// look-ahead finds: over every fixture, with each `"@type"` in turn repeated (same and
    /// other variant, right after it and at the end), unknown, not a string, and with the text
    /// cut short inside the object.
    #[test]
    fn unions_read_once_find_what_the_look_ahead_finds() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/data");
        let mut compared = 0;
        for event in std::fs::read_dir(root).unwrap() {
            let event = event.unwrap();
            let name = event.file_name().into_string().unwrap();
            for file in std::fs::read_dir(event.path()).unwrap() {
                let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
                let tags: Vec<usize> = text.match_indices("\"@type\"").map(|(i, _)| i).collect();
                let mut variants = vec![text.clone()];
                for &at in &tags {
                    let value_end = text[at..].find([',', '}']).map_or(text.len(), |e| at + e);
                    let tag = &text[at..value_end];
                    let (before, after) = (&text[..value_end], &text[value_end..]);
                    for extra in [
                        format!(",{tag}"),
                        ",\"@type\":\"ArbitraryMessageContent\"".to_string(),
                        ",\"@type\":\"Mail\",\"x\":1,\"@type\":\"Mail\"".to_string(),
                        ",\"@type\":7".to_string(),
                    ] {
                        variants.push(format!("{before}{extra}{after}"));
                    }
                    let close = after.find('}').map_or(text.len(), |e| value_end + e);
                    variants.push(format!("{},{tag}{}", &text[..close], &text[close..]));
                    variants.push(format!(
                        "{}\"@type\":\"NoSuchThing\"{}",
                        &text[..at],
                        &text[value_end..]
                    ));
                    variants.push(format!(
                        "{}\"@type\":[1]{}",
                        &text[..at],
                        &text[value_end..]
                    ));
                    variants.push(text[..close].to_string());
                    variants.extend(text.get(..value_end + 12).map(str::to_string));
                }
                for variant in &variants {
                    assert_eq!(
                        check(variant, &name, false),
                        check(variant, &name, true),
                        "{name}: {variant}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 500, "only {compared} texts compared");
    }

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
