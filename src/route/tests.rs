use super::*;

/// What EventEmitter2 6.4.9 (`wildcard: true`) fires, recorded by emitting each name against
/// these patterns: the Connector subscribes its delivery modules through it.
#[test]
fn patterns_match_like_eventemitter2() {
    let table: &[(&str, &[&str])] = &[
        ("a", &["a.**", "*", "**"]),
        ("a.b", &["a.b.**", "a.*", "a.**", "**"]),
        (
            "a.b.c",
            &["a.b.**", "a.**", "a.**.c", "*.b.*", "**", "**.c"],
        ),
        ("a.b.c.d", &["a.b.**", "a.**", "**"]),
        ("x.b.c", &["*.b.*", "**", "**.c"]),
        ("a.c", &["a.*", "a.**", "a.**.c", "**", "**.c"]),
    ];
    let patterns = [
        "**", "a.**", "**.c", "a.**.c", "a.*", "*.b.*", "a.b.**", "*",
    ];
    for (name, expected) in table {
        let mut matched: Vec<&str> = patterns
            .iter()
            .copied()
            .filter(|p| Pattern::parse(p).unwrap().matches(name))
            .collect();
        let mut expected = expected.to_vec();
        matched.sort();
        expected.sort();
        assert_eq!(matched, expected, "{name}");
    }
}

#[test]
fn connector_names() {
    let p = |text: &str| Pattern::parse(text).unwrap();
    assert!(p("transport.*").matches("transport.messageReceived"));
    assert!(!p("transport.*").matches("consumption.relationshipEvent.REL1"));
    assert!(p("consumption.relationshipEvent.*")
        .matches("consumption.relationshipEvent.RELexample0000000001"));
    assert!(p("**").matches("consumption.relationshipEvent.RELexample0000000001"));
    assert!(p("transport.messageReceived").matches("transport.messageReceived"));
    assert!(!p("transport.messageReceived").matches("transport.messageReceivedX"));
    assert!(p("**.**.x").matches("x"));
}

#[test]
fn bad_patterns_are_refused_with_reasons() {
    assert_eq!(
        Pattern::parse("").unwrap_err().to_string(),
        "invalid pattern \"\": it is empty"
    );
    assert_eq!(
        Pattern::parse("transport..x").unwrap_err().to_string(),
        "invalid pattern \"transport..x\": it has an empty segment"
    );
    assert_eq!(
        Pattern::parse("transport.message*").unwrap_err().to_string(),
        "invalid pattern \"transport.message*\": \"message*\" mixes `*` with text; a wildcard must be a whole segment (`*` or `**`)"
    );
}

#[test]
fn matches_come_in_registration_order_and_once_fires_once() {
    let mut router = Router::new();
    router.on("**", "any").unwrap();
    router.on("transport.messageReceived", "exact").unwrap();
    router.once("transport.*", "once").unwrap();
    router.on("consumption.*", "other").unwrap();
    let handlers = |router: &mut Router<&'static str>| {
        router
            .take_matches("transport.messageReceived")
            .into_iter()
            .map(|m| m.handler)
            .collect::<Vec<_>>()
    };
    assert_eq!(handlers(&mut router), ["any", "exact", "once"]);
    assert_eq!(handlers(&mut router), ["any", "exact"]);
    assert_eq!(router.len(), 3);
}

#[test]
fn remove_by_id_and_by_pattern_and_handler() {
    let mut router = Router::new();
    let first = router.on("a.*", 1).unwrap();
    router.on("a.*", 2).unwrap();
    router.on("a.b", 1).unwrap();
    assert!(router.has_match("a.b"));
    assert_eq!(router.remove(first), Some(1));
    assert_eq!(router.remove(first), None);
    assert_eq!(router.remove_where("a.b", |h| *h == 1), 1);
    assert_eq!(
        router
            .take_matches("a.b")
            .into_iter()
            .map(|m| m.handler)
            .collect::<Vec<_>>(),
        [2]
    );
    assert_eq!(router.remove_where("a.*", |_| true), 1);
    assert!(!router.has_match("a.b"));
}

#[test]
fn cache_stays_bounded_for_unbounded_names() {
    let mut router = Router::new();
    router.on("consumption.relationshipEvent.*", ()).unwrap();
    for i in 0..5000 {
        assert!(router.has_match(&format!("consumption.relationshipEvent.REL{i:017}")));
    }
    assert!(router.cache.len() <= CACHE_LIMIT_FOR_TESTS);
}

const CACHE_LIMIT_FOR_TESTS: usize = 1024;

#[test]
fn matching_lists_handlers_in_registration_order_without_using_up_once() {
    let mut router = Router::new();
    router.on("**", 0).unwrap();
    router.once("transport.*", 1).unwrap();
    router.on("consumption.*", 2).unwrap();
    router.on("transport.messageReceived", 3).unwrap();
    assert_eq!(router.matching("transport.messageReceived"), [0, 1, 3]);
    assert_eq!(router.matching("transport.messageReceived"), [0, 1, 3]);
    assert_eq!(router.matching("consumption.x"), [0, 2]);
    assert_eq!(router.remove_where("transport.*", |h| *h == 1), 1);
    assert_eq!(router.matching("transport.messageReceived"), [0, 3]);
}
