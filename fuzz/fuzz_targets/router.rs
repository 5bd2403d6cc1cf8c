//! Structure-aware: arbitrary `on` / `once` / `off` / `remove` registrations and `has_match` /
//! `take_matches` calls on the core `Router`, checked against a naive model of the README's
//! EventEmitter2 matching (exact, `*` one segment, `**` zero or more) in registration order.
#![no_main]

use enmeshed_events::{HandlerId, Router};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

/// A few real segments, so that patterns and names meet often.
const WORDS: &[&str] = &[
    "transport",
    "consumption",
    "runtime",
    "messageReceived",
    "relationshipEvent",
    "RELexample0000000001",
    "a",
    "b",
];

#[derive(Arbitrary, Debug)]
enum Seg {
    Word(u8),
    One,
    Any,
    Empty,
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct Text(Vec<Seg>);

impl Text {
    fn render(&self, wildcards: bool) -> String {
        let segs: Vec<String> = self
            .0
            .iter()
            .take(8)
            .map(|seg| match seg {
                Seg::Word(i) => WORDS[*i as usize % WORDS.len()].to_string(),
                Seg::One if wildcards => "*".into(),
                Seg::Any if wildcards => "**".into(),
                Seg::One | Seg::Any => "x".into(),
                Seg::Empty => String::new(),
                Seg::Raw(text) => text.chars().take(12).collect(),
            })
            .collect();
        segs.join(".")
    }
}

#[derive(Arbitrary, Debug)]
enum Op {
    On(Text, u8),
    Once(Text, u8),
    Off(Text, u8),
    /// `off` of a pattern registered before (by position), so removals hit.
    OffExisting(u8),
    Remove(u8),
    HasMatch(Text),
    Take(Text),
    /// Names with `*` in them are not event names, but nothing stops a caller.
    TakeRaw(Text),
}

struct Entry {
    id: HandlerId,
    pattern: String,
    handler: u8,
    once: bool,
}

/// Whether `pattern` is one `Pattern::parse` accepts.
fn valid(pattern: &str) -> bool {
    !pattern.is_empty()
        && pattern
            .split('.')
            .all(|s| !s.is_empty() && (!s.contains('*') || s == "*" || s == "**"))
}

/// The README's semantics, by plain recursion.
fn matches(pattern: &[&str], name: &[&str]) -> bool {
    match (pattern.split_first(), name.split_first()) {
        (None, None) => true,
        (None, Some(_)) => false,
        (Some((&"**", rest)), _) => {
            matches(rest, name) || (!name.is_empty() && matches(pattern, &name[1..]))
        }
        (Some(_), None) => false,
        (Some((&"*", rest)), Some((_, names))) => matches(rest, names),
        (Some((literal, rest)), Some((segment, names))) => {
            literal == segment && matches(rest, names)
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Script(Vec<Op>);

fuzz_target!(|script: Script| {
    let mut router: Router<u8> = Router::new();
    let mut model: Vec<Entry> = Vec::new();
    let mut fired_once: Vec<HandlerId> = Vec::new();
    for op in script.0.iter().take(64) {
        match op {
            Op::On(text, handler) | Op::Once(text, handler) => {
                let pattern = text.render(true);
                let once = matches!(op, Op::Once(..));
                let result = if once {
                    router.once(&pattern, *handler)
                } else {
                    router.on(&pattern, *handler)
                };
                match result {
                    Ok(id) => {
                        assert!(valid(&pattern), "accepted invalid pattern {pattern:?}");
                        model.push(Entry {
                            id,
                            pattern,
                            handler: *handler,
                            once,
                        });
                    }
                    Err(error) => {
                        assert!(
                            !valid(&pattern),
                            "refused valid pattern {pattern:?}: {error}"
                        );
                        assert_eq!(error.code(), "invalid_pattern");
                        assert!(!error.to_string().is_empty());
                    }
                }
            }
            Op::Off(..) | Op::OffExisting(_) => {
                let (pattern, handler) = match op {
                    Op::Off(text, handler) => (text.render(true), *handler),
                    Op::OffExisting(i) if !model.is_empty() => {
                        let entry = &model[*i as usize % model.len()];
                        (entry.pattern.clone(), entry.handler)
                    }
                    _ => continue,
                };
                let removed = router.remove_where(&pattern, |h| *h == handler);
                let before = model.len();
                model.retain(|e| !(e.pattern == pattern && e.handler == handler));
                assert_eq!(removed, before - model.len(), "off({pattern:?}) count");
            }
            Op::Remove(i) => {
                if model.is_empty() {
                    continue;
                }
                let entry = model.remove(*i as usize % model.len());
                assert_eq!(router.remove(entry.id), Some(entry.handler));
                assert_eq!(router.remove(entry.id), None, "removed twice");
            }
            Op::HasMatch(text) => {
                let name = text.render(false);
                let segments: Vec<&str> = name.split('.').collect();
                let expected = model.iter().any(|e| {
                    let p: Vec<&str> = e.pattern.split('.').collect();
                    matches(&p, &segments)
                });
                assert_eq!(router.has_match(&name), expected, "has_match({name:?})");
            }
            Op::Take(text) | Op::TakeRaw(text) => {
                let name = text.render(matches!(op, Op::TakeRaw(_)));
                let segments: Vec<&str> = name.split('.').collect();
                let expected: Vec<(HandlerId, String, u8)> = model
                    .iter()
                    .filter(|e| {
                        let p: Vec<&str> = e.pattern.split('.').collect();
                        matches(&p, &segments)
                    })
                    .map(|e| (e.id, e.pattern.clone(), e.handler))
                    .collect();
                let got: Vec<(HandlerId, String, u8)> = router
                    .take_matches(&name)
                    .into_iter()
                    .map(|m| (m.id, m.pattern.to_string(), m.handler))
                    .collect();
                assert_eq!(got, expected, "take_matches({name:?})");
                for entry in model.iter().filter(|e| e.once) {
                    if got.iter().any(|(id, ..)| *id == entry.id) {
                        assert!(!fired_once.contains(&entry.id), "once handler fired twice");
                        fired_once.push(entry.id);
                    }
                }
                model.retain(|e| !(e.once && fired_once.contains(&e.id)));
            }
        }
        assert_eq!(router.len(), model.len());
        assert_eq!(router.is_empty(), model.is_empty());
    }
});
