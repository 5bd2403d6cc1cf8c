//! Bytes to text: size limit, byte order mark, UTF-8.

use super::error::ParseError;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The body as text, after the size check, without a leading byte order mark.
pub(crate) fn body_text<'a>(
    body: &'a [u8],
    max_bytes: usize,
    path: &'static str,
) -> Result<&'a str, ParseError> {
    if body.len() > max_bytes {
        return Err(ParseError::TooLarge {
            size: body.len(),
            limit: max_bytes,
        });
    }
    let (body, skipped) = match body.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (body, 0),
    };
    simdutf8::compat::from_utf8(body).map_err(|error| ParseError::InvalidEncoding {
        path,
        offset: skipped + error.valid_up_to(),
    })
}
