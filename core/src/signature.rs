//! The discovery record's signature: how the controller signs the exact bytes it serves, and
//! how a client decides whether to use them (docs/keys.md §"The signed discovery record").
//!
//! The signature is *detached*: the record's JSON goes out untouched, the signature beside it,
//! as one line
//!
//! ```text
//! keyid=<16 lowercase hex digits>, sig=<standard base64, padded, of the 64-byte signature>
//! ```
//!
//! in the HTTP header [`HEADER`] or in the file `<record file>.sig` ([`FILE_SUFFIX`]). The key
//! id is the first 8 bytes of the SHA-256 of the raw 32-byte ED25519 public key ([`KeyId`]);
//! the signature is plain ED25519 (RFC 8032) over the record's bytes, nothing prefixed.
//!
//! A client keeps one [`Trust`]: the keys of its trust file plus the keys the newest verified
//! record announces (`signing_keys`), and what it last accepted. [`Trust::verify`] checks, in
//! this order, and stops at the first failure, each with its own [`SignatureError`]:
//!
//! 1. a signature came with the record;
//! 2. its line is well formed;
//! 3. its key id is trusted;
//! 4. the signature verifies over the exact bytes;
//! 5. the bytes are a record (schema, shape, parseable `signing_keys`);
//! 6. it has an `expires_at`;
//! 7. that time has not passed;
//! 8. its generation is not older than the last good one's;
//! 9. the same generation came with the same bytes.
//!
//! Generation 0 is not a record but a controller saying it has published none yet (it has
//! just started): checks 8 and 9 do not apply to it, and it changes neither the last good
//! record nor the learned keys, so a client that holds a record and meets a restarted
//! controller waits for its first record instead of refusing it as older, and a replayed
//! generation 0 cannot make it forget an announced key.
//!
//! Only then does the trust learn the record's `signing_keys` (replacing the ones it learned
//! before: a key the controller stopped announcing is forgotten unless the trust file lists
//! it). That is how the signing key rolls without restarting clients: records signed by the
//! current key announce the next one; later records are signed by the next one.
//!
//! Pure: no I/O, and "now" is the caller's.

use std::fmt;
use std::time::SystemTime;

use base64ct::{Base64, Encoding};
use signature::{Signer, Verifier};
use ssh_key::sha2::{Digest, Sha256};
use ssh_key::{Algorithm, PrivateKey, PublicKey};

use crate::discovery::{Record, RecordError};

/// The HTTP response header that carries the signature line of `GET /v1/discovery`.
pub const HEADER: &str = "Bosun-Signature";
/// Appended to a record file's path: the file holding its signature line.
pub const FILE_SUFFIX: &str = ".sig";
/// The length of an ED25519 signature.
const SIGNATURE_LEN: usize = 64;
/// The line's format, for error messages.
const FORMAT: &str = "`keyid=<16 lowercase hex digits>, sig=<base64 of 64 bytes>`";

/// The id of an ED25519 public key: the first 8 bytes of SHA-256 over its raw 32 bytes,
/// shown as 16 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId([u8; 8]);

impl KeyId {
    /// The id of `key`; `None` when it is not an ED25519 key.
    pub fn of(key: &PublicKey) -> Option<KeyId> {
        let raw = key.key_data().ed25519()?;
        let digest = Sha256::digest(raw.0);
        let mut id = [0; 8];
        id.copy_from_slice(&digest[..8]);
        Some(KeyId(id))
    }

