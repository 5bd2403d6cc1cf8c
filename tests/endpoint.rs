//! The webhook endpoint's decisions: statuses, codes, messages and bodies, word for word.
#![cfg(not(target_arch = "wasm32"))]

use enmeshed_events::endpoint::{
    accepted_body, background_body, bearer_token, check_content_type, check_declared_length,
    is_header_safe_key, Auth, ConfigError, Credential, Rejection, DEFAULT_API_KEY_HEADER,
    DEFAULT_MAX_BODY_BYTES, MAX_ECHOED_CHARS, MAX_MESSAGE_CHARS,
};

const KEYS: [&str; 3] = ["key-current-0123456789", "key-previous-abcdefghij", "k"];

fn keys() -> Auth {
    Auth::new(&KEYS, None, false, false).unwrap()
}

fn triple(rejection: &Rejection) -> (u16, String, String) {
    (
        rejection.status(),
        rejection.code().to_string(),
        rejection.message(),
    )
}

#[test]
fn every_configured_key_is_accepted() {
    let auth = keys();
    for key in KEYS {
        assert!(auth.check_api_key(key), "{key}");
    }
}

#[test]
fn other_values_are_refused() {
    let auth = keys();
    for value in [
        "",
        "key-current-012345678",
        "key-current-01234567890",
        "key-current-0123456788",
        "KEY-CURRENT-0123456789",
        "kk",
        "k\0",
        " k",
        "key-previous-abcdefghij\n",
    ] {
        assert!(!auth.check_api_key(value), "{value:?}");
    }
}

#[test]
fn a_prefix_padded_with_nul_does_not_match() {
    // Bytes past the presented value's end compare against 0: the length check must catch it.
    // (A key ending in NUL is refused at creation; the comparison is still checked both ways.)
    let auth = Auth::new(&["ab"], None, false, false).unwrap();
    assert!(!auth.check_api_key("ab\0"));
    assert!(!auth.check_api_key("a"));
    assert!(auth.check_api_key("ab"));
}

const NOT_A_HEADER_VALUE: &str =
    "cannot be sent in a header: expected visible ascii characters and spaces between them";

#[test]
fn keys_that_cannot_travel_in_a_header_are_refused_by_index() {
    for key in [
        "schlüssel-0123456789",
        " leading-space",
        "trailing-space ",
        "tab\tinside",
        "\tleading-tab",
        "line\nbreak",
        "nul\0",
        "del\u{7f}",
        "emoji-👋",
        "\u{a0}nbsp",
        " ",
    ] {
        assert!(!is_header_safe_key(key), "{key:?}");
        let error = Auth::new(&["good-key", key], None, false, false).unwrap_err();
        assert_eq!(error, ConfigError::InvalidApiKey { index: 1 });
        assert_eq!(error.code(), "invalid_api_key");
        assert_eq!(
            error.to_string(),
            format!("apiKeys[1] {NOT_A_HEADER_VALUE}")
        );
        if key.trim().len() > 2 {
            assert!(
                !format!("{error} {error:?}").contains(key.trim()),
                "{key:?}"
            );
        }
    }
}

#[test]
fn visible_ascii_keys_with_inner_spaces_are_accepted() {
    let every_visible: String = (b'!'..=b'~').map(char::from).collect();
    for key in [
        "k",
        "key with inner  spaces",
        every_visible.as_str(),
        "Aa1!Bb2@Cc3#Dd4$Ee5%Ff6^Gg7&Hh8*",
    ] {
        assert!(is_header_safe_key(key), "{key:?}");
        let auth = Auth::new(&[key], None, false, false).unwrap();
        assert!(auth.check_api_key(key));
    }
    assert!(!is_header_safe_key(""));
    // An empty key keeps its own, earlier error.
    let error = Auth::new(&["", "ä"], None, false, false).unwrap_err();
    assert_eq!(error.code(), "empty_api_key");
}

#[test]
fn debug_never_shows_keys() {
    let auth = keys();
    let debug = format!("{auth:?} {auth:#?}");
    for key in KEYS.iter().filter(|k| k.len() > 1) {
        assert!(!debug.contains(key), "{debug}");
    }
    assert_eq!(
        format!("{auth:?}"),
        r#"Auth { keys: [3 redacted], header: "x-api-key", bearer: false }"#
    );
}

