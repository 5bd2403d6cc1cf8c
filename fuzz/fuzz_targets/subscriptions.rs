//! Structure-aware: `broker_subscriptions` for arbitrary patterns, checked against matchers of
//! each broker's own syntax written here from their documentation: every name a pattern matches
//! must be delivered by some subscription (broader is allowed, narrower never); a
//! name is matched as the router sees it (over MQTT, with each `/` of the topic read as `.`).
#![no_main]

use enmeshed_events::{broker_subscriptions, Broker, Pattern, Subscriptions};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

const WORDS: &[&str] = &[
    "transport",
    "consumption",
    "a",
    "b",
    "a?b",
    "[x]",
    "c\\d",
    "x/y",
    "p+q",
    "#",
];

#[derive(Arbitrary, Debug)]
enum Seg {
    Word(u8),
    One,
    Any,
    Raw(String),
}

fn render(segs: &[Seg], wildcards: bool) -> String {
    let parts: Vec<String> = segs
        .iter()
        .take(6)
        .map(|seg| match seg {
            Seg::Word(i) => WORDS[*i as usize % WORDS.len()].to_string(),
            Seg::One if wildcards => "*".into(),
            Seg::Any if wildcards => "**".into(),
            Seg::One | Seg::Any => "z".into(),
            Seg::Raw(text) => text
                .chars()
                .filter(|c| *c != '.' && *c != '*')
                .take(6)
                .collect(),
        })
        .collect();
    parts.join(".")
}

/// Words of `pattern` against words of `name`; `one`/`any` are the broker's wildcards.
fn words_match(pattern: &[&str], name: &[&str], one: &str, any: &str) -> bool {
    match (pattern.split_first(), name.split_first()) {
        (None, None) => true,
        (Some((first, rest)), _) if *first == any => {
            words_match(rest, name, one, any)
                || (!name.is_empty() && words_match(pattern, &name[1..], one, any))
        }
        (Some((first, rest)), Some((_, names))) if *first == one => {
            words_match(rest, names, one, any)
        }
        (Some((first, rest)), Some((word, names))) => {
            first == word && words_match(rest, names, one, any)
        }
        _ => false,
    }
}

/// A Redis glob (`*`, `?`, `\` escapes; the result never holds `[`) against a channel.
fn glob_match(glob: &[char], name: &[char]) -> bool {
    match glob.split_first() {
        None => name.is_empty(),
        Some(('*', rest)) => (0..=name.len()).any(|i| glob_match(rest, &name[i..])),
        Some(('?', rest)) => !name.is_empty() && glob_match(rest, &name[1..]),
        Some(('\\', rest)) => match (rest.split_first(), name.split_first()) {
            (Some((c, rest)), Some((n, names))) => c == n && glob_match(rest, names),
            _ => false,
        },
        Some((c, rest)) => name.first() == Some(c) && glob_match(rest, &name[1..]),
    }
}

fn delivered(found: &Subscriptions, name: &str) -> bool {
    match found {
        Subscriptions::Amqp { binding_keys } => {
            let name: Vec<&str> = name.split('.').collect();
            binding_keys
                .iter()
                .any(|k| words_match(&k.split('.').collect::<Vec<_>>(), &name, "*", "#"))
        }
        Subscriptions::Mqtt { topic_filters } => {
            let topic = name.replace('.', "/");
            let topic: Vec<&str> = topic.split('/').collect();
            topic_filters
                .iter()
                .any(|f| words_match(&f.split('/').collect::<Vec<_>>(), &topic, "+", "#"))
        }
        Subscriptions::Redis { patterns, channels } => {
            let chars: Vec<char> = name.chars().collect();
            channels.iter().any(|c| c == name)
                || patterns
                    .iter()
                    .any(|p| glob_match(&p.chars().collect::<Vec<_>>(), &chars))
        }
        Subscriptions::PubSub { filter } => {
            filter.is_empty()
                || filter.split(" OR ").any(|part| {
                    let (head, quoted) = part.split_once('"').unwrap();
                    let value = quoted
                        [..quoted.len() - if head.starts_with("has") { 2 } else { 1 }]
                        .replace("\\\"", "\"")
                        .replace("\\\\", "\\");
                    if head.starts_with("hasPrefix") {
                        name.starts_with(&value)
                    } else {
                        name == value
                    }
                })
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    patterns: Vec<Vec<Seg>>,
    names: Vec<Vec<Seg>>,
}

fuzz_target!(|input: Input| {
    let patterns: Vec<String> = input
        .patterns
        .iter()
        .take(5)
        .map(|p| render(p, true))
        .collect();
    let Ok(compiled) = patterns
        .iter()
        .map(|p| Pattern::parse(p))
        .collect::<Result<Vec<_>, _>>()
    else {
        for broker in [Broker::Amqp, Broker::Mqtt, Broker::Redis, Broker::PubSub] {
            let error =
                broker_subscriptions(patterns.iter().map(String::as_str), broker).unwrap_err();
            assert_eq!(error.code(), "invalid_pattern");
        }
        return;
    };
    let names: Vec<String> = input
        .names
        .iter()
        .take(8)
        .map(|n| render(n, false))
        .collect();
    for broker in [Broker::Amqp, Broker::Mqtt, Broker::Redis, Broker::PubSub] {
        let found = broker_subscriptions(patterns.iter().map(String::as_str), broker).unwrap();
        for name in &names {
            // Over MQTT a name reaches the router with every `/` of its topic read as `.`.
            let routed = if broker == Broker::Mqtt {
                name.replace('/', ".")
            } else {
                name.clone()
            };
            if compiled.iter().any(|p| p.matches(&routed)) {
                assert!(
                    delivered(&found, name),
                    "{broker:?} {patterns:?} → {found:?} misses {name:?}"
                );
            }
        }
    }
});
