pub mod corpus_check;
// Used by tests/corpus.rs and tests/wasm_shared, not by every binary that includes common/.
#[allow(dead_code)]
pub mod string_bytes;
