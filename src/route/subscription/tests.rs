use proptest::prelude::*;

use super::*;

fn amqp(patterns: &[&str]) -> Vec<String> {
    match broker_subscriptions(patterns.iter().copied(), Broker::Amqp).unwrap() {
        Subscriptions::Amqp { binding_keys } => binding_keys,
        other => panic!("{other:?}"),
    }
}

fn mqtt(patterns: &[&str]) -> Vec<String> {
    match broker_subscriptions(patterns.iter().copied(), Broker::Mqtt).unwrap() {
        Subscriptions::Mqtt { topic_filters } => topic_filters,
        other => panic!("{other:?}"),
    }
}

fn redis(patterns: &[&str]) -> (Vec<String>, Vec<String>) {
    match broker_subscriptions(patterns.iter().copied(), Broker::Redis).unwrap() {
        Subscriptions::Redis { patterns, channels } => (patterns, channels),
        other => panic!("{other:?}"),
    }
}

fn pubsub(patterns: &[&str]) -> String {
    match broker_subscriptions(patterns.iter().copied(), Broker::PubSub).unwrap() {
        Subscriptions::PubSub { filter } => filter,
        other => panic!("{other:?}"),
    }
}

#[test]
fn amqp_maps_wildcards_one_to_one() {
    assert_eq!(amqp(&["transport.*"]), ["transport.*"]);
    assert_eq!(amqp(&["consumption.**"]), ["consumption.#"]);
    assert_eq!(amqp(&["**"]), ["#"]);
    assert_eq!(
        amqp(&["a.**.c", "*.b.*", "transport.messageReceived"]),
        ["a.#.c", "*.b.*", "transport.messageReceived"]
    );
}

#[test]
fn amqp_drops_duplicates_and_covered_keys() {
    assert_eq!(amqp(&["a.b", "a.b", "a.*"]), ["a.*"]);
    assert_eq!(
        amqp(&[
            "transport.messageReceived",
            "transport.**",
            "consumption.attributeCreated"
        ]),
        ["transport.#", "consumption.attributeCreated"]
    );
    assert_eq!(amqp(&["a.*", "a.**", "**"]), ["#"]);
    // Equal languages: the first is kept.
    assert_eq!(amqp(&["a.**.**", "a.**"]), ["a.#.#"]);
    // `**.x` needs one word at least, so `*.**` covers it.
    assert_eq!(amqp(&["*.**", "**.x"]), ["*.#"]);
    // Neither covers the other.
    assert_eq!(amqp(&["a.*", "*.b"]), ["a.*", "*.b"]);
    assert_eq!(amqp(&["a.**", "a"]), ["a.#"]);
    assert_eq!(amqp(&["a.*", "a"]), ["a.*", "a"]);
    assert_eq!(amqp(&[]), Vec::<String>::new());
}

#[test]
fn amqp_reads_a_literal_hash_word_as_the_wildcard_it_is_to_rabbitmq() {
    // `a.#` as a pattern is the literal word "#"; RabbitMQ binds it as a wildcard, so it covers
    // `a.b.c` and must not be dropped in favour of a narrower key.
    assert_eq!(amqp(&["a.#", "a.b.c"]), ["a.#"]);
    assert_eq!(amqp(&["a.*.c", "a.#"]), ["a.#"]);
}

#[test]
fn mqtt_uses_slashes_plus_and_a_trailing_hash() {
    assert_eq!(
        mqtt(&["transport.messageReceived"]),
        ["transport/messageReceived"]
    );
    assert_eq!(mqtt(&["transport.*"]), ["transport/+"]);
    assert_eq!(mqtt(&["transport.**"]), ["transport/#"]);
    assert_eq!(mqtt(&["**"]), ["#"]);
    assert_eq!(mqtt(&["*.b.*"]), ["+/b/+"]);
    assert_eq!(
        mqtt(&["consumption.relationshipEvent.*"]),
        ["consumption/relationshipEvent/+"]
    );
}

#[test]
fn mqtt_broadens_a_hash_that_would_not_be_last() {
    // MQTT allows `#` only as the last level: `a.**.c` becomes `a/#`.
    assert_eq!(mqtt(&["a.**.c"]), ["a/#"]);
    assert_eq!(mqtt(&["**.c"]), ["#"]);
    assert_eq!(mqtt(&["a.*.**"]), ["a/+/#"]);
    // The broadened filter covers what it replaced and what it now also matches.
    assert_eq!(mqtt(&["a.b.c", "a.**.c"]), ["a/#"]);
    assert_eq!(mqtt(&["a.**.c", "a.**.d"]), ["a/#"]);
}

