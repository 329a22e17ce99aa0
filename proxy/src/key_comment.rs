//! Whose key logged in: the comment of an authorized key, `<client service>/v<version>`.
//!
//! The controller gives each (target, client service) its own ED25519 key and writes the
//! target's authorized-keys secret with one line per accepted key (`docs/keys.md`):
//!
//! ```text
//! ssh-ed25519 AAAAC3Nza… nextcloud-cron/v3
//! ```
//!
//! The comment names the Swarm service the key belongs to and the key's version, so the audit
//! line can say which client ran a command. The rules, strict on purpose (the controller is the
//! only writer, and a name that is almost right is more likely a mistake than a client):
//!
//! * the service is `[A-Za-z0-9][A-Za-z0-9_.-]*` (a Docker service name);
//! * the version is `v` and a decimal number from 1 up to `u32::MAX`, without leading zeros;
//! * spaces around the comment are ignored, any other text makes it unknown.
//!
//! A key whose comment is anything else (or that has none: a key written by hand, or by an
//! older bosun) still logs in; its audit lines name no client (`null`).

use std::fmt;

/// The client service and key version an authorized key's comment names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyOwner {
    /// The Swarm service of the client app.
    pub service: String,
    /// The key's version (from 1).
    pub version: u32,
}

impl KeyOwner {
    /// The owner named by `comment`, or `None` when it is not `<service>/v<version>`.
    pub fn from_comment(comment: &str) -> Option<KeyOwner> {
        let (service, version) = comment.trim().rsplit_once('/')?;
        if !is_service_name(service) {
            return None;
        }
        let digits = version.strip_prefix('v')?;
        if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // empty or too large for a u32: not a version
        let version = digits.parse().ok()?;
        Some(KeyOwner {
            service: service.to_owned(),
            version,
        })
    }
}

impl fmt::Display for KeyOwner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/v{}", self.service, self.version)
    }
}

/// `[A-Za-z0-9][A-Za-z0-9_.-]*`.
fn is_service_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(service: &str, version: u32) -> Option<KeyOwner> {
        Some(KeyOwner {
            service: service.into(),
            version,
        })
    }

    #[test]
    fn a_service_and_a_version_are_read_from_the_comment() {
        assert_eq!(
            KeyOwner::from_comment("nextcloud-cron/v3"),
            owner("nextcloud-cron", 3)
        );
        assert_eq!(
            KeyOwner::from_comment("my_stack.web-1/v12"),
            owner("my_stack.web-1", 12)
        );
        assert_eq!(KeyOwner::from_comment("A/v1"), owner("A", 1));
        assert_eq!(
            KeyOwner::from_comment("app/v4294967295"),
            owner("app", u32::MAX)
        );
        // spaces around it (the key parser keeps the ones after the base64)
        assert_eq!(KeyOwner::from_comment("  app/v2 \t"), owner("app", 2));
        assert_eq!(
            owner("my_stack.web-1", 12).unwrap().to_string(),
            "my_stack.web-1/v12"
        );
    }

    #[test]
    fn anything_else_names_no_owner() {
        for comment in [
            "",
            "   ",
            "client",
            "bosun-nextcloud-client-key",
            "user@host",
            "app/v0",
            "app/v01",
            "app/v4294967296",
            "app/v99999999999999999999",
            "app/v",
            "app/V1",
            "app/1",
            "app/v1.0",
            "app/v-1",
            "app/v+1",
            "app/v1 extra",
            "app /v1",
            "app/ v1",
            "/v1",
            "_app/v1",
            ".app/v1",
            "-app/v1",
            "a/b/v1",
            "app:1/v1",
            "äpp/v1",
        ] {
            assert_eq!(KeyOwner::from_comment(comment), None, "{comment:?}");
        }
    }
}
