//! Every refusal of the endpoint with its status, stable code, message and JSON body.

use super::bound::{cut, cut_bytes, MAX_CODE_BYTES, MAX_ECHOED_CHARS, MAX_MESSAGE_CHARS};

/// The realm the endpoint names in `www-authenticate`.
const REALM: &str = "enmeshed-events";

/// The credential a request presented and the endpoint did not accept.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A value in the API key header (named here, lowercase).
    ApiKey {
        /// The API key header's name, lowercase (`x-api-key` unless configured otherwise).
        header: String,
    },
    /// An `Authorization: Bearer` token.
    Bearer,
}

/// Why the endpoint did not accept a request (or, for [`Rejection::HandlerFailed`],
/// [`Rejection::HandlerTimeout`] and [`Rejection::Internal`], what went wrong after it did).
/// Messages never contain credentials or internals, and are bounded: an echoed value is cut to
/// [`MAX_ECHOED_CHARS`](super::MAX_ECHOED_CHARS) characters, a message or path to
/// [`MAX_MESSAGE_CHARS`](super::MAX_MESSAGE_CHARS), a code to
/// [`MAX_CODE_BYTES`](super::MAX_CODE_BYTES) bytes, so no answer grows with the request.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// 405: a method other than POST.
    MethodNotAllowed {
        /// The request's method as sent (`GET`, `PUT`, ...); the message echoes at most
        /// [`MAX_ECHOED_CHARS`](super::MAX_ECHOED_CHARS) characters of it.
        method: String,
    },
    /// 401: no credential; names the API key header (when keys are configured) and whether
    /// bearer tokens are accepted.
    MissingCredentials {
        /// The API key header's name, lowercase, when API keys are configured.
        api_key_header: Option<String>,
        /// Whether bearer tokens are accepted (then the answer has a `www-authenticate`
        /// challenge).
        bearer: bool,
    },
    /// 401: a credential that is not accepted; `bearer` says whether bearer tokens are.
    InvalidCredentials {
        /// Which kind of credential was presented and refused.
        credential: Credential,
        /// Whether bearer tokens are accepted (then the answer has a `www-authenticate`
        /// challenge).
        bearer: bool,
    },
    /// 401: the request is not authenticated, for an endpoint that says no more than that (the
    /// Pub/Sub push endpoint: whether the token was missing, expired or signed by another key
    /// goes to its error hook, never into the answer).
    Unauthenticated,
    /// 500: the bearer token verifier threw or rejected.
    AuthError,
    /// 500: the bearer token verifier did not settle within `timeout_ms`.
    AuthTimeout {
        /// How long the verifier was given, in milliseconds.
        timeout_ms: u64,
    },
    /// 415: a content type that is not JSON.
    UnsupportedMediaType {
        /// The `content-type` header as sent (e.g. `text/plain`), cut to
        /// [`MAX_ECHOED_CHARS`](super::MAX_ECHOED_CHARS) characters.
        found: String,
    },
    /// 415: a JSON content type with a charset other than UTF-8.
    UnsupportedCharset {
        /// The `charset` parameter's value without quotes (e.g. `iso-8859-1`), cut to
        /// [`MAX_ECHOED_CHARS`](super::MAX_ECHOED_CHARS) characters.
        found: String,
    },
    /// 413: a body over `limit` bytes; `declared` is the `content-length` when that said so.
    TooLarge {
        /// The largest body the endpoint accepts, in bytes.
        limit: u64,
        /// The body's length in bytes as `content-length` declared it; `None` when the body
        /// went past the limit while it was read.
        declared: Option<u64>,
    },
    /// 400: the body stream failed while it was read.
    UnreadableBody,
    /// 408: the whole body did not arrive within `timeout_ms`.
    BodyTimeout {
        /// How long the body was given to arrive, in milliseconds.
        timeout_ms: u64,
    },
    /// 400 (413 for `too_large`): the delivery could not be parsed; the parse error's code,
    /// message and path. A parse error with code `internal` (a failure of the library, not of
    /// the delivery) answers as [`Rejection::Internal`] would, without its message.
    InvalidDelivery {
        /// The parse error's stable code (e.g. `invalid_json`).
        code: String,
        /// The parse error's message.
        message: String,
        /// Where in the delivery the parse error was found (e.g. `$.trigger`), when it says.
        path: Option<String>,
    },
    /// `status` (default 500): `failed` of the `ran` handlers for `event` threw or rejected.
    HandlerFailed {
        /// The event's name (e.g. `transport.messageReceived`).
        event: String,
        /// How many handlers threw or rejected.
        failed: usize,
        /// How many handlers ran for the event.
        ran: usize,
        /// The HTTP status to answer with.
        status: u16,
    },
    /// 503: another delivery of the same event is running its handlers right now (an
    /// idempotency guard holds its key); the sender should deliver it again later.
    InProgress,
    /// `status` (default 500): the handlers did not finish within `timeout_ms`.
    HandlerTimeout {
        /// How long the handlers were given, in milliseconds.
        timeout_ms: u64,
        /// The HTTP status to answer with.
        status: u16,
    },
    /// 500: something failed inside the endpoint or the router. The answer says only that, with
    /// `correlation_id` (which the endpoint also hands its `onError` hook) to find the details
    /// in the server's logs.
    Internal {
        /// The id that ties the answer to the details in the server's logs; the answer repeats
        /// at most [`MAX_ECHOED_CHARS`](super::MAX_ECHOED_CHARS) bytes of it.
        correlation_id: String,
    },
}

