//! A client's settings, checked once, and the requests built from them.

use super::error::RestError;
use super::operation::{Method, Operation, Shape};
use super::query::{encode_query, percent_encode_into};
use super::retry::RetryPolicy;

/// Which Connector API the client speaks: the paths differ only in their prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiVersion {
    /// Connector 7.x: `/api/core/v1`.
    #[default]
    V7,
    /// Connector 6.x: `/api/v2`.
    V6,
}

impl ApiVersion {
    /// `"v7"` or `"v6"`.
    pub fn from_name(name: &str) -> Option<ApiVersion> {
        match name {
            "v7" => Some(ApiVersion::V7),
            "v6" => Some(ApiVersion::V6),
            _ => None,
        }
    }

    /// The path prefix of every operation.
    pub fn prefix(self) -> &'static str {
        match self {
            ApiVersion::V7 => "/api/core/v1",
            ApiVersion::V6 => "/api/v2",
        }
    }
}

/// How the client proves who it is.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// Nothing (a proxy in front adds it).
    None,
    /// An API key in a header (`X-API-KEY` by default).
    ApiKey {
        /// The header's name.
        header: String,
        /// The key.
        key: String,
    },
    /// `Authorization: Bearer <token>` (a Connector configured for OAuth).
    Bearer(String),
}

impl std::fmt::Debug for Auth {
    // Secrets never reach a log through Debug.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::ApiKey { header, .. } => write!(f, "ApiKey({header}: <redacted>)"),
            Auth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
        }
    }
}

/// Everything a client is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    /// The Connector's URL, `http(s)://host[:port][/path]`.
    pub base_url: String,
    /// How requests authenticate.
    pub auth: Auth,
    /// Which API the paths follow.
    pub api_version: ApiVersion,
    /// How long one attempt may take, in ms (the answer's body included). Default 30 000.
    pub timeout_ms: f64,
    /// When failed attempts are repeated.
    pub retry: RetryPolicy,
}

/// A checked client: builds the requests of its Connector.
#[derive(Clone, PartialEq)]
pub struct Client {
    base: String,
    auth_header: Option<(String, String)>,
    api_version: ApiVersion,
    /// How long one attempt may take, in ms.
    pub timeout_ms: f64,
    /// When failed attempts are repeated.
    pub retry: RetryPolicy,
}

impl std::fmt::Debug for Client {
    // The auth header's value is a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field(
                "auth_header",
                &self.auth_header.as_ref().map(|(name, _)| name),
            )
            .field("api_version", &self.api_version)
            .field("timeout_ms", &self.timeout_ms)
            .field("retry", &self.retry)
            .finish()
    }
}

/// One HTTP request, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query included.
    pub url: String,
    /// Header names and values; checked, so `fetch` takes them.
    pub headers: Vec<(String, String)>,
    /// The JSON body, for writes.
    pub body: Option<String>,
    /// Whether a failure that may have reached the Connector can be retried.
    pub idempotent: bool,
}

impl Client {
    /// Checks `options` once, so that no request built later can fail for their sake.
    ///
    /// # Errors
    /// `invalid_argument` for a base URL that is not absolute http(s) or has a query or
    /// fragment, a header name that is not an HTTP token, a key or token that is empty or not
    /// printable ASCII (`fetch` would refuse it), or a timeout that is not a positive number.
    pub fn new(options: ClientOptions) -> Result<Client, RestError> {
        let base = check_base_url(&options.base_url)?;
        let auth_header = match options.auth {
            Auth::None => None,
            Auth::ApiKey { header, key } => {
                if header.is_empty() || !header.bytes().all(is_token_byte) {
                    return Err(RestError::invalid_argument(format!(
                        "apiKeyHeader {header:?} is not an HTTP header name"
                    )));
                }
                check_header_value("apiKey", &key)?;
                Some((header, key))
            }
            Auth::Bearer(token) => {
                check_header_value("bearerToken", &token)?;
                Some(("Authorization".to_owned(), format!("Bearer {token}")))
            }
        };
        if !(options.timeout_ms.is_finite() && options.timeout_ms > 0.0) {
            return Err(RestError::invalid_argument(
                "timeoutMs must be a positive number of milliseconds",
            ));
        }
        Ok(Client {
            base,
            auth_header,
            api_version: options.api_version,
            timeout_ms: options.timeout_ms,
            retry: options.retry,
        })
    }

