//! The one error type of the REST client.

use super::envelope::ConnectorErrorBody;

/// What kind of failure a [`RestError`] is; each has a stable code (see [`RestError::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RestErrorKind {
    /// The Connector answered with its error envelope; the code is the Connector's own.
    Connector,
    /// The answer was not what the Connector sends (`invalid_response`): not JSON, no
    /// envelope, or an error status without an error envelope (a proxy's page).
    InvalidResponse,
    /// No answer: the connection failed (`network_error`).
    Network,
    /// No answer within the timeout (`timeout`).
    Timeout,
    /// The caller's signal aborted the call (`aborted`).
    Aborted,
    /// The call or the client was given something it cannot send (`invalid_argument`).
    InvalidArgument,
    /// The answer's body is larger than the client's `max_response_bytes` (`too_large`).
    TooLarge,
}

/// A failed Connector call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestError {
    /// What kind of failure it is.
    pub kind: RestErrorKind,
    /// The HTTP status, 0 when there was no answer.
    pub status: u16,
    /// What went wrong, in lowercase words.
    pub message: String,
    /// The Connector's error object, when it sent one.
    pub connector: Option<Box<ConnectorErrorBody>>,
}

impl RestError {
    pub(crate) fn new(kind: RestErrorKind, status: u16, message: impl Into<String>) -> Self {
        RestError {
            kind,
            status,
            message: message.into(),
            connector: None,
        }
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        RestError::new(RestErrorKind::InvalidArgument, 0, message)
    }

    /// The stable code: the Connector's error code (`error.connector.recordNotFound`, …) when
    /// it sent one, else `invalid_response`, `network_error`, `timeout`, `aborted`,
    /// `invalid_argument` or `too_large`.
    pub fn code(&self) -> &str {
        match (&self.connector, self.kind) {
            (Some(body), _) => &body.code,
            (None, RestErrorKind::Connector | RestErrorKind::InvalidResponse) => "invalid_response",
            (None, RestErrorKind::Network) => "network_error",
            (None, RestErrorKind::Timeout) => "timeout",
            (None, RestErrorKind::Aborted) => "aborted",
            (None, RestErrorKind::InvalidArgument) => "invalid_argument",
            (None, RestErrorKind::TooLarge) => "too_large",
        }
    }
}

impl std::fmt::Display for RestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RestError {}
