//! `RawRestClient`: sends the requests the core builds (`crate::rest`): gloo-net builds the
//! `Request` (headers, body, abort signal) and reads the answer's status and headers; the global
//! `fetch` sends it, so it runs wherever `fetch` exists (browsers, Workers, Deno, Node, Bun).
//! It only waits: per attempt on the answer, the timeout and the caller's signal; between
//! attempts as long as the core's retry policy says.
//!
//! Every call's promise resolves, never rejects, with a plain outcome object that js/rest.js
//! turns into a result or a `ConnectorError`; everything JS hands in has been read into
//! strings and numbers by then, and every JS function is called through `catch`, so no JS
//! exception unwinds through wasm.

use std::rc::Rc;

use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::{AbortController, AbortSignal, RequestRedirect};

use super::wait::{race, AbortWait, Clock, First};

#[wasm_bindgen]
extern "C" {
    // The global fetch, called directly rather than through gloo-net's `send`, so that its
    // promise can go through the call's guard (see `Clock`) and a throw is caught here.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> Result<Promise, JsValue>;
}
use crate::rest::{
    correlation_id, parse_retry_after, read_response, redirect_refused, ApiVersion, Auth, Client,
    ClientOptions, ConnectorErrorBody, Failure, HttpRequest, Method, Operation, RestError,
    RestErrorKind, RetryPolicy,
};

/// The client behind the package's `ConnectorClient`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct RawRestClient {
    client: Rc<Client>,
    max_response_bytes: f64,
}

#[wasm_bindgen]
impl RawRestClient {
    /// A client; throws an outcome object (`ok: false`, code `invalid_argument`) for options
    /// the core refuses. `api_key` wins over `bearer_token` when both are given.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        base_url: String,
        api_key_header: String,
        api_key: Option<String>,
        bearer_token: Option<String>,
        api_version: &str,
        timeout_ms: f64,
        max_attempts: u32,
        base_delay_ms: f64,
        max_delay_ms: f64,
        max_response_bytes: f64,
    ) -> Result<RawRestClient, JsValue> {
        let fail = |error: RestError| failure(&error, 0, "");
        let api_version = ApiVersion::from_name(api_version).ok_or_else(|| {
            fail(RestError::invalid_argument(format!(
                "apiVersion {api_version:?} is not \"v7\" or \"v6\""
            )))
        })?;
        let auth = match (api_key, bearer_token) {
            (Some(key), _) => Auth::ApiKey {
                header: api_key_header,
                key,
            },
            (None, Some(token)) => Auth::Bearer(token),
            (None, None) => Auth::None,
        };
        let client = Client::new(ClientOptions {
            base_url,
            auth,
            api_version,
            timeout_ms,
            retry: RetryPolicy {
                max_attempts,
                base_delay_ms,
                max_delay_ms,
            },
        })
        .map_err(fail)?;
        if !(max_response_bytes.is_finite() && max_response_bytes >= 1.0) {
            return Err(fail(RestError::invalid_argument(
                "maxResponseBytes must be a positive number of bytes",
            )));
        }
        Ok(RawRestClient {
            client: Rc::new(client),
            max_response_bytes,
        })
    }

    /// Calls `operation` (its JS name); `query` is flat `[name, value, …]`; `timeout_ms` NaN
    /// means the client's; `now`, `sleep`, `random` and `guard` are the call's clock (see
    /// `Clock`). Returns a promise of the outcome object; it never rejects.
    #[allow(clippy::too_many_arguments)]
    pub fn request(
        &self,
        operation: &str,
        id: Option<String>,
        query: Vec<String>,
        body: Option<String>,
        correlation: Option<String>,
        timeout_ms: f64,
        signal: Option<AbortSignal>,
        now: Option<Function>,
        sleep: Function,
        random: Option<Function>,
        guard: Function,
    ) -> Promise {
        let clock = Clock {
            now,
            sleep,
            random,
            guard,
        };
        let correlation = correlation.unwrap_or_else(|| correlation_id(random_bytes(&clock)));
        let pairs: Vec<(String, String)> = query
            .chunks_exact(2)
            .map(|pair| (pair[0].clone(), pair[1].clone()))
            .collect();
        let built = match Operation::from_name(operation) {
            Some(operation) => self.client.request(
                operation,
                id.as_deref(),
                &pairs,
                body.as_deref(),
                &correlation,
            ),
            None => Err(RestError::invalid_argument(format!(
                "{operation:?} is not an operation of the client"
            ))),
        };
        let request = match built {
            Ok(request) => request,
            Err(error) => return Promise::resolve(&failure(&error, 0, &correlation)),
        };
        let timeout_ms = if timeout_ms.is_finite() && timeout_ms > 0.0 {
            timeout_ms
        } else {
            self.client.timeout_ms
        };
        let retry = self.client.retry;
        let max_response_bytes = self.max_response_bytes;
        future_to_promise(async move {
            let call = Call {
                max_response_bytes,
                request,
                correlation,
                timeout_ms,
                retry,
                signal,
                clock,
            };
            Ok(call.run().await)
        })
    }
}

