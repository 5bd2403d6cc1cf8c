//! Native throughput of each per-byte stage of a dispatch, per size class, over the benchmark
//! corpus dumped by `node bench/dump-corpus.mjs` (target/bench-corpus/{S,M,L}/*.json).
//!
//!   cargo run --release --example stage_speed [corpus-dir]
//!
//! Stages, each in GB/s of the bytes it reads (medians of repeated passes over the class):
//! - utf8: simdutf8 over the event data's bytes (what `body_text` does);
//! - scan: data as an AMQP body of an unknown event (syntax only), minus utf8;
//! - validate: data as an AMQP body of its real event (syntax + shape tables), minus utf8;
//! - locate: finding `trigger` and `data` in webhook envelopes (`read_delivery`), minus utf8;
//! - whole: `parse_delivery` of the deliveries as they are (webhook and AMQP), all included.
//!
//! The wasm side of the same stages is bench/stages.mjs.
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use enmeshed_events::{parse_delivery, read_delivery, Delivery, Limits, ParseOptions};

struct Sample {
    name: String,
    webhook: bool,
    body: Vec<u8>,
    /// The event data's own text (the whole body for AMQP, the envelope's `data` for webhooks).
    data: Vec<u8>,
}

fn load(dir: &Path) -> Vec<Sample> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e} (run node bench/dump-corpus.mjs)", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let stem = path.file_stem().unwrap().to_str().unwrap();
            let mut parts = stem.splitn(3, '-');
            let (_, form, name) = (parts.next(), parts.next().unwrap(), parts.next().unwrap());
            let body = std::fs::read(path).unwrap();
            let webhook = form == "webhook";
            let data = if webhook {
                let delivery = Delivery::Webhook {
                    body: &body,
                    url: None,
                };
                let raw = read_delivery(&delivery, &Limits::default()).unwrap();
                raw.data.unwrap().text.as_bytes().to_vec()
            } else {
                body.clone()
            };
            Sample {
                name: name.to_string(),
                webhook,
                body,
                data,
            }
        })
        .collect()
}

/// Seconds per pass of `pass`, the median of several timed batches of about 50 ms.
fn time(mut pass: impl FnMut()) -> f64 {
    let start = Instant::now();
    pass();
    let once = start.elapsed().as_secs_f64().max(1e-7);
    let reps = ((0.05 / once) as usize).max(1);
    let mut batches: Vec<f64> = (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..reps {
                pass();
            }
            start.elapsed().as_secs_f64() / reps as f64
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    batches[batches.len() / 2]
}

fn gbps(bytes: usize, seconds: f64) -> String {
    if seconds <= 0.0 {
        return "    -".into();
    }
    format!("{:5.2}", bytes as f64 / seconds / 1e9)
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus"));
    println!("GB/s per stage (native; utf8 subtracted from scan, validate and locate)");
    println!("class  mean B  non-ASCII   utf8   scan  validate  locate  whole (µs/event)");
    for class in ["S", "M", "L"] {
        let samples = load(&root.join(class));
        let data_bytes: usize = samples.iter().map(|s| s.data.len()).sum();
        let body_bytes: usize = samples.iter().map(|s| s.body.len()).sum();
        let non_ascii = samples
            .iter()
            .flat_map(|s| &s.data)
            .filter(|&&b| b >= 0x80)
            .count();
        let amqp = |name: &'static str| {
            let samples = &samples;
            move || {
                for s in samples {
                    let delivery = Delivery::Amqp {
                        routing_key: if name.is_empty() { &s.name } else { name },
                        body: &s.data,
                    };
                    let raw = read_delivery(&delivery, &Limits::default()).unwrap();
                    black_box(raw.validate(false).unwrap());
                }
            }
        };
        let utf8 = time(|| {
            for s in &samples {
                black_box(simdutf8::basic::from_utf8(black_box(&s.data)).unwrap());
            }
        });
        let scan = time(amqp("bench.unknownEvent"));
        let validate = time(amqp(""));
        let webhooks: Vec<&Sample> = samples.iter().filter(|s| s.webhook).collect();
        let envelope_bytes: usize = webhooks.iter().map(|s| s.body.len()).sum();
        let envelope_utf8 = time(|| {
            for s in &webhooks {
                black_box(simdutf8::basic::from_utf8(black_box(&s.body)).unwrap());
            }
        });
        let locate = time(|| {
            for s in &webhooks {
                let delivery = Delivery::Webhook {
                    body: &s.body,
                    url: None,
                };
                black_box(read_delivery(&delivery, &Limits::default()).unwrap());
            }
        });
        let whole = time(|| {
            for s in &samples {
                let delivery = if s.webhook {
                    Delivery::Webhook {
                        body: &s.body,
                        url: None,
                    }
                } else {
                    Delivery::Amqp {
                        routing_key: &s.name,
                        body: &s.body,
                    }
                };
                black_box(parse_delivery(&delivery, &ParseOptions::default()).unwrap());
            }
        });
        println!(
            "{class:>5}  {:6}  {:8.0}%  {}  {}     {}   {}  {} ({:.2})",
            body_bytes / samples.len(),
            100.0 * non_ascii as f64 / data_bytes as f64,
            gbps(data_bytes, utf8),
            gbps(data_bytes, scan - utf8),
            gbps(data_bytes, validate - utf8),
            gbps(envelope_bytes, locate - envelope_utf8),
            gbps(body_bytes, whole),
            whole * 1e6 / samples.len() as f64,
        );
    }
}
