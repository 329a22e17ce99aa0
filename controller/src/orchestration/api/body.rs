//! Strict request bodies and query strings: what a route accepts, and the one clear 4xx for
//! each way a body can be wrong.
//!
//! A body (only a spawn has one) must be:
//! * of media type `application/json` (parameters such as `charset=utf-8` allowed), else 415;
//! * at most `ApiLimits.max_body_bytes`, else 413: a `Content-Length` over it is refused before
//!   a byte is read, and a chunked body is cut off as soon as it passes the limit
//!   (`http_body_util::Limited`), so an endless body costs at most the limit;
//! * valid JSON (400 `invalid_json`, with the line and column, never the text);
//! * free of duplicate keys at any depth (400 `duplicate_key`): serde_json would silently keep
//!   the last one, so a proxy or a log that reads the first would see another request than
//!   the one acted on;
//! * nested at most [`MAX_DEPTH`] deep (400 `too_deep`);
//! * an object at the top (400 `not_an_object`).
//!
//! Unknown fields are the template's business (the backend answers `ParamError::Unknown`, 400).
//!
//! Every other route takes no body: a GET, DELETE or bodiless POST that sends one gets 400
//! `unexpected_body` rather than having it silently ignored (a caller who sends a body
//! expects it to mean something). Likewise a query string on a route that declares none is a
//! 400 `unexpected_query`.

use std::cell::Cell;
use std::fmt;

use axum::body::Body;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use axum::http::{HeaderMap, StatusCode, Uri};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::error::ApiError;

/// How deep a body may nest: the top-level object is depth 1.
pub const MAX_DEPTH: usize = 8;

/// Reads a JSON object body under the checks above.
pub async fn read_json_object(
    headers: &HeaderMap,
    body: Body,
    max_bytes: usize,
) -> Result<Map<String, Value>, ApiError> {
    check_media_type(headers)?;
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max_bytes as u64) {
        return Err(too_large(max_bytes));
    }
    let bytes = match Limited::new(body, max_bytes).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return Err(too_large(max_bytes));
        }
        Err(e) => {
            return Err(
                ApiError::bad_request("unreadable_body", "the body could not be read")
                    .log(format!("reading the body: {e}")),
            );
        }
    };
    parse_object(&bytes)
}

/// Parses `bytes` as a JSON object with no duplicate key and at most [`MAX_DEPTH`] levels.
pub fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let refusal = Cell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed = Strict {
        depth: 0,
        refusal: &refusal,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    match parsed {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request(
            "not_an_object",
            "the body must be a JSON object",
        )),
        Err(e) => Err(refused(refusal.get(), &e)),
    }
}

/// 415 unless the body is declared `application/json`.
fn check_media_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let essence = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim());
    match essence {
        Some(t) if t.eq_ignore_ascii_case("application/json") => Ok(()),
        _ => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "the body must be sent as `Content-Type: application/json`",
        )),
    }
}

/// 400 when a route that takes no body is sent one: by its headers, or by what the body says
/// of its own length (`exact_len`, from `http_body::Body::size_hint`; unknown for a stream).
pub fn refuse_body(headers: &HeaderMap, exact_len: Option<u64>) -> Result<(), ApiError> {
    let length = headers.get(CONTENT_LENGTH).map(|v| v.as_bytes());
    let declared = headers.contains_key(TRANSFER_ENCODING) || length.is_some_and(|l| l != b"0");
    if declared || exact_len != Some(0) {
        return Err(ApiError::bad_request(
            "unexpected_body",
            "this route takes no request body",
        ));
    }
    Ok(())
}

/// 400 when a route that declares no query parameter is sent some.
pub fn refuse_query(uri: &Uri) -> Result<(), ApiError> {
    match uri.query() {
        Some(q) if !q.is_empty() => Err(ApiError::bad_request(
            "unexpected_query",
            "this route takes no query parameters",
        )),
        _ => Ok(()),
    }
}

fn too_large(max: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
        format!("the body is larger than {max} bytes"),
    )
}

/// Why [`Strict`] stopped a parse that serde_json itself would have accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    DuplicateKey,
    TooDeep,
}

fn refused(refusal: Option<Refusal>, e: &serde_json::Error) -> ApiError {
    let at = format!("line {}, column {}", e.line(), e.column());
    match refusal {
        Some(Refusal::DuplicateKey) => ApiError::bad_request(
            "duplicate_key",
            format!("the body repeats a key in one object ({at})"),
        ),
        Some(Refusal::TooDeep) => ApiError::bad_request(
            "too_deep",
            format!("the body nests deeper than {MAX_DEPTH} levels ({at})"),
        ),
        None => ApiError::bad_request("invalid_json", format!("the body is not valid JSON ({at})")),
    }
}

/// A `serde_json::Value` deserializer that refuses duplicate keys and deep nesting, and says
/// which through `refusal` (serde's error type carries only text).
#[derive(Clone, Copy)]
struct Strict<'a> {
    depth: usize,
    refusal: &'a Cell<Option<Refusal>>,
}

