//! The Engine side of the controller: the counted Engine API handle ([`engine`]), reading one
//! consistent snapshot of the observed state ([`observe`]), the event stream ([`events`]),
//! task polling ([`poll`]) and carrying out a plan's changes ([`apply`]); every write passes the
//! [`fence`] of the lease first.
//!
//! It depends on the model (`crate::model`) and on the plan's output types
//! (`crate::reconcile::change`, `crate::reconcile::proxy_spec`); the planner never imports it.

pub mod apply;
pub mod engine;
pub mod events;
pub mod fence;
pub mod observe;
pub mod poll;
