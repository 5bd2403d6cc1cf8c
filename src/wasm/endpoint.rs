//! `RawEndpoint`: the webhook endpoint's decisions (`crate::endpoint`) for the JS adapter
//! (js/webhook.js). Every check answers `undefined` (pass) or a reply; a reply is
//! `[status, body, [[header, value], …]]`.

use js_sys::Array;
use wasm_bindgen::prelude::*;

use crate::endpoint::{
    accepted_body, background_body, bearer_token, check_content_type, check_declared_length, Auth,
    Credential, Rejection,
};

/// The authentication, body limit and timeouts of one `createWebhookHandler`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct RawEndpoint {
    auth: Auth,
    max_body_bytes: u64,
    verify_bearer_timeout_ms: u64,
    body_timeout_ms: u64,
    handler_timeout_ms: u64,
}

fn reply(status: u16, body: String, headers: &[(&str, String)]) -> Array {
    let headers: Array = headers
        .iter()
        .map(|(name, value)| -> JsValue { Array::of2(&(*name).into(), &value.into()).into() })
        .collect();
    Array::of3(&status.into(), &body.into(), &headers)
}

fn reject(rejection: &Rejection) -> Array {
    reply(rejection.status(), rejection.body(), &rejection.headers())
}

fn check(result: Result<(), Rejection>) -> JsValue {
    result
        .err()
        .map_or(JsValue::UNDEFINED, |r| reject(&r).into())
}