fn random_bytes(clock: &Clock) -> [u8; 16] {
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_mut(4) {
        let word = (clock.random() * 4_294_967_296.0) as u32;
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    bytes
}

/// One call of the client: its attempts and the waits between them.
struct Call {
    max_response_bytes: f64,
    request: HttpRequest,
    correlation: String,
    timeout_ms: f64,
    retry: RetryPolicy,
    signal: Option<AbortSignal>,
    clock: Clock,
}

/// What one attempt got: the `result` text as a JS string (None for an empty success) and the status, or the
/// error with the `Retry-After` the answer carried.
type Attempt = Result<(u16, Option<JsValue>), (RestError, Option<String>)>;

impl Call {
    async fn run(self) -> JsValue {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let answer = self.attempt().await;
            // Test builds: a call for the id `enmeshed.test.trap` traps here, after an await, so
            // inside the executor's microtask rather than a `guarded` call.
            #[cfg(feature = "trap-hook")]
            if let Some(id) = self.request.url.rsplit('/').next() {
                super::trap_hook(id);
            }
            let (error, retry_after) = match answer {
                Ok((status, result)) => return success(status, result, attempt, &self.correlation),
                Err(failed) => failed,
            };
            let retry_after_ms = retry_after.and_then(|v| parse_retry_after(&v, self.clock.now()));
            let delay = self.retry.delay_after(
                attempt,
                Failure::of(&error),
                self.request.idempotent,
                self.clock.random(),
                retry_after_ms,
            );
            let Some(delay) = delay else {
                return failure(&error, attempt, &self.correlation);
            };
            let waited = race(
                self.clock.sleep(delay),
                AbortWait::new(self.signal.as_ref()),
                std::future::pending::<()>(),
            )
            .await;
            if let First::B(()) = waited {
                return failure(&aborted(), attempt, &self.correlation);
            }
        }
    }

    async fn attempt(&self) -> Attempt {
        if self.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err((aborted(), None));
        }
        // Our own controller, so a timeout can cancel the fetch without touching the caller's
        // signal; the caller's abort reaches it through the race below.
        let controller = AbortController::new().map_err(|e| (network(&describe(&e)), None))?;
        let request = build(&self.request, &controller.signal()).map_err(|e| (e, None))?;
        let exchange = async {
            let fetched = global_fetch(&request).map_err(|e| (network(&describe(&e)), None))?;
            let response = self
                .clock
                .wait(&fetched)
                .await
                .map_err(|e| (network(&describe(&e)), None))?;
            // A `fetch` replaced by something that resolves to no Response: reading it would
            // throw inside wasm, so it is refused here.
            let response = response.dyn_into::<web_sys::Response>().map_err(|_| {
                let message = "fetch resolved to something that is not a Response";
                (
                    RestError::new(RestErrorKind::InvalidResponse, 0, message),
                    None,
                )
            })?;
            // Read through Reflect, so a `fetch` replaced by one whose Response throws from a
            // getter cannot make the exception cross into wasm.
            let response = JsValue::from(response);
            if get(&response, "type").as_string().as_deref() == Some("opaqueredirect") {
                return Err((redirect_refused(0), None));
            }
            let status = get(&response, "status")
                .as_f64()
                .filter(|s| (0.0..=999.0).contains(s))
                .unwrap_or(0.0) as u16;
            let retry_after = header(&response, "retry-after");
            let declared =
                header(&response, "content-length").and_then(|v| v.trim().parse::<u64>().ok());
            // Parsed as an integer: parsing a float would link in about 10 KB of float code.
            if declared.is_some_and(|length| length as f64 > self.max_response_bytes) {
                // Stops the download (cancelling the body, not the request, which some runtimes
                // report as an unhandled rejection).
                let _ = call_method(&get(&response, "body"), "cancel");
                return Err((too_large(self.max_response_bytes), None));
            }
            let text = self
                .read_body(&response)
                .await
                .map_err(|e| (e, retry_after.clone()))?;
            match read_response(status, &text) {
                // Straight from the body's text to a JS string: no copy of the result in wasm.
                Ok(result) => Ok((status, result.map(JsValue::from_str))),
                Err(error) => Err((error, retry_after)),
            }
        };
        let outcome = race(
            exchange,
            self.clock.sleep(self.timeout_ms),
            AbortWait::new(self.signal.as_ref()),
        )
        .await;
        match outcome {
            First::A(answer) => answer,
            First::B(()) => {
                controller.abort();
                // Whole milliseconds: formatting an f64 would add kilobytes of wasm.
                let message = format!("no answer within {} ms", self.timeout_ms.ceil() as u64);
                Err((RestError::new(RestErrorKind::Timeout, 0, message), None))
            }
            First::C(()) => {
                controller.abort();
                Err((aborted(), None))
            }
        }
    }
}

