//! Routing: trigger patterns and the handler table they index.

mod pattern;
mod router;
mod subscription;

pub use pattern::{Pattern, PatternError};
pub use router::{HandlerId, Match, Router};
pub use subscription::{broker_subscriptions, Broker, SubscriptionError, Subscriptions};

#[cfg(test)]
mod tests;
