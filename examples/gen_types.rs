//! Writes `js/types/dtos.d.ts` and `js/types/events.d.ts` from the crate's tables
//! (src/model/shapes.rs, src/model/catalogue.rs). Run from anywhere:
//! `cargo run --example gen_types`. `cargo test --test typescript` fails until it has been run
//! after a table changed.

use std::path::Path;

use enmeshed_events::typescript::{dtos_d_ts, events_d_ts};

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/types");
    for (file, text) in [("dtos.d.ts", dtos_d_ts()), ("events.d.ts", events_d_ts())] {
        let path = dir.join(file);
        std::fs::write(&path, text)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
