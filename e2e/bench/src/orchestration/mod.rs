//! The orchestration benchmark behind `make bench-orchestration`
//! (`bosun-bench-orchestration`): what the orchestration API (docs/orchestration.md) costs
//! over the Engine it drives, each figure against a floor measured in the same run.
//!
//! * Spawn latency: from `POST /orchestrate/mongodb/clone` to the clone's task running and
//!   healthy, against `POST /services/create` of the same spec (the clone's own, read back
//!   from Swarm) to its task running, spawn after spawn.
//! * List and status with many clones declared (by default 500, 20 running, the rest at 0
//!   replicas): `GET /orchestrate/mongodb/clones` and `GET /orchestrate/services/{id}/status`
//!   against the Engine's own answers for the same services.
//!
//! * [`run`]: the setup on the lab (controller, clones, floors), the measures, the clean-up;
//! * [`spawn`]: one spawn timed, through the API or on the Engine, and the poller both share;
//! * [`calls`]: list and status, interleaved with their floors;
//! * [`specs`]: the floor's spec and the stopped clones' specs, derived from a real clone's;
//! * [`http`]: the one kept-alive HTTP client both sides are timed through;
//! * [`report`]: percentiles, ratios, the JSON and the table.

pub mod calls;
pub mod http;
pub mod report;
pub mod run;
pub mod spawn;
pub mod specs;
