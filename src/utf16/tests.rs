use super::{transcode, Refused, Utf16};

/// Ours, as a vector of exactly the text's units (ASCII widened by the test).
fn ours(bytes: &[u8]) -> Result<Vec<u16>, Refused> {
    // Poisoned, so units left unwritten would show.
    let mut out = vec![0xfffe; bytes.len()];
    match transcode(bytes, &mut out)? {
        Utf16::Ascii => {
            assert!(bytes.is_ascii(), "{bytes:?} reported ASCII");
            assert!(out.iter().all(|&u| u == 0xfffe), "ASCII text was written");
            Ok(bytes.iter().map(|&b| u16::from(b)).collect())
        }
        Utf16::Units(n) => {
            assert!(!bytes.is_ascii(), "ASCII text was transcoded");
            out.truncate(n);
            Ok(out)
        }
    }
}

/// Equal to std's UTF-16 for UTF-8, refused exactly when std refuses.
fn check(bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(text) => assert_eq!(
            ours(bytes),
            Ok(text.encode_utf16().collect::<Vec<_>>()),
            "{text:?}"
        ),
        Err(_) => assert_eq!(ours(bytes), Err(Refused::NotUtf8), "{bytes:x?}"),
    }
}

/// The edges of every UTF-8 length: 1 to 4 bytes, around the surrogates, the last code point.
const CHARACTERS: &[char] = &[
    '\0',
    'a',
    '\u{7f}',
    '\u{80}',
    'ü',
    '\u{7ff}',
    '\u{800}',
    '€',
    '中',
    '\u{d7ff}',
    '\u{e000}',
    '\u{feff}',
    '\u{fffd}',
    '\u{ffff}',
    '\u{10000}',
    '👋',
    '🏽',
    '\u{10ffff}',
];

#[test]
fn every_character_class_at_every_lane_offset() {
    for &c in CHARACTERS {
        for before in 0..40 {
            for after in [0, 1, 7, 15, 16, 17, 33] {
                let text = format!("{}{c}{}", "x".repeat(before), "y".repeat(after));
                check(text.as_bytes());
                // Runs of the same character, and characters between single ASCII bytes.
                let run = format!("{}{}", "x".repeat(before), c.to_string().repeat(after + 1));
                check(run.as_bytes());
                let spaced: String = std::iter::repeat_n(format!("{c} "), after + 1).collect();
                check(format!("{}{spaced}", "x".repeat(before)).as_bytes());
            }
        }
    }
}

#[test]
fn every_pair_of_classes() {
    for &a in CHARACTERS {
        for &b in CHARACTERS {
            for before in [0, 3, 14, 15, 16] {
                check(format!("{}{a}{b}{a}", "-".repeat(before)).as_bytes());
            }
        }
    }
}

#[test]
fn refuses_what_is_not_utf8_at_every_offset() {
    let invalid: &[&[u8]] = &[
        b"\x80", // a continuation byte without a lead
        b"\xbf",
        b"\xc0\x80",     // overlong NUL
        b"\xc1\xbf",     // overlong
        b"\xc3",         // truncated
        b"\xc3a",        // lead, then not a continuation
        b"\xe0\x80\x80", // overlong 3-byte
        b"\xe0\x9f\xbf",
        b"\xe2\x82",         // truncated
        b"\xed\xa0\x80",     // a surrogate (U+D800)
        b"\xed\xbf\xbf",     // U+DFFF
        b"\xf0\x80\x80\x80", // overlong 4-byte
        b"\xf0\x8f\xbf\xbf",
        b"\xf0\x9f\x91",     // truncated
        b"\xf4\x90\x80\x80", // past U+10FFFF
        b"\xf5\x80\x80\x80",
        b"\xff",
    ];
    for bad in invalid {
        for before in 0..34 {
            for after in [0, 1, 16, 20] {
                let mut bytes = "é".repeat(before % 3).into_bytes();
                bytes.extend(std::iter::repeat_n(b'x', before));
                bytes.extend_from_slice(bad);
                bytes.extend(std::iter::repeat_n(b'y', after));
                check(&bytes);
            }
        }
    }
}

#[test]
fn output_shorter_than_the_input_is_refused() {
    let mut out = [0; 3];
    assert_eq!(
        transcode("abcd".as_bytes(), &mut out),
        Err(Refused::OutputTooShort)
    );
    assert_eq!(
        transcode("ü".as_bytes(), &mut out[..1]),
        Err(Refused::OutputTooShort)
    );
    assert_eq!(
        transcode("ü".as_bytes(), &mut out[..2]),
        Ok(Utf16::Units(1))
    );
    assert_eq!(out[0], 0xfc);
    assert_eq!(transcode(b"", &mut []), Ok(Utf16::Ascii));
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::check;
    use proptest::prelude::*;

    /// Every file of tests/fixtures (the corpus and each event's data), whole and from each of
    /// the first 17 offsets of small files (every lane offset of what follows).
    #[test]
    fn fixture_corpus() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut pending = vec![std::path::PathBuf::from(root)];
        let mut files = 0;
        while let Some(path) = pending.pop() {
            if path.is_dir() {
                pending.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let offsets = if bytes.len() < 100_000 { 17 } else { 1 };
            for from in 0..bytes.len().min(offsets) {
                check(&bytes[from..]);
            }
            files += 1;
        }
        assert!(files > 100, "only {files} fixture files");
    }

    proptest! {
        #[test]
        fn arbitrary_strings(text in any::<String>()) {
            check(text.as_bytes());
        }

        #[test]
        fn mostly_ascii_strings(text in "[a-z \"{}:,]{0,40}(\\PC{0,3}[a-z ]{0,20}){0,8}") {
            check(text.as_bytes());
        }

        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            check(&bytes);
        }

        /// Valid text with one byte changed: mostly invalid near the change only.
        #[test]
        fn one_byte_changed(text in "\\PC{1,40}", at in any::<prop::sample::Index>(), byte in any::<u8>()) {
            let mut bytes = text.into_bytes();
            let at = at.index(bytes.len());
            bytes[at] = byte;
            check(&bytes);
        }
    }
}
