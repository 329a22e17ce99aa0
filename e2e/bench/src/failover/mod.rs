//! The failover benchmark behind `make bench-failover` (`bosun-bench-failover`): two replicas
//! of one controller instance on lab1 and lab2, the leader SIGKILLed again and again (the
//! killed one started again as the new follower), and how long the instance goes without a
//! writer and without the proxy it needs.
//!
//! * [`round`]: one kill and what it cost, from the two replicas' logs and Swarm's task
//!   timestamps;
//! * [`summary`]: min / median / max of a figure over the rounds.

pub mod round;
pub mod summary;
