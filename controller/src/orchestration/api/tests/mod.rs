//! The HTTP layer's tests: the whole router, driven with `tower::ServiceExt::oneshot` and a
//! fake peer address (`MockConnectInfo`), over [`Fake`](fake::Fake), an in-memory backend that
//! records every call, so a test can say that a refused request reached no backend write.

mod fake;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use tokio::sync::{Notify, Semaphore, watch};
use tower::ServiceExt;

use self::fake::{Fake, lock};
use super::audit::AuditRecord;
use super::router::router;
use super::state::{AccessConfig, ApiState};
use crate::orchestration::model::{ApiLimits, DEFAULT_API_LIMITS, Role, TokenEntry};

// ---------------------------------------------------------------------------------------------
// The harness

const SUPER: &str = "tok-super";
const ADMIN: &str = "tok-admin";
const OPERATOR: &str = "tok-op";
const USER: &str = "tok-user";
/// The tokens in the order of the table's columns.
const ROLES: [&str; 4] = [SUPER, ADMIN, OPERATOR, USER];

fn entry(name: &str, token: &str, role: Role, node_ids: &[&str]) -> TokenEntry {
    TokenEntry {
        name: name.into(),
        sha256: Sha256::digest(token.as_bytes()).into(),
        role,
        node_ids: node_ids
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<_>>(),
        expires: None,
    }
}

fn tokens() -> Vec<TokenEntry> {
    vec![
        entry("root", SUPER, Role::SuperAdmin, &[]),
        entry("alice", ADMIN, Role::Admin, &[]),
        // node_a has a clone and a request; node_c has neither.
        entry("op", OPERATOR, Role::NodeOperator, &["node_a", "node_c"]),
        entry("user", USER, Role::User, &[]),
    ]
}

const PEER: ([u8; 4], u16) = ([10, 0, 0, 1], 40000);

struct Harness {
    app: Router,
    fake: Arc<Fake>,
    state: ApiState<Fake>,
    access: watch::Sender<Arc<AccessConfig>>,
    leading: watch::Sender<bool>,
}

fn harness() -> Harness {
    harness_with(Fake::seeded(), DEFAULT_API_LIMITS)
}

fn harness_with(fake: Fake, limits: ApiLimits) -> Harness {
    let fake = Arc::new(fake);
    let (access, access_rx) = watch::channel(Arc::new(AccessConfig {
        tokens: tokens(),
        limits,
    }));
    let (leading, leading_rx) = watch::channel(true);
    let state = ApiState::new(fake.clone(), access_rx, leading_rx);
    let app = router(state.clone()).layer(MockConnectInfo(SocketAddr::from(PEER)));
    Harness {
        app,
        fake,
        state,
        access,
        leading,
    }
}

