//! The raw-string checks of `command-policy.md` §2, run on the exec payload's bytes before any
//! splitting, in the spec's order: length (2.1), printable ASCII (2.2), forbidden characters (2.3).
//!
//! Working on bytes, never on decoded text, is what makes every Unicode trick (lookalikes,
//! bidi, zero-width, NBSP, overlong or otherwise invalid UTF-8) a plain 2.2 rejection.

use super::Rejection;

/// §2.1: the largest accepted payload, in bytes (inclusive).
pub const MAX_LEN: usize = 4096;

/// §2.3: characters forbidden anywhere, even inside quotes.
pub const FORBIDDEN: &[u8] = b"`$\\;&|<>#*?[]{}~!";

/// Runs §2.1–2.3 and, when they pass, returns the payload as text (it is then pure ASCII).
pub fn check_raw(raw: &[u8]) -> Result<&str, Rejection> {
    check_length(raw)?;
    check_printable(raw)?;
    check_forbidden(raw)?;
    // Cannot fail: every byte is printable ASCII now. Mapped rather than unwrapped so this
    // function has no panic path even if the checks above were ever weakened.
    std::str::from_utf8(raw).map_err(|e| Rejection::NonPrintable {
        byte: raw.get(e.valid_up_to()).copied().unwrap_or(0),
        offset: e.valid_up_to(),
    })
}

/// §2.1: `len(bytes) <= 4096`.
fn check_length(raw: &[u8]) -> Result<(), Rejection> {
    if raw.len() > MAX_LEN {
        return Err(Rejection::TooLong {
            len: raw.len(),
            max: MAX_LEN,
        });
    }
    Ok(())
}

/// §2.2: every byte in 0x20..=0x7E.
fn check_printable(raw: &[u8]) -> Result<(), Rejection> {
    match raw.iter().enumerate().find(|(_, b)| !is_printable(**b)) {
        Some((offset, &byte)) => Err(Rejection::NonPrintable { byte, offset }),
        None => Ok(()),
    }
}

/// §2.3: none of the forbidden characters.
fn check_forbidden(raw: &[u8]) -> Result<(), Rejection> {
    match raw.iter().enumerate().find(|(_, b)| is_forbidden(**b)) {
        Some((offset, &byte)) => Err(Rejection::ForbiddenChar {
            ch: char::from(byte),
            offset,
        }),
        None => Ok(()),
    }
}

/// True for the bytes §2.2 lets through.
pub fn is_printable(b: u8) -> bool {
    (0x20..=0x7e).contains(&b)
}

