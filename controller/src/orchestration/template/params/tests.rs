//! Every refusal of a spawn's body, and what an accepted one holds.

use serde_json::json;

use super::super::tests::{ADDRESS, body, mongodb};
use super::*;

fn refusal(edit: impl FnOnce(&mut Map<String, Value>)) -> ParamError {
    let mut body = body();
    edit(&mut body);
    mongodb().validate(&body).unwrap_err()
}

fn invalid_reason(error: ParamError, field: &str) -> String {
    match error {
        ParamError::Invalid { field: f, reason } if f == field => reason,
        other => panic!("expected {field} invalid, got {other:?}"),
    }
}

#[test]
fn an_accepted_body_gives_its_values() {
    let params = mongodb()
        .validate(&body())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(params.node_id(), "node_a1");
    assert_eq!(params.port(), Some(27020));
    assert_eq!(params.network(), "bosun-apps", "the one allowed network");
    let values: Vec<(&str, String)> = params
        .values()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_text()))
        .collect();
    assert_eq!(
        values,
        [
            ("cache_mb", "256".to_string()),
            ("node_tron_address", ADDRESS.to_string()),
            ("tier", "small".to_string()),
        ]
    );
    let mut without_port = body();
    without_port.remove("port");
    let params = mongodb()
        .validate(&without_port)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(params.port(), None, "the next free port, chosen later");
    let mut labelled = body();
    labelled.insert("label".into(), json!("blue team"));
    let params = mongodb()
        .validate(&labelled)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        params.values().get("label"),
        Some(&ParamValue::Text("blue team".into()))
    );
}

#[test]
fn unknown_fields_are_refused_and_hostile_names_not_quoted() {
    assert_eq!(
        refusal(|b| {
            b.insert("image".into(), json!("evil"));
        }),
        ParamError::Unknown("image".into())
    );
    let long = "x".repeat(65);
    for hostile in [long.as_str(), "a\nb", "", "a b", "é"] {
        let error = refusal(|b| {
            b.insert(hostile.into(), json!(1));
        });
        let ParamError::Unknown(shown) = error else {
            panic!("{error:?}")
        };
        assert!(shown.starts_with("(a name not shown"), "{shown:?}");
    }
    let mut no_pool = mongodb();
    no_pool.ports = None;
    assert_eq!(
        no_pool.validate(&body()),
        Err(ParamError::Unknown("port".into()))
    );
}

#[test]
fn missing_fields_are_refused() {
    assert_eq!(
        refusal(|b| {
            b.remove("node_id");
        }),
        ParamError::Missing("node_id".into())
    );
    assert_eq!(
        refusal(|b| {
            b.remove("node_tron_address");
        }),
        ParamError::Missing("node_tron_address".into())
    );
    let mut two_networks = mongodb();
    two_networks.networks.push("other".into());
    assert_eq!(
        two_networks.validate(&body()),
        Err(ParamError::Missing("network".into()))
    );
    let mut chosen = body();
    chosen.insert("network".into(), json!("other"));
    let params = two_networks
        .validate(&chosen)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(params.network(), "other");
}

#[test]
fn wrong_types_are_refused() {
    let cases = [
        ("node_id", json!(7), "a string"),
        ("node_tron_address", json!(["T"]), "a string"),
        ("tier", json!(null), "a string"),
        ("cache_mb", json!("256"), "an integer"),
        ("cache_mb", json!(256.0), "an integer"),
        ("port", json!("27020"), "an integer"),
        ("network", json!({"name": "x"}), "a string"),
    ];
    for (field, value, expected) in cases {
        let error = refusal(|b| {
            b.insert(field.into(), value.clone());
        });
        assert_eq!(
            error,
            ParamError::WrongType {
                field: field.into(),
                expected
            },
            "{field} = {value}"
        );
    }
}

#[test]
fn refused_values_say_why_without_echoing_them() {
    let secret = "node_SECRET";
    let cases: Vec<(&str, Value, &str)> = vec![
        ("node_id", json!(secret), "must be 1-63 of a-z"),
        (
            "node_id",
            json!("node-secret"),
            "does not match node_[a-z0-9]{1,32}",
        ),
        (
            "node_id",
            json!(format!("node_{}", "a".repeat(33))),
            "does not match",
        ),
        ("node_id", json!(""), "is empty"),
        ("node_id", json!("node_a\u{0}"), "control character"),
        ("node_tron_address", json!("TSECRET"), "34 characters"),
        (
            "node_tron_address",
            json!(ADDRESS.replace('7', "8")),
            "checksum",
        ),
        ("tier", json!("SECRET"), "is not one of small, large"),
        ("cache_mb", json!(63), "must be from 64 to 4096"),
        ("cache_mb", json!(u64::MAX), "is out of range"),
        ("cache_mb", json!(-1), "must be from 64 to 4096"),
        (
            "port",
            json!(27016),
            "is not in the template's port pool 27017-27116",
        ),
        ("port", json!(27117), "port pool"),
        ("port", json!(-27020), "port pool"),
        ("port", json!(70000), "port pool"),
        ("network", json!("host"), "is not one of bosun-apps"),
        ("label", json!("SECRET"), "does not match [a-z ]{1,20}"),
        ("label", json!("x".repeat(257)), "is longer than 256 bytes"),
        ("label", json!("a\u{7f}b"), "control character"),
        ("label", json!("a\u{1b}[31mb"), "control character"),
    ];
    for (field, value, expected) in cases {
        let error = refusal(|b| {
            b.insert(field.into(), value.clone());
        });
        let reason = invalid_reason(error.clone(), field);
        assert!(reason.contains(expected), "{field}={value}: {reason}");
        let shown = error.to_string();
        if let Some(text) = value.as_str().filter(|t| !t.is_empty()) {
            assert!(!shown.contains(text), "{shown} echoes the value");
        }
        assert!(!shown.contains("SECRET"), "{shown}");
    }
}
