//! Swarm as the controller sees it: the counted Engine API handle, one consistent read of the
//! observed state, the names and labels of bosun's objects, and applying planned changes.

pub mod apply;
pub mod engine;
pub mod names;
pub mod observe;
