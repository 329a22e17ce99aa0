//! `GET /v1/discovery`: the discovery record as JSON, with long-poll (docs/controller.md,
//! "HTTP").
//!
//! * Every answer carries `ETag: "<generation>"` and `Cache-Control: no-cache`; every `200`
//!   also carries `Bosun-Signature: keyid=…, sig=…`, the signature of its exact body
//!   (`bosun_core::signature`), so that a client can refuse a record not signed by this
//!   controller's keys.
//! * The caller names the generation it has with `If-None-Match: "<g>"` or `?generation=<g>`
//!   (the query wins when both are given). Without `?wait`, an unchanged record is
//!   `304 Not Modified` at once (a plain conditional GET).
//! * With `?wait=SECONDS` (at most 300) the request waits until the generation differs from
//!   `<g>`, then returns the record, or `304` when the wait ends without a change.
//! * A bad `generation` or `wait` is a `400` saying which parameter and why.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bosun_core::signature::HEADER as SIGNATURE;
use serde::Deserialize;

use super::store::{DiscoveryStore, Signed};

/// The longest a request may wait for a change.
pub const MAX_WAIT: Duration = Duration::from_secs(300);

/// The route of the discovery record, to merge into the controller's router.
pub fn router(store: DiscoveryStore) -> Router {
    Router::new()
        .route("/v1/discovery", get(discovery))
        .with_state(store)
}

/// The query parameters, as text: parsed here so a bad value gets a clear message.
#[derive(Debug, Default, Deserialize)]
struct Params {
    generation: Option<String>,
    wait: Option<String>,
}

async fn discovery(
    State(store): State<DiscoveryStore>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let known = match params.generation.as_deref() {
        Some(text) => match text.trim().parse::<u64>() {
            Ok(g) => Some(g),
            Err(_) => return bad_request(format!("generation={text:?}: expected a number")),
        },
        None => if_none_match(&headers),
    };
    let wait = match wait_of(params.wait.as_deref()) {
        Ok(wait) => wait,
        Err(message) => return bad_request(message),
    };
    let record = match known {
        None => store.current(),
        Some(g) => match store.changed_from(g, wait.unwrap_or(Duration::ZERO)).await {
            Some(record) => record,
            None => return not_modified(g),
        },
    };
    full(&record)
}

/// `?wait=SECONDS` (fractions allowed), capped at [`MAX_WAIT`].
fn wait_of(text: Option<&str>) -> Result<Option<Duration>, String> {
    let Some(text) = text else {
        return Ok(None);
    };
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s >= 0.0 => {
            Ok(Some(Duration::from_secs_f64(s.min(MAX_WAIT.as_secs_f64()))))
        }
        _ => Err(format!(
            "wait={text:?}: expected a number of seconds (at most {})",
            MAX_WAIT.as_secs()
        )),
    }
}

/// The generation in `If-None-Match` (`"<g>"`, `W/"<g>"`, or the first such tag of a list);
/// `*` or anything else is ignored.
fn if_none_match(headers: &HeaderMap) -> Option<u64> {
    let value = headers.get(IF_NONE_MATCH)?.to_str().ok()?;
    value.split(',').find_map(|tag| {
        let tag = tag.trim();
        let tag = tag.strip_prefix("W/").unwrap_or(tag);
        tag.strip_prefix('"')?.strip_suffix('"')?.parse().ok()
    })
}

