//! The decisions of an HTTP endpoint that receives the Connector's webhooks.
//!
//! Pure functions and plain data, no HTTP types: which credentials are accepted ([`Auth`]),
//! whether a content type is JSON ([`check_content_type`]), whether a declared length is over
//! the limit ([`check_declared_length`]), the bearer token of an `Authorization` header
//! ([`bearer_token`]), and for every refusal its status, code, message and JSON body
//! ([`Rejection`]). The package's JS adapter (`handleWebhook`) reads the request and asks these.
//!
//! The checks run in the order method → credentials → content type → size → delivery.

mod auth;
mod bound;
mod headers;
mod rejection;

pub use auth::{is_header_safe_key, Auth, ConfigError, DEFAULT_API_KEY_HEADER};
pub use bound::{MAX_CODE_BYTES, MAX_ECHOED_CHARS, MAX_MESSAGE_CHARS};
pub use headers::{bearer_token, check_content_type, check_declared_length};
pub use rejection::{accepted_body, background_body, Credential, Rejection};

/// The default body limit of the endpoint: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 1024 * 1024;
