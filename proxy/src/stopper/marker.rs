//! The marker of one command: a random token put into its environment, by which the stopper
//! finds the command's processes (see the module comment of `stopper`).

use std::fmt;

/// The name of the variable that carries the marker.
pub const VARIABLE: &str = "BOSUN_COMMAND";

/// One command's marker: 128 random bits, in hex.
#[derive(Clone, PartialEq, Eq)]
pub struct Marker(String);

impl Marker {
    /// A fresh marker.
    pub fn new() -> Marker {
        let bits: u128 = rand::random();
        Marker(format!("{bits:032x}"))
    }

    /// A marker given to `stop-exec`: 32 lowercase hex digits, or `None`.
    pub fn parse(text: &str) -> Option<Marker> {
        let valid = text.len() == 32
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        valid.then(|| Marker(text.to_owned()))
    }

    /// The token itself.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The environment entry the command runs with: `BOSUN_COMMAND=<token>`.
    pub fn env_entry(&self) -> String {
        format!("{VARIABLE}={}", self.0)
    }
}

impl fmt::Debug for Marker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Marker({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_fresh_hex_and_parse_back() {
        let a = Marker::new();
        let b = Marker::new();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 32);
        assert_eq!(Marker::parse(a.as_str()), Some(a.clone()));
        assert_eq!(a.env_entry(), format!("BOSUN_COMMAND={}", a.as_str()));
        for bad in ["", "xyz", &"A".repeat(32), &"0".repeat(31), &"0".repeat(33)] {
            assert_eq!(Marker::parse(bad), None, "{bad:?}");
        }
    }
}