    /// 16 lowercase hex digits.
    fn parse(text: &str) -> Option<KeyId> {
        let lower_hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
        if text.len() != 16 || !text.bytes().all(|b| lower_hex(&b)) {
            return None;
        }
        let mut id = [0; 8];
        for (i, byte) in id.iter_mut().enumerate() {
            *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(KeyId(id))
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

/// One signature line: who signed, and the signature.
#[derive(Clone, PartialEq, Eq)]
pub struct SignatureLine {
    pub key_id: KeyId,
    signature: [u8; SIGNATURE_LEN],
}

impl SignatureLine {
    /// Signs `bytes` with `key` (ED25519 only).
    pub fn sign(key: &PrivateKey, bytes: &[u8]) -> Result<SignatureLine, SignatureError> {
        let cannot = |reason: String| SignatureError::CannotSign { reason };
        let key_id = KeyId::of(key.public_key()).ok_or_else(|| {
            cannot(format!(
                "{} keys cannot sign: ED25519 only",
                key.algorithm()
            ))
        })?;
        let signed: ssh_key::Signature = key.try_sign(bytes).map_err(|e| cannot(e.to_string()))?;
        let signature = signed
            .as_bytes()
            .try_into()
            .map_err(|_| cannot(format!("{} signature bytes", signed.as_bytes().len())))?;
        Ok(SignatureLine { key_id, signature })
    }

    /// Parses a line (surrounding whitespace, such as a file's trailing newline, is ignored).
    pub fn parse(text: &str) -> Result<SignatureLine, SignatureError> {
        let bad = |reason: &str| SignatureError::Malformed {
            reason: reason.to_owned(),
        };
        let text = text.trim();
        let rest = text
            .strip_prefix("keyid=")
            .ok_or_else(|| bad("it does not start with `keyid=`"))?;
        let (kid, sig) = rest
            .split_once(", ")
            .ok_or_else(|| bad("no `, ` after the key id"))?;
        let key_id = KeyId::parse(kid)
            .ok_or_else(|| bad(&format!("key id {kid:?} is not 16 lowercase hex digits")))?;
        let sig = sig
            .strip_prefix("sig=")
            .ok_or_else(|| bad("no `sig=` after the key id"))?;
        let decoded = Base64::decode_vec(sig)
            .map_err(|_| bad("the signature is not standard base64 with padding"))?;
        let signature = decoded.as_slice().try_into().map_err(|_| {
            bad(&format!(
                "the signature is {} bytes, not {SIGNATURE_LEN}",
                decoded.len()
            ))
        })?;
        Ok(SignatureLine { key_id, signature })
    }

    /// Whether the signature verifies over `bytes` with `key`.
    pub fn verifies(&self, key: &PublicKey, bytes: &[u8]) -> bool {
        ssh_key::Signature::new(Algorithm::Ed25519, self.signature.to_vec())
            .is_ok_and(|sig| Verifier::verify(key, bytes, &sig).is_ok())
    }
}

impl fmt::Display for SignatureLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "keyid={}, sig={}",
            self.key_id,
            Base64::encode_string(&self.signature)
        )
    }
}

impl fmt::Debug for SignatureLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SignatureLine({self})")
    }
}

/// Why a record is refused (or cannot be signed). Each says what was found.
#[derive(Debug, thiserror::Error)]
pub enum SignatureError {
    #[error("unsigned: no signature came with the record")]
    Unsigned,
    #[error("malformed signature line: {reason} (expected {FORMAT})")]
    Malformed { reason: String },
    #[error(
        "signed by unknown key id {key_id}; trusted key ids: {}",
        list(trusted)
    )]
    UnknownKey { key_id: KeyId, trusted: Vec<KeyId> },
    #[error(
        "bad signature: the record's bytes do not verify with key id {key_id} (changed on the way, or signed over other bytes)"
    )]
    BadSignature { key_id: KeyId },
    #[error("{0}")]
    NotARecord(#[source] RecordError),
    #[error("the record has no expires_at: a signed record must say until when it is valid")]
    NoExpiry,
    #[error(
        "the record's expires_at {value:?} is not an RFC 3339 UTC time like 2026-12-02T15:00:00.000Z: {reason}"
    )]
    BadExpiry { value: String, reason: String },
    #[error("the record expired at {expired_at} (now {now})")]
    Expired { expired_at: String, now: String },
    #[error("generation {generation} is older than the last good record's generation {last}")]
    OlderGeneration { generation: u64, last: u64 },
    #[error(
        "generation {generation} came again with other bytes than the last good record of that generation"
    )]
    SameGenerationOtherBytes { generation: u64 },
    #[error("cannot sign the record: {reason}")]
    CannotSign { reason: String },
}

