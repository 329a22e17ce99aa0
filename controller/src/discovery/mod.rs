//! The discovery record on the controller's side: the keys that sign it ([`signer`]), the
//! current signed record and its generation ([`store`]), `GET /v1/discovery` with long-poll and
//! the signature header ([`http`]), its copy as a versioned Docker config ([`docker_config`]),
//! through which the replicas share one record ([`shared`]). The record's format is
//! `bosun_core::discovery`, its signature `bosun_core::signature` (shared with the clients that
//! read them); docs/controller.md §"Discovery record" and docs/keys.md fix them.

pub mod docker_config;
pub mod http;
pub mod shared;
pub mod signer;
pub mod store;
