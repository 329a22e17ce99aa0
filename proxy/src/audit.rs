//! The audit trail: one JSON line per exec request, on stdout (logs go to stderr).
//!
//! ```json
//! {"time":"2026-11-23T09:12:01.123Z","client":"192.168.251.11:40022","key_fingerprint":"SHA256:…",
//!  "client_service":"nextcloud-cron","client_key_version":3,
//!  "user":"bosun","target":"nextcloud","raw":"php occ status","raw_truncated":false,
//!  "raw_len":14,"raw_sha256":"78eb…","argv":["php","occ","status"],"decision":"allowed",
//!  "reason":null,"exit_code":0,"duration_ms":41,"bytes_out":97,"exec_id":"5f0c…"}
//! ```
//!
//! `client_service` and `client_key_version` name the Swarm client service and the key version
//! of the key that logged in, as its authorized-keys comment `<service>/v<N>` said when the
//! connection authenticated (`key_comment`); both are `null` for a key whose comment names no
//! client.
//!
//! `bytes_out` counts every byte of stdout and stderr delivered to the client on the channel,
//! the proxy's own `bosun: …` line included. `exit_code` is the exit-status sent (also for
//! rejected and refused requests: 126, 125); `reason` says why it was not 0 when the proxy
//! decided it. A request refused before anything ran (the drain, a second exec on one
//! channel) has neither.
//!
//! `raw` is the payload decoded lossily (invalid UTF-8 becomes U+FFFD) and escaped the way JSON
//! escapes strings, so a NUL, newline or escape sequence in a payload can never break a line.
//! It is capped: a client may send any payload (a rejected one is logged too), so `raw` keeps
//! the longest start of the decoded payload whose escaped JSON text fits in [`RAW_KEEP`]
//! bytes (cut between two characters) and `raw_truncated` says whether anything was cut.
//! `raw_len` (the payload's length in bytes) and `raw_sha256` (the hex SHA-256 of the payload's
//! bytes, as received) always describe the whole payload, so two lines can be told apart and
//! a payload kept elsewhere matched. `argv` needs no cap: it exists only for an allowed
//! command, whose payload the policy limits to [`bosun_core::policy::MAX_LEN`] bytes of
//! printable ASCII.

use std::io::Write;
use std::net::SocketAddr;
use std::time::SystemTime;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::key_comment::KeyOwner;

/// At most this many bytes of `raw`, as escaped in the JSON line.
pub const RAW_KEEP: usize = 1024;

/// What the proxy decided about an exec request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The policy allowed the command (whatever happened next).
    Allowed,
    /// The policy rejected the command; nothing reached Docker.
    Rejected,
    /// A limit or the shutdown refused the request; nothing reached Docker.
    Refused,
    /// Allowed, but no running task of the target appeared on this node within the wait (or
    /// the wait was cut by the drain or the client): nothing ran.
    NotStarted,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::Rejected => "rejected",
            Decision::Refused => "refused",
            Decision::NotStarted => "not_started",
        }
    }
}

/// One audit line.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRecord {
    /// RFC 3339, UTC, milliseconds.
    pub time: String,
    pub client: String,
    pub key_fingerprint: String,
    /// The client service the key's comment names (`null`: it names none).
    pub client_service: Option<String>,
    /// The key's version, from the same comment.
    pub client_key_version: Option<u32>,
    pub user: String,
    pub target: String,
    /// The start of the payload, at most [`RAW_KEEP`] bytes of escaped JSON.
    pub raw: String,
    /// `raw` is not the whole payload.
    pub raw_truncated: bool,
    /// The whole payload's length in bytes.
    pub raw_len: u64,
    /// The hex SHA-256 of the whole payload.
    pub raw_sha256: String,
    pub argv: Option<Vec<String>>,
    pub decision: Decision,
    pub reason: Option<String>,
    pub exit_code: Option<u32>,
    pub duration_ms: u64,
    pub bytes_out: u64,
    pub exec_id: Option<String>,
}

/// Who asked, for every record of one connection.
#[derive(Debug, Clone)]
pub struct Requester {
    pub client: SocketAddr,
    pub key_fingerprint: String,
    pub user: String,
    /// The client the key's comment named when the connection authenticated.
    pub owner: Option<KeyOwner>,
}