#[wasm_bindgen]
impl RawEndpoint {
    /// Throws a TypeError with `code` for a configuration the endpoint refuses to start with.
    /// The JS side has checked `max_body_bytes` (a safe non-negative integer) and the timeouts
    /// (positive integers).
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        keys: Vec<String>,
        header: Option<String>,
        bearer: bool,
        allow_unauthenticated: bool,
        max_body_bytes: f64,
        verify_bearer_timeout_ms: f64,
        body_timeout_ms: f64,
        handler_timeout_ms: f64,
    ) -> Result<RawEndpoint, JsValue> {
        let auth = Auth::new(&keys, header.as_deref(), bearer, allow_unauthenticated).map_err(
            |error| {
                let type_error = js_sys::TypeError::new(&error.to_string());
                let _ = js_sys::Reflect::set(&type_error, &"code".into(), &error.code().into());
                JsValue::from(type_error)
            },
        )?;
        Ok(RawEndpoint {
            auth,
            max_body_bytes: max_body_bytes as u64,
            verify_bearer_timeout_ms: verify_bearer_timeout_ms as u64,
            body_timeout_ms: body_timeout_ms as u64,
            handler_timeout_ms: handler_timeout_ms as u64,
        })
    }

    /// The API key header name (lowercase), or undefined without keys.
    #[wasm_bindgen(getter, js_name = apiKeyHeader)]
    pub fn api_key_header(&self) -> Option<String> {
        self.auth
            .has_api_keys()
            .then(|| self.auth.api_key_header().to_string())
    }

    /// Whether no credential is asked for.
    #[wasm_bindgen(getter)]
    pub fn open(&self) -> bool {
        self.auth.is_open()
    }

    /// Whether `value` is one of the keys (constant time, see `Auth::check_api_key`).
    #[wasm_bindgen(js_name = checkApiKey)]
    pub fn check_api_key(&self, value: &str) -> bool {
        self.auth.check_api_key(value)
    }

    /// The token of an `Authorization: Bearer` value, or undefined.
    #[wasm_bindgen(js_name = bearerToken)]
    pub fn bearer_token(&self, authorization: &str) -> Option<String> {
        bearer_token(authorization).map(str::to_string)
    }

    /// 405 unless `method` is POST (the answer repeats at most 100 characters of it).
    pub fn method(&self, method: &str) -> JsValue {
        if method == "POST" {
            return JsValue::UNDEFINED;
        }
        let method = method.to_string();
        reject(&Rejection::MethodNotAllowed { method }).into()
    }

    /// 401: no credential, or `presented` ("key" or "bearer") was not accepted.
    pub fn unauthorized(&self, presented: Option<String>) -> Array {
        let bearer = self.auth.has_bearer();
        let header = self.auth.api_key_header().to_string();
        let rejection = match presented.as_deref() {
            Some("bearer") => Rejection::InvalidCredentials {
                credential: Credential::Bearer,
                bearer,
            },
            Some(_) => Rejection::InvalidCredentials {
                credential: Credential::ApiKey { header },
                bearer,
            },
            None => Rejection::MissingCredentials {
                api_key_header: self.auth.has_api_keys().then_some(header),
                bearer,
            },
        };
        reject(&rejection)
    }

    /// 401 `unauthenticated`: a refusal that does not say why (the Pub/Sub push endpoint).
    pub fn unauthenticated(&self) -> Array {
        reject(&Rejection::Unauthenticated)
    }

    /// 503 `in_progress`: another delivery of the event is running its handlers.
    #[wasm_bindgen(js_name = inProgress)]
    pub fn in_progress(&self) -> Array {
        reject(&Rejection::InProgress)
    }

    /// 500 `auth_error`: the bearer verifier threw.
    #[wasm_bindgen(js_name = authError)]
    pub fn auth_error(&self) -> Array {
        reject(&Rejection::AuthError)
    }

    /// 500 `auth_timeout`: the bearer verifier did not settle in time.
    #[wasm_bindgen(js_name = authTimeout)]
    pub fn auth_timeout(&self) -> Array {
        reject(&Rejection::AuthTimeout {
            timeout_ms: self.verify_bearer_timeout_ms,
        })
    }

    /// 415 unless the content type is JSON (or missing).
    #[wasm_bindgen(js_name = contentType)]
    pub fn content_type(&self, value: Option<String>) -> JsValue {
        check(check_content_type(value.as_deref()))
    }

    /// 413 when the `content-length` says more than the limit.
    #[wasm_bindgen(js_name = declaredLength)]
    pub fn declared_length(&self, value: Option<String>) -> JsValue {
        check(check_declared_length(value.as_deref(), self.max_body_bytes))
    }

    /// 413: the body went past the limit while it was read.
    #[wasm_bindgen(js_name = tooLarge)]
    pub fn too_large(&self) -> Array {
        reject(&Rejection::TooLarge {
            limit: self.max_body_bytes,
            declared: None,
        })
    }

    /// 400: the body stream failed.
    pub fn unreadable(&self) -> Array {
        reject(&Rejection::UnreadableBody)
    }

    /// 408 `body_timeout`: the body did not arrive in time.
    #[wasm_bindgen(js_name = bodyTimeout)]
    pub fn body_timeout(&self) -> Array {
        reject(&Rejection::BodyTimeout {
            timeout_ms: self.body_timeout_ms,
        })
    }

    /// 400 (413): an `EventParseError`'s code, message and path (cut to a bounded length).
    pub fn invalid(&self, code: String, message: String, path: Option<String>) -> Array {
        reject(&Rejection::InvalidDelivery {
            code,
            message,
            path,
        })
    }

    /// `status`: `failed` of `ran` handlers failed for `event`.
    #[wasm_bindgen(js_name = handlerFailed)]
    pub fn handler_failed(&self, event: String, failed: u32, ran: u32, status: u16) -> Array {
        reject(&Rejection::HandlerFailed {
            event,
            failed: failed as usize,
            ran: ran as usize,
            status,
        })
    }

    /// `status` `handler_timeout`: the dispatch did not settle in time.
    #[wasm_bindgen(js_name = handlerTimeout)]
    pub fn handler_timeout(&self, status: u16) -> Array {
        reject(&Rejection::HandlerTimeout {
            timeout_ms: self.handler_timeout_ms,
            status,
        })
    }

    /// 500 `internal` with only a fixed message and `correlation_id`.
    pub fn internal(&self, correlation_id: String) -> Array {
        reject(&Rejection::Internal { correlation_id })
    }

    /// 200 `{"ok":true,"event":…,"handled":n}`.
    pub fn accepted(&self, event: &str, handled: u32) -> Array {
        let headers = [("content-type", "application/json".to_string())];
        reply(200, accepted_body(event, handled as usize), &headers)
    }

    /// 202 `{"ok":true,"background":true}`: the handlers go on after the answer.
    pub fn background(&self) -> Array {
        let headers = [("content-type", "application/json".to_string())];
        reply(202, background_body(), &headers)
    }
}
