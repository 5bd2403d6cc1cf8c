//! UTF-8 to UTF-16, for handing non-ASCII data text to JavaScript.
//!
//! JS engines decode UTF-16 into a string several times faster than UTF-8 (V8: about 0.15 GB/s
//! for mail-like non-ASCII UTF-8, against a near copy for UTF-16), so the wasm shell transcodes
//! validated data here and JS builds the string with `TextDecoder("utf-16le")`. All-ASCII text
//! is left alone: a UTF-8 decoder is fast on it and makes a one-byte string.
//!
//! Safe code throughout, except the 16-byte SIMD loads and stores; the decoder checks the UTF-8
//! it reads (a few comparisons per multi-byte character), so any bytes give either their exact
//! UTF-16 or [`Refused::NotUtf8`], never garbage.

/// What [`transcode`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf16 {
    /// The bytes are all ASCII: nothing was written.
    Ascii,
    /// The text is the first this-many units of the output.
    Units(usize),
}

/// Why [`transcode`] wrote nothing usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The bytes are not UTF-8 (what was written is to be ignored).
    NotUtf8,
    /// The output has fewer units than the input has bytes (nothing was written).
    OutputTooShort,
}

/// Writes the UTF-16 code units of the UTF-8 `bytes` to the start of `out`, which must hold at
/// least `bytes.len()` units (UTF-16 never needs more units than UTF-8 has bytes); units after
/// the returned count may have been overwritten too. All-ASCII bytes are only checked.
pub fn transcode(bytes: &[u8], out: &mut [u16]) -> Result<Utf16, Refused> {
    if out.len() < bytes.len() {
        return Err(Refused::OutputTooShort);
    }
    if is_ascii(bytes) {
        return Ok(Utf16::Ascii);
    }
    transcode_all(bytes, out)
        .map(Utf16::Units)
        .ok_or(Refused::NotUtf8)
}

/// True if no byte has its high bit set. 64 bytes a step, as eight words OR-ed together (LLVM
/// makes that four 16-byte loads with simd128/SSE2): a quarter of the branches of a 16-byte loop.
fn is_ascii(bytes: &[u8]) -> bool {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut blocks = bytes.chunks_exact(64);
    for block in &mut blocks {
        let any = block
            .chunks_exact(8)
            .map(|word| u64::from_le_bytes(word.try_into().unwrap_or([0; 8])))
            .fold(0, |any, word| any | word);
        if any & HIGH_BITS != 0 {
            return false;
        }
    }
    blocks.remainder().is_ascii()
}

/// The units of `bytes`, or `None` if they are not UTF-8. `out.len() >= bytes.len()`.
///
/// Invariant: `o <= i` (each character takes at least as many bytes as units), so wherever 16
/// bytes are left to read there are 16 units left to write.
fn transcode_all(bytes: &[u8], out: &mut [u16]) -> Option<usize> {
    let (mut i, mut o) = (0, 0);
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            // An ASCII run: widen 16 bytes, keep as many units as there were ASCII bytes
            // before the first other one (the rest is overwritten next).
            if let (Some(chunk), Some(units)) = (bytes.get(i..i + 16), out.get_mut(o..o + 16)) {
                let chunk: &[u8; 16] = chunk.try_into().unwrap_or(&[0; 16]);
                // (Bit 16 stands for "all 16 are ASCII".)
                let ascii = (non_ascii_mask(chunk) | 1 << 16).trailing_zeros() as usize;
                widen(chunk, units.try_into().ok()?);
                i += ascii;
                o += ascii;
            } else {
                *out.get_mut(o)? = u16::from(bytes[i]);
                i += 1;
                o += 1;
            }
            continue;
        }
        // Multi-byte characters, until the next ASCII byte.
        while let Some(&lead) = bytes.get(i) {
            match lead {
                0x00..=0x7f => break,
                0xc2..=0xdf => {
                    let unit = u32::from(lead & 0x1f) << 6 | continuation(bytes, i + 1)?;
                    *out.get_mut(o)? = unit as u16;
                    i += 2;
                    o += 1;
                }
                0xe0..=0xef => {
                    let point = u32::from(lead & 0x0f) << 12
                        | continuation(bytes, i + 1)? << 6
                        | continuation(bytes, i + 2)?;
                    // Overlong forms and surrogates are not UTF-8.
                    if point < 0x800 || (0xd800..=0xdfff).contains(&point) {
                        return None;
                    }
                    *out.get_mut(o)? = point as u16;
                    i += 3;
                    o += 1;
                }
                0xf0..=0xf4 => {
                    let point = u32::from(lead & 0x07) << 18
                        | continuation(bytes, i + 1)? << 12
                        | continuation(bytes, i + 2)? << 6
                        | continuation(bytes, i + 3)?;
                    if !(0x1_0000..=0x10_ffff).contains(&point) {
                        return None;
                    }
                    let offset = point - 0x1_0000;
                    let pair = out.get_mut(o..o + 2)?;
                    pair[0] = 0xd800 | (offset >> 10) as u16;
                    pair[1] = 0xdc00 | (offset & 0x3ff) as u16;
                    i += 4;
                    o += 2;
                }
                // Continuation bytes, 0xc0/0xc1 (always overlong) and 0xf5.. are not leads.
                _ => return None,
            }
        }
    }
    Some(o)
}