#[test]
fn mqtt_broadens_literals_a_topic_filter_cannot_hold() {
    assert_eq!(mqtt(&["a.b+c"]), ["a/+"]);
    assert_eq!(mqtt(&["a.b#c.d"]), ["a/+/d"]);
    // A literal `/` is a level separator in the topic the Connector publishes.
    assert_eq!(mqtt(&["a.b/c"]), ["a/b/c"]);
    assert_eq!(mqtt(&["a.b/c#.d"]), ["a/#"]);
}

#[test]
fn redis_subscribes_exact_names_and_psubscribes_globs() {
    assert_eq!(
        redis(&["transport.messageReceived"]),
        (vec![], vec!["transport.messageReceived".to_string()])
    );
    assert_eq!(
        redis(&["transport.*"]),
        (vec!["transport.*".to_string()], vec![])
    );
    // `**` may be no segment at all: its dot goes with it.
    assert_eq!(
        redis(&["transport.**"]),
        (vec!["transport*".to_string()], vec![])
    );
    assert_eq!(redis(&["**.c"]), (vec!["*c".to_string()], vec![]));
    assert_eq!(redis(&["a.**.c"]), (vec!["a*c".to_string()], vec![]));
    assert_eq!(redis(&["**"]), (vec!["*".to_string()], vec![]));
    assert_eq!(redis(&["*.**"]), (vec!["*".to_string()], vec![]));
}

#[test]
fn redis_star_spans_dots_so_it_covers_more() {
    // `a.*` is the glob `a.*`, which also matches `a.b.c` (re-checked by the router): so it
    // covers the exact channel `a.b.c` and the pattern `a.*.c`, which are dropped.
    assert_eq!(redis(&["a.b.c", "a.*"]), (vec!["a.*".to_string()], vec![]));
    assert_eq!(redis(&["a.*.c", "a.*"]), (vec!["a.*".to_string()], vec![]));
    // Still not `a` itself, which `a.**` covers.
    assert_eq!(
        redis(&["a", "a.*"]),
        (vec!["a.*".to_string()], vec!["a".to_string()])
    );
    assert_eq!(redis(&["a", "a.**"]), (vec!["a*".to_string()], vec![]));
}

#[test]
fn redis_escapes_glob_characters_in_literal_text() {
    assert_eq!(
        redis(&["a?b.[x].*", "c\\d.*"]),
        (
            vec!["a\\?b.\\[x\\].*".to_string(), "c\\\\d.*".to_string()],
            vec![]
        )
    );
    // An exact channel is not a glob: nothing is escaped.
    assert_eq!(redis(&["a?b.[x]"]), (vec![], vec!["a?b.[x]".to_string()]));
    // An escaped `?` is a literal: `a?b.*` does not cover the channel `axb.c`.
    assert_eq!(
        redis(&["axb.c", "a?b.*"]),
        (vec!["a\\?b.*".to_string()], vec!["axb.c".to_string()])
    );
}

