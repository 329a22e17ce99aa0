//! bosun's exec path, as a library: the Docker Engine plumbing that finds a target's task on
//! this node and runs a command in it, the command policy, and (in later modules) the SSH proxy
//! and the client that apps link.

pub mod engine;
