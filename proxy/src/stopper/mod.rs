//! Stopping a command in the target: when it outlives `--command-timeout`, or its client closes
//! the channel or loses the connection, its processes get TERM, then KILL after `--stop-grace`.
//!
//! # Why a second container
//!
//! The Engine API has no call that signals an exec (moby#9098), and the proxy cannot signal the
//! process itself: it runs in its own container, whose pid namespace is a sibling of the
//! target's, and Linux lets a process signal (or `pidfd_send_signal`) only into its own pid
//! namespace or those below it; a Swarm service cannot share the host's. Asking the target to do
//! it (`docker exec … kill`) needs a `kill` in every target image, and the pid the engine
//! reports is the host's, not the one `kill` would need.
//!
//! So the proxy starts, through its node's engine, a short-lived container from its own image
//! that **joins the target container's pid namespace** (`PidMode: container:<target>`) and runs
//! `bosun-proxy stop-exec` ([`inside`]). There it sees the target's processes and nothing else.
//!
//! # Which processes
//!
//! Every command the proxy starts carries one more environment variable, a random marker
//! (`BOSUN_COMMAND=<128-bit hex>`, [`Marker`]). The stopper signals the processes whose initial
//! environment holds that marker (the command and every child that kept its environment) and
//! their descendants: exactly one command's process tree, never the target's own processes or
//! another command's. A process that double-forks *and* clears its environment escapes; the
//! slot of its command is released once the engine reports the command's process ended.
//!
//! # Privileges, and why they are safe
//!
//! The proxy already holds its node's Docker socket, which is root on that node; the stopper
//! holds far less: no network (`NetworkMode: none`), a read-only root filesystem, no mounts,
//! `no-new-privileges`, a memory and pids limit, and every capability dropped but three, all
//! confined to the target's pid namespace: `KILL` (signal a process of another user), and
//! `DAC_READ_SEARCH` with `SYS_PTRACE` (open `/proc/<pid>/environ`, mode 0400 and owned by the
//! command's user, of a process of another user: the file mode needs the first, the kernel's
//! ptrace access check on that file the second; no `ptrace` call is made). Without either,
//! the stopper sees no marker (checked on the lab) and says so. Its argv is the
//! marker and the grace, both made by the proxy, never by a client. It exits within the grace
//! plus a few seconds and is removed; one left by a proxy that crashed mid-way is removed at the
//! next start (label `bosun.stopper`).

mod container;
pub mod inside;
mod marker;

pub(crate) use container::{Stopped, Stopper};
pub use inside::main;
pub(crate) use marker::Marker;
