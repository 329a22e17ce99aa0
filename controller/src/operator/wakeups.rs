//! Where the operator's wake-ups come from, turned into the runner's triggers:
//!
//! * the Engine event stream (`crate::swarm::events`): a service or secret wakes the targets
//!   the [`Index`](super::index::Index) says it concerns; an unknown service (maybe a new target
//!   or client), a node, a config or a reconnect asks for a full resync;
//! * task polling (`crate::swarm::poll`): Swarm has no task events, so a service whose tasks
//!   moved or changed state wakes its targets;
//! * a reloaded configuration asks for a full resync;
//! * so does taking the lease: a new leader looks at every target at once.

use std::sync::Arc;

use tokio::sync::{mpsc, watch};

use super::Operator;
use crate::config::Config;
use crate::model::names::{self, Naming};
use crate::runner::{Trigger, lock};
use crate::swarm::events::{self, Wake};
use crate::swarm::poll;

type Triggers = mpsc::UnboundedSender<Trigger>;

impl Operator {
    /// Starts every wake-up source; they stop when the runner is gone.
    pub(super) fn spawn_wakeups(self: Arc<Self>, triggers: Triggers) {
        let (wakes, wake_rx) = mpsc::unbounded_channel();
        tokio::spawn(events::follow(
            self.engine.clone(),
            wakes,
            self.health.clone(),
            self.metrics.clone(),
        ));
        tokio::spawn(self.clone().dispatch(wake_rx, triggers.clone()));
        tokio::spawn(self.clone().poll_tasks(triggers.clone()));
        tokio::spawn(follow_leading(self.lease.leading(), triggers.clone()));
        tokio::spawn(follow_config(self.config.clone(), triggers));
    }

    async fn dispatch(self: Arc<Self>, mut wakes: mpsc::UnboundedReceiver<Wake>, tx: Triggers) {
        while let Some(wake) = wakes.recv().await {
            for trigger in self.triggers(wake) {
                if tx.send(trigger).is_err() {
                    return;
                }
            }
        }
    }

    /// What an event wakes.
    fn triggers(&self, wake: Wake) -> Vec<Trigger> {
        let index = lock(&self.index);
        match wake {
            Wake::Everything => vec![Trigger::Resync],
            // Another instance's discovery record concerns nobody here; ours (a follower
            // serves it) and any other config (a service may have let go of an old record)
            // ask for a resync.
            Wake::Config { name }
                if names::is_discovery_config(&name) && !self.owns_config(&name) =>
            {
                Vec::new()
            }
            Wake::Config { .. } => vec![Trigger::Resync],
            Wake::Service { id, name } => match index.service(&id, &name) {
                Some(targets) => targets.into_iter().map(Trigger::Reconcile).collect(),
                // A new service may be a target, a client or a labelled target.
                None => vec![Trigger::Resync],
            },
            // Only bosun's secrets matter, and the index knows whose each one is. One it does
            // not know yet was made after the last resync, by a reconcile that looks at its
            // target again anyway (its follow-up).
            Wake::Secret { name } => index
                .secret(&name)
                .map(Trigger::Reconcile)
                .into_iter()
                .collect(),
        }
    }

    /// Whether the discovery config `name` is this instance's.
    fn owns_config(&self, name: &str) -> bool {
        let config = self.config();
        Naming::new(&config.instance).is_own_discovery_config(name)
    }

    async fn poll_tasks(self: Arc<Self>, tx: Triggers) {
        let mut last: Option<poll::Placement> = None;
        loop {
            tokio::time::sleep(self.config().intervals.task_poll).await;
            match self.engine.list_present_tasks().await {
                Ok(tasks) => {
                    self.health.list_ok();
                    let now = poll::placement(&tasks);
                    if let Some(before) = &last {
                        let index = lock(&self.index).clone();
                        let moved = poll::changed(before, &now);
                        for target in moved.iter().flat_map(|id| index.service_id(id)) {
                            if tx.send(Trigger::Reconcile(target)).is_err() {
                                return;
                            }
                        }
                    }
                    last = Some(now);
                }
                Err(e) => {
                    self.health.list_failed(e.to_string());
                    tracing::debug!(error = %e, "task poll failed");
                }
            }
        }
    }
}

/// Taking the lease asks for a full resync.
async fn follow_leading(mut leading: watch::Receiver<bool>, tx: Triggers) {
    while leading.changed().await.is_ok() {
        if *leading.borrow_and_update() && tx.send(Trigger::Resync).is_err() {
            return;
        }
    }
}

/// A reloaded configuration asks for a full resync.
async fn follow_config(mut config: watch::Receiver<Arc<Config>>, tx: Triggers) {
    while config.changed().await.is_ok() {
        tracing::info!("configuration changed; resyncing");
        if tx.send(Trigger::Resync).is_err() {
            return;
        }
    }
}
