//! ED25519 keys for both ends of bosun's SSH: loading a private key, parsing lists of public
//! keys (the proxy's authorized keys, the client's pinned host keys) and making new keypairs.
//!
//! Lists use the OpenSSH one-key-per-line format (`ssh-ed25519 AAAA… comment`). bosun accepts
//! nothing but plain ED25519 keys: any other algorithm, a certificate, or an options prefix
//! (`command="…" ssh-ed25519 …`) makes the whole list invalid, so a mistake is loud rather than
//! silently ignored.

use std::path::Path;

use ssh_key::LineEnding;
use ssh_key::{Algorithm, HashAlg};

/// The key types (ssh-key's, the very ones russh signs with), for crates that do not depend on
/// ssh-key themselves.
pub use ssh_key::{PrivateKey, PublicKey};

/// A key file or key list that bosun cannot use, with where and why.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{origin}: not an OpenSSH private key: {reason}")]
    BadPrivateKey { origin: String, reason: String },
    #[error("{origin}: line {line}: {reason}")]
    BadPublicKey {
        origin: String,
        line: usize,
        reason: String,
    },
    #[error("{origin}: {algorithm} keys are not accepted; bosun uses ssh-ed25519 only")]
    NotEd25519 { origin: String, algorithm: String },
    #[error("cannot generate a key: {0}")]
    Generate(String),
}

/// Reads an unencrypted OpenSSH ED25519 private key from `path`.
pub fn load_private_key(path: &Path) -> Result<PrivateKey, KeyError> {
    let text = read(path)?;
    parse_private_key(&text, &path.display().to_string())
}

/// Parses an unencrypted OpenSSH ED25519 private key; `origin` names it in errors.
pub fn parse_private_key(text: &str, origin: &str) -> Result<PrivateKey, KeyError> {
    let key = PrivateKey::from_openssh(text).map_err(|e| KeyError::BadPrivateKey {
        origin: origin.to_owned(),
        reason: e.to_string(),
    })?;
    if key.is_encrypted() {
        return Err(KeyError::BadPrivateKey {
            origin: origin.to_owned(),
            reason: "the key is encrypted; bosun reads keys from Docker secrets, unencrypted"
                .into(),
        });
    }
    if key.algorithm() != Algorithm::Ed25519 {
        return Err(KeyError::NotEd25519 {
            origin: origin.to_owned(),
            algorithm: key.algorithm().to_string(),
        });
    }
    Ok(key)
}

/// Reads a list of ED25519 public keys from `path` (see [`parse_public_keys`]).
pub fn load_public_keys(path: &Path) -> Result<Vec<PublicKey>, KeyError> {
    let text = read(path)?;
    parse_public_keys(&text, &path.display().to_string())
}

/// Parses one ED25519 public key per line; blank lines and `#` comments are skipped.
pub fn parse_public_keys(text: &str, origin: &str) -> Result<Vec<PublicKey>, KeyError> {
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |reason: String| KeyError::BadPublicKey {
            origin: origin.to_owned(),
            line: i + 1,
            reason,
        };
        if !line.starts_with("ssh-ed25519 ") {
            let first = line.split_whitespace().next().unwrap_or_default();
            return Err(bad(format!(
                "expected `ssh-ed25519 <base64> [comment]`, found `{first}…` (other algorithms, certificates and options are not accepted)"
            )));
        }
        let key = PublicKey::from_openssh(line).map_err(|e| bad(e.to_string()))?;
        keys.push(key);
    }
    Ok(keys)
}

/// A new random ED25519 keypair with `comment`.
pub fn generate(comment: &str) -> Result<PrivateKey, KeyError> {
    let mut key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .map_err(|e| KeyError::Generate(e.to_string()))?;
    key.set_comment(comment);
    Ok(key)
}

/// The OpenSSH text of a private key (what goes into a Docker secret).
pub fn private_openssh(key: &PrivateKey) -> Result<String, KeyError> {
    key.to_openssh(LineEnding::LF)
        .map(|s| s.to_string())
        .map_err(|e| KeyError::Generate(e.to_string()))
}

/// The one-line OpenSSH text of a public key.
pub fn public_openssh(key: &PublicKey) -> Result<String, KeyError> {
    key.to_openssh()
        .map_err(|e| KeyError::Generate(e.to_string()))
}

/// `SHA256:…`, as OpenSSH prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// Whether `key` is in `keys`, comparing key material only (comments are ignored).
pub fn contains(keys: &[PublicKey], key: &PublicKey) -> bool {
    keys.iter().any(|k| k.key_data() == key.key_data())
}

fn read(path: &Path) -> Result<String, KeyError> {
    std::fs::read_to_string(path).map_err(|source| KeyError::Read {
        path: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_round_trip_through_openssh_text() {
        let key = generate("test@bosun").unwrap();
        let text = private_openssh(&key).unwrap();
        let back = parse_private_key(&text, "mem").unwrap();
        assert_eq!(back.public_key().key_data(), key.public_key().key_data());
        let line = public_openssh(key.public_key()).unwrap();
        assert!(
            line.starts_with("ssh-ed25519 ") && line.ends_with(" test@bosun"),
            "{line}"
        );
        let keys = parse_public_keys(&format!("# pinned\n\n{line}\n"), "mem").unwrap();
        assert_eq!(keys.len(), 1);
        assert!(contains(&keys, key.public_key()));
        assert!(!contains(&keys, generate("other").unwrap().public_key()));
        assert!(fingerprint(key.public_key()).starts_with("SHA256:"));
    }

    #[test]
    fn only_plain_ed25519_lines_are_accepted() {
        let ok = public_openssh(generate("a").unwrap().public_key()).unwrap();
        for bad in [
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 x",
            "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY= x",
            "ssh-ed25519-cert-v01@openssh.com AAAA x",
            "sk-ssh-ed25519@openssh.com AAAA x",
            &format!("command=\"id\" {ok}"),
            &format!("no-pty {ok}"),
            "ssh-ed25519 not-base64!!",
            "ssh-ed25519",
        ] {
            let err = parse_public_keys(&format!("{ok}\n{bad}\n"), "authorized_keys").unwrap_err();
            assert!(
                err.to_string().starts_with("authorized_keys: line 2: "),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn private_key_errors_say_what_is_wrong() {
        let err = parse_private_key("not a key", "/run/secrets/k").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("/run/secrets/k: not an OpenSSH private key"),
            "{err}"
        );
        let err = load_private_key(Path::new("/nonexistent/k")).unwrap_err();
        assert!(
            err.to_string().starts_with("cannot read /nonexistent/k"),
            "{err}"
        );
    }
}