impl AuditRecord {
    /// A record of `raw` from `who`, timestamped at `at`, to be completed by the caller.
    pub fn new(at: SystemTime, who: &Requester, target: &str, raw: &[u8]) -> AuditRecord {
        let decoded = String::from_utf8_lossy(raw);
        let kept = kept_prefix(&decoded, RAW_KEEP);
        AuditRecord {
            time: humantime::format_rfc3339_millis(at).to_string(),
            client: who.client.to_string(),
            key_fingerprint: who.key_fingerprint.clone(),
            client_service: who.owner.as_ref().map(|o| o.service.clone()),
            client_key_version: who.owner.as_ref().map(|o| o.version),
            user: who.user.clone(),
            target: target.to_owned(),
            raw: kept.to_owned(),
            raw_truncated: kept.len() < decoded.len(),
            raw_len: raw.len() as u64,
            raw_sha256: hex::encode(Sha256::digest(raw)),
            argv: None,
            decision: Decision::Refused,
            reason: None,
            exit_code: None,
            duration_ms: 0,
            bytes_out: 0,
            exec_id: None,
        }
    }

    /// The record as one line of JSON, with the trailing newline.
    pub fn to_line(&self) -> String {
        match serde_json::to_string(self) {
            Ok(mut line) => {
                line.push('\n');
                line
            }
            // Serializing plain strings and numbers cannot fail; never lose the record anyway.
            Err(e) => format!(
                "{{\"time\":{:?},\"decision\":{:?},\"error\":\"cannot encode audit record: {}\"}}\n",
                self.time,
                self.decision.as_str(),
                e.to_string().replace(['"', '\\'], "'")
            ),
        }
    }

    /// Writes the line to stdout in one `write` call, so concurrent records never interleave.
    pub fn emit(&self) {
        let line = self.to_line();
        let mut out = std::io::stdout().lock();
        if let Err(e) = out.write_all(line.as_bytes()).and_then(|()| out.flush()) {
            tracing::error!(error = %e, "cannot write an audit line to stdout");
        }
    }
}

/// The longest start of `text` whose JSON-escaped form takes at most `max` bytes.
fn kept_prefix(text: &str, max: usize) -> &str {
    let mut used = 0;
    for (at, c) in text.char_indices() {
        used += escaped_len(c);
        if used > max {
            return &text[..at];
        }
    }
    text
}

/// The bytes `c` takes in a JSON string as serde_json writes it: `\"`, `\\` and the short
/// escapes take 2, other control characters `\u00XX` 6, anything else its UTF-8 length.
fn escaped_len(c: char) -> usize {
    match c {
        '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
        c if u32::from(c) < 0x20 => 6,
        c => c.len_utf8(),
    }
}

/// Where audit lines go: stdout in the proxy, memory in the in-process tests.
#[derive(Debug, Clone, Default)]
pub enum Sink {
    #[default]
    Stdout,
    #[cfg(test)]
    Memory(std::sync::Arc<std::sync::Mutex<Vec<String>>>),
}

impl Sink {
    pub fn write(&self, record: &AuditRecord) {
        match self {
            Sink::Stdout => record.emit(),
            #[cfg(test)]
            Sink::Memory(lines) => lines
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(record.to_line()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn who() -> Requester {
        Requester {
            client: "192.168.251.11:40022".parse().unwrap(),
            key_fingerprint: "SHA256:abc".into(),
            user: "bosun".into(),
            owner: Some(KeyOwner {
                service: "nextcloud-cron".into(),
                version: 3,
            }),
        }
    }

    #[test]
    fn a_line_has_every_field_of_the_contract() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_millis(1_795_000_000_123);
        let mut record = AuditRecord::new(at, &who(), "nextcloud", b"php occ status");
        record.argv = Some(vec!["php".into(), "occ".into(), "status".into()]);
        record.decision = Decision::Allowed;
        record.exit_code = Some(0);
        record.duration_ms = 41;
        record.bytes_out = 97;
        record.exec_id = Some("5f0c".into());
        let line = record.to_line();
        assert!(line.ends_with('\n') && !line[..line.len() - 1].contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "time": "2026-11-18T11:06:40.123Z",
                "client": "192.168.251.11:40022",
                "key_fingerprint": "SHA256:abc",
                "client_service": "nextcloud-cron",
                "client_key_version": 3,
                "user": "bosun",
                "target": "nextcloud",
                "raw": "php occ status",
                "raw_truncated": false,
                "raw_len": 14,
                "raw_sha256": "78ebfdda432833b79db6c194e03f016576a586eb833baf285a1bfadf9634e125",
                "argv": ["php", "occ", "status"],
                "decision": "allowed",
                "reason": null,
                "exit_code": 0,
                "duration_ms": 41,
                "bytes_out": 97,
                "exec_id": "5f0c",
            })
        );
    }