/// True for the characters of §2.3.
pub fn is_forbidden(b: u8) -> bool {
    FORBIDDEN.contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nonprintable(raw: &[u8]) -> (u8, usize) {
        match check_raw(raw) {
            Err(Rejection::NonPrintable { byte, offset }) => (byte, offset),
            other => panic!("{raw:?}: expected NonPrintable, got {other:?}"),
        }
    }

    #[test]
    fn length_boundary_is_inclusive() {
        let ok = vec![b'a'; MAX_LEN];
        assert!(check_raw(&ok).is_ok());
        let long = vec![b'a'; MAX_LEN + 1];
        assert_eq!(
            check_raw(&long),
            Err(Rejection::TooLong {
                len: 4097,
                max: 4096
            })
        );
    }

    #[test]
    fn length_is_checked_before_bytes() {
        // 2.1 comes first: a long payload full of bad bytes is reported as too long.
        let long = vec![0u8; 5000];
        assert!(matches!(check_raw(&long), Err(Rejection::TooLong { .. })));
    }

    #[test]
    fn printable_is_checked_before_forbidden() {
        // ';' at offset 0 but NUL at offset 1: 2.2 runs over the whole payload first.
        assert_eq!(nonprintable(b";\0"), (0, 1));
    }

    #[test]
    fn every_byte_outside_printable_ascii_is_rejected() {
        for b in (0u8..0x20).chain(0x7f..=0xff) {
            assert_eq!(nonprintable(&[b'a', b]), (b, 1), "byte {b:#04x}");
        }
    }

    #[test]
    fn every_printable_byte_is_accepted_unless_forbidden() {
        for b in 0x20u8..=0x7e {
            let raw = [b];
            let r = check_raw(&raw);
            if FORBIDDEN.contains(&b) {
                assert_eq!(
                    r,
                    Err(Rejection::ForbiddenChar {
                        ch: char::from(b),
                        offset: 0
                    })
                );
            } else {
                assert!(r.is_ok(), "byte {b:#04x}");
            }
        }
    }

    #[test]
    fn table_2_2_examples() {
        let cases: &[(&[u8], u8, usize)] = &[
            (b"php occ status\n", 0x0a, 14),
            (b"php occ status\r", 0x0d, 14),
            (b"php occ status\0", 0x00, 14),
            (b"php\tocc status", 0x09, 3),
            (b"\x1b[2J", 0x1b, 0),
            (b"php occ status\x7f", 0x7f, 14),
            ("a\u{00a0}b".as_bytes(), 0xc2, 1),  // NBSP
            ("a\u{200b}b".as_bytes(), 0xe2, 1),  // zero-width space
            ("a\u{202e}b".as_bytes(), 0xe2, 1),  // right-to-left override
            ("a\u{2014}b".as_bytes(), 0xe2, 1),  // em dash
            ("\u{fb01}les".as_bytes(), 0xef, 0), // "ﬁ" ligature
            ("\u{0440}hp".as_bytes(), 0xd1, 0),  // Cyrillic er, looks like p
            ("\u{ff50}hp".as_bytes(), 0xef, 0),  // fullwidth p
            ("/alice/files/M\u{fc}ller".as_bytes(), 0xc3, 14),
            ("\u{2212}\u{2212}all".as_bytes(), 0xe2, 0), // minus signs for "--"
        ];
        for (raw, byte, offset) in cases {
            assert_eq!(nonprintable(raw), (*byte, *offset), "{raw:?}");
        }
    }

    #[test]
    fn invalid_utf8_is_rejected_at_its_first_byte() {
        let cases: &[&[u8]] = &[
            b"x\xc0\xaf",     // overlong '/'
            b"x\xe0\x80\xaf", // overlong
            b"x\xed\xa0\x80", // CESU-8 surrogate
            b"x\xff",         // lone 0xFF
            b"x\xe2\x80",     // truncated sequence
            b"x\xc2\xa0",     // NBSP
            b"x\xc2\x85",     // NEL
        ];
        for raw in cases {
            assert_eq!(nonprintable(raw), (raw[1], 1), "{raw:?}");
        }
    }

    #[test]
    fn table_2_3_examples() {
        let cases: &[(&str, char, usize)] = &[
            (";id", ';', 0),
            ("$(id)", '$', 0),
            ("`id`", '`', 0),
            (">x", '>', 0),
            ("2>&1", '>', 1),
            ("*", '*', 0),
            ("{a,b}", '{', 0),
            ("~/", '~', 0),
            ("# comment", '#', 0),
            ("a\\ b", '\\', 1),
            ("a|b", '|', 1),
            ("<x", '<', 0),
            ("a?", '?', 1),
            ("[x]", '[', 0),
            ("x]", ']', 1),
            ("x}", '}', 1),
            ("!x", '!', 0),
            ("'$HOME'", '$', 1), // forbidden even inside single quotes
            ("\"a;b\"", ';', 2), // and inside double quotes
        ];
        for (raw, ch, offset) in cases {
            assert_eq!(
                check_raw(raw.as_bytes()),
                Err(Rejection::ForbiddenChar {
                    ch: *ch,
                    offset: *offset
                }),
                "{raw}"
            );
        }
    }

    #[test]
    fn accepted_payload_is_returned_as_text() {
        assert_eq!(check_raw(b"php occ status"), Ok("php occ status"));
        assert_eq!(check_raw(b""), Ok(""));
    }
}
