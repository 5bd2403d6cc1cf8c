//! The event model: which events exist, what data each carries, and how that data is checked.

mod catalogue;
mod data_type;
mod identity;
#[cfg(feature = "serde")]
pub(crate) mod json_schema;
mod problem;
mod schema;
mod shapes;
pub mod typescript;
mod validate;

pub use catalogue::{
    lookup, EventKind, EventSpec, LegacySpec, EVENTS, LEGACY_EVENTS, RELATIONSHIP_EVENT,
    RELATIONSHIP_EVENT_PREFIX,
};
pub use data_type::DataType;
pub use identity::{event_key, event_key_is_hash, event_subject};
#[cfg(target_arch = "wasm32")]
pub(crate) use identity::{identify, identify_start};
pub(crate) use problem::excerpt;
pub use problem::{Problem, ProblemKind};
pub use validate::MAX_PROBLEMS;

pub(crate) use schema::Shape;
pub(crate) use shapes::shape_of;
pub(crate) use validate::validate;
