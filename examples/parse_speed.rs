//! Rough native timing of parse_delivery (for finding hot spots; the benchmark is bench/).
use enmeshed_events::{parse_delivery, read_delivery, Delivery, Limits, ParseOptions};
use std::time::Instant;

fn main() {
    let subject = "Rückfrage zur Rechnung 2026-117 – bitte prüfen";
    for n in [1usize, 40, 1500] {
        let body_text =
            "Grüße aus München! Könnten Sie die Rechnung erneut senden? 你好 ".repeat(n);
        let body = format!(
            r#"{{"data":{{"id":"MSGexample0000000001","isOwn":false,"content":{{"@type":"Mail","to":["did:e:pilot.enmeshed.eu:dids:3f9c2a71b0d84e56a1c7e2"],"cc":[],"subject":"{subject}","body":"{body_text}","bodyFormat":"PlainText"}},"createdBy":"did:e:pilot.enmeshed.eu:dids:8be1d04f7a2c93e5b6d1f0","createdByDevice":"DVCexample0000000002","recipients":[{{"address":"did:e:pilot.enmeshed.eu:dids:3f9c2a71b0d84e56a1c7e2","receivedAt":"2026-03-02T09:15:29.003Z","receivedByDevice":"DVCexample0000000001","relationshipId":"RELexample0000000001"}}],"createdAt":"2026-03-02T09:15:27.412Z","attachments":[]}},"trigger":"transport.messageReceived"}}"#
        );
        let delivery = Delivery::Webhook {
            body: body.as_bytes(),
            url: None,
        };
        let iters = if n > 100 { 2000 } else { 100_000 };
        let t = Instant::now();
        for _ in 0..iters {
            std::hint::black_box(parse_delivery(&delivery, &ParseOptions::default()).unwrap());
        }
        let full = t.elapsed().as_secs_f64() * 1e6 / iters as f64;
        let t = Instant::now();
        for _ in 0..iters {
            std::hint::black_box(read_delivery(&delivery, &Limits::default()).unwrap());
        }
        let read = t.elapsed().as_secs_f64() * 1e6 / iters as f64;
        println!(
            "{:.1} KB: parse {full:.2} µs ({:.0} MB/s), read only {read:.2} µs",
            body.len() as f64 / 1024.0,
            body.len() as f64 / full
        );
    }
}
