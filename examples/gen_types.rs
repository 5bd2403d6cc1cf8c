//! Writes `js/types/dtos.d.ts`, `js/types/events.d.ts` and `js/catalogue.js` from the crate's
//! tables (src/model/shapes.rs, src/model/catalogue.rs). Run from anywhere:
//! `cargo run --example gen_types`. `cargo test --test typescript` fails until it has been run
//! after a table changed.

use std::path::Path;

use enmeshed_events::typescript::{catalogue_js, dtos_d_ts, events_d_ts};

fn main() -> std::io::Result<()> {
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("js");
    for (file, text) in [
        ("types/dtos.d.ts", dtos_d_ts()),
        ("types/events.d.ts", events_d_ts()),
        ("catalogue.js", catalogue_js()),
    ] {
        let path = js.join(file);
        std::fs::write(&path, text)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
