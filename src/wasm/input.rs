//! The input buffer. The package's JS writes a delivery's name and body straight into wasm
//! memory (`TextEncoder.encodeInto` for strings, `Uint8Array.set` for bytes): one reused
//! buffer, no allocation and no intermediate copy per delivery. The core then parses the bytes
//! where they lie.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

pub use super::boundary::Kind;
use crate::{Delivery, PubSubData};

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Makes the buffer at least `capacity` bytes and returns where it starts. Growing it may grow
/// the wasm memory, so the JS side takes a fresh view of `memory.buffer` after this call.
#[wasm_bindgen(js_name = inputBuffer)]
pub fn input_buffer(capacity: usize) -> *mut u8 {
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        if buffer.len() < capacity {
            buffer.resize(capacity, 0);
        }
        buffer.as_mut_ptr()
    })
}

/// The instance's memory, for the JS side's view of the buffer.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// What the JS side wrote: the kind, then `name_len` bytes of name (the URL for webhooks;
/// `u32::MAX` for none) followed by `body_len` bytes of body. `body_is_text` tells a pulled
/// Pub/Sub message's base64 text from its decoded bytes.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub kind: Kind,
    pub name_len: u32,
    pub body_len: u32,
    pub body_is_text: bool,
}

/// Writes a name and a body of `body_len` bytes (filled in by `fill`) into the buffer, for
/// deliveries that arrive inside Rust (a fetch Response's body) and for tests; returns the layout.
pub fn write(
    kind: Kind,
    name: Option<&str>,
    body_len: usize,
    fill: impl FnOnce(&mut [u8]),
) -> Layout {
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        let name_bytes = name.map_or(&[][..], str::as_bytes);
        buffer.clear();
        buffer.extend_from_slice(name_bytes);
        buffer.resize(name_bytes.len() + body_len, 0);
        fill(&mut buffer[name_bytes.len()..]);
        let name_len = if name.is_some() {
            name_bytes.len() as u32
        } else {
            u32::MAX
        };
        Layout {
            kind,
            name_len,
            body_len: body_len as u32,
            body_is_text: false,
        }
    })
}

/// Runs `parse` on the delivery the buffer holds. The buffer stays borrowed only for the call,
/// so handlers run afterwards may dispatch again.
pub(crate) fn with_delivery<R>(layout: Layout, parse: impl FnOnce(&Delivery<'_>) -> R) -> R {
    BUFFER.with(|buffer| {
        let buffer = buffer.borrow();
        let name_len = if layout.name_len == u32::MAX {
            0
        } else {
            layout.name_len as usize
        };
        let body_end = name_len + layout.body_len as usize;
        let (Some(name_bytes), Some(body)) =
            (buffer.get(..name_len), buffer.get(name_len..body_end))
        else {
            // The JS side never writes past what it reserved; an empty delivery is the safe answer.
            return parse(&Delivery::Amqp {
                routing_key: "",
                body: &[],
            });
        };
        // encodeInto writes valid UTF-8 (a lone surrogate becomes U+FFFD).
        let name =
            (layout.name_len != u32::MAX).then(|| std::str::from_utf8(name_bytes).unwrap_or(""));
        let name_or_empty = name.unwrap_or("");
        let delivery = match layout.kind {
            Kind::Amqp => Delivery::Amqp {
                routing_key: name_or_empty,
                body,
            },
            Kind::Mqtt => Delivery::Mqtt {
                topic: name_or_empty,
                body,
            },
            Kind::Redis => Delivery::Redis {
                channel: name_or_empty,
                body,
            },
            Kind::PubSubPush => Delivery::PubSubPush { body },
            Kind::PubSubMessage => {
                // Text was written by encodeInto (base64); bytes are the decoded data.
                let text = layout
                    .body_is_text
                    .then(|| std::str::from_utf8(body).ok())
                    .flatten();
                let data = text.map_or(PubSubData::Bytes(body), PubSubData::Base64);
                Delivery::PubSubMessage {
                    data,
                    namespace: name,
                }
            }
            Kind::Webhook => Delivery::Webhook { body, url: name },
        };
        parse(&delivery)
    })
}

/// Runs `read` on the `length` bytes at `address` if they lie inside the buffer (`None`
/// otherwise, or while the buffer is being written).
pub(crate) fn with_range<R>(address: u32, length: u32, read: impl FnOnce(Option<&[u8]>) -> R) -> R {
    BUFFER.with(|buffer| {
        let Ok(buffer) = buffer.try_borrow() else {
            return read(None);
        };
        let start = (address as usize).wrapping_sub(buffer.as_ptr() as usize);
        let range = start
            .checked_add(length as usize)
            .and_then(|end| buffer.get(start..end));
        read(range)
    })
}

/// How many bytes the buffer holds (0 while it is being written): no data is longer.
pub(crate) fn input_len() -> usize {
    BUFFER.with(|buffer| buffer.try_borrow().map_or(0, |buffer| buffer.len()))
}