/// The six payload bits of the continuation byte at `at`, or `None` if there is none.
#[inline(always)]
fn continuation(bytes: &[u8], at: usize) -> Option<u32> {
    match bytes.get(at) {
        Some(&b) if b & 0xc0 == 0x80 => Some(u32::from(b & 0x3f)),
        _ => None,
    }
}

/// A bit for each byte of `chunk` with its high bit set (bit i for byte i).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn non_ascii_mask(chunk: &[u8; 16]) -> u32 {
    use core::arch::wasm32::{u8x16_bitmask, v128_load};
    // SAFETY: `chunk` is 16 readable bytes; v128.load has no alignment requirement.
    let v = unsafe { v128_load(chunk.as_ptr().cast()) };
    u32::from(u8x16_bitmask(v))
}

/// The 16 bytes of `chunk` as 16 units.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn widen(chunk: &[u8; 16], units: &mut [u16; 16]) {
    use core::arch::wasm32::{
        u16x8_extend_high_u8x16, u16x8_extend_low_u8x16, v128_load, v128_store,
    };
    let out = units.as_mut_ptr();
    // SAFETY: `chunk` is 16 readable bytes and `units` 32 writable ones (two 16-byte stores at
    // offsets 0 and 8 units); v128.load/store have no alignment requirement.
    unsafe {
        let v = v128_load(chunk.as_ptr().cast());
        v128_store(out.cast(), u16x8_extend_low_u8x16(v));
        v128_store(out.add(8).cast(), u16x8_extend_high_u8x16(v));
    }
}

/// A bit for each byte of `chunk` with its high bit set (bit i for byte i).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn non_ascii_mask(chunk: &[u8; 16]) -> u32 {
    use core::arch::x86_64::{_mm_loadu_si128, _mm_movemask_epi8};
    // SAFETY: SSE2 is part of x86-64; `chunk` is 16 readable bytes and loadu needs no alignment.
    unsafe { _mm_movemask_epi8(_mm_loadu_si128(chunk.as_ptr().cast())) as u32 }
}

/// The 16 bytes of `chunk` as 16 units.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn widen(chunk: &[u8; 16], units: &mut [u16; 16]) {
    use core::arch::x86_64::{
        _mm_loadu_si128, _mm_setzero_si128, _mm_storeu_si128, _mm_unpackhi_epi8, _mm_unpacklo_epi8,
    };
    let out = units.as_mut_ptr();
    // SAFETY: SSE2 is part of x86-64; `chunk` is 16 readable bytes and `units` 32 writable
    // ones (two 16-byte stores at offsets 0 and 8 units); loadu/storeu need no alignment.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        let zero = _mm_setzero_si128();
        _mm_storeu_si128(out.cast(), _mm_unpacklo_epi8(v, zero));
        _mm_storeu_si128(out.add(8).cast(), _mm_unpackhi_epi8(v, zero));
    }
}

/// A bit for each byte of `chunk` with its high bit set (bit i for byte i).
#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
)))]
fn non_ascii_mask(chunk: &[u8; 16]) -> u32 {
    chunk
        .iter()
        .enumerate()
        .fold(0, |mask, (i, &b)| mask | u32::from(b >> 7) << i)
}

/// The 16 bytes of `chunk` as 16 units.
#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
)))]
fn widen(chunk: &[u8; 16], units: &mut [u16; 16]) {
    for (unit, &b) in units.iter_mut().zip(chunk) {
        *unit = u16::from(b);
    }
}

#[cfg(test)]
mod tests;
