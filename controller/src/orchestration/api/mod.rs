//! The HTTP side of the orchestration API: who is calling, what they may do, what a request
//! may contain, how often, and what every refusal looks like. It changes nothing itself: an
//! allowed request becomes one call of the [`Backend`](backend::Backend) trait, which the Swarm
//! side implements.
//!
//! A request's path through it (the order of the answers is documented in `routes.rs`):
//!
//! ```text
//! gate (request id, follower 503, peer limit, auth, token limit, audit)
//!   └─ axum routing (404, 405 + Allow)
//!        └─ guard (the route's row: role 403, template 404/403, node ids, no stray query/body)
//!             └─ handler (strict body, concurrent spawns, one backend call)
//! ```
//!
//! # Layout
//! * `backend` — the trait the routes call, its views and its errors;
//! * `state` — the router's state: the backend, the live tokens and limits, leadership;
//! * `routes` — the one table of routes and permissions, and the permission check;
//! * `auth` — bearer tokens against the config's digests, in constant time;
//! * `limits` — rate limits per peer and per token, the cap on concurrent spawns;
//! * `body` — strict JSON bodies and query strings;
//! * `error` — every refusal, its status, its JSON body; `X-Request-Id`;
//! * `request_id` — server-made request ids;
//! * `audit` — the audit record of a request and the note the layers fill in;
//! * `gate`, `guard` — the outer layer and the per-route layer;
//! * `handlers` — one file per group of routes;
//! * `router` — the assembly.

pub mod audit;
pub mod auth;
pub mod backend;
pub mod body;
pub mod error;
pub mod gate;
pub mod guard;
pub mod handlers;
pub mod limits;
pub mod request_id;
pub mod router;
pub mod routes;
pub mod state;

#[cfg(test)]
mod tests;
