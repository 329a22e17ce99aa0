//! Draining a client for shutdown: which commands are running, refusing new ones, and waiting
//! for the last one to end.
//!
//! A command is *running* from the moment its call enters the client ([`Client::exec`] and
//! friends) until its stream has given its last event (the exit code, or the error) or is
//! dropped: the wait for a discovery record, the connection retries and the output all count.
//! Each running command holds a [`Ticket`]; the [`Gate`] keeps the list.
//!
//! [`Gate::close`] makes every later call fail at once with [`ClientError::ShuttingDown`]
//! (nothing is sent, nothing waits); the commands that hold a ticket are not touched, and
//! [`Gate::drained`] resolves once the last ticket is gone. A refused call and a running one
//! can never be confused: the check and the registration are one step under the gate's lock.
//!
//! [`Client::exec`]: super::Client::exec

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::watch;

use super::error::ClientError;

/// A command still running when a bounded shutdown gave up waiting
/// ([`Client::shutdown_within`](super::Client::shutdown_within)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningCommand {
    pub target: String,
    /// The command as sent (the exec payload).
    pub command: String,
    /// When its call entered the client.
    pub started: Instant,
}

#[derive(Debug, Default)]
struct State {
    closed: bool,
    running: BTreeMap<u64, RunningCommand>,
    next: u64,
}

/// The running commands of one client, and whether it still takes new ones.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gate {
    state: Arc<watch::Sender<State>>,
}

/// One running command; dropping it ends the command's count.
#[derive(Debug)]
pub(crate) struct Ticket {
    state: Arc<watch::Sender<State>>,
    id: u64,
}

impl Gate {
    /// Registers a command of `target`, or refuses it when the client is shutting down.
    pub fn enter(&self, target: &str, command: &str) -> Result<Ticket, ClientError> {
        let mut id = None;
        self.state.send_if_modified(|state| {
            if state.closed {
                return false;
            }
            let running = RunningCommand {
                target: target.to_owned(),
                command: command.to_owned(),
                started: Instant::now(),
            };
            state.next += 1;
            state.running.insert(state.next, running);
            id = Some(state.next);
            true
        });
        match id {
            Some(id) => Ok(Ticket {
                state: Arc::clone(&self.state),
                id,
            }),
            None => Err(ClientError::ShuttingDown {
                target: target.to_owned(),
            }),
        }
    }

    /// Refuses every later command; the running ones go on.
    pub fn close(&self) {
        self.state
            .send_if_modified(|state| !std::mem::replace(&mut state.closed, true));
    }

    pub fn is_closed(&self) -> bool {
        self.state.borrow().closed
    }

    /// Resolves once no command is running.
    pub async fn drained(&self) {
        let mut changes = self.state.subscribe();
        // The sender lives in `self`: the wait cannot fail.
        let _ = changes.wait_for(|state| state.running.is_empty()).await;
    }

    /// The commands running now, oldest first.
    pub fn running(&self) -> Vec<RunningCommand> {
        self.state.borrow().running.values().cloned().collect()
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let id = self.id;
        self.state
            .send_if_modified(|state| state.running.remove(&id).is_some());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;

    #[test]
    fn a_closed_gate_refuses_new_commands_and_keeps_the_running_ones() {
        let gate = Gate::default();
        let first = gate.enter("nextcloud", "php occ status").unwrap();
        let second = gate.enter("photos", "php occ files:scan --all").unwrap();
        gate.close();
        assert!(gate.is_closed());
        let err = gate.enter("nextcloud", "php occ status").unwrap_err();
        assert!(matches!(err, ClientError::ShuttingDown { .. }), "{err}");
        assert!(err.command_not_sent());
        let running: Vec<_> = gate.running().into_iter().map(|r| r.command).collect();
        assert_eq!(running, ["php occ status", "php occ files:scan --all"]);

        // drained once the last ticket is gone, not before
        let mut drained = Box::pin(gate.drained());
        assert!((&mut drained).now_or_never().is_none());
        drop(first);
        assert!((&mut drained).now_or_never().is_none());
        assert_eq!(gate.running()[0].target, "photos");
        drop(second);
        assert!(drained.now_or_never().is_some());
        assert!(gate.running().is_empty());
        // closing twice is harmless; an idle gate is drained at once
        gate.close();
        assert!(gate.drained().now_or_never().is_some());
    }
}