impl Call {
    /// The answer's body as text, read chunk by chunk so that it stops at `max_response_bytes`
    /// (a body without a Content-Length, or with a false one): wasm then holds the bytes once,
    /// not a JS string and its copy.
    async fn read_body(&self, response: &JsValue) -> Result<String, RestError> {
        let failed = |e: JsValue| network(&describe(&e));
        // A throwing getter is a failure, not an empty answer.
        let body = Reflect::get(response, &"body".into()).map_err(failed)?;
        if body.is_null() || body.is_undefined() {
            return Ok(String::new());
        }
        let reader = call_method(&body, "getReader").map_err(failed)?;
        // The chunks stay in JS until the end, then are copied into a buffer of the exact size:
        // wasm memory never shrinks, so it should not grow by a growing buffer's doublings.
        let chunks = js_sys::Array::new();
        let mut total = 0usize;
        loop {
            let read = call_method(&reader, "read").map_err(failed)?;
            if !read.is_object() {
                return Err(network("the answer's body reader gave no promise"));
            }
            // Not `dyn_into`: the runtime's fetch may come from another realm (edge-runtime's VM),
            // where `instanceof` fails for its promises, functions and byte arrays.
            let read = read.unchecked_into::<Promise>();
            let chunk = self.clock.wait(&read).await.map_err(failed)?;
            if get(&chunk, "done").is_truthy() {
                break;
            }
            let value = get(&chunk, "value");
            let bytes_per_element = get(&value, "BYTES_PER_ELEMENT").as_f64();
            if !js_sys::ArrayBuffer::is_view(&value) || bytes_per_element != Some(1.0) {
                return Err(network(
                    "the answer's body gave something that is not bytes",
                ));
            }
            let value = value.unchecked_into::<Uint8Array>();
            total += value.length() as usize;
            if total as f64 > self.max_response_bytes {
                let _ = call_method(&reader, "cancel");
                return Err(too_large(self.max_response_bytes));
            }
            chunks.push(&value);
        }
        let mut bytes = vec![0u8; total];
        let mut start = 0;
        for chunk in chunks.iter() {
            let chunk = chunk.unchecked_into::<Uint8Array>();
            let end = start + chunk.length() as usize;
            chunk.copy_to(&mut bytes[start..end]);
            start = end;
        }
        // As `Response.text()` decodes: invalid UTF-8 becomes U+FFFD.
        Ok(match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
        })
    }
}

