//! The UTF-8 to UTF-16 transcoder (data text handed to JS) against std: for any bytes, exactly
//! `str::encode_utf16` of them when they are UTF-8 (nothing written when they are ASCII), and
//! refused exactly when std's check refuses them. Also from an odd start (SIMD lane offsets).
#![no_main]

use enmeshed_events::utf16::{transcode, Refused, Utf16};
use libfuzzer_sys::fuzz_target;

fn check(bytes: &[u8]) {
    // Poisoned, so ASCII text reported as written, or units left out, would show.
    let mut out = vec![0xfffe_u16; bytes.len()];
    let ours = transcode(bytes, &mut out);
    match std::str::from_utf8(bytes) {
        Ok(text) if text.is_ascii() => {
            assert_eq!(ours, Ok(Utf16::Ascii));
            assert!(out.iter().all(|&u| u == 0xfffe));
        }
        Ok(text) => {
            let expected: Vec<u16> = text.encode_utf16().collect();
            assert_eq!(ours, Ok(Utf16::Units(expected.len())));
            assert_eq!(&out[..expected.len()], &expected[..]);
        }
        Err(_) => assert_eq!(ours, Err(Refused::NotUtf8)),
    }
}

fuzz_target!(|bytes: &[u8]| {
    check(bytes);
    if let Some(rest) = bytes.get(1..) {
        check(rest);
    }
});