/// The message of [`Rejection::Internal`].
const INTERNAL_MESSAGE: &str = "the request could not be processed";

impl Rejection {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Rejection::MethodNotAllowed { .. } => 405,
            Rejection::MissingCredentials { .. }
            | Rejection::InvalidCredentials { .. }
            | Rejection::Unauthenticated => 401,
            Rejection::AuthError | Rejection::AuthTimeout { .. } => 500,
            Rejection::UnsupportedMediaType { .. } | Rejection::UnsupportedCharset { .. } => 415,
            Rejection::TooLarge { .. } => 413,
            Rejection::UnreadableBody => 400,
            Rejection::BodyTimeout { .. } => 408,
            Rejection::InvalidDelivery { code, .. } => match code.as_str() {
                "too_large" => 413,
                "internal" => 500,
                _ => 400,
            },
            Rejection::HandlerFailed { status, .. } | Rejection::HandlerTimeout { status, .. } => {
                *status
            }
            Rejection::InProgress => 503,
            Rejection::Internal { .. } => 500,
        }
    }

    /// A stable code: `method_not_allowed`, `missing_credentials`, `invalid_credentials`,
    /// `unauthenticated`, `auth_error`, `auth_timeout`, `unsupported_media_type`, `too_large`, `unreadable_body`,
    /// `body_timeout`, `handler_failed`, `in_progress`, `handler_timeout`, `internal`, or the
    /// parse error's own
    /// code.
    pub fn code(&self) -> &str {
        let code = match self {
            Rejection::MethodNotAllowed { .. } => "method_not_allowed",
            Rejection::MissingCredentials { .. } => "missing_credentials",
            Rejection::InvalidCredentials { .. } => "invalid_credentials",
            Rejection::Unauthenticated => "unauthenticated",
            Rejection::AuthError => "auth_error",
            Rejection::AuthTimeout { .. } => "auth_timeout",
            Rejection::UnsupportedMediaType { .. } | Rejection::UnsupportedCharset { .. } => {
                "unsupported_media_type"
            }
            Rejection::TooLarge { .. } => "too_large",
            Rejection::UnreadableBody => "unreadable_body",
            Rejection::BodyTimeout { .. } => "body_timeout",
            Rejection::InvalidDelivery { code, .. } => code,
            Rejection::HandlerFailed { .. } => "handler_failed",
            Rejection::InProgress => "in_progress",
            Rejection::HandlerTimeout { .. } => "handler_timeout",
            Rejection::Internal { .. } => "internal",
        };
        cut_bytes(code, MAX_CODE_BYTES)
    }

    /// Whether this answers as an internal failure: [`Rejection::Internal`] or a parse error
    /// with code `internal`.
    fn is_internal(&self) -> bool {
        self.code() == "internal"
    }

    /// A lowercase message without a trailing period, at most
    /// [`MAX_MESSAGE_CHARS`](super::MAX_MESSAGE_CHARS) characters (and `…`).
    pub fn message(&self) -> String {
        if self.is_internal() {
            return INTERNAL_MESSAGE.into();
        }
        let message = match self {
            Rejection::MethodNotAllowed { method } => {
                format!(
                    "expected method POST, found {}",
                    cut(method, MAX_ECHOED_CHARS)
                )
            }
            Rejection::MissingCredentials {
                api_key_header,
                bearer,
            } => match (api_key_header, bearer) {
                (Some(header), false) => {
                    format!("missing credentials: expected an api key in the {header} header")
                }
                (Some(header), true) => format!(
                    "missing credentials: expected an api key in the {header} header \
                     or an authorization bearer token"
                ),
                (None, true) => {
                    "missing credentials: expected an authorization bearer token".into()
                }
                (None, false) => "missing credentials".into(),
            },
            Rejection::InvalidCredentials { credential, .. } => match credential {
                Credential::ApiKey { header } => {
                    format!("the api key in the {header} header is not accepted")
                }
                Credential::Bearer => "the bearer token is not accepted".into(),
            },
            Rejection::Unauthenticated => "the request could not be authenticated".into(),
            Rejection::AuthError => "the bearer token could not be verified".into(),
            Rejection::AuthTimeout { timeout_ms } => {
                format!("the bearer token could not be verified within {timeout_ms} ms")
            }
            Rejection::UnsupportedMediaType { found } => format!(
                "expected content-type application/json, found {}",
                cut(found, MAX_ECHOED_CHARS)
            ),
            Rejection::UnsupportedCharset { found } => {
                format!(
                    "expected charset utf-8, found {}",
                    cut(found, MAX_ECHOED_CHARS)
                )
            }
            Rejection::TooLarge {
                limit,
                declared: Some(declared),
            } => format!("the body is {declared} bytes, more than the limit of {limit}"),
            Rejection::TooLarge {
                limit,
                declared: None,
            } => format!("the body is more than the limit of {limit} bytes"),
            Rejection::UnreadableBody => "the request body could not be read".into(),
            Rejection::BodyTimeout { timeout_ms } => {
                format!("the body did not arrive within {timeout_ms} ms")
            }
            Rejection::InvalidDelivery { message, .. } => message.clone(),
            Rejection::HandlerFailed {
                event, failed, ran, ..
            } => format!(
                "{failed} of {ran} handlers failed for {}",
                cut(event, MAX_ECHOED_CHARS)
            ),
            Rejection::InProgress => {
                "another delivery of this event is being handled: deliver it again later".into()
            }
            Rejection::HandlerTimeout { timeout_ms, .. } => {
                format!("the handlers did not finish within {timeout_ms} ms")
            }
            Rejection::Internal { .. } => INTERNAL_MESSAGE.into(),
        };
        cut(&message, MAX_MESSAGE_CHARS)
    }

    /// Where in the delivery the fault is, for [`Rejection::InvalidDelivery`], cut to
    /// [`MAX_MESSAGE_CHARS`](super::MAX_MESSAGE_CHARS) bytes at a character boundary.
    pub fn path(&self) -> Option<&str> {
        match self {
            _ if self.is_internal() => None,
            Rejection::InvalidDelivery { path, .. } => {
                path.as_deref().map(|p| cut_bytes(p, MAX_MESSAGE_CHARS))
            }
            _ => None,
        }
    }

    /// The correlation id of [`Rejection::Internal`], cut to
    /// [`MAX_ECHOED_CHARS`](super::MAX_ECHOED_CHARS) bytes at a character boundary.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            Rejection::Internal { correlation_id } => {
                Some(cut_bytes(correlation_id, MAX_ECHOED_CHARS))
            }
            _ => None,
        }
    }

    /// The response headers: `content-type: application/json` always, `allow: POST` with 405,
    /// `www-authenticate: Bearer …` with 401 when bearer tokens are accepted (always for
    /// [`Rejection::Unauthenticated`]).
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = vec![("content-type", "application/json".to_string())];
        match self {
            Rejection::MethodNotAllowed { .. } => headers.push(("allow", "POST".into())),
            Rejection::Unauthenticated => {
                headers.push(("www-authenticate", format!("Bearer realm=\"{REALM}\"")));
            }
            Rejection::MissingCredentials { bearer: true, .. } => {
                headers.push(("www-authenticate", format!("Bearer realm=\"{REALM}\"")));
            }
            Rejection::InvalidCredentials {
                credential,
                bearer: true,
            } => {
                let challenge = match credential {
                    Credential::Bearer => {
                        format!("Bearer realm=\"{REALM}\", error=\"invalid_token\"")
                    }
                    Credential::ApiKey { .. } => format!("Bearer realm=\"{REALM}\""),
                };
                headers.push(("www-authenticate", challenge));
            }
            _ => {}
        }
        headers
    }

    /// The JSON body: `{"code","message","path"?}`, and `"correlationId"` for an internal
    /// failure.
    pub fn body(&self) -> String {
        let mut body = format!(
            r#"{{"code":{},"message":{}"#,
            json_string(self.code()),
            json_string(&self.message())
        );
        if let Some(path) = self.path() {
            body += &format!(r#","path":{}"#, json_string(path));
        }
        if let Some(id) = self.correlation_id() {
            body += &format!(r#","correlationId":{}"#, json_string(id));
        }
        body + "}"
    }
}

/// The body of a routed delivery: `{"ok":true,"event":…,"handled":n}`; `handled` counts the
/// handlers that ran (0 when none matched: the delivery was still accepted). The event name is
/// cut to [`MAX_ECHOED_CHARS`](super::MAX_ECHOED_CHARS) characters (and `…`).
pub fn accepted_body(event: &str, handled: usize) -> String {
    format!(
        r#"{{"ok":true,"event":{},"handled":{handled}}}"#,
        json_string(&cut(event, MAX_ECHOED_CHARS))
    )
}

/// The body of a delivery answered before its handlers finished: `{"ok":true,"background":true}`.
pub fn background_body() -> String {
    r#"{"ok":true,"background":true}"#.to_string()
}

/// A string as a JSON string literal. Written out rather than through serde_json, which would
/// bring its whole serializer into the wasm module for these three small bodies.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::json_string;

    #[test]
    fn json_strings_round_trip_through_a_real_parser() {
        for text in [
            "plain",
            "quote \" and \\ backslash",
            "line\nbreak\ttab\r\u{1}\u{1f}",
            "Grüße 👋 \u{2028}",
        ] {
            let parsed: String = serde_json::from_str(&json_string(text)).unwrap();
            assert_eq!(parsed, text);
        }
    }
}
