//! Every byte value at every position of a string's first 40 bytes, through `parse_delivery`:
//! the scanner finds the ends of plain runs sixteen bytes at a time (SSE2 natively, simd128 in
//! wasm), and this pins what each byte does wherever it falls in (or across) those chunks.
//! Entered natively from tests/corpus.rs and in wasm from tests/wasm_shared.

use enmeshed_events::{parse_delivery, Delivery, ParseError, ParseOptions};

/// What a string `"a…a<byte>b…b"` must give, with `at` the byte's offset in the body.
fn expected(byte: u8, at: usize) -> Result<(), (&'static str, usize)> {
    match byte {
        0x00..=0x1f => Err(("invalid_json", at)),
        // The string ends there and `b…` trails it.
        b'"' => Err(("invalid_json", at + 1)),
        // `\b` is an escape (backspace): still one string.
        b'\\' => Ok(()),
        // A lone byte above ASCII is not UTF-8.
        0x80..=0xff => Err(("invalid_encoding", at)),
        _ => Ok(()),
    }
}

pub fn assert_every_byte_in_strings_is_read_exactly() {
    let options = ParseOptions::default();
    for lane in 0..40 {
        for byte in 0..=255u8 {
            let mut body = vec![b'"'];
            body.extend(std::iter::repeat_n(b'a', lane));
            body.push(byte);
            body.extend(std::iter::repeat_n(b'b', 20));
            body.push(b'"');
            let delivery = Delivery::Amqp {
                routing_key: "test.unknownEvent",
                body: &body,
            };
            let got = match parse_delivery(&delivery, &options) {
                Ok(_) => Ok(()),
                Err(ParseError::InvalidJson { offset, .. }) => Err(("invalid_json", offset)),
                Err(ParseError::InvalidEncoding { offset, .. }) => {
                    Err(("invalid_encoding", offset))
                }
                Err(other) => panic!("byte {byte:#x} at {lane}: {other}"),
            };
            assert_eq!(got, expected(byte, 1 + lane), "byte {byte:#x} at {lane}");
        }
    }
}