#[test]
fn header_names_are_stored_lowercase() {
    let auth = Auth::new(&["secret"], Some("X-Connector-Key"), false, false).unwrap();
    assert_eq!(auth.api_key_header(), "x-connector-key");
    assert_eq!(keys().api_key_header(), DEFAULT_API_KEY_HEADER);
}

#[test]
fn configurations_the_endpoint_refuses() {
    let none: [&str; 0] = [];
    let cases = [
        (
            Auth::new(&none, None, false, false),
            "no_authentication",
            "no authentication configured: set apiKeys or verifyBearer, or allowUnauthenticated: true to accept every request",
        ),
        (
            Auth::new(&["secret"], None, false, true),
            "conflicting_authentication",
            "allowUnauthenticated: true cannot be combined with apiKeys or verifyBearer",
        ),
        (
            Auth::new(&none, None, true, true),
            "conflicting_authentication",
            "allowUnauthenticated: true cannot be combined with apiKeys or verifyBearer",
        ),
        (
            Auth::new(&["secret", ""], None, false, false),
            "empty_api_key",
            "apiKeys[1] is empty",
        ),
        (
            Auth::new(&["secret"], Some("x api key"), false, false),
            "invalid_header_name",
            r#"apiKeyHeader "x api key" is not a valid header name"#,
        ),
        (
            Auth::new(&["secret"], Some(""), false, false),
            "invalid_header_name",
            r#"apiKeyHeader "" is not a valid header name"#,
        ),
    ];
    for (result, code, message) in cases {
        let error: ConfigError = result.unwrap_err();
        assert_eq!((error.code(), error.to_string().as_str()), (code, message));
    }
}

#[test]
fn config_errors_never_show_keys() {
    let error = Auth::new(&["super-secret", ""], None, false, false).unwrap_err();
    assert!(!format!("{error} {error:?}").contains("super-secret"));
}

#[test]
fn the_three_ways_to_configure_authentication() {
    let none: [&str; 0] = [];
    let open = Auth::new(&none, None, false, true).unwrap();
    assert!(open.is_open() && !open.has_api_keys() && !open.has_bearer());
    assert!(!open.check_api_key(""));
    let bearer = Auth::new(&none, None, true, false).unwrap();
    assert!(!bearer.is_open() && bearer.has_bearer() && !bearer.has_api_keys());
    assert!(!bearer.check_api_key(""));
    assert!(keys().has_api_keys());
}

#[test]
fn json_content_types_pass() {
    for value in [
        None,
        Some(""),
        Some("  "),
        Some("application/json"),
        Some("Application/JSON"),
        Some("application/json; charset=utf-8"),
        Some("application/json;charset=UTF-8"),
        Some("application/json; charset=\"utf-8\""),
        Some("application/json; charset=utf8; foo=bar"),
        Some("application/cloudevents+json"),
        Some("application/vnd.api+json ; charset=utf-8"),
    ] {
        assert_eq!(check_content_type(value), Ok(()), "{value:?}");
    }
}

#[test]
fn other_content_types_answer_415() {
    let cases = [
        (
            "text/plain",
            "unsupported_media_type",
            "expected content-type application/json, found text/plain",
        ),
        (
            "application/x-www-form-urlencoded",
            "unsupported_media_type",
            "expected content-type application/json, found application/x-www-form-urlencoded",
        ),
        (
            "application/+json",
            "unsupported_media_type",
            "expected content-type application/json, found application/+json",
        ),
        (
            "text/json",
            "unsupported_media_type",
            "expected content-type application/json, found text/json",
        ),
        (
            "application/json; charset=iso-8859-1",
            "unsupported_media_type",
            "expected charset utf-8, found iso-8859-1",
        ),
    ];
    for (value, code, message) in cases {
        let rejection = check_content_type(Some(value)).unwrap_err();
        assert_eq!(
            triple(&rejection),
            (415, code.to_string(), message.to_string())
        );
    }
}

