//! The reconcile logic, pure: which targets exist ([`targets`]), what one target needs on Swarm
//! ([`plan`], listing [`change::Change`]s, with the proxy's spec in [`proxy_spec`] and the
//! grace given to a proxy whose target left its node in [`presence`], and the nudge for a proxy
//! task Swarm never places in [`stuck`]), its discovery entry
//! ([`record`]), the record signing key's roll ([`signing`]), a pass over every target
//! ([`full_pass`]) and the status it shows
//! ([`status`]).
//!
//! No I/O here: it reads the model (`crate::model`) and the configuration, never the Engine
//! code. The operator (`crate::operator`) reads a snapshot, calls these, and has
//! `crate::swarm::apply` carry out the changes.

pub mod change;
pub mod full_pass;
pub mod keys;
pub mod plan;
pub mod presence;
pub mod proxy_spec;
pub mod record;
#[allow(
    dead_code,
    reason = "the signing key roll is planned here; the operator applies it next (issue 12)"
)]
pub mod signing;
pub mod status;
pub mod stuck;
pub mod targets;

#[cfg(test)]
pub(crate) mod tests;
