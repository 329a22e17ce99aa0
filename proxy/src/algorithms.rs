//! What the SSH server offers, most preferred first (russh's [`Preferred`]).
//!
//! Modern algorithms only, but enough for the oldest clients bosun meets: the stock OpenSSH
//! client (9.2 in Debian 12, which negotiates `curve25519-sha256` and
//! `chacha20-poly1305@openssh.com`; 9.9 and later take the post-quantum hybrid) and Paramiko
//! 2.12 (Debian 12's `python3-paramiko`: curve25519 only as `curve25519-sha256@libssh.org`, no
//! AEAD cipher, so AES-CTR with an HMAC). Left out on purpose: the Diffie-Hellman group
//! exchange and fixed groups (slow, and a client can make the server do big modular
//! exponentiations before it authenticates), NIST curves, SHA-1, CBC, RSA and DSA host keys,
//! and compression (`zlib` before authentication is attack surface for nothing; commands'
//! output is small). `tests/preauth/algorithms.rs` reads the server's KEXINIT off the wire, and
//! `tests/preauth/paramiko.rs` logs in with Paramiko.

use std::borrow::Cow;

use russh::keys::Algorithm;
use russh::{Preferred, cipher, compression, kex, mac};

/// Key exchanges, most preferred first: the post-quantum hybrid (OpenSSH 9.9 and later), then
/// curve25519 under both its names (Paramiko 2.12 knows only the `@libssh.org` one). No
/// Diffie-Hellman group exchange, no NIST curves. Then two markers: `ext-info-s` (RFC 8308)
/// and OpenSSH's strict key exchange, which closes the Terrapin prefix truncation for every
/// client that offers it (OpenSSH 9.6 and later, russh).
const KEX: &[kex::Name] = &[
    kex::MLKEM768X25519_SHA256,
    kex::CURVE25519,
    kex::CURVE25519_PRE_RFC_8731,
    kex::EXTENSION_SUPPORT_AS_SERVER,
    kex::EXTENSION_OPENSSH_STRICT_KEX_AS_SERVER,
];
/// The host key is ED25519, and so is every key the proxy accepts.
const HOST_KEY_ALGORITHMS: &[Algorithm] = &[Algorithm::Ed25519];
/// AEAD ciphers first; the AES-CTR ones (with the MACs below) for Paramiko 2.12, which has no
/// AEAD cipher.
const CIPHERS: &[cipher::Name] = &[
    cipher::CHACHA20_POLY1305,
    cipher::AES_256_GCM,
    cipher::AES_128_GCM,
    cipher::AES_256_CTR,
    cipher::AES_192_CTR,
    cipher::AES_128_CTR,
];
/// SHA-2 only, encrypt-then-MAC first (used with the CTR ciphers; AEAD ciphers need none).
const MACS: &[mac::Name] = &[
    mac::HMAC_SHA512_ETM,
    mac::HMAC_SHA256_ETM,
    mac::HMAC_SHA512,
    mac::HMAC_SHA256,
];
/// No compression, before or after authentication: commands' output is small, and zlib
/// before authentication is attack surface for nothing.
const COMPRESSION: &[compression::Name] = &[compression::NONE];

/// The algorithms the proxy offers.
pub(crate) fn preferred() -> Preferred {
    Preferred {
        kex: Cow::Borrowed(KEX),
        key: Cow::Borrowed(HOST_KEY_ALGORITHMS),
        host_key_certificates: Cow::Borrowed(&[]),
        cipher: Cow::Borrowed(CIPHERS),
        mac: Cow::Borrowed(MACS),
        compression: Cow::Borrowed(COMPRESSION),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<T: AsRef<str>>(list: &[T]) -> Vec<&str> {
        list.iter().map(AsRef::as_ref).collect()
    }

    #[test]
    fn key_exchanges_are_curve25519_and_the_hybrid_with_strict_kex() {
        let offer = preferred();
        assert_eq!(
            names(&offer.kex),
            [
                "mlkem768x25519-sha256",
                "curve25519-sha256",
                "curve25519-sha256@libssh.org",
                "ext-info-s",
                "kex-strict-s-v00@openssh.com",
            ]
        );
        assert!(
            !names(&offer.kex)
                .iter()
                .any(|k| k.starts_with("diffie-hellman"))
        );
    }

    #[test]
    fn the_host_key_is_ed25519_and_nothing_is_compressed() {
        let offer = preferred();
        assert_eq!(&*offer.key, [Algorithm::Ed25519]);
        assert!(offer.host_key_certificates.is_empty());
        assert_eq!(names(&offer.compression), ["none"]);
    }

    #[test]
    fn ciphers_and_macs_keep_paramiko_2_12_and_openssh_9_2() {
        let offer = preferred();
        let ciphers = names(&offer.cipher);
        let macs = names(&offer.mac);
        // OpenSSH 9.2's first choices
        assert_eq!(ciphers[0], "chacha20-poly1305@openssh.com");
        assert!(ciphers.contains(&"aes256-gcm@openssh.com"));
        // Paramiko 2.12: AES-CTR and a SHA-2 HMAC
        assert!(ciphers.contains(&"aes128-ctr") && ciphers.contains(&"aes256-ctr"));
        assert!(macs.contains(&"hmac-sha2-256") && macs.contains(&"hmac-sha2-512"));
        assert_eq!(macs[0], "hmac-sha2-512-etm@openssh.com");
        for weak in ["cbc", "3des", "sha1", "none"] {
            assert!(
                !ciphers.iter().chain(&macs).any(|n| n.contains(weak)),
                "{weak}"
            );
        }
    }
}
