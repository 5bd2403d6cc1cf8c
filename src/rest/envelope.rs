//! The Connector's response envelope: `{ "result": … }` on success, `{ "error": { id, code,
//! message, docs, time } }` on failure.

use super::error::{RestError, RestErrorKind};
use crate::json::{JsonError, Scanner, ValueKind};

/// How deep a response may nest; the Connector's objects are a few levels deep.
const MAX_DEPTH: usize = 1024;

/// The error object the Connector sends (every field as sent; a missing one is empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectorErrorBody {
    /// The error instance's id.
    pub id: String,
    /// The Connector's error code, e.g. `error.connector.recordNotFound`.
    pub code: String,
    /// The Connector's message (not localised).
    pub message: String,
    /// A link to documentation about the error.
    pub docs: String,
    /// When the error happened, as the Connector wrote it.
    pub time: String,
}

/// The error for an answer that redirects (status 0: a browser's opaque redirect, which hides
/// it): `invalid_response`, never followed. The Connector never redirects an API call; a
/// redirect comes from something in between, and following it would send the key (and a
/// write turned into a GET) to wherever it points.
pub fn redirect_refused(status: u16) -> RestError {
    let status_text = if status == 0 {
        String::new()
    } else {
        format!(" (HTTP {status})")
    };
    RestError::new(
        RestErrorKind::InvalidResponse,
        status,
        format!("the connector's answer is a redirect{status_text}; redirects are not followed (the key would go along): point baseUrl at the Connector itself"),
    )
}

/// Reads a response: `Ok(Some(text))` is the exact JSON text of `result`, `Ok(None)` an empty
/// success (a sync's 204).
///
/// # Errors
/// A non-2xx status fails with the Connector's error (kind `Connector`, its code) when the body
/// is its error envelope, else with `invalid_response`; so does a 2xx body that is not JSON or
/// has no `result`, and a 3xx (see [`redirect_refused`]).
pub fn read_response(status: u16, body: &str) -> Result<Option<&str>, RestError> {
    if (300..400).contains(&status) {
        return Err(redirect_refused(status));
    }
    let success = (200..300).contains(&status);
    if success && body.trim().is_empty() {
        return Ok(None);
    }
    if success {
        return match find_member(body, "result") {
            Ok(Some(text)) => Ok(Some(text)),
            Ok(None) => Err(RestError::new(
                RestErrorKind::InvalidResponse,
                status,
                format!("the connector's answer (HTTP {status}) has no `result`"),
            )),
            Err(reason) => Err(RestError::new(
                RestErrorKind::InvalidResponse,
                status,
                format!("the connector's answer (HTTP {status}) is not a JSON object: {reason}"),
            )),
        };
    }
    match read_error_body(body) {
        Some(error) => Err(RestError {
            kind: RestErrorKind::Connector,
            status,
            message: format!(
                "the connector answered HTTP {status} {}: {}",
                error.code, error.message
            ),
            connector: Some(Box::new(error)),
        }),
        None => Err(RestError::new(
            RestErrorKind::InvalidResponse,
            status,
            format!("HTTP {status} without the connector's error envelope"),
        )),
    }
}

/// The text of member `name` of the top-level object in `body`, checking the whole body.
fn find_member<'a>(body: &'a str, name: &str) -> Result<Option<&'a str>, String> {
    let describe = |e: JsonError| format!("{} at byte {}", e.kind, e.offset);
    let mut scanner = Scanner::new(body, MAX_DEPTH);
    let kind = scanner.peek().map_err(describe)?;
    if kind != ValueKind::Object {
        return Err(format!("found {}", kind.described()));
    }
    scanner.begin_object().map_err(describe)?;
    let mut found = None;
    while let Some(key) = scanner.next_key().map_err(describe)? {
        scanner.peek().map_err(describe)?;
        let start = scanner.position();
        scanner.skip_value().map_err(describe)?;
        if found.is_none() && key.is(name) {
            found = Some(&body[start..scanner.position()]);
        }
    }
    scanner.finish().map_err(describe)?;
    Ok(found)
}

