//! The observed and desired model both sides of the reconcile share, below them both: what
//! Swarm looked like ([`snapshot`]), the names and `bosun.*` labels of bosun's objects
//! ([`names`]), key secrets read as rows ([`keys`]: versions, ages, rotation phases) and
//! rotation requests ([`request`]). Plain data and pure functions, no I/O.
//!
//! The planner (`crate::reconcile`) reads these types; the Engine code (`crate::swarm`) fills a
//! snapshot and applies the planner's changes. Neither imports the other's internals through
//! here: this module depends on neither.

pub mod keys;
pub mod names;
pub mod request;
pub mod snapshot;
