//! The shared wasm tests (tests/wasm_shared) in Node.
#![cfg(target_arch = "wasm32")]

mod common;
mod wasm_shared;
