use super::*;
use proptest::prelude::*;

fn check(text: &str) -> Result<(), JsonError> {
    check_syntax(text, 64)
}

#[test]
fn accepts_what_json_parse_accepts() {
    for text in [
        "{}",
        "[]",
        "0",
        "-0",
        "1.5e-3",
        "1E+400",
        "123456789012345678901234567890",
        "true",
        "null",
        r#""\ud800""#,
        r#""\uDBFF\uDFFF""#,
        r#"{"a":[1,{"b":null}],"c":"ä😀"}"#,
        " \t\n\r[ 1 , 2 ] \n",
        r#"{"a":1,"a":2}"#,
        r#""\/\b\f\n\r\t\"\\""#,
    ] {
        assert_eq!(check(text), Ok(()), "{text}");
    }
}

#[test]
fn rejects_with_kind_and_offset() {
    let cases: &[(&str, JsonErrorKind, usize)] = &[
        ("", JsonErrorKind::UnexpectedEnd, 0),
        ("{", JsonErrorKind::UnexpectedEnd, 1),
        ("[1,]", JsonErrorKind::UnexpectedChar(']'), 3),
        ("{\"a\":1,}", JsonErrorKind::UnexpectedChar('}'), 7),
        ("[,1]", JsonErrorKind::UnexpectedChar(','), 1),
        ("{'a':1}", JsonErrorKind::UnexpectedChar('\''), 1),
        ("NaN", JsonErrorKind::UnexpectedChar('N'), 0),
        ("01", JsonErrorKind::TrailingCharacters, 1),
        ("1.", JsonErrorKind::InvalidNumber, 2),
        ("-", JsonErrorKind::InvalidNumber, 1),
        ("1e", JsonErrorKind::InvalidNumber, 2),
        ("{} x", JsonErrorKind::TrailingCharacters, 3),
        ("\"a\u{1}\"", JsonErrorKind::ControlCharacterInString, 2),
        (r#""\x""#, JsonErrorKind::InvalidEscape, 2),
        (r#""\u12g4""#, JsonErrorKind::InvalidEscape, 2),
        ("tru", JsonErrorKind::UnexpectedChar('t'), 0),
        ("{\"a\" 1}", JsonErrorKind::UnexpectedChar('1'), 5),
        ("[1 2]", JsonErrorKind::UnexpectedChar('2'), 3),
        ("{1:2}", JsonErrorKind::UnexpectedChar('1'), 1),
    ];
    for (text, kind, offset) in cases {
        assert_eq!(
            check(text),
            Err(JsonError {
                kind: kind.clone(),
                offset: *offset
            }),
            "{text:?}"
        );
    }
}

#[test]
fn depth_limit_counts_open_containers() {
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert_eq!(check_syntax(&nested(64), 64), Ok(()));
    assert_eq!(
        check_syntax(&nested(65), 64),
        Err(JsonError {
            kind: JsonErrorKind::TooDeep(64),
            offset: 64
        })
    );
    // Ten thousand levels: an error, not a stack overflow.
    assert!(matches!(
        check(&nested(10_000)),
        Err(JsonError {
            kind: JsonErrorKind::TooDeep(64),
            ..
        })
    ));
}

#[test]
fn decodes_escapes_lazily() {
    let mut scanner = Scanner::new(r#"["plain","a\u00e4\n\ud83d\ude00","\ud800x"]"#, 8);
    scanner.begin_array().unwrap();
    let mut values = Vec::new();
    while scanner.next_element().unwrap() {
        values.push(scanner.string().unwrap().decoded().into_owned());
    }
    assert_eq!(values, ["plain", "aä\n😀", "\u{FFFD}x"]);
}

#[test]
fn unchecked_skip_returns_exact_text_and_offset() {
    for (value, after) in [
        (r#"{"x": [1, "t}w]o\"", {}]}"#, ","),
        (r#""a \" b""#, "}"),
        ("-12.5e3", " ,"),
        ("true", "\n}"),
        ("[]", "]"),
    ] {
        let body = format!(r#"{{"data" : {value}{after}"trigger":"t"}}"#);
        let mut scanner = Scanner::new(&body, 8);
        scanner.begin_object().unwrap();
        assert!(scanner.next_key().unwrap().unwrap().is("data"));
        let (raw, offset) = scanner.skip_value_unchecked().unwrap();
        assert_eq!(raw, value);
        assert_eq!(&body[offset..offset + raw.len()], value);
    }
    // Found by the fuzzer: a value starting with a multi-byte character is an error, not a
    // slice through the middle of that character.
    let body = r#"{"data":ބ"id": "x"}, "trigger":"t"}"#;
    let mut scanner = Scanner::new(body, 8);
    scanner.begin_object().unwrap();
    scanner.next_key().unwrap();
    assert_eq!(
        scanner.skip_value_unchecked().unwrap_err(),
        JsonError {
            kind: JsonErrorKind::UnexpectedChar('ބ'),
            offset: 8
        }
    );
    // A text ending inside a string right after a backslash: the skip stops at the end instead
    // of one byte past it (which sliced out of range and trapped the wasm module).
    for body in [r#"{"data":"\"#, r#"{"data":"ab\"#, r#"{"data":["\"#] {
        let mut scanner = Scanner::new(body, 8);
        scanner.begin_object().unwrap();
        scanner.next_key().unwrap();
        let error = scanner.skip_value_unchecked().unwrap_err();
        assert_eq!(error.kind, JsonErrorKind::UnexpectedEnd, "{body}");
        assert_eq!(error.offset, body.len(), "{body}");
    }
    let deep = format!(r#"{{"data":{}{}}}"#, "[".repeat(20), "]".repeat(20));
    let mut scanner = Scanner::new(&deep, 8);
    scanner.begin_object().unwrap();
    scanner.next_key().unwrap();
    assert_eq!(
        scanner.skip_value_unchecked().unwrap_err().kind,
        JsonErrorKind::TooDeep(8)
    );
}

proptest! {
    // Whatever serde_json accepts, we accept (serde_json rejects lone surrogates, which we allow,
    // so only that direction is checked on arbitrary text).
    #[test]
    fn never_panics_on_any_text(text in ".{0,64}") {
        let ours = check(&text);
        if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
            prop_assert_eq!(ours, Ok(()));
        }
    }

    #[test]
    fn never_panics_on_json_like_text(text in r#"[\[\]{}",:0-9eE.+\-a-z\\ ]{0,40}"#) {
        let ours = check(&text);
        let theirs = serde_json::from_str::<serde::de::IgnoredAny>(&text);
        // Agreement both ways on this alphabet: it has no surrogate escapes, and no nesting past 40.
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: ours {:?}", text, ours);
    }

    #[test]
    fn serialised_values_are_accepted(value in arb_json()) {
        let text = serde_json::to_string(&value).unwrap();
        prop_assert_eq!(check(&text), Ok(()));
    }
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| serde_json::json!(f)),
        any::<i64>().prop_map(|i| serde_json::json!(i)),
        ".*".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((".*", inner), 0..8)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}
