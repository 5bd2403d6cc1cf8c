//! The pure endpoint core: authentication with API keys, bearer token parsing, the content type
//! and declared length checks, and every rejection body, including those carrying a parse
//! error of a fuzzed webhook body. Never panics; every rejection body is a JSON object with the
//! rejection's `code` and a `message` of bounded length.
#![no_main]

mod common;

use enmeshed_events::endpoint::{
    accepted_body, background_body, bearer_token, check_content_type, check_declared_length, Auth,
    Credential, Rejection,
};
use enmeshed_events::{parse_delivery, Delivery, ParseOptions};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

/// The longest message a rejection may carry, in characters: a body must stay small whatever
/// the request held (header values are echoed cut to 100 characters, refused event names to 64,
/// and a character's escape in a message takes up to 10).
const MAX_MESSAGE_CHARS: usize = 1024;

#[derive(Arbitrary, Debug)]
struct Request {
    /// Parse the body cut to this many bytes as well (a stream that ended early); first, so
    /// that three structure bytes set it.
    cut: Option<u16>,
    keys: Vec<String>,
    header: Option<String>,
    bearer: bool,
    allow_unauthenticated: bool,
    presented: String,
    /// Present one of the configured keys instead (by position).
    present_key: Option<u8>,
    authorization: String,
    method: String,
    content_type: Option<String>,
    content_length: Option<String>,
    limit: u64,
    failed: u32,
    ran: u32,
    status: u16,
    url: Option<String>,
}

fn check_rejection(rejection: &Rejection) {
    let status = rejection.status();
    assert!((400..600).contains(&status) || matches!(rejection, Rejection::HandlerFailed { .. }));
    let body = rejection.body();
    let value: serde_json::Value = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("rejection body is not JSON ({e}): {body:?}"));
    let object = value.as_object().expect("rejection body is an object");
    assert_eq!(
        object.get("code").and_then(|c| c.as_str()),
        Some(rejection.code())
    );
    let message = object
        .get("message")
        .and_then(|m| m.as_str())
        .expect("a message");
    assert_eq!(message, rejection.message());
    assert!(!message.is_empty(), "empty message");
    assert!(
        message.chars().count() <= MAX_MESSAGE_CHARS,
        "message of {} characters for {}: {:.200}…",
        message.chars().count(),
        rejection.code(),
        message
    );
    assert_eq!(
        object.get("path").and_then(|p| p.as_str()),
        rejection.path()
    );
    let headers = rejection.headers();
    assert!(headers
        .iter()
        .any(|(n, v)| *n == "content-type" && v == "application/json"));
}