fn etag(generation: u64) -> HeaderValue {
    // digits and quotes are always a valid header value
    HeaderValue::from_str(&format!("\"{generation}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

/// The record's exact bytes, with the signature over them.
fn full(signed: &Signed) -> Response {
    // base64, hex, `=`, `,` and spaces are always a valid header value; an empty one (a
    // signing failure, logged) makes clients refuse the record, as they should
    let signature =
        HeaderValue::from_str(&signed.signature).unwrap_or(HeaderValue::from_static(""));
    (
        [
            (ETAG, etag(signed.record.generation)),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
        ],
        [(SIGNATURE, signature)],
        signed.json.clone(),
    )
        .into_response()
}

fn not_modified(generation: u64) -> Response {
    (
        StatusCode::NOT_MODIFIED,
        [
            (ETAG, etag(generation)),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        Body::empty(),
    )
        .into_response()
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, format!("{message}\n")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    use std::time::SystemTime;

    use bosun_core::discovery::{Record, TargetRecord};
    use bosun_core::signature::Trust;

    use crate::discovery::store::tests::store;

    const HOUR: Duration = Duration::from_secs(3600);
    use http_body_util::{BodyExt, Empty};
    use hyper::body::Bytes;
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;

    fn targets(user: &str) -> BTreeMap<String, TargetRecord> {
        BTreeMap::from([(
            "nextcloud".to_owned(),
            TargetRecord {
                ssh_user: user.into(),
                key_version: 1,
                ..TargetRecord::default()
            },
        )])
    }

    /// Serves the router on 127.0.0.1:0; returns its base URL.
    async fn serve(store: &DiscoveryStore) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(store.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}")
    }

    async fn get(url: &str, inm: Option<&str>) -> (StatusCode, HeaderMap, String) {
        let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
        let mut req = hyper::Request::get(url);
        if let Some(v) = inm {
            req = req.header(IF_NONE_MATCH, v);
        }
        let resp = client
            .request(req.body(Empty::new()).unwrap())
            .await
            .unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp.into_body().collect().await.unwrap().to_bytes();
        (status, headers, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn the_record_is_served_with_its_etag() {
        let store = store();
        let g = store.publish(targets("bosun"), HOUR).unwrap();
        let base = serve(&store).await;
        let (status, headers, body) = get(&format!("{base}/v1/discovery"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[ETAG], format!("\"{g}\""));
        assert_eq!(headers[CACHE_CONTROL], "no-cache");
        assert_eq!(headers[CONTENT_TYPE], "application/json");
        let record = Record::from_json(body.as_bytes()).unwrap();
        assert_eq!(record.generation, g);
        assert_eq!(record.targets, targets("bosun"));
    }

    #[tokio::test]
    async fn the_signature_header_verifies_over_the_served_bytes() {
        let store = store();
        let g = store.publish(targets("bosun"), HOUR).unwrap();
        let base = serve(&store).await;
        let url = format!("{base}/v1/discovery");
        let (status, headers, body) = get(&url, None).await;
        assert_eq!(status, StatusCode::OK);
        let signature = headers[SIGNATURE].to_str().unwrap();
        let mut trust = Trust::new(store.signer().public_keys());
        let verified = trust
            .verify(body.as_bytes(), Some(signature), SystemTime::now())
            .unwrap();
        assert_eq!(verified.record.generation, g);
        assert!(verified.expires_at > SystemTime::now() + Duration::from_secs(3500));
        // not over other bytes
        let tampered = body.replace("bosun", "bosuN");
        assert!(
            trust
                .check_signature(tampered.as_bytes(), Some(signature))
                .is_err()
        );

        // a long-poll answer is signed as well
        let poll = tokio::spawn({
            let url = format!("{url}?wait=30&generation={g}");
            async move { get(&url, None).await }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        store.publish(targets("ops"), HOUR).unwrap();
        let (status, headers, body) = poll.await.unwrap();
        assert_eq!(status, StatusCode::OK);
        let signature = headers[SIGNATURE].to_str().unwrap();
        trust
            .verify(body.as_bytes(), Some(signature), SystemTime::now())
            .unwrap();
    }

    #[tokio::test]
    async fn a_followers_answer_verifies_too() {
        // the leader publishes; the follower reads the Docker config it wrote, as `adopt` does
        let leader = store();
        leader.publish(targets("bosun"), HOUR).unwrap();
        let spec = crate::discovery::docker_config::spec(
            crate::model::names::Naming::default(),
            &leader.current(),
        );
        let config = bollard::models::Config {
            spec: Some(spec),
            ..Default::default()
        };
        let follower = DiscoveryStore::new(leader.signer().clone(), HOUR);
        let published = crate::discovery::shared::published(&config, follower.signer()).unwrap();
        assert!(follower.adopt(published));
        let base = serve(&follower).await;
        let (status, headers, body) = get(&format!("{base}/v1/discovery"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, leader.current().json, "the leader's very bytes");
        let signature = headers[SIGNATURE].to_str().unwrap();
        Trust::new(leader.signer().public_keys())
            .verify(body.as_bytes(), Some(signature), SystemTime::now())
            .unwrap();
    }

    #[tokio::test]
    async fn a_known_generation_without_wait_is_not_modified_at_once() {
        let store = store();
        let g = store.publish(targets("bosun"), HOUR).unwrap();
        let base = serve(&store).await;
        let url = format!("{base}/v1/discovery");
        let (status, headers, body) = get(&url, Some(&format!("\"{g}\""))).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        assert_eq!(headers[ETAG], format!("\"{g}\""));
        assert_eq!(headers[CACHE_CONTROL], "no-cache");
        assert!(body.is_empty());
        // an older generation gets the record
        let old = format!("W/\"{}\", \"x\"", g - 1);
        let (status, _, _) = get(&url, Some(&old)).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _, _) = get(&format!("{url}?generation={g}"), None).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        // the query wins over the header
        let (status, _, _) = get(&format!("{url}?generation=1"), Some(&format!("\"{g}\""))).await;
        assert_eq!(status, StatusCode::OK);
        // `*` and garbage are ignored: the record
        let (status, _, _) = get(&url, Some("*")).await;
        assert_eq!(status, StatusCode::OK);
    }

    #[tokio::test]
    async fn a_long_poll_returns_the_new_record_when_it_changes() {
        let store = store();
        let g = store.publish(targets("bosun"), HOUR).unwrap();
        let base = serve(&store).await;
        let poll = tokio::spawn({
            let url = format!("{base}/v1/discovery?wait=30&generation={g}");
            async move { get(&url, None).await }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!poll.is_finished());
        let g2 = store.publish(targets("ops"), HOUR).unwrap();
        let (status, headers, body) = poll.await.unwrap();
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[ETAG], format!("\"{g2}\""));
        assert_eq!(
            Record::from_json(body.as_bytes()).unwrap().targets,
            targets("ops")
        );
    }

    #[tokio::test]
    async fn a_long_poll_without_change_ends_with_304() {
        let store = store();
        let g = store.publish(targets("bosun"), HOUR).unwrap();
        let base = serve(&store).await;
        let started = std::time::Instant::now();
        let (status, headers, _) = get(
            &format!("{base}/v1/discovery?wait=1"),
            Some(&format!("\"{g}\"")),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        assert_eq!(headers[ETAG], format!("\"{g}\""));
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_secs(1) && waited < Duration::from_secs(10),
            "{waited:?}"
        );
    }

    #[test]
    fn waits_are_capped_at_300_seconds() {
        assert_eq!(wait_of(None), Ok(None));
        assert_eq!(wait_of(Some("2.5")), Ok(Some(Duration::from_millis(2500))));
        assert_eq!(wait_of(Some("100000")), Ok(Some(MAX_WAIT)));
        assert!(wait_of(Some("-1")).is_err());
        assert!(wait_of(Some("inf")).is_err());
    }

    #[tokio::test]
    async fn bad_parameters_are_clear_400s() {
        let store = store();
        let base = serve(&store).await;
        let (status, _, body) = get(&format!("{base}/v1/discovery?wait=soon"), None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(
            body,
            "wait=\"soon\": expected a number of seconds (at most 300)\n"
        );
        let (status, _, body) = get(&format!("{base}/v1/discovery?generation=-1"), None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body, "generation=\"-1\": expected a number\n");
    }
}