/// The Connector's error object, when `body` is its error envelope with at least a code.
fn read_error_body(body: &str) -> Option<ConnectorErrorBody> {
    let error_text = find_member(body, "error").ok()??;
    let mut scanner = Scanner::new(error_text, MAX_DEPTH);
    scanner.begin_object().ok()?;
    let mut error = ConnectorErrorBody::default();
    while let Some(key) = scanner.next_key().ok()? {
        let field = match key.decoded().as_ref() {
            "id" => Some(&mut error.id),
            "code" => Some(&mut error.code),
            "message" => Some(&mut error.message),
            "docs" => Some(&mut error.docs),
            "time" => Some(&mut error.time),
            _ => None,
        };
        match (field, scanner.peek().ok()?) {
            (Some(field), ValueKind::String) => *field = scanner.string().ok()?.decoded().into(),
            _ => scanner.skip_value().ok()?,
        }
    }
    (!error.code.is_empty()).then_some(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rest::Failure;

    const NOT_FOUND: &str = r#"{"error":{"id":"ERRabc","code":"error.connector.recordNotFound","message":"Message not found. Make sure the ID exists and the record is not expired.","docs":"https://enmeshed.eu/integrate/error-codes#error.connector.recordNotFound","time":"2026-12-01T12:00:00.000Z"}}"#;

    #[test]
    fn result_text_is_cut_out_exactly() {
        let body =
            r#" { "other": [1, {"result": 2}], "result" : {"id":"MSG1","n":[1,2.5e3,"\u00fc"]} } "#;
        assert_eq!(
            read_response(200, body),
            Ok(Some(r#"{"id":"MSG1","n":[1,2.5e3,"\u00fc"]}"#))
        );
        assert_eq!(read_response(201, r#"{"result":[]}"#), Ok(Some("[]")));
    }

    #[test]
    fn redirects_are_refused_not_read() {
        for status in [301, 302, 303, 307, 308] {
            let err = read_response(status, r#"{"result":[]}"#).unwrap_err();
            assert_eq!(err.kind, RestErrorKind::InvalidResponse);
            assert_eq!(err.status, status);
            assert!(err.message.contains("redirects are not followed"));
        }
        assert!(
            !Failure::of(&redirect_refused(302)).transient(),
            "never retried"
        );
    }

    #[test]
    fn empty_success_is_none() {
        assert_eq!(read_response(204, ""), Ok(None));
        assert_eq!(read_response(200, " \n"), Ok(None));
    }

    #[test]
    fn success_without_result_or_json_is_invalid_response() {
        let err = read_response(200, r#"{"results":[]}"#).unwrap_err();
        assert_eq!(err.code(), "invalid_response");
        assert_eq!(err.status, 200);
        assert_eq!(
            err.message,
            "the connector's answer (HTTP 200) has no `result`"
        );

        let err = read_response(200, "<html>").unwrap_err();
        assert_eq!(err.code(), "invalid_response");
        assert_eq!(
            err.message,
            "the connector's answer (HTTP 200) is not a JSON object: unexpected character '<' at byte 0"
        );
        let err = read_response(200, r#"{"result":1} x"#).unwrap_err();
        assert_eq!(
            err.message,
            "the connector's answer (HTTP 200) is not a JSON object: trailing characters after the JSON value at byte 13"
        );
        let err = read_response(200, "[1]").unwrap_err();
        assert_eq!(
            err.message,
            "the connector's answer (HTTP 200) is not a JSON object: found an array"
        );
    }

    #[test]
    fn connector_error_envelope_is_read_field_by_field() {
        let err = read_response(404, NOT_FOUND).unwrap_err();
        assert_eq!(err.kind, RestErrorKind::Connector);
        assert_eq!(err.status, 404);
        assert_eq!(err.code(), "error.connector.recordNotFound");
        assert_eq!(
            err.message,
            "the connector answered HTTP 404 error.connector.recordNotFound: Message not found. Make sure the ID exists and the record is not expired."
        );
        let body = err.connector.unwrap();
        assert_eq!(body.id, "ERRabc");
        assert_eq!(body.time, "2026-12-01T12:00:00.000Z");
        assert_eq!(
            body.docs,
            "https://enmeshed.eu/integrate/error-codes#error.connector.recordNotFound"
        );
    }

    #[test]
    fn escaped_and_partial_error_objects() {
        let err = read_response(
            400,
            r#"{"error":{"code":"error.x\u002ey","message":"a \"b\"","extra":{"k":[1]}}}"#,
        )
        .unwrap_err();
        assert_eq!(err.code(), "error.x.y");
        let body = err.connector.unwrap();
        assert_eq!(body.message, r#"a "b""#);
        assert_eq!(body.id, "");
    }

    #[test]
    fn error_status_without_envelope_is_invalid_response() {
        for body in [
            "<html>bad gateway</html>",
            "",
            r#"{"error":"x"}"#,
            r#"{"error":{"message":"no code"}}"#,
        ] {
            let err = read_response(502, body).unwrap_err();
            assert_eq!(err.kind, RestErrorKind::InvalidResponse, "{body}");
            assert_eq!(err.code(), "invalid_response");
            assert_eq!(err.status, 502);
            assert_eq!(
                err.message,
                "HTTP 502 without the connector's error envelope"
            );
        }
    }
}