#[test]
fn a_long_content_type_is_cut_in_the_message() {
    let value = format!("text/{}", "x".repeat(500));
    let message = check_content_type(Some(&value)).unwrap_err().message();
    let expected = format!(
        "expected content-type application/json, found text/{}…",
        "x".repeat(95)
    );
    assert_eq!(message, expected);
}

#[test]
fn declared_lengths() {
    assert_eq!(check_declared_length(None, 10), Ok(()));
    assert_eq!(check_declared_length(Some("10"), 10), Ok(()));
    assert_eq!(check_declared_length(Some("nonsense"), 10), Ok(()));
    let rejection = check_declared_length(Some(" 11 "), 10).unwrap_err();
    assert_eq!(
        triple(&rejection),
        (
            413,
            "too_large".into(),
            "the body is 11 bytes, more than the limit of 10".into()
        )
    );
    assert_eq!(DEFAULT_MAX_BODY_BYTES, 1_048_576);
}

#[test]
fn bearer_tokens() {
    assert_eq!(bearer_token("Bearer abc.def-ghi"), Some("abc.def-ghi"));
    assert_eq!(bearer_token("bearer   abc="), Some("abc="));
    assert_eq!(bearer_token("BEARER abc"), Some("abc"));
    for value in [
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer a b",
        "Bearerabc",
    ] {
        assert_eq!(bearer_token(value), None, "{value:?}");
    }
}

#[test]
fn statuses_codes_and_messages() {
    let header = || "x-api-key".to_string();
    let cases = [
        (
            Rejection::MethodNotAllowed {
                method: "GET".into(),
            },
            405,
            "method_not_allowed",
            "expected method POST, found GET",
        ),
        (
            Rejection::MissingCredentials {
                api_key_header: Some(header()),
                bearer: false,
            },
            401,
            "missing_credentials",
            "missing credentials: expected an api key in the x-api-key header",
        ),
        (
            Rejection::MissingCredentials {
                api_key_header: Some(header()),
                bearer: true,
            },
            401,
            "missing_credentials",
            "missing credentials: expected an api key in the x-api-key header or an authorization bearer token",
        ),
        (
            Rejection::MissingCredentials {
                api_key_header: None,
                bearer: true,
            },
            401,
            "missing_credentials",
            "missing credentials: expected an authorization bearer token",
        ),
        (
            Rejection::InvalidCredentials {
                credential: Credential::ApiKey { header: header() },
                bearer: false,
            },
            401,
            "invalid_credentials",
            "the api key in the x-api-key header is not accepted",
        ),
        (
            Rejection::InvalidCredentials {
                credential: Credential::Bearer,
                bearer: true,
            },
            401,
            "invalid_credentials",
            "the bearer token is not accepted",
        ),
        (
            Rejection::AuthError,
            500,
            "auth_error",
            "the bearer token could not be verified",
        ),
        (
            Rejection::Unauthenticated,
            401,
            "unauthenticated",
            "the request could not be authenticated",
        ),
        (
            Rejection::InProgress,
            503,
            "in_progress",
            "another delivery of this event is being handled: deliver it again later",
        ),
        (
            Rejection::TooLarge {
                limit: 1024,
                declared: None,
            },
            413,
            "too_large",
            "the body is more than the limit of 1024 bytes",
        ),
        (
            Rejection::UnreadableBody,
            400,
            "unreadable_body",
            "the request body could not be read",
        ),
        (
            Rejection::AuthTimeout { timeout_ms: 5000 },
            500,
            "auth_timeout",
            "the bearer token could not be verified within 5000 ms",
        ),
        (
            Rejection::BodyTimeout { timeout_ms: 10000 },
            408,
            "body_timeout",
            "the body did not arrive within 10000 ms",
        ),
        (
            Rejection::HandlerTimeout {
                timeout_ms: 25000,
                status: 500,
            },
            500,
            "handler_timeout",
            "the handlers did not finish within 25000 ms",
        ),
        (
            Rejection::HandlerTimeout {
                timeout_ms: 25000,
                status: 200,
            },
            200,
            "handler_timeout",
            "the handlers did not finish within 25000 ms",
        ),
        (
            Rejection::Internal {
                correlation_id: "6c1f0e2a-7b3d-4e5f-8a9b-0c1d2e3f4a5b".into(),
            },
            500,
            "internal",
            "the request could not be processed",
        ),
        (
            Rejection::HandlerFailed {
                event: "transport.messageReceived".into(),
                failed: 1,
                ran: 2,
                status: 500,
            },
            500,
            "handler_failed",
            "1 of 2 handlers failed for transport.messageReceived",
        ),
        (
            Rejection::HandlerFailed {
                event: "transport.messageReceived".into(),
                failed: 2,
                ran: 2,
                status: 200,
            },
            200,
            "handler_failed",
            "2 of 2 handlers failed for transport.messageReceived",
        ),
    ];
    for (rejection, status, code, message) in cases {
        assert_eq!(
            triple(&rejection),
            (status, code.to_string(), message.to_string())
        );
        assert_eq!(rejection.path(), None);
    }
}

