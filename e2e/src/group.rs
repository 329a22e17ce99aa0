//! Which tests may run side by side on the one lab. Every test of the suite starts by taking
//! its group, and holds it (the first local, so it is dropped last, after the test's
//! fixtures have cleaned up) until it ends:
//!
//! * [`shared`]: the test touches only what it made (its own services, proxies, secrets,
//!   ports, files) and runs beside any other shared or controller test. At most
//!   `BOSUN_E2E_JOBS` (default [`DEFAULT_JOBS`]) shared tests run at once, so that the lab's
//!   dockerds are not flooded.
//! * [`controller`]: the test runs a controller (a [`crate::controller::ControllerFixture`] or
//!   the stack's controller service). Each fixture's controller is an instance of its own
//!   (`instance:`, see docs/controller.md): it makes, updates and garbage-collects only objects
//!   labelled with its instance, and listens on a port of its own, so controller tests run
//!   side by side like shared tests, and count in the same jobs limit. Only the stack's
//!   controller is instance `bosun`, and only the stack test runs it.
//! * [`exclusive`]: the test disrupts the lab for everybody (kills a node's dockerd, drains a
//!   node, partitions the network), or cannot tell its own namespaces from new ones of other
//!   tests (`lab_lifecycle`): it runs alone, when no other test runs. It may run a
//!   controller too. [`crate::disrupt`] holds the disruptions, and they demand this group.
//!
//! The lock prefers the others to an exclusive test: an exclusive test waits until no shared or
//! controller test has started and not finished. With more test threads than tests (`make e2e`
//! passes `--test-threads`), every test has started within a moment, so the exclusive tests
//! run last, after everything else, and never split the side-by-side phase in two.

use std::ops::Deref;
use std::sync::{Condvar, Mutex, MutexGuard};

use crate::Lab;

/// How many shared tests run at once unless `BOSUN_E2E_JOBS` says otherwise.
pub const DEFAULT_JOBS: usize = 6;

/// What the groups hold.
#[derive(Debug, Default)]
struct State {
    /// Shared and controller tests that have started and not finished.
    started: usize,
    /// Shared and controller tests that are running (at most the jobs limit).
    running_shared: usize,
    /// Whether an exclusive test runs.
    exclusive: bool,
}

static STATE: Mutex<State> = Mutex::new(State {
    started: 0,
    running_shared: 0,
    exclusive: false,
});
static CHANGED: Condvar = Condvar::new();

/// The kind of a [`Group`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Shared,
    Controller,
    Exclusive,
}

/// A test's place on the lab, held for the test's life; derefs to the [`Lab`].
pub struct Group {
    lab: Lab,
    kind: Kind,
}

impl std::fmt::Debug for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Group")
            .field("kind", &self.kind)
            .field("lab", &self.lab)
            .finish_non_exhaustive()
    }
}

/// A test that touches only what it made: runs beside the others.
pub fn shared() -> Group {
    enter(Kind::Shared)
}

/// A test that runs a controller (of its own instance): beside the others, in the jobs limit.
pub fn controller() -> Group {
    enter(Kind::Controller)
}

/// A test that disrupts the lab: alone.
pub fn exclusive() -> Group {
    enter(Kind::Exclusive)
}

fn jobs() -> usize {
    std::env::var("BOSUN_E2E_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_JOBS)
}

fn state() -> MutexGuard<'static, State> {
    // a test that panics holds no state lock (only its Group), so poison carries no meaning
    STATE.lock().unwrap_or_else(|p| p.into_inner())
}

fn wait_until(mut ready: impl FnMut(&State) -> bool) -> MutexGuard<'static, State> {
    let mut s = state();
    while !ready(&s) {
        s = CHANGED.wait(s).unwrap_or_else(|p| p.into_inner());
    }
    s
}

fn enter(kind: Kind) -> Group {
    match kind {
        Kind::Shared | Kind::Controller => {
            wait_until(|s| !s.exclusive).started += 1;
        }
        Kind::Exclusive => {
            wait_until(|s| !s.exclusive && s.started == 0).exclusive = true;
        }
    }
    if kind != Kind::Exclusive {
        let limit = jobs();
        wait_until(|s| s.running_shared < limit).running_shared += 1;
    }
    Group {
        lab: Lab::from_env(),
        kind,
    }
}

impl Group {
    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn lab(&self) -> &Lab {
        &self.lab
    }

    /// Whether this test may run a controller ([`controller`] or [`exclusive`]).
    pub fn may_run_controller(&self) -> bool {
        self.kind != Kind::Shared
    }

    /// Whether this test runs alone ([`exclusive`]).
    pub fn is_exclusive(&self) -> bool {
        self.kind == Kind::Exclusive
    }
}

impl Deref for Group {
    type Target = Lab;

    fn deref(&self) -> &Lab {
        &self.lab
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        let mut s = state();
        match self.kind {
            Kind::Shared | Kind::Controller => {
                s.running_shared -= 1;
                s.started -= 1;
            }
            Kind::Exclusive => s.exclusive = false,
        }
        drop(s);
        CHANGED.notify_all();
    }
}
