//! JSON text handling the parser needs: a checking pull scanner and lazily decoded strings.
//!
//! Values are never materialised here: the text is validated and measured, and the exact data
//! text is handed on, so what a handler gets is JSON-equal to the wire by construction.

mod error;
mod scanner;
mod string;

pub(crate) use error::{JsonError, JsonErrorKind};
pub(crate) use scanner::{Scanner, ValueKind};
pub(crate) use string::JsonStr;

#[cfg(all(test, not(target_arch = "wasm32")))]
/// Checks that `text` holds exactly one JSON value within `max_depth` levels of nesting.
pub(crate) fn check_syntax(text: &str, max_depth: usize) -> Result<(), JsonError> {
    let mut scanner = Scanner::new(text, max_depth);
    scanner.skip_value()?;
    scanner.finish()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