/// `target[key]`, `undefined` when reading it throws.
fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `target[name]()`, the throw caught.
fn call_method(target: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    let method = Reflect::get(target, &name.into())?;
    if !method.is_function() {
        return Err(JsValue::from_str(&format!("{name} is not a function")));
    }
    method.unchecked_into::<Function>().call0(target)
}

/// A response header, `None` when absent or when reading it throws.
fn header(response: &JsValue, name: &str) -> Option<String> {
    let headers = get(response, "headers");
    let method = get(&headers, "get");
    if !method.is_function() {
        return None;
    }
    let value = method
        .unchecked_into::<Function>()
        .call1(&headers, &name.into());
    value.ok()?.as_string()
}

fn too_large(limit: f64) -> RestError {
    RestError::new(
        RestErrorKind::TooLarge,
        0,
        format!(
            "the connector's answer is larger than maxResponseBytes ({} bytes): ask for less (a narrower query)",
            limit as u64
        ),
    )
}

/// The request as `fetch` takes it, built with gloo-net.
fn build(request: &HttpRequest, signal: &AbortSignal) -> Result<web_sys::Request, RestError> {
    let method = match request.method {
        Method::Get => HttpMethod::GET,
        Method::Post => HttpMethod::POST,
    };
    // Redirects are never followed (see `redirect_refused`): "manual" hands the 3xx back (an
    // opaque one in browsers) instead of sending the key to wherever it points.
    let mut builder = RequestBuilder::new(&request.url)
        .method(method)
        .redirect(RequestRedirect::Manual)
        .abort_signal(Some(signal));
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let built = match &request.body {
        Some(body) => builder.body(body.as_str()),
        None => builder.build(),
    };
    built.map(web_sys::Request::from).map_err(|e| {
        RestError::new(
            RestErrorKind::InvalidArgument,
            0,
            format!("fetch refused the request: {e}"),
        )
    })
}

fn aborted() -> RestError {
    RestError::new(RestErrorKind::Aborted, 0, "the call was aborted")
}

fn network(reason: &str) -> RestError {
    RestError::new(
        RestErrorKind::Network,
        0,
        format!("the connector could not be reached: {reason}"),
    )
}

fn describe(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

fn success(status: u16, result: Option<JsValue>, attempts: u32, correlation: &str) -> JsValue {
    let outcome = Object::new();
    set(&outcome, "ok", &true.into());
    set(&outcome, "status", &status.into());
    if let Some(result) = result {
        set(&outcome, "result", &result);
    }
    set(&outcome, "attempts", &attempts.into());
    set(&outcome, "correlationId", &correlation.into());
    outcome.into()
}

fn failure(error: &RestError, attempts: u32, correlation: &str) -> JsValue {
    let outcome = Object::new();
    set(&outcome, "ok", &false.into());
    set(&outcome, "status", &error.status.into());
    set(&outcome, "code", &error.code().into());
    set(&outcome, "message", &error.message.as_str().into());
    if let Some(body) = &error.connector {
        set(&outcome, "connectorError", &connector_error(body));
    }
    set(&outcome, "attempts", &attempts.into());
    if !correlation.is_empty() {
        set(&outcome, "correlationId", &correlation.into());
    }
    outcome.into()
}

fn connector_error(body: &ConnectorErrorBody) -> JsValue {
    let object = Object::new();
    for (key, value) in [
        ("id", &body.id),
        ("code", &body.code),
        ("message", &body.message),
        ("docs", &body.docs),
        ("time", &body.time),
    ] {
        set(&object, key, &value.as_str().into());
    }
    object.into()
}