impl Strict<'_> {
    /// The deserializer for a container's elements, or a refusal when it would be too deep.
    fn enter<E: serde::de::Error>(&self) -> Result<Strict<'_>, E> {
        if self.depth + 1 > MAX_DEPTH {
            self.refusal.set(Some(Refusal::TooDeep));
            return Err(E::custom("too deep"));
        }
        Ok(Strict {
            depth: self.depth + 1,
            refusal: self.refusal,
        })
    }
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("not a finite number"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.enter()?;
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(inner)? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let inner = self.enter()?;
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                self.refusal.set(Some(Refusal::DuplicateKey));
                return Err(A::Error::custom("duplicate key"));
            }
            let value = access.next_value_seed(inner)?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn code(bytes: &str) -> &'static str {
        match parse_object(bytes.as_bytes()) {
            Ok(_) => "ok",
            Err(e) => {
                assert_eq!(e.status, StatusCode::BAD_REQUEST);
                e.code
            }
        }
    }

    #[test]
    fn each_malformed_body_gets_its_own_code() {
        assert_eq!(
            code(r#"{"a": 1, "b": {"c": [1, 2.5, "x", null, true]}}"#),
            "ok"
        );
        assert_eq!(code(r#"{"a": 1, "a": 2}"#), "duplicate_key");
        assert_eq!(
            code(r#"{"a": {"b": 1, "c": {"d": 1, "d": 2}}}"#),
            "duplicate_key"
        );
        assert_eq!(code(r#"{"a": [{"k": 1, "k": 1}]}"#), "duplicate_key");
        assert_eq!(code(r#"{"a": 1"#), "invalid_json");
        assert_eq!(
            code(r#"{"a": 1} {"b": 2}"#),
            "invalid_json",
            "trailing data"
        );
        assert_eq!(code(""), "invalid_json");
        assert_eq!(code(r#"[{"a": 1}]"#), "not_an_object");
        assert_eq!(code(r#""text""#), "not_an_object");
    }

    #[test]
    fn nesting_stops_at_the_limit() {
        let nest = |levels: usize| {
            let mut s = String::new();
            for _ in 1..levels {
                s.push_str(r#"{"a":"#);
            }
            s.push_str(r#"{"a":1}"#);
            s.push_str(&"}".repeat(levels - 1));
            s
        };
        assert_eq!(code(&nest(MAX_DEPTH)), "ok");
        assert_eq!(code(&nest(MAX_DEPTH + 1)), "too_deep");
        let arrays = format!(
            "{{\"a\":{}1{}}}",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        );
        assert_eq!(code(&arrays), "too_deep", "arrays count as levels too");
    }

    fn json_headers(content_type: &str, length: Option<usize>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_str(content_type).expect("a header"),
        );
        if let Some(n) = length {
            h.insert(CONTENT_LENGTH, HeaderValue::from(n));
        }
        h
    }

    #[tokio::test]
    async fn media_type_and_size_are_checked() {
        let ok = read_json_object(
            &json_headers("Application/JSON; charset=utf-8", None),
            Body::from("{}"),
            16,
        )
        .await;
        assert_eq!(ok.map(|m| m.len()), Ok(0));
        let err = read_json_object(&json_headers("text/plain", None), Body::from("{}"), 16).await;
        assert_eq!(
            err.map_err(|e| e.status),
            Err(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        );
        // Declared too large: refused before reading.
        let err = read_json_object(
            &json_headers("application/json", Some(17)),
            Body::from("{}"),
            16,
        )
        .await;
        assert_eq!(
            err.map_err(|e| e.status),
            Err(StatusCode::PAYLOAD_TOO_LARGE)
        );
        // Undeclared (chunked) and too large: cut off while reading.
        let stream =
            futures::stream::iter((0..1000).map(|_| Ok::<_, std::io::Error>("{\"aaaaaaaa\":1,")));
        let err = read_json_object(
            &json_headers("application/json", None),
            Body::from_stream(stream),
            64,
        )
        .await;
        assert_eq!(
            err.map_err(|e| e.status),
            Err(StatusCode::PAYLOAD_TOO_LARGE)
        );
    }

    #[test]
    fn bodies_and_queries_where_none_is_declared_are_refused() {
        let mut h = HeaderMap::new();
        assert!(refuse_body(&h, Some(0)).is_ok());
        assert!(refuse_body(&h, Some(2)).is_err());
        assert!(refuse_body(&h, None).is_err(), "a stream of unknown length");
        h.insert(CONTENT_LENGTH, HeaderValue::from(0));
        assert!(refuse_body(&h, Some(0)).is_ok(), "an empty body is no body");
        h.insert(CONTENT_LENGTH, HeaderValue::from(2));
        let refused = refuse_body(&h, Some(0)).map_err(|e| e.code);
        assert_eq!(refused, Err("unexpected_body"));
        let chunked =
            HeaderMap::from_iter([(TRANSFER_ENCODING, HeaderValue::from_static("chunked"))]);
        assert!(refuse_body(&chunked, Some(0)).is_err());
        assert!(refuse_query(&Uri::from_static("/orchestrate/requests")).is_ok());
        assert!(refuse_query(&Uri::from_static("/orchestrate/requests?")).is_ok());
        let err = refuse_query(&Uri::from_static("/orchestrate/requests?access_token=x"));
        assert_eq!(err.map_err(|e| e.code), Err("unexpected_query"));
    }
}