    #[test]
    fn a_key_that_names_no_client_gives_nulls() {
        let who = Requester {
            owner: None,
            ..who()
        };
        let line = AuditRecord::new(SystemTime::now(), &who, "nextcloud", b"x").to_line();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let object = v.as_object().unwrap();
        // present, and null
        assert_eq!(object["client_service"], serde_json::Value::Null);
        assert_eq!(object["client_key_version"], serde_json::Value::Null);
    }

    #[test]
    fn hostile_payloads_stay_on_one_line() {
        let raw = b"php occ status\n\0\x1b[2J\r\xff\xc0\xaf \"q\" \\";
        let mut record = AuditRecord::new(SystemTime::now(), &who(), "nextcloud", raw);
        record.decision = Decision::Rejected;
        record.reason = Some("byte 0x0a at offset 14 is not printable ASCII".into());
        let line = record.to_line();
        assert_eq!(line.matches('\n').count(), 1, "{line}");
        assert!(!line.contains('\0') && !line.contains('\x1b') && !line.contains('\r'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            v["raw"],
            "php occ status\n\0\x1b[2J\r\u{fffd}\u{fffd}\u{fffd} \"q\" \\"
        );
        assert_eq!(v["decision"], "rejected");
        assert_eq!(v["argv"], serde_json::Value::Null);
        assert_eq!(v["exit_code"], serde_json::Value::Null);
        assert_eq!(v["exec_id"], serde_json::Value::Null);
    }

    /// The escaped JSON text of `raw` in `line`, without its quotes.
    fn escaped_raw(line: &str) -> &str {
        let start = line.find("\"raw\":\"").unwrap() + "\"raw\":\"".len();
        let end = line.find("\",\"raw_truncated\"").unwrap();
        &line[start..end]
    }

    #[test]
    fn a_large_payload_is_cut_to_its_start_with_its_length_and_hash() {
        // the issue's 120 KB payload gave a 120 KB line
        let raw = "php occ files:scan ".repeat(6_400).into_bytes();
        assert!(raw.len() > 120_000);
        let line = AuditRecord::new(SystemTime::now(), &who(), "nextcloud", &raw).to_line();
        eprintln!(
            "a {} byte payload gives a {} byte line",
            raw.len(),
            line.len()
        );
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let kept = v["raw"].as_str().unwrap();
        assert_eq!(kept.len(), RAW_KEEP);
        assert!(raw.starts_with(kept.as_bytes()));
        assert_eq!(v["raw_truncated"], true);
        assert_eq!(v["raw_len"], raw.len());
        assert_eq!(v["raw_sha256"], hex::encode(Sha256::digest(&raw)));
        assert!(line.len() < 2 * RAW_KEEP, "{}", line.len());
    }

    #[test]
    fn the_cut_counts_escapes_and_falls_between_characters() {
        // NULs take 6 bytes escaped, `é` 2 bytes of UTF-8, invalid bytes 3 (U+FFFD)
        for (raw, chars) in [
            (vec![0u8; 1000], 170),
            ("é".repeat(600).into_bytes(), 512),
            (vec![0xff; 1000], 341),
            (b"\"".repeat(600), 512),
        ] {
            let line = AuditRecord::new(SystemTime::now(), &who(), "t", &raw).to_line();
            let escaped = escaped_raw(&line);
            assert!(escaped.len() <= RAW_KEEP, "{}", escaped.len());
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            assert_eq!(v["raw"].as_str().unwrap().chars().count(), chars, "{raw:?}");
            assert_eq!(v["raw_truncated"], true);
            assert_eq!(v["raw_len"], raw.len());
        }
        // exactly RAW_KEEP bytes escaped: kept whole
        let raw = "a".repeat(RAW_KEEP - 2) + "\n";
        let v: serde_json::Value = serde_json::from_str(
            &AuditRecord::new(SystemTime::now(), &who(), "t", raw.as_bytes()).to_line(),
        )
        .unwrap();
        assert_eq!(
            (v["raw"].as_str(), &v["raw_truncated"]),
            (Some(raw.as_str()), &serde_json::json!(false))
        );
    }

    #[test]
    fn decisions_are_lowercase_snake_case_words() {
        for (d, s) in [
            (Decision::Allowed, "allowed"),
            (Decision::Rejected, "rejected"),
            (Decision::Refused, "refused"),
            (Decision::NotStarted, "not_started"),
        ] {
            assert_eq!(serde_json::to_value(d).unwrap(), s);
            assert_eq!(d.as_str(), s);
        }
    }
}