    /// The request for `operation`: `id` for an operation on one entity, `query` (name/value
    /// pairs) for a collection, `body` (JSON text) for a write.
    ///
    /// # Errors
    /// `invalid_argument` when the operation needs an id or body it was not given (or an empty
    /// id, `.` or `..`), or the correlation id is not printable ASCII.
    pub fn request(
        &self,
        operation: Operation,
        id: Option<&str>,
        query: &[(String, String)],
        body: Option<&str>,
        correlation_id: &str,
    ) -> Result<HttpRequest, RestError> {
        let mut url = format!(
            "{}{}{}",
            self.base,
            self.api_version.prefix(),
            operation.resource()
        );
        let name = operation.name();
        match operation.shape() {
            Shape::ById => match id {
                // "." and ".." would be path segments of their own (`/Messages/.` is the list).
                Some("." | "..") => {
                    return Err(RestError::invalid_argument(format!(
                        "{name} needs the id of what to fetch, not {:?}",
                        id.unwrap_or_default()
                    )))
                }
                Some(id) if !id.is_empty() => {
                    url.push('/');
                    percent_encode_into(&mut url, id);
                }
                _ => {
                    return Err(RestError::invalid_argument(format!(
                        "{name} needs the id of what to fetch"
                    )))
                }
            },
            Shape::Query if !query.is_empty() => {
                url.push('?');
                url.push_str(&encode_query(query));
            }
            Shape::Body if body.is_none() => {
                return Err(RestError::invalid_argument(format!("{name} needs a body")))
            }
            _ => {}
        }
        check_header_value("correlationId", correlation_id)?;
        let mut headers = vec![
            ("Accept".to_owned(), "application/json".to_owned()),
            ("x-correlation-id".to_owned(), correlation_id.to_owned()),
        ];
        headers.extend(self.auth_header.clone());
        let body = match operation.shape() {
            Shape::Body => body.map(str::to_owned),
            _ => None,
        };
        if body.is_some() {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        Ok(HttpRequest {
            method: operation.method(),
            url,
            headers,
            body,
            idempotent: operation.idempotent(),
        })
    }
}

fn check_base_url(url: &str) -> Result<String, RestError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let bad = |why: &str| {
        Err(RestError::invalid_argument(format!(
            "baseUrl {url:?} {why}"
        )))
    };
    match rest {
        None => bad("is not an absolute http(s) URL"),
        Some(rest) if rest.is_empty() || rest.starts_with('/') => bad("has no host"),
        Some(_) if url.contains(['?', '#']) => bad("has a query or fragment"),
        Some(_) if !url.bytes().all(|b| b.is_ascii_graphic()) => {
            bad("has spaces or characters that are not ASCII (percent-encode them)")
        }
        Some(_) => Ok(url.trim_end_matches('/').to_owned()),
    }
}

/// A header value `fetch` accepts everywhere: printable ASCII, no line breaks, not empty.
fn check_header_value(option: &str, value: &str) -> Result<(), RestError> {
    if !value.is_empty() && value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        Ok(())
    } else {
        Err(RestError::invalid_argument(format!(
            "{option} must be a non-empty string of printable ASCII characters"
        )))
    }
}