#[test]
fn pubsub_filters_on_the_namespace_attribute() {
    assert_eq!(
        pubsub(&["transport.messageReceived"]),
        r#"attributes.namespace = "transport.messageReceived""#
    );
    // `*` needs a segment: the dot belongs to the prefix. `**` may be none: it does not.
    assert_eq!(
        pubsub(&["transport.*"]),
        r#"hasPrefix(attributes.namespace, "transport.")"#
    );
    assert_eq!(
        pubsub(&["transport.**"]),
        r#"hasPrefix(attributes.namespace, "transport")"#
    );
    assert_eq!(
        pubsub(&[
            "consumption.relationshipEvent.*.x",
            "transport.messageReceived"
        ]),
        r#"hasPrefix(attributes.namespace, "consumption.relationshipEvent.") OR attributes.namespace = "transport.messageReceived""#
    );
    assert_eq!(
        pubsub(&[
            "transport.messageReceived",
            "transport.*",
            "transport.messageReceived"
        ]),
        r#"hasPrefix(attributes.namespace, "transport.")"#
    );
    // A pattern starting with a wildcard matches any name: no filter.
    assert_eq!(pubsub(&["transport.*", "*.messageReceived"]), "");
    assert_eq!(pubsub(&["**"]), "");
    assert_eq!(pubsub(&[]), "");
    assert_eq!(pubsub(&["a\"b"]), r#"attributes.namespace = "a\"b""#);
}

#[test]
fn pubsub_broadens_a_filter_longer_than_256_bytes() {
    let names = [
        "transport.messageReceived",
        "transport.messageSent",
        "transport.relationshipChanged",
        "transport.peerToBeDeleted",
        "consumption.incomingRequestReceived",
        "consumption.incomingRequestStatusChanged",
        "consumption.attributeCreated",
    ];
    assert_eq!(
        pubsub(&names),
        r#"hasPrefix(attributes.namespace, "transport") OR hasPrefix(attributes.namespace, "consumption")"#
    );
    let long: Vec<String> = (0..20).map(|i| format!("segment{i}.x")).collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    assert_eq!(pubsub(&long), "");
}

#[test]
fn refuses_bad_patterns_and_brokers_with_codes() {
    let error = broker_subscriptions(["transport.message*"], Broker::Amqp).unwrap_err();
    assert_eq!(error.code(), "invalid_pattern");
    assert_eq!(
        error.to_string(),
        "invalid pattern \"transport.message*\": \"message*\" mixes `*` with text; a wildcard must be a whole segment (`*` or `**`)"
    );
    assert_eq!(
        broker_subscriptions([""], Broker::Mqtt)
            .unwrap_err()
            .to_string(),
        "invalid pattern \"\": it is empty"
    );
    let error = Broker::from_name("kafka").unwrap_err();
    assert_eq!(error.code(), "invalid_broker");
    assert_eq!(
        error.to_string(),
        "unknown broker \"kafka\": expected \"amqp\", \"mqtt\", \"redis\" or \"pubsub\""
    );
    assert_eq!(Broker::from_name("pubsub"), Ok(Broker::PubSub));
}

#[test]
fn inclusion_is_decided_exactly() {
    use Token::{Any, Lit, One};
    let l = |s: &str| Lit(s.to_string());
    assert!(includes(&[l("a"), l("x")], &[Any, l("x")]));
    assert!(includes(&[Any, l("x")], &[One, Any]));
    let none: [Token<String>; 0] = [];
    assert!(!includes::<String>(&[Any], &[One, Any]));
    assert!(!includes(&[One, Any], &[Any, l("x")]));
    assert!(includes(&[l("a"), One, l("c")], &[l("a"), Any]));
    assert!(!includes(&[l("a"), Any], &[l("a"), One, Any]));
    assert!(includes(&none, &[Any]));
    assert!(!includes(&[Any], &none));
}

/// Whether `name` matches a subscription, read as the broker reads it.
fn delivered(subscriptions: &Subscriptions, name: &str) -> bool {
    let words = |sep: char, text: &str| -> Vec<Token<String>> {
        text.split(sep)
            .map(|w| match w {
                "*" | "+" => Token::One,
                "#" => Token::Any,
                w => Token::Lit(w.to_string()),
            })
            .collect()
    };
    let exact = |sep: char, text: &str| -> Vec<Token<String>> {
        text.split(sep).map(|w| Token::Lit(w.to_string())).collect()
    };
    let chars = |text: &str| -> Vec<Token<char>> { text.chars().map(Token::Lit).collect() };
    let unglob = |glob: &str| -> Vec<Token<char>> {
        let mut out = Vec::new();
        let mut chars = glob.chars();
        while let Some(c) = chars.next() {
            out.push(match c {
                '\\' => Token::Lit(chars.next().unwrap()),
                '*' => Token::Any,
                '?' => Token::One,
                c => Token::Lit(c),
            });
        }
        out
    };
    match subscriptions {
        Subscriptions::Amqp { binding_keys } => binding_keys
            .iter()
            .any(|k| includes(&exact('.', name), &words('.', k))),
        Subscriptions::Mqtt { topic_filters } => {
            let topic = name.replace('.', "/");
            topic_filters
                .iter()
                .any(|f| includes(&exact('/', &topic), &words('/', f)))
        }
        Subscriptions::Redis { patterns, channels } => {
            channels.iter().any(|c| c == name)
                || patterns.iter().any(|p| includes(&chars(name), &unglob(p)))
        }
        Subscriptions::PubSub { filter } => {
            filter.is_empty()
                || filter.split(" OR ").any(|part| {
                    let quoted = part.split('"').nth(1).unwrap();
                    if part.starts_with("hasPrefix") {
                        name.starts_with(quoted)
                    } else {
                        name == quoted
                    }
                })
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Broadening is allowed, narrowing never: every name a pattern matches is delivered.
    #[test]
    fn every_matching_name_is_delivered(
        patterns in prop::collection::vec(
            prop::collection::vec(prop_oneof![Just("a"), Just("b"), Just("c?"), Just("*"), Just("**")], 1..5)
                .prop_map(|s| s.join(".")),
            0..4,
        ),
        names in prop::collection::vec(
            prop::collection::vec(prop_oneof![Just("a"), Just("b"), Just("c?"), Just("d")], 1..6)
                .prop_map(|s| s.join(".")),
            1..8,
        ),
    ) {
        let compiled: Vec<Pattern> = patterns.iter().map(|p| Pattern::parse(p).unwrap()).collect();
        for broker in [Broker::Amqp, Broker::Mqtt, Broker::Redis, Broker::PubSub] {
            let subscriptions = broker_subscriptions(patterns.iter().map(String::as_str), broker).unwrap();
            for name in &names {
                if compiled.iter().any(|p| p.matches(name)) {
                    prop_assert!(delivered(&subscriptions, name), "{broker:?} {patterns:?} {subscriptions:?} misses {name}");
                }
            }
        }
    }
}