#[test]
fn parse_errors_keep_their_code_message_and_path() {
    let invalid = |code: &str| Rejection::InvalidDelivery {
        code: code.into(),
        message: "body: expected a value at byte 0".into(),
        path: Some("body".into()),
    };
    assert_eq!(invalid("invalid_json").status(), 400);
    assert_eq!(invalid("too_large").status(), 413);
    assert_eq!(invalid("internal").status(), 500);
    assert_eq!(
        invalid("invalid_json").body(),
        r#"{"code":"invalid_json","message":"body: expected a value at byte 0","path":"body"}"#
    );
}

#[test]
fn internal_failures_show_only_a_fixed_message_and_the_correlation_id() {
    let internal = Rejection::Internal {
        correlation_id: "6c1f0e2a-7b3d-4e5f-8a9b-0c1d2e3f4a5b".into(),
    };
    assert_eq!(
        internal.body(),
        r#"{"code":"internal","message":"the request could not be processed","correlationId":"6c1f0e2a-7b3d-4e5f-8a9b-0c1d2e3f4a5b"}"#
    );
    assert_eq!(
        internal.headers(),
        [("content-type", "application/json".to_string())]
    );
    // A parse error with code `internal` is the library's failure: its message and path stay out.
    let trapped = Rejection::InvalidDelivery {
        code: "internal".into(),
        message: "the WebAssembly instance trapped and was reset: unreachable".into(),
        path: Some("body".into()),
    };
    assert_eq!(
        trapped.body(),
        r#"{"code":"internal","message":"the request could not be processed"}"#
    );
    assert_eq!(trapped.status(), 500);
    assert_eq!(trapped.path(), None);
}

