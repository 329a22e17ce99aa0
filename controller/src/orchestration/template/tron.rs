//! The `tron-address` format: a TRON account address as wallets write it.
//!
//! Such an address is Base58Check: 21 bytes (the version byte 0x41, then the 20-byte account)
//! followed by the first 4 bytes of SHA-256(SHA-256(those 21 bytes)), 25 bytes in all, written
//! in Bitcoin's Base58 alphabet. 0x41 makes every such text 34 characters long and start with
//! `T`. The `bs58` crate decodes and verifies the checksum and the version byte; the cheap
//! checks (length, first character) come first, so a long hostile string is refused before any
//! decoding. A reason never quotes the value.

/// The version byte of a TRON mainnet address.
pub const TRON_VERSION: u8 = 0x41;
/// The text's length, and the payload's (version + account, without the checksum).
const TEXT_LEN: usize = 34;
const PAYLOAD_LEN: usize = 21;

/// Whether `value` is a TRON address; the error is the reason, without the value.
pub fn check_tron_address(value: &str) -> Result<(), &'static str> {
    if value.len() != TEXT_LEN {
        return Err("is not a TRON address: it must be 34 characters");
    }
    if !value.starts_with('T') {
        return Err("is not a TRON address: it must start with `T`");
    }
    let payload = bs58::decode(value)
        .with_check(Some(TRON_VERSION))
        .into_vec()
        .map_err(|error| match error {
            bs58::decode::Error::InvalidCharacter { .. }
            | bs58::decode::Error::NonAsciiCharacter { .. } => {
                "is not a TRON address: it is not Base58"
            }
            bs58::decode::Error::InvalidChecksum { .. } => {
                "is not a TRON address: its checksum does not match"
            }
            bs58::decode::Error::InvalidVersion { .. } => {
                "is not a TRON address: its version byte is not 0x41"
            }
            _ => "is not a TRON address",
        })?;
    if payload.len() != PAYLOAD_LEN {
        return Err("is not a TRON address: it does not decode to 25 bytes");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;

    /// Two addresses seen on the TRON mainnet.
    const REAL: [&str; 2] = [
        "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    ];

    const ALPHABET: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// The test's own Base58Check, not the crate's: the version byte and the double SHA-256.
    fn verified_by_hand(address: &str) -> bool {
        let Ok(bytes) = bs58::decode(address).into_vec() else {
            return false;
        };
        let (payload, checksum) = bytes.split_at(bytes.len().saturating_sub(4));
        let digest = Sha256::digest(Sha256::digest(payload));
        bytes.len() == 25 && payload[0] == 0x41 && checksum == &digest[..4]
    }

    #[test]
    fn real_addresses_are_accepted_and_verify_by_hand() {
        for address in REAL {
            assert!(verified_by_hand(address), "{address}");
            assert_eq!(check_tron_address(address), Ok(()), "{address}");
        }
    }

    #[test]
    fn every_one_character_corruption_is_refused() {
        for address in REAL {
            for (i, original) in address.char_indices() {
                for replacement in ALPHABET.chars().filter(|c| *c != original) {
                    let mut corrupted = address.to_string();
                    corrupted.replace_range(i..=i, &replacement.to_string());
                    assert!(!verified_by_hand(&corrupted), "{corrupted}");
                    assert!(check_tron_address(&corrupted).is_err(), "{corrupted}");
                }
                let mut dropped = address.to_string();
                dropped.remove(i);
                assert!(check_tron_address(&dropped).is_err(), "{dropped}");
            }
        }
    }

    #[test]
    fn each_refusal_says_why() {
        let [good, _] = REAL;
        let reason = |v: &str| check_tron_address(v).unwrap_err();
        assert!(reason(&good[1..]).contains("34 characters"));
        assert!(reason(&format!("{good}1")).contains("34 characters"));
        assert!(reason(&good.replacen('T', "A", 1)).contains("start with `T`"));
        assert!(reason(&good.replacen('L', "0", 1)).contains("not Base58"));
        assert!(reason(&good.replacen('L', "é", 1)).contains("34 characters"));
        let last = good.len() - 1;
        let flipped = format!("{}8", &good[..last]);
        assert!(reason(&flipped).contains("checksum"), "{flipped}");
        // A valid Base58Check text of another version: a Bitcoin address padded into shape is
        // refused by its first character; one made with version 0x42 by its version byte.
        let mut payload = vec![0x42u8];
        payload.extend([7u8; 20]);
        let other_version = bs58::encode(&payload).with_check().into_string();
        assert_eq!(other_version.len(), 34, "{other_version}");
        let why = reason(&other_version);
        assert!(
            why.contains("version byte") || why.contains("start with `T`"),
            "{why}"
        );
    }
}