fn request(method: &str, path: &str, token: Option<&str>, body: Option<&str>) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    let body = match body {
        Some(text) => {
            b = b.header("content-type", "application/json");
            Body::from(text.to_owned())
        }
        None => Body::empty(),
    };
    b.body(body).expect("a test request")
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    fn code(&self) -> String {
        self.json()["error"].as_str().unwrap_or("").to_owned()
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("the router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

async fn call(
    h: &Harness,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Answer {
    send(&h.app, request(method, path, token, body)).await
}

/// Waits until the backend holds `n` audit records (reads are audited in the background).
async fn audited(fake: &Fake, n: usize) -> Vec<AuditRecord> {
    for _ in 0..200 {
        if fake.records().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    fake.records()
}

// ---------------------------------------------------------------------------------------------
// Roles × routes

const SPAWN_OWN: &str = r#"{"node_id": "node_c", "port": 27100, "network": "app"}"#;
const SPAWN_FOREIGN: &str = r#"{"node_id": "node_d", "port": 27101, "network": "app"}"#;

/// Every route, for SUPER_ADMIN, ADMIN, NODE_OPERATOR (own node ids: node_a, node_c) and USER.
const TABLE: &[(&str, &str, Option<&str>, [u16; 4])] = &[
    (
        "POST",
        "/orchestrate/mongodb/clone",
        Some(SPAWN_OWN),
        [201, 201, 202, 403],
    ),
    (
        "POST",
        "/orchestrate/mongodb/clone",
        Some(SPAWN_FOREIGN),
        [201, 201, 403, 403],
    ),
    (
        "GET",
        "/orchestrate/mongodb/clones",
        None,
        [200, 200, 200, 403],
    ),
    (
        "GET",
        "/orchestrate/mongodb/clones/node_a",
        None,
        [200, 200, 200, 403],
    ),
    (
        "GET",
        "/orchestrate/mongodb/clones/node_b",
        None,
        [200, 200, 404, 403],
    ),
    (
        "GET",
        "/orchestrate/mongodb/clones/node_a/health",
        None,
        [200, 200, 200, 403],
    ),
    (
        "GET",
        "/orchestrate/mongodb/clones/node_b/health",
        None,
        [200, 200, 404, 403],
    ),
    (
        "DELETE",
        "/orchestrate/mongodb/clones/node_a",
        None,
        [204, 204, 403, 403],
    ),
    (
        "DELETE",
        "/orchestrate/mongodb/clones/node_b",
        None,
        [204, 204, 403, 403],
    ),
    (
        "GET",
        "/orchestrate/services/spawned",
        None,
        [200, 200, 403, 403],
    ),
    (
        "GET",
        "/orchestrate/services/svc-node_a/status",
        None,
        [200, 200, 403, 403],
    ),
    (
        "DELETE",
        "/orchestrate/services/svc-node_a",
        None,
        [204, 204, 403, 403],
    ),
    (
        "POST",
        "/orchestrate/services/svc-node_a/stop",
        None,
        [200, 200, 403, 403],
    ),
    (
        "POST",
        "/orchestrate/services/svc-node_a/start",
        None,
        [200, 200, 403, 403],
    ),
    (
        "POST",
        "/orchestrate/services/svc-node_a/restart",
        None,
        [200, 403, 403, 403],
    ),
    ("GET", "/orchestrate/requests", None, [200, 200, 200, 403]),
    (
        "POST",
        "/orchestrate/requests/req-1/approve",
        None,
        [201, 201, 403, 403],
    ),
    (
        "POST",
        "/orchestrate/requests/req-1/reject",
        None,
        [204, 204, 403, 403],
    ),
    ("GET", "/orchestrate/audit", None, [200, 403, 403, 403]),
];

#[tokio::test]
async fn every_role_on_every_route_gets_the_tables_status() {
    for (method, path, body, expected) in TABLE {
        for (token, want) in ROLES.iter().zip(expected) {
            let h = harness();
            let got = call(&h, method, path, Some(token), *body).await;
            let case = format!("{token} {method} {path} {}", body.unwrap_or(""));
            assert_eq!(
                got.status.as_u16(),
                *want,
                "{case}: {}",
                String::from_utf8_lossy(&got.body)
            );
            let writes = h.fake.writes();
            if got.status.is_success() && *method != "GET" {
                assert_eq!(writes.len(), 1, "{case}: one backend write");
            } else {
                assert!(
                    writes.is_empty(),
                    "{case}: no backend write, got {writes:?}"
                );
            }
        }
    }
    // Every route of the router has a row above.
    for route in &super::routes::ROUTES {
        let method = route.verb.method();
        let covered = TABLE
            .iter()
            .any(|(m, p, _, _)| *m == method.as_str() && matches(route.pattern, p));
        assert!(
            covered,
            "{method} {} has no row in the table test",
            route.pattern
        );
    }
}

/// Whether `path` fits `pattern` (`{…}` matches one segment).
fn matches(pattern: &str, path: &str) -> bool {
    let (a, b): (Vec<_>, Vec<_>) = (pattern.split('/').collect(), path.split('/').collect());
    a.len() == b.len() && a.iter().zip(&b).all(|(p, s)| p.starts_with('{') || p == s)
}

#[tokio::test]
async fn a_templates_extra_permission_is_needed_on_top_of_the_routes() {
    let body = Some(r#"{"node_id": "node_x"}"#);
    let h = harness();
    let got = call(&h, "POST", "/orchestrate/special/clone", Some(ADMIN), body).await;
    assert_eq!(
        (got.status, got.code().as_str()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    assert!(
        got.json()["message"]
            .as_str()
            .unwrap_or("")
            .contains("ORCHESTRATE_CONTAINERS")
    );
    let got = call(
        &h,
        "DELETE",
        "/orchestrate/special/clones/node_x",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(got.status, StatusCode::FORBIDDEN);
    assert!(h.fake.writes().is_empty());
    let got = call(&h, "POST", "/orchestrate/special/clone", Some(SUPER), body).await;
    assert_eq!(got.status, StatusCode::CREATED);
    let got = call(&h, "POST", "/orchestrate/redis/clone", Some(ADMIN), body).await;
    assert_eq!(
        got.status,
        StatusCode::CREATED,
        "a template without an extra permission"
    );
    // An unknown template is a 404 for whoever may spawn, a 403 for a USER.
    let got = call(&h, "POST", "/orchestrate/nosuch/clone", Some(ADMIN), body).await;
    assert_eq!(
        (got.status, got.code().as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let got = call(&h, "POST", "/orchestrate/nosuch/clone", Some(USER), body).await;
    assert_eq!(got.status, StatusCode::FORBIDDEN);
}

// ---------------------------------------------------------------------------------------------
// NODE_OPERATOR

#[tokio::test]
async fn a_node_operator_sees_only_its_own_node_ids() {
    let h = harness();
    let list = call(
        &h,
        "GET",
        "/orchestrate/mongodb/clones",
        Some(OPERATOR),
        None,
    )
    .await;
    let nodes: Vec<_> = list.json()["clones"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c["node_id"].clone())
        .collect();
    assert_eq!(nodes, [json!("node_a")]);
    let all = call(&h, "GET", "/orchestrate/mongodb/clones", Some(ADMIN), None).await;
    assert_eq!(all.json()["clones"].as_array().map(Vec::len), Some(2));

    let requests = call(&h, "GET", "/orchestrate/requests", Some(OPERATOR), None).await;
    let ids: Vec<_> = requests.json()["requests"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(ids, [json!("req-1")]);

    // Another node's clone (node_b exists) and no clone at all (node_z) look the same, byte for
    // byte once the request id is taken out.
    for suffix in ["", "/health"] {
        let foreign = call(
            &h,
            "GET",
            &format!("/orchestrate/mongodb/clones/node_b{suffix}"),
            Some(OPERATOR),
            None,
        )
        .await;
        let missing = call(
            &h,
            "GET",
            &format!("/orchestrate/mongodb/clones/node_z{suffix}"),
            Some(ADMIN),
            None,
        )
        .await;
        assert_eq!(
            (foreign.status, missing.status),
            (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND)
        );
        let strip =
            |a: &Answer| String::from_utf8_lossy(&a.body).replace(a.header("x-request-id"), "");
        assert_eq!(strip(&foreign), strip(&missing));
        let names = |a: &Answer| {
            let mut n: Vec<_> = a.headers.keys().map(|k| k.as_str().to_owned()).collect();
            n.sort();
            n
        };
        assert_eq!(names(&foreign), names(&missing));
    }
}

#[tokio::test]
async fn a_node_operators_spawn_is_a_pending_request_for_its_own_node_ids_only() {
    let h = harness();
    let got = call(
        &h,
        "POST",
        "/orchestrate/mongodb/clone",
        Some(OPERATOR),
        Some(SPAWN_OWN),
    )
    .await;
    assert_eq!(got.status, StatusCode::ACCEPTED);
    assert_eq!(got.json()["status"], "pending");
    assert_eq!(got.json()["node_id"], "node_c");
    assert!(got.json()["request_id"].is_string());
    assert_eq!(h.fake.writes(), ["request"], "a request, no spawn");
    for (body, status, code) in [
        (
            r#"{"port": 27100}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_field",
        ),
        (r#"{"node_id": 7}"#, StatusCode::BAD_REQUEST, "wrong_type"),
        (
            r#"{"node_id": "node_b"}"#,
            StatusCode::FORBIDDEN,
            "forbidden",
        ),
    ] {
        let got = call(
            &h,
            "POST",
            "/orchestrate/mongodb/clone",
            Some(OPERATOR),
            Some(body),
        )
        .await;
        assert_eq!((got.status, got.code().as_str()), (status, code), "{body}");
    }
    assert_eq!(
        h.fake.writes(),
        ["request"],
        "the refusals reached no backend write"
    );
}

// ---------------------------------------------------------------------------------------------
// Authentication and the order of the answers

#[tokio::test]
async fn failed_authentication_is_401_or_400_counted_and_never_stored() {
    let h = harness();
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (
            request("GET", "/orchestrate/requests", None, None),
            StatusCode::UNAUTHORIZED,
            r#"Bearer realm="bosun""#,
        ),
        (
            request(
                "GET",
                &format!("/orchestrate/requests?access_token={SUPER}"),
                None,
                None,
            ),
            StatusCode::UNAUTHORIZED,
            r#"Bearer realm="bosun""#,
        ),
        (
            Request::get("/orchestrate/requests")
                .header("x-api-token", SUPER)
                .header("cookie", format!("token={SUPER}"))
                .body(Body::empty())
                .expect("a request"),
            StatusCode::UNAUTHORIZED,
            r#"Bearer realm="bosun""#,
        ),
        (
            request("GET", "/orchestrate/requests", Some("tok-nobody"), None),
            StatusCode::UNAUTHORIZED,
            r#"Bearer realm="bosun", error="invalid_token""#,
        ),
        (
            Request::get("/orchestrate/requests")
                .header("authorization", format!("Bearer {SUPER}"))
                .header("authorization", format!("Bearer {SUPER}"))
                .body(Body::empty())
                .expect("a request"),
            StatusCode::BAD_REQUEST,
            r#"Bearer realm="bosun", error="invalid_request""#,
        ),
        // Authentication comes before routing: an unknown path tells a stranger nothing.
        (
            request("GET", "/orchestrate/nothing/here", None, None),
            StatusCode::UNAUTHORIZED,
            r#"Bearer realm="bosun""#,
        ),
        (
            request("POST", "/orchestrate/mongodb/clone", None, Some(SPAWN_OWN)),
            StatusCode::UNAUTHORIZED,
            r#"Bearer realm="bosun""#,
        ),
    ];
    let n = cases.len() as u64;
    for (req, status, challenge) in cases {
        let uri = req.uri().clone();
        let got = send(&h.app, req).await;
        assert_eq!(got.status, status, "{uri}");
        assert_eq!(got.header("www-authenticate"), challenge, "{uri}");
        assert!(
            !String::from_utf8_lossy(&got.body).contains(SUPER),
            "the token is never echoed"
        );
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(
        h.fake.records().is_empty(),
        "nothing stored for an unauthenticated caller"
    );
    assert!(
        lock(&h.fake.calls).is_empty(),
        "the backend was not even asked"
    );
    assert_eq!(h.state.auth_failures(), n);
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405_with_allow() {
    let h = harness();
    let got = call(&h, "GET", "/orchestrate/nothing/here", Some(SUPER), None).await;
    assert_eq!(
        (got.status, got.code().as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let got = call(&h, "GET", "/metrics", Some(SUPER), None).await;
    assert_eq!(
        got.status,
        StatusCode::NOT_FOUND,
        "only /orchestrate/… is served"
    );
    let got = call(
        &h,
        "PUT",
        "/orchestrate/mongodb/clone",
        Some(SUPER),
        Some("{}"),
    )
    .await;
    assert_eq!(
        (got.status, got.code().as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
    assert_eq!(got.header("allow"), "POST");
    let got = call(
        &h,
        "POST",
        "/orchestrate/mongodb/clones/node_a",
        Some(SUPER),
        None,
    )
    .await;
    assert_eq!(got.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(got.header("allow"), "GET,HEAD,DELETE");
    // A USER learns that a route exists (405 before 403) but nothing more.
    let got = call(&h, "PUT", "/orchestrate/audit", Some(USER), None).await;
    assert_eq!(got.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(h.fake.writes().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Strict requests

#[tokio::test]
async fn each_bad_body_gets_its_own_status_and_changes_nothing() {
    let deep = format!(
        "{{\"node_id\": \"node_q\", \"x\": {}1{}}}",
        "[".repeat(8),
        "]".repeat(8)
    );
    let big = format!(
        "{{\"node_id\": \"{}\"}}",
        "a".repeat(DEFAULT_API_LIMITS.max_body_bytes)
    );
    let cases: Vec<(Option<&str>, String, StatusCode, &str)> = vec![
        (
            Some("text/plain"),
            SPAWN_OWN.into(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            None,
            SPAWN_OWN.into(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            Some("application/json"),
            big,
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
        ),
        (
            Some("application/json"),
            "{\"node_id\": ".into(),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            Some("application/json"),
            r#"{"node_id": "node_q", "node_id": "node_r"}"#.into(),
            StatusCode::BAD_REQUEST,
            "duplicate_key",
        ),
        (
            Some("application/json"),
            deep,
            StatusCode::BAD_REQUEST,
            "too_deep",
        ),
        (
            Some("application/json"),
            r#"["node_q"]"#.into(),
            StatusCode::BAD_REQUEST,
            "not_an_object",
        ),
        (
            Some("application/json"),
            r#"{"node_id": "node_q", "colour": "red"}"#.into(),
            StatusCode::BAD_REQUEST,
            "unknown_field",
        ),
        (
            Some("application/json"),
            r#"{"node_id": ["node_q"]}"#.into(),
            StatusCode::BAD_REQUEST,
            "wrong_type",
        ),
        (
            Some("application/json"),
            r#"{"port": 27100}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_field",
        ),
        (
            Some("application/json"),
            r#"{"node_id": "NODE"}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
    ];
    for (content_type, body, status, code) in cases {
        let h = harness();
        let mut b = Request::post("/orchestrate/mongodb/clone")
            .header("authorization", format!("Bearer {ADMIN}"));
        if let Some(t) = content_type {
            b = b.header("content-type", t);
        }
        let got = send(&h.app, b.body(Body::from(body.clone())).expect("a request")).await;
        assert_eq!(
            (got.status, got.code().as_str()),
            (status, code),
            "{}",
            &body[..body.len().min(60)]
        );
        assert!(lock(&h.fake.clones).len() == 2, "no clone made");
        assert!(
            !String::from_utf8_lossy(&got.body).contains("node_q\""),
            "the body's values are not echoed"
        );
    }
}

#[tokio::test]
async fn bodies_and_queries_where_a_route_takes_none_are_refused() {
    let h = harness();
    let refused: [(&str, &str, &str, Option<&str>, &str); 5] = [
        (
            "GET",
            "/orchestrate/mongodb/clones",
            ADMIN,
            Some("{}"),
            "unexpected_body",
        ),
        (
            "DELETE",
            "/orchestrate/mongodb/clones/node_a",
            ADMIN,
            Some("{}"),
            "unexpected_body",
        ),
        (
            "POST",
            "/orchestrate/services/svc-node_a/stop?force=1",
            ADMIN,
            None,
            "unexpected_query",
        ),
        (
            "DELETE",
            "/orchestrate/mongodb/clones/node_a?purge=yes",
            ADMIN,
            None,
            "invalid_query",
        ),
        (
            "GET",
            "/orchestrate/audit?limit=5000",
            SUPER,
            None,
            "invalid_query",
        ),
    ];
    for (method, path, token, body, code) in refused {
        let got = call(&h, method, path, Some(token), body).await;
        assert_eq!(
            (got.status, got.code().as_str()),
            (StatusCode::BAD_REQUEST, code),
            "{method} {path}"
        );
    }
    assert!(h.fake.writes().is_empty());
    let got = call(
        &h,
        "DELETE",
        "/orchestrate/mongodb/clones/node_a?purge_volume=true",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(got.status, StatusCode::NO_CONTENT);
}

// ---------------------------------------------------------------------------------------------
// Backend answers, errors

#[tokio::test]
async fn backend_refusals_get_their_status_and_never_the_engines_words() {
    let h = harness();
    let cases = [
        (
            r#"{"node_id": "node_p", "port": 27017}"#,
            StatusCode::CONFLICT,
            "port_taken",
        ),
        (
            r#"{"node_id": "node_fail"}"#,
            StatusCode::BAD_GATEWAY,
            "engine_error",
        ),
        (
            r#"{"node_id": "node_a", "port": 27200}"#,
            StatusCode::CONFLICT,
            "clone_exists",
        ),
    ];
    for (body, status, code) in cases {
        let got = call(
            &h,
            "POST",
            "/orchestrate/mongodb/clone",
            Some(ADMIN),
            Some(body),
        )
        .await;
        assert_eq!((got.status, got.code().as_str()), (status, code), "{body}");
        assert!(!String::from_utf8_lossy(&got.body).contains("secret-engine-detail"));
    }
    // The same spawn twice: 201, then 200 with the same clone.
    let first = call(
        &h,
        "POST",
        "/orchestrate/mongodb/clone",
        Some(ADMIN),
        Some(SPAWN_OWN),
    )
    .await;
    let again = call(
        &h,
        "POST",
        "/orchestrate/mongodb/clone",
        Some(SUPER),
        Some(SPAWN_OWN),
    )
    .await;
    assert_eq!(
        (first.status, again.status),
        (StatusCode::CREATED, StatusCode::OK)
    );
    assert_eq!(first.json(), again.json());
    // The template's cap (3: node_a, node_b, node_c): 429 with Retry-After.
    let got = call(
        &h,
        "POST",
        "/orchestrate/mongodb/clone",
        Some(ADMIN),
        Some(SPAWN_FOREIGN),
    )
    .await;
    assert_eq!(
        (got.status, got.code().as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "clone_cap")
    );
    assert_eq!(got.header("retry-after"), "60");
    let got = call(
        &h,
        "GET",
        "/orchestrate/services/svc-nothing/status",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(got.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn errors_are_json_with_the_servers_request_id_on_every_response() {
    let h = harness();
    let req = Request::get("/orchestrate/services/spawned")
        .header("authorization", format!("Bearer {USER}"))
        .header("x-request-id", "client-chosen")
        .body(Body::empty())
        .expect("a request");
    let got = send(&h.app, req).await;
    let id = got.header("x-request-id").to_owned();
    assert_eq!(id.len(), 32, "a server-made id, not {id}");
    assert_eq!(got.header("content-type"), "application/json");
    let body = got.json();
    assert_eq!(body["error"], "forbidden");
    assert_eq!(body["request_id"], id.as_str());
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("VIEW_SPAWNED_SERVICES"))
    );
    assert_eq!(body.as_object().map(Map::len), Some(3));
    let ok = call(
        &h,
        "GET",
        "/orchestrate/services/spawned",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.header("x-request-id").len(), 32);
    assert_ne!(ok.header("x-request-id"), id);
}

// ---------------------------------------------------------------------------------------------
// Leadership, limits, reloads

#[tokio::test]
async fn a_follower_answers_503_to_everyone_and_stores_nothing() {
    let h = harness();
    h.leading.send_replace(false);
    for token in [Some(SUPER), None, Some("tok-nobody")] {
        let got = call(
            &h,
            "POST",
            "/orchestrate/mongodb/clone",
            token,
            Some(SPAWN_OWN),
        )
        .await;
        assert_eq!(
            (got.status, got.code().as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, "not_leader")
        );
        assert_eq!(got.header("retry-after"), "2");
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(lock(&h.fake.calls).is_empty() && h.fake.records().is_empty());
    h.leading.send_replace(true);
    let got = call(
        &h,
        "POST",
        "/orchestrate/mongodb/clone",
        Some(SUPER),
        Some(SPAWN_OWN),
    )
    .await;
    assert_eq!(got.status, StatusCode::CREATED);
}

#[tokio::test]
async fn the_rate_limits_count_per_token_and_per_peer_with_unauthenticated_requests() {
    let limits = ApiLimits {
        per_token_per_minute: 2,
        per_peer_per_minute: 4,
        ..DEFAULT_API_LIMITS
    };
    let h = harness_with(Fake::seeded(), limits);
    for _ in 0..2 {
        assert_eq!(
            call(&h, "GET", "/orchestrate/requests", Some(ADMIN), None)
                .await
                .status,
            StatusCode::OK
        );
    }
    let got = call(&h, "GET", "/orchestrate/requests", Some(ADMIN), None).await;
    assert_eq!(
        (got.status, got.code().as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert_eq!(got.header("retry-after"), "30", "one more every 30 s");
    // Another token from the same peer: its own bucket, but the peer's (4) is nearly spent.
    assert_eq!(
        call(&h, "GET", "/orchestrate/requests", Some(SUPER), None)
            .await
            .status,
        StatusCode::OK
    );
    // Unauthenticated guesses count against the peer too: the 5th request of the minute.
    let got = call(&h, "GET", "/orchestrate/requests", Some("tok-guess"), None).await;
    assert_eq!(
        (got.status, got.code().as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert_eq!(h.state.auth_failures(), 0, "refused before authentication");
    // Another peer has its own bucket.
    let other =
        router(h.state.clone()).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 2], 1))));
    let got = send(
        &other,
        request("GET", "/orchestrate/requests", Some(USER), None),
    )
    .await;
    assert_eq!(got.status, StatusCode::FORBIDDEN);
    // Rate-limited requests are not stored: 2 + 1 (SUPER) + 1 (the other peer's) records.
    assert_eq!(audited(&h.fake, 4).await.len(), 4);
}

#[tokio::test]
async fn the_spawn_past_the_concurrent_cap_is_refused_at_once() {
    let entered = Arc::new(Notify::new());
    let permits = Arc::new(Semaphore::new(0));
    let fake = Fake {
        hold: Some((entered.clone(), permits.clone())),
        ..Fake::seeded()
    };
    let h = harness_with(
        fake,
        ApiLimits {
            concurrent_spawns: 1,
            ..DEFAULT_API_LIMITS
        },
    );
    let app = h.app.clone();
    let first = tokio::spawn(async move {
        send(
            &app,
            request(
                "POST",
                "/orchestrate/mongodb/clone",
                Some(ADMIN),
                Some(SPAWN_OWN),
            ),
        )
        .await
    });
    tokio::time::timeout(Duration::from_secs(5), entered.notified())
        .await
        .expect("the first spawn reached the backend");
    let second = tokio::time::timeout(
        Duration::from_secs(5),
        call(
            &h,
            "POST",
            "/orchestrate/mongodb/clone",
            Some(SUPER),
            Some(SPAWN_FOREIGN),
        ),
    )
    .await
    .expect("the second spawn does not wait");
    assert_eq!(
        (second.status, second.code().as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_spawns")
    );
    assert_eq!(second.header("retry-after"), "1");
    permits.add_permits(10);
    assert_eq!(
        first.await.expect("the first spawn").status,
        StatusCode::CREATED
    );
    assert_eq!(
        h.fake.writes(),
        ["spawn"],
        "the refused spawn never reached the backend"
    );
    let got = call(
        &h,
        "POST",
        "/orchestrate/redis/clone",
        Some(SUPER),
        Some(SPAWN_FOREIGN),
    )
    .await;
    assert_eq!(got.status, StatusCode::CREATED, "the place was given back");
}

#[tokio::test]
async fn a_config_reload_swaps_the_tokens_from_the_next_request_on() {
    let h = harness();
    assert_eq!(
        call(&h, "GET", "/orchestrate/requests", Some(ADMIN), None)
            .await
            .status,
        StatusCode::OK
    );
    let mut reloaded = tokens();
    reloaded.retain(|t| t.name != "alice");
    reloaded.push(entry("bob", "tok-bob", Role::Admin, &[]));
    let mut expired = entry("old", "tok-old", Role::Admin, &[]);
    expired.expires = Some(SystemTime::now() - Duration::from_secs(1));
    reloaded.push(expired);
    h.access.send_replace(Arc::new(AccessConfig {
        tokens: reloaded,
        limits: DEFAULT_API_LIMITS,
    }));
    assert_eq!(
        call(&h, "GET", "/orchestrate/requests", Some(ADMIN), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(&h, "GET", "/orchestrate/requests", Some("tok-bob"), None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        call(&h, "GET", "/orchestrate/requests", Some("tok-old"), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

// ---------------------------------------------------------------------------------------------
// The audit

#[tokio::test]
async fn every_authenticated_request_is_audited_once_writes_before_the_answer() {
    let h = harness();
    let got = call(
        &h,
        "POST",
        "/orchestrate/mongodb/clone",
        Some(ADMIN),
        Some(SPAWN_OWN),
    )
    .await;
    assert_eq!(got.status, StatusCode::CREATED);
    // A write's record is stored before its answer: no waiting here.
    let records = h.fake.records();
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.request_id, got.header("x-request-id"));
    assert_eq!(
        (r.who.as_str(), r.role, r.method.as_str()),
        ("alice", Role::Admin, "POST")
    );
    assert_eq!(r.peer, SocketAddr::from(PEER));
    assert_eq!(r.route.as_deref(), Some("/orchestrate/{template}/clone"));
    assert_eq!(
        (r.template.as_deref(), r.target.as_deref()),
        (Some("mongodb"), Some("node_c"))
    );
    assert_eq!(r.params, ["network", "node_id", "port"]);
    assert_eq!((r.status, r.result.as_str()), (201, "ok"));

    let refused = call(&h, "GET", "/orchestrate/audit", Some(USER), None).await;
    let missing = call(&h, "GET", "/orchestrate/nowhere", Some(USER), None).await;
    let records = audited(&h.fake, 3).await;
    assert_eq!(records.len(), 3, "one record per request");
    let of = |a: &Answer| {
        records
            .iter()
            .find(|r| r.request_id == a.header("x-request-id"))
            .cloned()
    };
    let refused = of(&refused).expect("the 403's record");
    assert_eq!(
        (refused.status, refused.result.as_str()),
        (403, "forbidden")
    );
    assert_eq!(refused.route.as_deref(), Some("/orchestrate/audit"));
    let missing = of(&missing).expect("the 404's record");
    assert_eq!((missing.status, missing.route.as_deref()), (404, None));

    // The SUPER_ADMIN reads them back; no record holds a token or a body's value.
    let trail = call(&h, "GET", "/orchestrate/audit?limit=10", Some(SUPER), None).await;
    assert_eq!(trail.json()["records"].as_array().map(Vec::len), Some(3));
    let text = serde_json::to_string(&audited(&h.fake, 4).await).expect("records serialize");
    for secret in ROLES {
        assert!(!text.contains(secret), "a token in the audit");
    }
    assert!(!text.contains("27100"), "a body value in the audit");
    let back: Vec<AuditRecord> = serde_json::from_str(&text).expect("records read back");
    assert_eq!(back.len(), 4);
    let ms = |t: SystemTime| {
        t.duration_since(SystemTime::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_millis())
    };
    assert_eq!(ms(back[0].time), ms(records[0].time));
    assert_eq!(back[0].request_id, records[0].request_id);
}
