//! What every request of the orchestration API reads: the backend, the live token list and
//! limits, whether this replica leads, and the limiters' buckets.
//!
//! The tokens and limits come through a `watch::Receiver` the config reload feeds (the lead
//! wires it in `run`): each request borrows the current snapshot, so a token removed from the
//! config is refused from the next request on, and nothing about a caller is ever taken from
//! the request itself.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::watch;

use super::backend::Backend;
use super::limits::Limiters;
use crate::orchestration::model::{ApiLimits, TokenEntry};

/// The part of the config the HTTP side reads on every request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessConfig {
    pub tokens: Vec<TokenEntry>,
    pub limits: ApiLimits,
}

/// The router's state (cheap to clone: everything is shared).
pub struct ApiState<B> {
    pub backend: Arc<B>,
    access: watch::Receiver<Arc<AccessConfig>>,
    leading: watch::Receiver<bool>,
    pub limiters: Arc<Limiters>,
    auth_failures: Arc<AtomicU64>,
}

impl<B> Clone for ApiState<B> {
    fn clone(&self) -> Self {
        ApiState {
            backend: self.backend.clone(),
            access: self.access.clone(),
            leading: self.leading.clone(),
            limiters: self.limiters.clone(),
            auth_failures: self.auth_failures.clone(),
        }
    }
}

impl<B: Backend> ApiState<B> {
    /// `access`: the tokens and limits of the current config; `leading`: whether this replica
    /// holds the lease (only the leader serves the API).
    pub fn new(
        backend: Arc<B>,
        access: watch::Receiver<Arc<AccessConfig>>,
        leading: watch::Receiver<bool>,
    ) -> ApiState<B> {
        ApiState {
            backend,
            access,
            leading,
            limiters: Arc::default(),
            auth_failures: Arc::default(),
        }
    }

    /// The current tokens and limits.
    pub fn access(&self) -> Arc<AccessConfig> {
        self.access.borrow().clone()
    }

    pub fn leading(&self) -> bool {
        *self.leading.borrow()
    }

    /// Requests refused by authentication since start (they are logged, never stored).
    pub fn auth_failures(&self) -> u64 {
        self.auth_failures.load(Ordering::Relaxed)
    }

    pub(super) fn count_auth_failure(&self) {
        self.auth_failures.fetch_add(1, Ordering::Relaxed);
    }
}
