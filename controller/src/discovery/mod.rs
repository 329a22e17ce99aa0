//! The discovery record on the controller's side: the current record and its generation
//! ([`store`]), `GET /v1/discovery` with long-poll ([`http`]), its copy as a versioned Docker
//! config ([`docker_config`]), through which the replicas share one record ([`shared`]). The record's format is `bosun_core::discovery`
//! (shared with the clients that read it); docs/controller.md §"Discovery record" fixes it.

pub mod docker_config;
pub mod http;
pub mod shared;
pub mod store;