fn list(ids: &[KeyId]) -> String {
    if ids.is_empty() {
        return "none".into();
    }
    ids.iter()
        .map(KeyId::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A record that passed every check.
#[derive(Debug, Clone)]
pub struct Verified {
    pub record: Record,
    /// The key that signed it.
    pub key_id: KeyId,
    /// Its `expires_at`, parsed.
    pub expires_at: SystemTime,
}

/// What the last good record was, to refuse going back.
#[derive(Debug, Clone, Copy)]
struct LastGood {
    generation: u64,
    digest: [u8; 32],
}

/// The keys a client trusts, and the last record it accepted.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// From the trust file.
    configured: Vec<PublicKey>,
    /// The `signing_keys` of the newest verified record.
    learned: Vec<PublicKey>,
    last: Option<LastGood>,
}

impl Trust {
    /// Trusts `keys` (a trust file's); nothing learned or accepted yet.
    pub fn new(keys: Vec<PublicKey>) -> Trust {
        Trust {
            configured: keys,
            ..Trust::default()
        }
    }

    /// Replaces the trust file's keys (it changed); learned keys and the last good record stay.
    pub fn set_configured(&mut self, keys: Vec<PublicKey>) {
        self.configured = keys;
    }

    /// The ids of every trusted key, sorted, each once.
    pub fn key_ids(&self) -> Vec<KeyId> {
        let mut ids: Vec<KeyId> = self.keys().filter_map(KeyId::of).collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The generation of the last good record, if one was accepted.
    pub fn last_generation(&self) -> Option<u64> {
        self.last.map(|l| l.generation)
    }

    fn keys(&self) -> impl Iterator<Item = &PublicKey> {
        self.configured.iter().chain(&self.learned)
    }

    fn key(&self, id: KeyId) -> Option<&PublicKey> {
        self.keys().find(|k| KeyId::of(k) == Some(id))
    }

    /// Checks 1–4: `line` is a well-formed signature over `bytes` by a trusted key. Returns
    /// that key's id. Learns and remembers nothing.
    pub fn check_signature(
        &self,
        bytes: &[u8],
        line: Option<&str>,
    ) -> Result<KeyId, SignatureError> {
        let line = SignatureLine::parse(line.ok_or(SignatureError::Unsigned)?)?;
        let key_id = line.key_id;
        let key = self.key(key_id).ok_or_else(|| SignatureError::UnknownKey {
            key_id,
            trusted: self.key_ids(),
        })?;
        if !line.verifies(key, bytes) {
            return Err(SignatureError::BadSignature { key_id });
        }
        Ok(key_id)
    }

    /// Every check (1–9, see the module comment), at `now`. On success the record is the last
    /// good one and its `signing_keys` are trusted from now on.
    pub fn verify(
        &mut self,
        bytes: &[u8],
        line: Option<&str>,
        now: SystemTime,
    ) -> Result<Verified, SignatureError> {
        let key_id = self.check_signature(bytes, line)?;
        let record = Record::from_json(bytes).map_err(SignatureError::NotARecord)?;
        let announced = record
            .parse_signing_keys()
            .map_err(SignatureError::NotARecord)?;
        let expires_at = expiry(&record, now)?;
        let digest: [u8; 32] = Sha256::digest(bytes).into();
        if record.generation == 0 {
            return Ok(Verified {
                record,
                key_id,
                expires_at,
            });
        }
        if let Some(last) = self.last {
            if record.generation < last.generation {
                return Err(SignatureError::OlderGeneration {
                    generation: record.generation,
                    last: last.generation,
                });
            }
            if record.generation == last.generation && digest != last.digest {
                return Err(SignatureError::SameGenerationOtherBytes {
                    generation: record.generation,
                });
            }
        }
        self.learned = announced;
        self.last = Some(LastGood {
            generation: record.generation,
            digest,
        });
        Ok(Verified {
            record,
            key_id,
            expires_at,
        })
    }
}

/// Checks 6–7: the record's `expires_at`, parsed, still ahead of `now`.
fn expiry(record: &Record, now: SystemTime) -> Result<SystemTime, SignatureError> {
    let value = record
        .expires_at
        .as_deref()
        .ok_or(SignatureError::NoExpiry)?;
    let at = parse_time(value).map_err(|reason| SignatureError::BadExpiry {
        value: value.to_owned(),
        reason,
    })?;
    if now >= at {
        return Err(SignatureError::Expired {
            expired_at: value.to_owned(),
            now: format_time(now),
        });
    }
    Ok(at)
}

/// `t` as the record writes times: RFC 3339, UTC, milliseconds (`2026-12-02T15:00:00.000Z`).
pub fn format_time(t: SystemTime) -> String {
    humantime::format_rfc3339_millis(t).to_string()
}

/// An RFC 3339 UTC time (`Z`, optional fraction), as `expires_at` holds.
pub fn parse_time(text: &str) -> Result<SystemTime, String> {
    humantime::parse_rfc3339(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::time::Duration;

    use ssh_key::private::Ed25519Keypair;

    use crate::keys;

    /// RFC 8032 §7.1, test 1: the secret key, its public key and the signature of "".
    const RFC8032_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const RFC8032_SIGNATURE: &str =
        "5VZDAMNgrHKQhuLMgG6CioSHfx645dl02HPgZSJJAVVfuIIVkKM7rMYeOXAc+bRr0lv18FlbviRlUUFDjnoQCw==";
    /// The first 8 bytes of SHA-256 over its public key d75a9801…f707511a (computed apart).
    const RFC8032_KEY_ID: &str = "21fe31dfa154a261";

    fn rfc8032_key() -> PrivateKey {
        let mut seed = [0u8; 32];
        for (i, b) in seed.iter_mut().enumerate() {
            *b = u8::from_str_radix(&RFC8032_SEED[2 * i..2 * i + 2], 16).unwrap();
        }
        PrivateKey::from(Ed25519Keypair::from_seed(&seed))
    }

    fn t(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    /// A record's bytes: `generation`, valid until `expires` (Unix seconds), announcing
    /// `announced`.
    fn record(generation: u64, expires: Option<u64>, announced: &[&PrivateKey]) -> Vec<u8> {
        let mut r = Record::new(generation, BTreeMap::new());
        r.expires_at = expires.map(|s| format_time(t(s)));
        r.signing_keys = announced
            .iter()
            .map(|k| keys::public_openssh(k.public_key()).unwrap())
            .collect();
        r.to_json().into_bytes()
    }

    fn sign(key: &PrivateKey, bytes: &[u8]) -> String {
        SignatureLine::sign(key, bytes).unwrap().to_string()
    }

    fn trusting(keys: &[&PrivateKey]) -> Trust {
        Trust::new(keys.iter().map(|k| k.public_key().clone()).collect())
    }

    const NOW: u64 = 1_800_000_000;

    fn verify(trust: &mut Trust, bytes: &[u8], line: &str) -> Result<Verified, SignatureError> {
        trust.verify(bytes, Some(line), t(NOW))
    }

    #[test]
    fn the_line_is_rfc8032_ed25519_over_the_bytes_with_the_sha256_key_id() {
        let key = rfc8032_key();
        let line = SignatureLine::sign(&key, b"").unwrap();
        assert_eq!(
            line.to_string(),
            format!("keyid={RFC8032_KEY_ID}, sig={RFC8032_SIGNATURE}")
        );
        assert_eq!(
            KeyId::of(key.public_key()).unwrap().to_string(),
            RFC8032_KEY_ID
        );
        let parsed = SignatureLine::parse(&format!("{line}\n")).unwrap();
        assert_eq!(parsed, line);
        assert!(parsed.verifies(key.public_key(), b""));
        assert!(!parsed.verifies(key.public_key(), b" "));
    }

    #[test]
    fn malformed_lines_say_what_is_wrong() {
        let good = sign(&rfc8032_key(), b"x");
        let (kid, sig) = good.split_once(", ").unwrap();
        for (line, says) in [
            ("sig=abc".to_owned(), "does not start with `keyid=`"),
            (kid.to_owned(), "no `, ` after the key id"),
            (format!("{kid},{sig}"), "no `, ` after the key id"),
            (good.to_uppercase(), "does not start with `keyid=`"),
            (
                good.replacen("keyid=", "keyid=A", 1),
                "is not 16 lowercase hex digits",
            ),
            (
                format!("keyid=21fe31dfa154a26g, {sig}"),
                "is not 16 lowercase hex digits",
            ),
            (format!("{kid}, sag=AAAA"), "no `sig=` after the key id"),
            (
                format!("{kid}, sig=!!!!"),
                "not standard base64 with padding",
            ),
            (
                format!("{kid}, sig={}", &sig[4..sig.len() - 2]),
                "not standard base64 with padding",
            ),
            (format!("{kid}, sig=AAAA"), "is 3 bytes, not 64"),
        ] {
            let err = SignatureLine::parse(&line).unwrap_err();
            assert!(matches!(err, SignatureError::Malformed { .. }), "{line}");
            let text = err.to_string();
            assert!(
                text.starts_with("malformed signature line: ") && text.contains(says),
                "{line}: {text}"
            );
        }
    }

    #[test]
    fn a_record_signed_by_a_trusted_key_verifies_and_says_so() {
        let key = keys::generate("v1").unwrap();
        let mut trust = trusting(&[&key]);
        let bytes = record(7, Some(NOW + 3600), &[&key]);
        let verified = verify(&mut trust, &bytes, &sign(&key, &bytes)).unwrap();
        assert_eq!(verified.record.generation, 7);
        assert_eq!(verified.key_id, KeyId::of(key.public_key()).unwrap());
        assert_eq!(verified.expires_at, t(NOW + 3600));
        assert_eq!(trust.last_generation(), Some(7));
    }

    #[test]
    fn unsigned_unknown_and_bad_signatures_are_refused_each_with_its_reason() {
        let key = keys::generate("v1").unwrap();
        let other = keys::generate("other").unwrap();
        let mut trust = trusting(&[&key]);
        let bytes = record(7, Some(NOW + 3600), &[]);

        let err = trust.verify(&bytes, None, t(NOW)).unwrap_err();
        assert!(matches!(err, SignatureError::Unsigned), "{err}");
        assert_eq!(
            err.to_string(),
            "unsigned: no signature came with the record"
        );

        let err = verify(&mut trust, &bytes, &sign(&other, &bytes)).unwrap_err();
        let (kid, trusted) = (
            KeyId::of(other.public_key()).unwrap(),
            KeyId::of(key.public_key()).unwrap(),
        );
        assert_eq!(
            err.to_string(),
            format!("signed by unknown key id {kid}; trusted key ids: {trusted}")
        );
        let err = Trust::default().check_signature(&bytes, Some(&sign(&key, &bytes)));
        assert!(
            err.unwrap_err()
                .to_string()
                .ends_with("trusted key ids: none")
        );

        let mut tampered = bytes.clone();
        let at = tampered.len() - 2;
        tampered[at] = b' ';
        let err = verify(&mut trust, &tampered, &sign(&key, &bytes)).unwrap_err();
        assert!(matches!(err, SignatureError::BadSignature { .. }), "{err}");
        assert!(
            err.to_string().starts_with(&format!(
                "bad signature: the record's bytes do not verify with key id {trusted}"
            )),
            "{err}"
        );
        // nothing of the refused ones was taken
        assert_eq!(trust.last_generation(), None);
    }

    #[test]
    fn signed_bytes_must_be_a_record_with_a_valid_future_expiry() {
        let key = keys::generate("v1").unwrap();
        let mut trust = trusting(&[&key]);
        let mut check = |bytes: &[u8]| verify(&mut trust, bytes, &sign(&key, bytes)).unwrap_err();

        let err = check(b"<html>");
        assert!(matches!(err, SignatureError::NotARecord(_)), "{err}");
        assert!(
            err.to_string().starts_with("not a discovery record: "),
            "{err}"
        );

        let err = check(&record(7, None, &[]));
        assert!(matches!(err, SignatureError::NoExpiry), "{err}");
        assert_eq!(
            err.to_string(),
            "the record has no expires_at: a signed record must say until when it is valid"
        );

        let text = String::from_utf8(record(7, Some(NOW + 10), &[])).unwrap();
        let bad = text.replace(&format_time(t(NOW + 10)), "tomorrow");
        let err = check(bad.as_bytes());
        assert!(matches!(err, SignatureError::BadExpiry { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with("the record's expires_at \"tomorrow\" is not an RFC 3339"),
            "{err}"
        );

        let err = check(&record(7, Some(NOW), &[]));
        assert_eq!(
            err.to_string(),
            "the record expired at 2027-01-15T08:00:00.000Z (now 2027-01-15T08:00:00.000Z)"
        );
        let err = check(&record(7, Some(NOW - 60), &[]));
        assert!(matches!(err, SignatureError::Expired { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with("the record expired at 2027-01-15T07:59:00.000Z"),
            "{err}"
        );

        let mut r = Record::from_json(&record(7, Some(NOW + 10), &[])).unwrap();
        r.signing_keys = vec!["ssh-rsa AAAAB3NzaC1yc2E x".into()];
        let err = check(r.to_json().as_bytes());
        assert!(
            err.to_string()
                .starts_with("signing key 1 in the discovery record: expected `ssh-ed25519"),
            "{err}"
        );
    }

    #[test]
    fn generations_never_go_back_nor_change_their_bytes() {
        let key = keys::generate("v1").unwrap();
        let mut trust = trusting(&[&key]);
        let g2 = record(2_000, Some(NOW + 60), &[]);
        verify(&mut trust, &g2, &sign(&key, &g2)).unwrap();

        let g1 = record(1_000, Some(NOW + 60), &[]);
        let err = verify(&mut trust, &g1, &sign(&key, &g1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "generation 1000 is older than the last good record's generation 2000"
        );

        let other = record(2_000, Some(NOW + 120), &[]);
        let err = verify(&mut trust, &other, &sign(&key, &other)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "generation 2000 came again with other bytes than the last good record of that generation"
        );
        // the same bytes again (a file read twice, another replica) are fine
        verify(&mut trust, &g2, &sign(&key, &g2)).unwrap();
        let g3 = record(3_000, Some(NOW + 60), &[]);
        verify(&mut trust, &g3, &sign(&key, &g3)).unwrap();
        assert_eq!(trust.last_generation(), Some(3_000));
    }

    #[test]
    fn generation_0_is_nothing_yet_and_changes_nothing() {
        let (v1, v2) = (keys::generate("v1").unwrap(), keys::generate("v2").unwrap());
        let mut trust = trusting(&[&v1]);
        let g2 = record(2_000, Some(NOW + 60), &[&v1, &v2]);
        verify(&mut trust, &g2, &sign(&v1, &g2)).unwrap();
        // a restarted controller, before its first record: verified, not "older"
        let nothing = record(0, Some(NOW + 60), &[&v1]);
        let verified = verify(&mut trust, &nothing, &sign(&v1, &nothing)).unwrap();
        assert_eq!(verified.record.generation, 0);
        // ... and it neither replaced the last good record nor made v2 forgotten
        assert_eq!(trust.last_generation(), Some(2_000));
        let by_v2 = record(3_000, Some(NOW + 60), &[&v2]);
        verify(&mut trust, &by_v2, &sign(&v2, &by_v2)).unwrap();
        // still checked for what every record must be: signed, by a trusted key
        let stranger = keys::generate("x").unwrap();
        let err = verify(&mut trust, &nothing, &sign(&stranger, &nothing)).unwrap_err();
        assert!(matches!(err, SignatureError::UnknownKey { .. }), "{err}");
    }

    #[test]
    fn the_next_key_is_learned_from_a_verified_record_and_forgotten_when_no_longer_announced() {
        let (v1, v2, v3) = (
            keys::generate("v1").unwrap(),
            keys::generate("v2").unwrap(),
            keys::generate("v3").unwrap(),
        );
        let id = |k: &PrivateKey| KeyId::of(k.public_key()).unwrap();
        let mut trust = trusting(&[&v1]);
        let accept = |trust: &mut Trust, g: u64, by: &PrivateKey, announced: &[&PrivateKey]| {
            let bytes = record(g, Some(NOW + 60), announced);
            verify(trust, &bytes, &sign(by, &bytes))
        };
        // before it is announced, v2 is a stranger
        let err = accept(&mut trust, 1, &v2, &[&v2]).unwrap_err();
        assert!(matches!(err, SignatureError::UnknownKey { .. }), "{err}");

        // v1 announces v2: v2 signs the next records, without a new trust file
        accept(&mut trust, 2, &v1, &[&v1, &v2]).unwrap();
        let mut ids = vec![id(&v1), id(&v2)];
        ids.sort();
        assert_eq!(trust.key_ids(), ids);
        let verified = accept(&mut trust, 3, &v2, &[&v2, &v3]).unwrap();
        assert_eq!(verified.key_id, id(&v2));
        accept(&mut trust, 4, &v3, &[&v3]).unwrap();

        // v2 is no longer announced: forgotten; v1 stays, from the trust file
        let err = accept(&mut trust, 5, &v2, &[&v2]).unwrap_err();
        assert!(matches!(err, SignatureError::UnknownKey { .. }), "{err}");
        accept(&mut trust, 5, &v1, &[&v1]).unwrap();

        // a refused record teaches nothing
        let stranger = keys::generate("x").unwrap();
        let bytes = record(6, Some(NOW - 1), &[&stranger]);
        assert!(verify(&mut trust, &bytes, &sign(&v1, &bytes)).is_err());
        let err = accept(&mut trust, 7, &stranger, &[]).unwrap_err();
        assert!(matches!(err, SignatureError::UnknownKey { .. }), "{err}");

        // a new trust file replaces the configured keys only
        trust.set_configured(vec![v3.public_key().clone()]);
        assert_eq!(trust.key_ids(), {
            let mut ids = vec![id(&v1), id(&v3)];
            ids.sort();
            ids.dedup();
            ids
        });
    }

    #[test]
    fn times_are_rfc3339_utc_with_milliseconds() {
        let at = t(NOW) + Duration::from_millis(5);
        assert_eq!(format_time(at), "2027-01-15T08:00:00.005Z");
        assert_eq!(parse_time("2027-01-15T08:00:00.005Z").unwrap(), at);
        assert_eq!(parse_time("2027-01-15T08:00:00Z").unwrap(), t(NOW));
        assert!(parse_time("2027-01-15 08:00").is_err());
    }
}
