//! Who is calling: the bearer token of the `Authorization` header, checked against the
//! config's token digests.
//!
//! Only `Authorization: Bearer <token>` is read (RFC 6750 §2.1); a token in the query string
//! or any other header is never looked at, so it cannot leak into a proxy's access log and
//! still work. The config holds each token's SHA-256, never the token. The caller's digest is
//! compared with *every* entry's in constant time (`subtle`), with no early exit, so the time
//! an answer takes says nothing about how close a guess came or which entry matched.
//!
//! The answers, each with RFC 6750's challenge:
//! * no header: 401, `WWW-Authenticate: Bearer realm="bosun"`;
//! * two headers: 400 (`error="invalid_request"`): which one would count is ambiguous;
//! * another scheme (`Basic …`): 401, the plain challenge;
//! * a malformed, unknown or expired token: 401 (`error="invalid_token"`), the same sentence
//!   for all three (the log says which, by token name and never by token).
//!
//! The token list comes from the live config on every request (see `state.rs`), so a token
//! removed from the config stops working at the next reload.

use std::time::SystemTime;

use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use super::backend::Caller;
use super::error::ApiError;
use crate::orchestration::model::TokenEntry;

const CHALLENGE: &str = r#"Bearer realm="bosun""#;
const CHALLENGE_INVALID_TOKEN: &str = r#"Bearer realm="bosun", error="invalid_token""#;
const CHALLENGE_INVALID_REQUEST: &str = r#"Bearer realm="bosun", error="invalid_request""#;

/// The caller of a request with these headers, or why there is none.
pub fn authenticate(
    headers: &HeaderMap,
    tokens: &[TokenEntry],
    now: SystemTime,
) -> Result<Caller, ApiError> {
    let token = bearer_token(headers)?;
    let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    let Some(entry) = find_constant_time(tokens, &digest) else {
        return Err(invalid_token().log("unknown token"));
    };
    if entry.expires.is_some_and(|at| at <= now) {
        return Err(invalid_token().log(format!("expired token `{}`", entry.name)));
    }
    Ok(Caller {
        name: entry.name.clone(),
        role: entry.role,
        node_ids: entry.node_ids.clone(),
    })
}

/// The token of the one `Authorization: Bearer` header.
fn bearer_token(headers: &HeaderMap) -> Result<&str, ApiError> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return Err(if headers.contains_key(AUTHORIZATION) {
            ApiError::bad_request("invalid_request", "send exactly one Authorization header")
                .challenge(CHALLENGE_INVALID_REQUEST)
                .log("two Authorization headers")
        } else {
            unauthorized("this API needs an `Authorization: Bearer <token>` header")
                .log("no Authorization header")
        });
    };
    let text = value
        .to_str()
        .map_err(|_| invalid_token().log("a non-ASCII header"))?;
    let (scheme, rest) = text.split_once(' ').unwrap_or((text, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(
            unauthorized("only `Authorization: Bearer <token>` is accepted")
                .log("another authorization scheme"),
        );
    }
    let token = rest.trim_start_matches(' ');
    if !is_b64token(token) {
        return Err(invalid_token().log("a malformed bearer token"));
    }
    Ok(token)
}

/// RFC 6750's `b64token`: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
fn is_b64token(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
}

/// The entry whose digest is `digest`: every entry is compared, and the index chosen, without
/// a branch on the data.
fn find_constant_time<'a>(tokens: &'a [TokenEntry], digest: &[u8; 32]) -> Option<&'a TokenEntry> {
    let mut found = Choice::from(0);
    let mut index = 0u64;
    for (i, entry) in tokens.iter().enumerate() {
        let equal = entry.sha256[..].ct_eq(&digest[..]);
        index.conditional_assign(&(i as u64), equal);
        found |= equal;
    }
    if bool::from(found) {
        tokens.get(usize::try_from(index).ok()?)
    } else {
        None
    }
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message).challenge(CHALLENGE)
}

