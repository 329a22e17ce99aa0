//! The controller on the lab: `bosun-controller run` as a process in lab1
//! (`bosun_e2e::controller`; two replicas of one instance on lab1 and lab2 in `leader`), built
//! from `bosun_e2e::scenario`, and the stack as users deploy it. Every test is
//! `group::controller` (one controller at a time), except those that disrupt the lab for
//! everybody — lab1's dockerd killed (`manager_down`), a node drained
//! (`moves::draining_the_targets_node_moves_the_proxy`), the target's node restarted
//! (`survives::a_restart_of_the_targets_node_keeps_its_proxy_and_fail_no_command`), the
//! leader's node partitioned (`leader::a_partitioned_leader_is_replaced_and_writes_nothing_when_it_comes_back`)
//! — which are `group::exclusive`.

mod config_reload;
mod crash;
mod discovery_config;
mod leader;
mod manager_down;
mod moves;
mod record_trust;
mod removal;
mod rotation;
mod safety;
mod stack;
mod survives;
mod targets;
