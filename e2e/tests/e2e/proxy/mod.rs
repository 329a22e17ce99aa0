//! The exec proxy on the lab (`bosun_e2e::proxy`), through the stock OpenSSH client run inside
//! lab1's namespaces. Every test deploys its own proxy on its own ports: `group::shared`.

mod drain;
mod exec;
mod keys_reload;
mod ssh_refusals;
mod stop;
mod streaming;
mod task_wait;
