//! The Connector REST client's core, free of wasm types: what a request looks like (paths per
//! API version, query encoding, headers), what a response means (the `{ result }` /
//! `{ error }` envelope), and when to try again (retry policy, error classification).
//!
//! The wasm shell (`src/wasm/rest.rs`) only sends what [`Client::request`] builds, waits, and
//! feeds the outcome back through [`read_response`] and [`RetryPolicy::delay_after`].
//! It covers what catch-up and correlation need, not the whole Connector API.

mod client;
mod envelope;
mod error;
mod operation;
mod query;
mod retry;

pub use client::{correlation_id, ApiVersion, Auth, Client, ClientOptions, HttpRequest};
pub use envelope::{read_response, redirect_refused, ConnectorErrorBody};
pub use error::{RestError, RestErrorKind};
pub use operation::{Method, Operation};
pub use query::encode_query;
pub use retry::{parse_retry_after, Failure, RetryPolicy};
