//! The reconcile logic, pure: which targets exist ([`targets`]), what one target needs on Swarm
//! ([`plan`], with the proxy's spec in [`proxy_spec`]) and its discovery entry ([`record`]). No
//! I/O here: the runner (`crate::runner`) reads a snapshot, calls these, and applies the result
//! (`crate::swarm::apply`).

pub mod plan;
pub mod proxy_spec;
pub mod record;
pub mod targets;

#[cfg(test)]
pub(crate) mod tests;
