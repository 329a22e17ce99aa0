//! The observed and desired model both sides of the reconcile share, below them both: what
//! Swarm looked like ([`snapshot`]) and the names and `bosun.*` labels of bosun's objects
//! ([`names`]). Plain data and pure functions, no I/O.
//!
//! The planner (`crate::reconcile`) reads these types; the Engine code (`crate::swarm`) fills a
//! snapshot and applies the planner's changes. Neither imports the other's internals through
//! here: this module depends on neither.

pub mod names;
pub mod snapshot;