fn invalid_token() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "invalid_token",
        "the bearer token is malformed, unknown or expired",
    )
    .challenge(CHALLENGE_INVALID_TOKEN)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::time::Duration;

    use axum::http::HeaderValue;
    use axum::http::header::WWW_AUTHENTICATE;

    use super::*;
    use crate::orchestration::model::Role;

    fn entry(name: &str, token: &str, role: Role) -> TokenEntry {
        TokenEntry {
            name: name.into(),
            sha256: Sha256::digest(token.as_bytes()).into(),
            role,
            node_ids: BTreeSet::new(),
            expires: None,
        }
    }

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(
                AUTHORIZATION,
                HeaderValue::from_str(v).expect("a test header"),
            );
        }
        h
    }

    fn tokens() -> Vec<TokenEntry> {
        vec![
            entry("alice", "tok-a", Role::Admin),
            entry("bob", "tok-b", Role::User),
            entry("carol", "tok-c", Role::SuperAdmin),
        ]
    }

    #[test]
    fn each_token_finds_its_own_entry_wherever_it_sits() {
        let now = SystemTime::now();
        for (token, name, role) in [
            ("tok-a", "alice", Role::Admin),
            ("tok-b", "bob", Role::User),
            ("tok-c", "carol", Role::SuperAdmin),
        ] {
            let caller = authenticate(&headers(&[&format!("Bearer {token}")]), &tokens(), now)
                .expect("a known token");
            assert_eq!((caller.name.as_str(), caller.role), (name, role));
        }
        let caller = authenticate(&headers(&["bearer   tok-b"]), &tokens(), now);
        assert_eq!(
            caller.map(|c| c.name),
            Ok("bob".to_owned()),
            "the scheme is case-insensitive"
        );
    }

    #[test]
    fn refusals_get_their_status_and_challenge() {
        let now = SystemTime::now();
        let cases: [(&[&str], StatusCode, &str, Option<&str>); 7] = [
            (
                &[],
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                Some(CHALLENGE),
            ),
            (
                &["Bearer tok-a", "Bearer tok-a"],
                StatusCode::BAD_REQUEST,
                "invalid_request",
                Some(CHALLENGE_INVALID_REQUEST),
            ),
            (
                &["Basic dG9rLWE="],
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                Some(CHALLENGE),
            ),
            (
                &["Bearer"],
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                Some(CHALLENGE_INVALID_TOKEN),
            ),
            (
                &["Bearer tok-a extra"],
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                Some(CHALLENGE_INVALID_TOKEN),
            ),
            (
                &["Bearer tok-z"],
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                Some(CHALLENGE_INVALID_TOKEN),
            ),
            (
                &["Bearer tok-A"],
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                Some(CHALLENGE_INVALID_TOKEN),
            ),
        ];
        for (values, status, code, challenge) in cases {
            let err = authenticate(&headers(values), &tokens(), now).expect_err("refused");
            assert_eq!((err.status, err.code), (status, code), "{values:?}");
            let response = axum::response::IntoResponse::into_response(err);
            let got = response
                .headers()
                .get(WWW_AUTHENTICATE)
                .map(|v| v.to_str().ok());
            assert_eq!(got, challenge.map(Some), "{values:?}");
        }
    }

    #[test]
    fn an_expired_token_is_refused_like_an_unknown_one() {
        let now = SystemTime::now();
        let mut list = tokens();
        list[0].expires = Some(now - Duration::from_secs(1));
        let err = authenticate(&headers(&["Bearer tok-a"]), &list, now).expect_err("expired");
        assert_eq!(
            (err.status, err.code),
            (StatusCode::UNAUTHORIZED, "invalid_token")
        );
        list[0].expires = Some(now + Duration::from_secs(60));
        assert!(authenticate(&headers(&["Bearer tok-a"]), &list, now).is_ok());
    }
}
