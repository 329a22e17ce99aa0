//! bosun's end-to-end suite: one test binary, one module per area, on the running lab
//! (`make e2e`; by hand `e2e/lab/bosun-lab up 3 && make images`, then
//! `cargo test -p bosun-e2e --test e2e -- --test-threads=64`). Fixtures and helpers are the
//! harness library's (`bosun_e2e`); how tests share the lab — the groups `shared`,
//! `controller` and `exclusive` every test starts with — is in its module comment
//! (`e2e/src/lib.rs`) and in `bosun_e2e::group`.

mod client;
mod controller;
mod engine_exec;
mod lab_lifecycle;
mod orchestration;
mod proxy;