/// RFC 9110 `tchar`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A random (version 4) UUID from 16 random bytes: the default `x-correlation-id`.
pub fn correlation_id(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0F) | 0x40;
    bytes[8] = (bytes[8] & 0x3F) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rest::RestErrorKind;

    fn options(base_url: &str) -> ClientOptions {
        ClientOptions {
            base_url: base_url.to_owned(),
            auth: Auth::ApiKey {
                header: "X-API-KEY".to_owned(),
                key: "secret".to_owned(),
            },
            api_version: ApiVersion::V7,
            timeout_ms: 30_000.0,
            retry: RetryPolicy::default(),
        }
    }

    fn client() -> Client {
        Client::new(options("http://localhost:8080/")).unwrap()
    }

    #[test]
    fn paths_follow_the_api_version() {
        let v7 = client();
        let request = v7
            .request(Operation::SyncInfo, None, &[], None, "c1")
            .unwrap();
        assert_eq!(
            request.url,
            "http://localhost:8080/api/core/v1/Account/SyncInfo"
        );
        assert_eq!(request.method, Method::Get);

        let v6 = Client::new(ClientOptions {
            api_version: ApiVersion::V6,
            ..options("https://connector.example/base")
        })
        .unwrap();
        let request = v6
            .request(Operation::IncomingRequest, Some("REQ 1/x"), &[], None, "c1")
            .unwrap();
        assert_eq!(
            request.url,
            "https://connector.example/base/api/v2/Requests/Incoming/REQ%201%2Fx"
        );
    }

    #[test]
    fn headers_carry_auth_correlation_and_content_type() {
        let request = client()
            .request(
                Operation::SendMessage,
                None,
                &[],
                Some(r#"{"recipients":[]}"#),
                "corr-1",
            )
            .unwrap();
        assert_eq!(request.method, Method::Post);
        assert!(!request.idempotent);
        assert_eq!(request.body.as_deref(), Some(r#"{"recipients":[]}"#));
        let headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            headers,
            [
                ("Accept", "application/json"),
                ("x-correlation-id", "corr-1"),
                ("X-API-KEY", "secret"),
                ("Content-Type", "application/json")
            ]
        );
        let bearer = Client::new(ClientOptions {
            auth: Auth::Bearer("tok".into()),
            ..options("http://h")
        })
        .unwrap();
        let request = bearer
            .request(Operation::Sync, None, &[], None, "c")
            .unwrap();
        assert!(request
            .headers
            .contains(&("Authorization".into(), "Bearer tok".into())));
        assert!(request.idempotent);
        assert_eq!(
            format!("{:?}", Auth::Bearer("tok".into())),
            "Bearer(<redacted>)"
        );
        assert!(!format!("{bearer:?}").contains("tok"), "{bearer:?}");
    }

    #[test]
    fn query_only_for_collections() {
        let query = [(
            "createdAt".to_owned(),
            ">2026-01-01T00:00:00.000Z".to_owned(),
        )];
        let request = client()
            .request(Operation::Messages, None, &query, None, "c")
            .unwrap();
        assert_eq!(
            request.url,
            "http://localhost:8080/api/core/v1/Messages?createdAt=%3E2026-01-01T00%3A00%3A00.000Z"
        );
        let request = client()
            .request(Operation::Messages, None, &[], None, "c")
            .unwrap();
        assert_eq!(request.url, "http://localhost:8080/api/core/v1/Messages");
    }

    #[test]
    fn dot_segments_are_not_ids() {
        // `/Messages/.` would be the list, `/Messages/..` the API root.
        for id in [".", ".."] {
            let err = client()
                .request(Operation::Message, Some(id), &[], None, "c")
                .unwrap_err();
            assert_eq!(err.code(), "invalid_argument");
            assert_eq!(
                err.message,
                format!("message needs the id of what to fetch, not {id:?}")
            );
        }
        let fine = client()
            .request(Operation::Message, Some("..."), &[], None, "c")
            .unwrap();
        assert!(fine.url.ends_with("/Messages/..."));
    }

    #[test]
    fn missing_pieces_are_invalid_arguments() {
        let err = client()
            .request(Operation::Message, None, &[], None, "c")
            .unwrap_err();
        assert_eq!(err.kind, RestErrorKind::InvalidArgument);
        assert_eq!(err.code(), "invalid_argument");
        assert_eq!(err.message, "message needs the id of what to fetch");
        let err = client()
            .request(Operation::File, Some(""), &[], None, "c")
            .unwrap_err();
        assert_eq!(err.message, "file needs the id of what to fetch");
        let err = client()
            .request(Operation::CreateOutgoingRequest, None, &[], None, "c")
            .unwrap_err();
        assert_eq!(err.message, "createOutgoingRequest needs a body");
        let err = client()
            .request(Operation::Sync, None, &[], None, "a\r\nb")
            .unwrap_err();
        assert_eq!(
            err.message,
            "correlationId must be a non-empty string of printable ASCII characters"
        );
    }

    #[test]
    fn bad_options_are_refused() {
        let message = |options| Client::new(options).unwrap_err().message;
        assert_eq!(
            message(options("localhost:8080")),
            r#"baseUrl "localhost:8080" is not an absolute http(s) URL"#
        );
        assert_eq!(
            message(options("http://")),
            r#"baseUrl "http://" has no host"#
        );
        assert_eq!(
            message(options("http://h/?x=1")),
            r#"baseUrl "http://h/?x=1" has a query or fragment"#
        );
        assert_eq!(
            message(options("http://h/a b")),
            r#"baseUrl "http://h/a b" has spaces or characters that are not ASCII (percent-encode them)"#
        );
        let key = |header: &str, key: &str| ClientOptions {
            auth: Auth::ApiKey {
                header: header.into(),
                key: key.into(),
            },
            ..options("http://h")
        };
        assert_eq!(
            message(key("X API", "k")),
            r#"apiKeyHeader "X API" is not an HTTP header name"#
        );
        assert_eq!(
            message(key("X-API-KEY", "k\u{e9}")),
            "apiKey must be a non-empty string of printable ASCII characters"
        );
        assert_eq!(
            message(key("X-API-KEY", "")),
            "apiKey must be a non-empty string of printable ASCII characters"
        );
        assert_eq!(
            message(ClientOptions {
                timeout_ms: 0.0,
                ..options("http://h")
            }),
            "timeoutMs must be a positive number of milliseconds"
        );
    }

    #[test]
    fn correlation_ids_are_version_4_uuids() {
        assert_eq!(
            correlation_id([0xFF; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        assert_eq!(
            correlation_id([0; 16]),
            "00000000-0000-4000-8000-000000000000"
        );
    }
}
