//! `bosun-controller token new`: a fresh orchestration API token, printed once, and the entry
//! to paste under `orchestration.tokens`.
//!
//! The token is `bosun_` and 32 random bytes in unpadded base64url (256 bits: not guessable,
//! and a prefix that secret scanners and people recognise). The config only ever holds its
//! SHA-256, so the printed token is the one copy: this command keeps nothing. A plain SHA-256
//! (not a slow password hash) is enough because the token is random, not chosen by a person.
//!
//! It refuses what the config would refuse: an unknown role, node ids on a role other than
//! NODE_OPERATOR, a node id outside `^[a-z0-9][a-z0-9_-]{0,62}$`, a bad or reserved name (the
//! config's own check), an expiry that is neither a duration (`90d`) nor an RFC 3339 instant,
//! or one in the past.

use std::fmt::Write;
use std::process::ExitCode;
use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::orchestration::model::Role;

/// `token new`'s arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct NewArgs {
    /// The token's name (in the audit and the clones' owner label): 1-63 of a-z, 0-9, '_', '.',
    /// '-', starting with a letter or digit.
    #[arg(long)]
    pub name: String,
    /// SUPER_ADMIN, ADMIN, NODE_OPERATOR or USER.
    #[arg(long)]
    pub role: String,
    /// A node id the NODE_OPERATOR acts for (repeat for several).
    #[arg(long = "node-id")]
    pub node_ids: Vec<String>,
    /// When the token stops working: a duration from now (`90d`, `12h`) or an RFC 3339
    /// instant (`2026-01-31T00:00:00Z`). Without it the token does not expire.
    #[arg(long)]
    pub expires: Option<String>,
}

/// A new token and its config entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    pub token: String,
    /// One item of `orchestration.tokens`, as YAML.
    pub entry: String,
}

/// Prints the token and its entry, or why not.
pub fn main(args: &NewArgs) -> ExitCode {
    match new_token(args, SystemTime::now()) {
        Ok(made) => {
            println!("token (shown once, keep it secret): {}", made.token);
            println!();
            println!("add under orchestration.tokens in the config:");
            print!("{}", made.entry);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bosun-controller token new: {e}");
            ExitCode::from(2)
        }
    }
}

/// Checks `args`, then makes the token and its entry.
pub fn new_token(args: &NewArgs, now: SystemTime) -> Result<NewToken, String> {
    check_name(&args.name)?;
    let role = Role::parse(&args.role).ok_or_else(|| {
        format!(
            "--role {:?} is not a role (SUPER_ADMIN, ADMIN, NODE_OPERATOR or USER)",
            args.role
        )
    })?;
    if role != Role::NodeOperator && !args.node_ids.is_empty() {
        return Err(format!(
            "--node-id is only for NODE_OPERATOR, not {}",
            role.name()
        ));
    }
    for id in &args.node_ids {
        check_node_id(id)?;
    }
    let expires = args
        .expires
        .as_deref()
        .map(|e| expiry(e, now))
        .transpose()?;
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    let token = format!("bosun_{}", URL_SAFE_NO_PAD.encode(bytes));
    let entry = entry(
        &args.name,
        &sha256_hex(&token),
        role,
        &args.node_ids,
        expires,
    );
    Ok(NewToken { token, entry })
}

fn entry(
    name: &str,
    digest: &str,
    role: Role,
    node_ids: &[String],
    expires: Option<SystemTime>,
) -> String {
    let mut out = format!(
        "- name: {name}\n  sha256: {digest}\n  role: {}\n",
        role.name()
    );
    if !node_ids.is_empty() {
        let _ = writeln!(out, "  node_ids: [{}]", node_ids.join(", "));
    }
    if let Some(at) = expires {
        let _ = writeln!(out, "  expires: {}", humantime::format_rfc3339_seconds(at));
    }
    out
}

fn sha256_hex(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// `90d`, `12h`… from `now`, or an RFC 3339 instant; in the future either way.
fn expiry(text: &str, now: SystemTime) -> Result<SystemTime, String> {
    let at = match humantime::parse_duration(text) {
        Ok(d) => now
            .checked_add(d)
            .ok_or_else(|| format!("--expires {text:?} is too far away"))?,
        Err(_) => humantime::parse_rfc3339_weak(text).map_err(|_| {
            format!("--expires {text:?} is neither a duration (90d) nor an RFC 3339 instant")
        })?,
    };
    if at <= now {
        return Err(format!("--expires {text:?} is not in the future"));
    }
    Ok(at)
}

/// `^[a-z0-9][a-z0-9_-]{0,62}$`
fn check_node_id(id: &str) -> Result<(), String> {
    let ok = id.len() <= 63
        && id
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "--node-id {id:?} is not a node id (1-63 of a-z, 0-9, '_' and '-', starting with a letter or digit)"
        ))
    }
}

