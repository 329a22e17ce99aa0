//! The orchestration API (docs/orchestration.md, architecture §8): clone services made from
//! templates, behind bearer tokens, roles, limits and an audit trail. Off unless enabled.
//!
//! # Layout
//! * `model` — the shared vocabulary: permissions, roles, token entries, limits, parameter
//!   errors.
//! * `template` — templates: a spawn's parameters checked, the clone's service spec rendered,
//!   and the safety check every spec passes before it is created.
//! * `api` — the HTTP side: bearer tokens, roles, strict requests, limits, errors, the router
//!   and the backend trait the Swarm side implements.

pub mod api;
pub mod model;
pub mod serve;
pub mod swarm;
pub mod template;
