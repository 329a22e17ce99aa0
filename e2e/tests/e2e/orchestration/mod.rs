//! The orchestration API on the lab (issue 13): a controller fixture with the API on and a
//! `mongodb` template running the fake MongoDB (`bosun_e2e::orchestration`). Every test is
//! `group::controller`: each fixture has its own instance, API port and port pool.
//!
//! * `spawn` — a SUPER_ADMIN spawns a clone, it turns healthy, shows in get and list, and
//!   delete removes its service;
//! * `refusals` — a USER gets 403 everywhere, an unauthenticated or bad request is refused,
//!   and nothing of the swarm changed;
//! * `concurrent` — 50 identical spawns at once make exactly one clone;
//! * `requests` — a NODE_OPERATOR's spawn waits until an ADMIN approves it; stop and start;
//! * `audit` — the audit lists a spawn, a delete and a USER's refusal after a SIGKILL and a
//!   restart of the controller;
//! * `caps` — 100 spawns at once for 100 node ids make exactly the template's cap, the rest
//!   429, and no port is given twice;
//! * `kill` — a SIGKILL of the controller in the middle of spawns leaves no half-made clone;
//! * `lifecycle` — a volume purge on every node and a plain delete that keeps the volume; the
//!   cleanup of a clone stopped for too long, audited.

mod audit;
mod caps;
mod concurrent;
mod kill;
mod lifecycle;
mod refusals;
mod requests;
mod spawn;
