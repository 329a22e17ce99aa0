//! The read routes with every clone declared: `GET /orchestrate/{template}/clones` and
//! `GET /orchestrate/services/{id}/status`, each against its floor on the Engine, the Engine's
//! own answer for the same objects:
//!
//! * list: `GET /services?filters={"label":[instance, kind=clone, template]}`, the set the
//!   controller lists (it then lists those services' tasks too, in one more call, and
//!   answers with both: what it adds is what the ratio shows);
//! * status: `GET /services/{id}` of the same service (the controller inspects it, lists its
//!   tasks and answers).
//!
//! The calls are interleaved, one to the API then one to the Engine, `calls` times, after
//! [`WARM_UP`] untimed rounds: both sides see the same lab at the same moments, the more so
//! as the lab is shared. Each is one request and its whole answer on a kept-alive connection
//! ([`super::http`]); an answer other than 200 fails the benchmark.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use serde_json::Value;

use super::http::Conn;
use super::spawn::text;

/// Untimed rounds first (connections, caches).
pub const WARM_UP: usize = 5;

/// The latencies of both sides, in call order.
#[derive(Debug, Clone, Default)]
pub struct Pair {
    pub api: Vec<Duration>,
    pub floor: Vec<Duration>,
}

/// The paths of one round: the API's and the Engine's.
pub type Paths = (String, String);

/// `calls` interleaved rounds of `paths(i)` (after [`WARM_UP`] untimed ones), the API's with
/// the bearer `token`.
pub async fn interleaved(
    api: &mut Conn,
    engine: &mut Conn,
    token: &str,
    calls: usize,
    paths: impl Fn(usize) -> Paths,
) -> Result<Pair> {
    let mut pair = Pair::default();
    for i in 0..WARM_UP + calls {
        let (api_path, engine_path) = paths(i);
        let a = timed_get(api, &api_path, Some(token)).await?;
        let f = timed_get(engine, &engine_path, None).await?;
        if i >= WARM_UP {
            pair.api.push(a);
            pair.floor.push(f);
        }
    }
    Ok(pair)
}

/// One GET, which must answer 200, and how long it took to the last byte of the answer.
async fn timed_get(conn: &mut Conn, path: &str, token: Option<&str>) -> Result<Duration> {
    let start = Instant::now();
    let (status, body) = conn.send("GET", path, token, None).await?;
    let took = start.elapsed();
    ensure!(status == 200, "GET {path}: {status} {}", text(&body));
    Ok(took)
}

/// The Engine's path that lists the services labelled with every one of `labels`
/// (`key=value`).
pub fn engine_list_path(labels: &[String]) -> String {
    let filters = serde_json::json!({ "label": labels }).to_string();
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("filters", &filters)
        .finish();
    format!("/services?{query}")
}

/// How many clones the API lists at `api_path` and how many services the Engine lists at
/// `engine_path`, untimed: the benchmark checks both hold every clone before it times them.
pub async fn counts(
    api: &mut Conn,
    engine: &mut Conn,
    token: &str,
    (api_path, engine_path): &Paths,
) -> Result<(usize, usize)> {
    let (status, body) = api.send("GET", api_path, Some(token), None).await?;
    ensure!(status == 200, "GET {api_path}: {status} {}", text(&body));
    let listed: Value = serde_json::from_slice(&body).context("the API's list")?;
    let clones = listed["clones"].as_array().map_or(0, Vec::len);
    let (status, body) = engine.send("GET", engine_path, None, None).await?;
    ensure!(status == 200, "GET {engine_path}: {status} {}", text(&body));
    let services: Value = serde_json::from_slice(&body).context("the Engine's list")?;
    Ok((clones, services.as_array().map_or(0, Vec::len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_filter_is_one_encoded_json_query() {
        let path = engine_list_path(&["bosun.instance=t1-0".into(), "bosun.kind=clone".into()]);
        assert_eq!(
            path,
            "/services?filters=%7B%22label%22%3A%5B%22bosun.instance%3Dt1-0%22%2C%22bosun.kind%3Dclone%22%5D%7D"
        );
    }
}