fuzz_target!(|input: &[u8]| {
    // Layout: one byte n, n bytes the `Request` is built from, then the webhook body; with
    // n = 0 the request has empty fields and the body is a fixture as it is (the seeds).
    let Some((&n, rest)) = input.split_first() else {
        return;
    };
    let (structure, body) = rest.split_at((n as usize).min(rest.len()));
    let Ok(r) = Request::arbitrary(&mut arbitrary::Unstructured::new(structure)) else {
        return;
    };
    // Authentication.
    let keys: Vec<&String> = r.keys.iter().take(4).collect();
    match Auth::new(
        &keys,
        r.header.as_deref(),
        r.bearer,
        r.allow_unauthenticated,
    ) {
        Ok(auth) => {
            assert!(!(r.allow_unauthenticated && (!keys.is_empty() || r.bearer)));
            assert_eq!(auth.is_open(), keys.is_empty() && !r.bearer);
            let presented = match r.present_key {
                Some(i) if !keys.is_empty() => keys[i as usize % keys.len()].as_str(),
                _ => r.presented.as_str(),
            };
            assert_eq!(
                auth.check_api_key(presented),
                keys.iter().any(|k| k.as_str() == presented),
                "check_api_key"
            );
            // Debug redacts the keys: it is exactly this, whatever the keys are.
            assert_eq!(
                format!("{auth:?}"),
                format!(
                    "Auth {{ keys: [{} redacted], header: {:?}, bearer: {} }}",
                    keys.len(),
                    auth.api_key_header(),
                    r.bearer
                )
            );
            let header = auth.api_key_header().to_string();
            assert_eq!(header, header.to_ascii_lowercase());
            check_rejection(&Rejection::MissingCredentials {
                api_key_header: auth.has_api_keys().then(|| header.clone()),
                bearer: auth.has_bearer(),
            });
            for credential in [Credential::ApiKey { header }, Credential::Bearer] {
                check_rejection(&Rejection::InvalidCredentials {
                    credential,
                    bearer: auth.has_bearer(),
                });
            }
        }
        Err(error) => {
            assert!(!error.code().is_empty());
            assert!(!error.to_string().is_empty());
        }
    }

    // The bearer token: a non-empty token without whitespace, from a `Bearer` header.
    if let Some(token) = bearer_token(&r.authorization) {
        assert!(!token.is_empty() && !token.contains(char::is_whitespace));
        assert!(r.authorization.contains(token));
        let scheme = r.authorization.trim_start().get(..6).unwrap_or("");
        assert!(scheme.eq_ignore_ascii_case("bearer"), "scheme {scheme:?}");
    }

    // Content type and declared length.
    if let Err(rejection) = check_content_type(r.content_type.as_deref()) {
        assert_eq!(rejection.status(), 415);
        check_rejection(&rejection);
    }
    match check_declared_length(r.content_length.as_deref(), r.limit) {
        Err(rejection) => {
            assert_eq!(rejection.status(), 413);
            check_rejection(&rejection);
        }
        Ok(()) => {
            if let Some(n) = r
                .content_length
                .as_deref()
                .and_then(|v| v.trim().parse::<u64>().ok())
            {
                assert!(n <= r.limit);
            }
        }
    }

    // The rejections the adapter builds itself; it cuts the method to 32 characters.
    let method: String = r.method.chars().take(32).collect();
    check_rejection(&Rejection::MethodNotAllowed { method });
    check_rejection(&Rejection::AuthError);
    check_rejection(&Rejection::UnreadableBody);
    check_rejection(&Rejection::TooLarge {
        limit: r.limit,
        declared: None,
    });

    // The body, and the body cut short.
    check_delivery(&r, body);
    if let Some(cut) = r.cut.map(usize::from).filter(|&cut| cut < body.len()) {
        check_delivery(&r, &body[..cut]);
    }
    let _: serde_json::Value = serde_json::from_str(&background_body()).unwrap();
});

/// A parse error of `body` as the adapter passes it on (code, message, path); a parsed event's
/// name in the handler-failed and accepted bodies.
fn check_delivery(r: &Request, body: &[u8]) {
    let delivery = Delivery::Webhook {
        body,
        url: r.url.as_deref(),
    };
    match parse_delivery(&delivery, &ParseOptions::default()) {
        Err(error) => check_rejection(&Rejection::InvalidDelivery {
            code: error.code().to_string(),
            message: error.to_string(),
            path: error.path(),
        }),
        Ok(event) => {
            check_rejection(&Rejection::HandlerFailed {
                event: event.name.to_string(),
                failed: r.failed as usize,
                ran: r.ran as usize,
                status: 400 + r.status % 200,
            });
            let accepted: serde_json::Value =
                serde_json::from_str(&accepted_body(&event.name, r.ran as usize)).unwrap();
            // The name is echoed whole up to 100 characters, then cut with `…` (item 13).
            let echoed = accepted["event"].as_str().unwrap();
            match event.name.char_indices().nth(100) {
                None => assert_eq!(echoed, &*event.name),
                Some((cut, _)) => assert_eq!(echoed, format!("{}…", &event.name[..cut])),
            }
        }
    }
}
