//! Routing: trigger patterns and the handler table they index.

mod pattern;
mod router;

pub use pattern::{Pattern, PatternError};
pub use router::{HandlerId, Match, Router};

#[cfg(test)]
mod tests;
