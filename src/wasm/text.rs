//! Data text as UTF-16, for `TextDecoder("utf-16le")` (js/text.js): JS engines build a string
//! from UTF-16 several times faster than from non-ASCII UTF-8 (see `crate::utf16`).
//!
//! The JS side asks for the bytes `makeEvent` was given, in the input buffer; they are looked
//! up there and checked again while transcoding, so no JS-supplied range is trusted.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::input::{input_len, with_range};
use crate::utf16::{transcode, Utf16};

thread_local! {
    static OUTPUT: RefCell<Vec<u16>> = const { RefCell::new(Vec::new()) };
}

/// `utf16Data`'s answer when it wrote nothing: the bytes are ASCII, or not transcodable (not
/// UTF-8, not inside the input buffer, or longer than the output buffer): decode them as UTF-8.
const NOT_TRANSCODED: u32 = u32::MAX;

/// Makes the output buffer at least `capacity` units and returns where it starts, or null when
/// it cannot (then `utf16Data` transcodes nothing longer than the buffer already is). Growing it
/// may grow the wasm memory, so the JS side takes a fresh view of `memory.buffer` after this.
///
/// Never more units than the input buffer has bytes (no data is longer), and a failed
/// allocation is refused: a trap here (a huge or negative `capacity` from a direct caller)
/// would leave `OUTPUT` borrowed, and every later call would trap or fall back for good.
#[wasm_bindgen(js_name = utf16Buffer)]
pub fn utf16_buffer(capacity: usize) -> *const u16 {
    let capacity = capacity.min(input_len());
    OUTPUT.with(|output| {
        let Ok(mut output) = output.try_borrow_mut() else {
            return std::ptr::null();
        };
        if output.len() < capacity {
            let more = capacity - output.len();
            if output.try_reserve_exact(more).is_err() {
                return std::ptr::null();
            }
            output.resize(capacity, 0);
        }
        output.as_ptr()
    })
}

/// Transcodes the `length` bytes of the input buffer at `address` into the output buffer (made
/// at least `length` units by `utf16Buffer` first; it is never moved here) and returns how
/// many units it wrote, or `u32::MAX` if it wrote none (ASCII or not transcodable).
#[wasm_bindgen(js_name = utf16Data)]
pub fn utf16_data(address: u32, length: u32) -> u32 {
    with_range(address, length, |bytes| {
        let Some(bytes) = bytes else {
            return NOT_TRANSCODED;
        };
        OUTPUT.with(|output| {
            let Ok(mut output) = output.try_borrow_mut() else {
                return NOT_TRANSCODED;
            };
            match transcode(bytes, &mut output) {
                Ok(Utf16::Units(units)) => units as u32,
                Ok(Utf16::Ascii) | Err(_) => NOT_TRANSCODED,
            }
        })
    })
}
