//! The proxy before authentication, from the outside (issue 11), on loopback with no Docker: a
//! command the policy rejects never reaches the engine, so its answer (126) proves a login.
//!
//! * `lockout` — the pre-auth deadline shuts sockets in any state of the key exchange, and 200
//!   pre-auth sockets from 200 addresses do not lock the stock OpenSSH client out;
//! * `algorithms` — the server's KEXINIT, read from a raw socket: what is on offer, what is not;
//! * `paramiko` — Debian 12's Paramiko logs in (the oldest client the algorithm lists keep);
//! * `fuzz` — random bytes and mutated key-exchange packets against the server in this
//!   process: no panic, the connection ends, the server keeps serving;
//! * `support` — keys, the proxy (binary or in-process), the stock client, the wire by hand.
//!
//! One test binary, like the e2e suite, so the crate is linked once for all of them.

mod algorithms;
mod fuzz;
mod lockout;
mod paramiko;
mod support;
