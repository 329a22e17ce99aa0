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
//! * `swarm` — the backend on Swarm: clones as services, pending requests as configs.
//! * `serve` — whether the API is on, and serving it on its own listener.
//! * `housekeeping` — the leader's periodic work: removing clones stopped for too long, and
//!   volume purges left behind.

pub mod api;
pub mod housekeeping;
pub mod model;
pub mod serve;
pub mod swarm;
pub mod template;