/// 1-63 of a-z, 0-9, '_', '.', '-', starting with a letter or digit (what the config accepts).
fn check_name(name: &str) -> Result<(), String> {
    crate::config::token_name(name).map_err(|e| format!("--name {e}"))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde::Deserialize;

    use super::*;

    fn args(name: &str, role: &str, node_ids: &[&str], expires: Option<&str>) -> NewArgs {
        NewArgs {
            name: name.into(),
            role: role.into(),
            node_ids: node_ids.iter().map(|s| s.to_string()).collect(),
            expires: expires.map(str::to_owned),
        }
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        name: String,
        sha256: String,
        role: String,
        node_ids: Option<Vec<String>>,
        expires: Option<String>,
    }

    fn parse(entry: &str) -> Entry {
        let mut list: Vec<Entry> = serde_saphyr::from_str(entry).expect("the entry is YAML");
        assert_eq!(list.len(), 1);
        list.remove(0)
    }

    #[test]
    fn the_entry_is_yaml_whose_digest_is_the_printed_tokens() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000);
        let made = new_token(
            &args("ops-a", "NODE_OPERATOR", &["node_a", "b-2"], Some("90d")),
            now,
        )
        .expect("valid arguments");
        let body = made.token.strip_prefix("bosun_").expect("the prefix");
        assert_eq!(URL_SAFE_NO_PAD.decode(body).map(|b| b.len()), Ok(32));
        let e = parse(&made.entry);
        let digest: [u8; 32] = Sha256::digest(made.token.as_bytes()).into();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(e.sha256, hex);
        assert_eq!(
            (e.name.as_str(), e.role.as_str()),
            ("ops-a", "NODE_OPERATOR")
        );
        assert_eq!(
            e.node_ids,
            Some(vec!["node_a".to_owned(), "b-2".to_owned()])
        );
        let expires = humantime::parse_rfc3339(&e.expires.expect("an expiry")).expect("RFC 3339");
        assert_eq!(expires, now + Duration::from_secs(90 * 86_400));
        assert!(
            !made.entry.contains(body),
            "the entry never holds the token"
        );

        let other = new_token(&args("root", "SUPER_ADMIN", &[], None), now).expect("valid");
        assert_ne!(other.token, made.token);
        let e = parse(&other.entry);
        assert_eq!((e.node_ids, e.expires), (None, None));
        let at = new_token(&args("a", "ADMIN", &[], Some("2099-01-31T00:00:00Z")), now)
            .expect("an instant");
        assert_eq!(
            parse(&at.entry).expires.as_deref(),
            Some("2099-01-31T00:00:00Z")
        );
    }

    #[test]
    fn bad_arguments_are_refused_with_what_is_wrong() {
        let now = SystemTime::now();
        let cases = [
            (args("a", "admin", &[], None), "is not a role"),
            (
                args("a", "ADMIN", &["node_a"], None),
                "only for NODE_OPERATOR",
            ),
            (
                args("a", "NODE_OPERATOR", &["Node_A"], None),
                "is not a node id",
            ),
            (
                args("a", "NODE_OPERATOR", &["-a"], None),
                "is not a node id",
            ),
            (
                args("a", "NODE_OPERATOR", &["a b"], None),
                "is not a node id",
            ),
            (
                args("a", "NODE_OPERATOR", &[&"a".repeat(64)], None),
                "is not a node id",
            ),
            (args("a", "USER", &[], Some("soon")), "neither a duration"),
            (
                args("a", "USER", &[], Some("2001-01-01T00:00:00Z")),
                "not in the future",
            ),
            (args("A b", "USER", &[], None), "is not a token name"),
            (args("bosun-cleanup", "USER", &[], None), "is reserved"),
        ];
        for (a, want) in cases {
            let err = new_token(&a, now).expect_err("refused");
            assert!(err.contains(want), "{a:?}: {err}");
        }
        assert!(new_token(&args("a", "NODE_OPERATOR", &[&"a".repeat(63)], None), now).is_ok());
    }
}