#[test]
fn echoed_values_and_messages_are_bounded() {
    let long = "x".repeat(100 * 1024);
    let cut = |n: usize| format!("{}…", "x".repeat(n));
    let cases = [
        (
            Rejection::MethodNotAllowed {
                method: long.clone(),
            },
            format!("expected method POST, found {}", cut(100)),
        ),
        (
            Rejection::UnsupportedMediaType {
                found: long.clone(),
            },
            format!("expected content-type application/json, found {}", cut(100)),
        ),
        (
            Rejection::UnsupportedCharset {
                found: long.clone(),
            },
            format!("expected charset utf-8, found {}", cut(100)),
        ),
        (
            // A parse error that repeats a 100 KB trigger.
            Rejection::InvalidDelivery {
                code: "invalid_event_name".into(),
                message: format!("invalid event name {long:?}"),
                path: Some(format!("body.trigger{long}")),
            },
            format!("invalid event name \"{}", cut(300 - 20)),
        ),
        (
            Rejection::HandlerFailed {
                event: long.clone(),
                failed: 1,
                ran: 1,
                status: 500,
            },
            format!("1 of 1 handlers failed for {}", cut(100)),
        ),
    ];
    for (rejection, message) in cases {
        assert_eq!(rejection.message(), message);
        assert!(rejection.body().len() < 1024, "{}", rejection.body().len());
    }
    let path = Rejection::InvalidDelivery {
        code: long.clone(),
        message: String::new(),
        path: Some(format!("body.{long}")),
    };
    assert_eq!(path.path().unwrap().len(), MAX_MESSAGE_CHARS);
    assert_eq!(path.code(), "x".repeat(64));
    let internal = Rejection::Internal {
        correlation_id: long.clone(),
    };
    assert_eq!(internal.correlation_id().unwrap().len(), MAX_ECHOED_CHARS);
    assert_eq!(
        accepted_body(&long, 1),
        format!(r#"{{"ok":true,"event":"{}","handled":1}}"#, cut(100))
    );
    // Characters, not bytes: a long multi-byte value is cut between characters.
    let wide = Rejection::MethodNotAllowed {
        method: "ä".repeat(500),
    };
    assert_eq!(
        wide.message(),
        format!("expected method POST, found {}…", "ä".repeat(100))
    );
}

#[test]
fn bodies_are_json_with_escaping() {
    let rejection = Rejection::UnsupportedMediaType {
        found: "text/\"x\"\n".into(),
    };
    assert_eq!(
        rejection.body(),
        r#"{"code":"unsupported_media_type","message":"expected content-type application/json, found text/\"x\"\n"}"#
    );
    assert_eq!(
        accepted_body("transport.messageReceived", 2),
        r#"{"ok":true,"event":"transport.messageReceived","handled":2}"#
    );
    assert_eq!(background_body(), r#"{"ok":true,"background":true}"#);
}

#[test]
fn response_headers() {
    let json = ("content-type", "application/json".to_string());
    let method = Rejection::MethodNotAllowed {
        method: "PUT".into(),
    };
    assert_eq!(
        method.headers(),
        [json.clone(), ("allow", "POST".to_string())]
    );
    let missing = Rejection::MissingCredentials {
        api_key_header: None,
        bearer: true,
    };
    let realm = r#"Bearer realm="enmeshed-events""#.to_string();
    assert_eq!(
        missing.headers(),
        [json.clone(), ("www-authenticate", realm.clone())]
    );
    let invalid_token = Rejection::InvalidCredentials {
        credential: Credential::Bearer,
        bearer: true,
    };
    assert_eq!(
        invalid_token.headers(),
        [
            json.clone(),
            (
                "www-authenticate",
                r#"Bearer realm="enmeshed-events", error="invalid_token""#.to_string()
            )
        ]
    );
    let invalid_key = Rejection::InvalidCredentials {
        credential: Credential::ApiKey {
            header: "x-api-key".into(),
        },
        bearer: false,
    };
    assert_eq!(invalid_key.headers(), std::slice::from_ref(&json));
    assert_eq!(
        Rejection::Unauthenticated.headers(),
        [json.clone(), ("www-authenticate", realm)]
    );
    assert_eq!(Rejection::InProgress.headers(), std::slice::from_ref(&json));
    assert_eq!(Rejection::AuthError.headers(), [json]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_key_check_agrees_with_equality(value in ".{0,40}") {
            let auth = keys();
            prop_assert_eq!(auth.check_api_key(&value), KEYS.contains(&value.as_str()));
        }

        #[test]
        fn answers_stay_small_whatever_they_repeat(value in "\\PC{0,2000}") {
            for rejection in [
                Rejection::MethodNotAllowed { method: value.clone() },
                Rejection::UnsupportedMediaType { found: value.clone() },
                Rejection::InvalidDelivery {
                    code: value.clone(),
                    message: value.clone(),
                    path: Some(value.clone()),
                },
                Rejection::HandlerFailed { event: value.clone(), failed: 1, ran: 1, status: 500 },
                Rejection::Internal { correlation_id: value.clone() },
            ] {
                // Each character is at most 4 bytes, 6 when escaped as \u00XX; plus the fixed text.
                prop_assert!(rejection.body().len() <= 6 * (64 + 2 * MAX_MESSAGE_CHARS + MAX_ECHOED_CHARS) + 200);
                prop_assert!(rejection.message().chars().count() <= MAX_MESSAGE_CHARS + 1);
            }
        }

        #[test]
        fn header_checks_never_panic(value in "\\PC{0,200}") {
            let _ = check_content_type(Some(&value)).map_err(|r| r.body());
            let _ = check_declared_length(Some(&value), 10);
            if let Some(token) = bearer_token(&value) {
                prop_assert!(!token.is_empty());
            }
        }
    }
}
