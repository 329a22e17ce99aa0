//! Checks and conversions of single values, shared by the file (`validate.rs`) and the
//! `bosun.*` labels (`labels.rs`). Each returns the message an error shows after its path.

use std::time::Duration;

/// Longest target name: `bosun-proxy-<target>-<12>` must stay a valid 63-character name.
const TARGET_NAME_MAX: usize = 31;

/// The key rule of target names, for the schema.
pub const TARGET_NAME_PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,30}$";

/// The key rule of exec environment variables, for the schema.
pub const ENV_NAME_PATTERN: &str = "^[A-Za-z_][A-Za-z0-9_]*$";

/// Target names: `[a-z0-9][a-z0-9-]{0,30}`.
pub fn target_name(name: &str) -> Result<(), String> {
    let mut bytes = name.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let rest_ok = bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if first_ok && rest_ok && name.len() <= TARGET_NAME_MAX {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not a target name (1-31 of a-z, 0-9 and '-', starting with a letter or digit)"
        ))
    }
}

/// Docker object names (services, networks): `[A-Za-z0-9][A-Za-z0-9_.-]*`, at most 63.
pub fn docker_name(what: &str, name: &str) -> Result<(), String> {
    let mut bytes = name.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_alphanumeric());
    let rest_ok = bytes.all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
    if first_ok && rest_ok && name.len() <= 63 {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not a {what} name (1-63 of A-Z, a-z, 0-9, '_', '.' and '-', starting with a letter or digit)"
        ))
    }
}

/// A non-empty single-line value without NUL (image references, user names).
pub fn word(what: &str, value: &str) -> Result<(), String> {
    if value.is_empty() {
        Err(format!("the {what} is empty"))
    } else if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Err(format!(
            "{value:?} is not a valid {what} (no spaces or control characters)"
        ))
    } else {
        Ok(())
    }
}

/// An absolute path without NUL.
pub fn absolute_path(value: &str) -> Result<(), String> {
    if !value.starts_with('/') {
        Err(format!("{value:?} is not an absolute path"))
    } else if value.contains('\0') {
        Err(format!("{value:?} contains a NUL character"))
    } else {
        Ok(())
    }
}

/// Longest instance name: it prefixes bosun's object names (`<instance>--`).
const INSTANCE_MAX: usize = 12;

/// Instance names: 1-12 of `[a-z0-9-]`, starting with a letter, not ending in '-', without
/// "--" (so `<instance>--` names of two instances never collide) and, except `bosun` itself,
/// not starting with `bosun` (so they never collide with the `bosun-` names either).
pub fn instance(name: &str) -> Result<(), String> {
    let chars_ok = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let shape_ok = name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && !name.ends_with('-')
        && !name.contains("--")
        && name.len() <= INSTANCE_MAX;
    if !(chars_ok && shape_ok) {
        return Err(format!(
            "{name:?} is not an instance name (1-12 of a-z, 0-9 and '-', starting with a letter, without \"--\" or a trailing '-')"
        ));
    }
    if name != "bosun" && name.starts_with("bosun") {
        return Err(format!(
            "{name:?}: an instance other than `bosun` may not start with \"bosun\" (its names would look like bosun's)"
        ));
    }
    Ok(())
}

/// Where a client key is mounted: a file under `/run/secrets/`, without `.` or `..` parts.
pub fn key_path(value: &str) -> Result<(), String> {
    let Some(rest) = value.strip_prefix("/run/secrets/") else {
        return Err(format!("{value:?} is not under /run/secrets/"));
    };
    let parts_ok = rest
        .split('/')
        .all(|part| !part.is_empty() && part != "." && part != "..");
    if !parts_ok || value.contains('\0') {
        return Err(format!(
            "{value:?} is not a file path under /run/secrets/ (no empty, '.' or '..' parts)"
        ));
    }
    Ok(())
}

/// A file mode written in octal (`0440`, `440`): at most 0777.
pub fn file_mode(text: &str) -> Result<u32, String> {
    let trimmed = text.trim();
    let bad = || format!("{text:?} is not a file mode (octal, like 0440; at most 0777)");
    if trimmed.is_empty() || trimmed.len() > 4 {
        return Err(bad());
    }
    match u32::from_str_radix(trimmed, 8) {
        Ok(mode) if mode <= 0o777 => Ok(mode),
        _ => Err(bad()),
    }
}

/// The mode of a client's key file: a [`file_mode`] that lets its owner read it and nobody
/// else (`0400`, `0600`). The client refuses a key file its group or others can read, as
/// OpenSSH does, so a looser mode would mount a key that cannot be used.
pub fn key_file_mode(text: &str) -> Result<u32, String> {
    let mode = file_mode(text)?;
    if mode & 0o077 != 0 {
        return Err(format!(
            "{text:?} lets the group or others read the key, and the client refuses such a key \
             file (as OpenSSH does): use 0400 (or 0600), and uid/gid to choose who owns it"
        ));
    }
    if mode & 0o400 == 0 {
        return Err(format!(
            "{text:?} does not let the key's owner read it: use 0400"
        ));
    }
    Ok(mode)
}

/// A numeric user or group id.
pub fn id(value: u64) -> Result<u32, String> {
    u32::try_from(value)
        .map_err(|_| format!("{value} is not a user or group id (at most {})", u32::MAX))
}

/// An environment variable name: `[A-Za-z_][A-Za-z0-9_]*`.
pub fn env_name(name: &str) -> Result<(), String> {
    let mut bytes = name.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    if first_ok && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not an environment variable name (A-Z, a-z, 0-9 and '_', not starting with a digit)"
        ))
    }
}

/// An environment variable value: anything but NUL.
pub fn env_value(value: &str) -> Result<(), String> {
    if value.contains('\0') {
        Err(format!("{value:?} contains a NUL character"))
    } else {
        Ok(())
    }
}

/// A positive duration: `500ms`, `30s`, `5m`, `1h` (humantime).
pub fn duration(text: &str) -> Result<Duration, String> {
    let parsed = humantime::parse_duration(text.trim())
        .map_err(|_| format!("{text:?} is not a duration (use 500ms, 30s, 5m or 1h)"))?;
    if parsed.is_zero() {
        return Err(format!("{text:?} must be more than zero"));
    }
    Ok(parsed)
}

/// A duration that may be off: `None` for `0` (or `0s`, `0d`), else at least `min`.
pub fn optional_duration(text: &str, min: Duration) -> Result<Option<Duration>, String> {
    let parsed = humantime::parse_duration(text.trim())
        .map_err(|_| format!("{text:?} is not a duration (use 30s, 5m, 7d, or 0 for off)"))?;
    if parsed.is_zero() {
        return Ok(None);
    }
    if parsed < min {
        return Err(format!(
            "{} is too short: at least {} (or 0 for off)",
            humantime::format_duration(parsed),
            humantime::format_duration(min)
        ));
    }
    Ok(Some(parsed))
}

/// The shortest rotation period: a schedule that is on rotates at most every hour.
pub const MIN_ROTATION_PERIOD: Duration = Duration::from_secs(3600);
/// The bounds of `rotation.announce`: long enough for clients to read a record, short enough
/// that a rotation does not wait on it for long.
pub const MIN_ANNOUNCE: Duration = Duration::from_secs(1);
pub const MAX_ANNOUNCE: Duration = Duration::from_secs(3600);

/// A rotation period (`30d`, `12h`): `None` for `0` or `0s` (the schedule is off), at least
/// [`MIN_ROTATION_PERIOD`] otherwise.
pub fn rotation_period(text: &str) -> Result<Option<Duration>, String> {
    let parsed = humantime::parse_duration(text.trim()).map_err(|_| {
        format!("{text:?} is not a duration (use 30d, 90d, 12h, or 0 to turn the schedule off)")
    })?;
    if parsed.is_zero() {
        return Ok(None);
    }
    if parsed < MIN_ROTATION_PERIOD {
        return Err(format!(
            "{} is too short: a rotation schedule is at least {} (or 0 to turn it off)",
            humantime::format_duration(parsed),
            humantime::format_duration(MIN_ROTATION_PERIOD)
        ));
    }
    Ok(Some(parsed))
}

/// How long a new host key is announced: [`MIN_ANNOUNCE`] to [`MAX_ANNOUNCE`].
pub fn announce(text: &str) -> Result<Duration, String> {
    let parsed = humantime::parse_duration(text.trim())
        .map_err(|_| format!("{text:?} is not a duration (use 15s, 1m)"))?;
    if !(MIN_ANNOUNCE..=MAX_ANNOUNCE).contains(&parsed) {
        return Err(format!(
            "{} is out of range: a new host key is announced at least {} and at most {}",
            humantime::format_duration(parsed),
            humantime::format_duration(MIN_ANNOUNCE),
            humantime::format_duration(MAX_ANNOUNCE)
        ));
    }
    Ok(parsed)
}

/// A memory size in bytes: a number of bytes, or a number with `K`, `M`, `G` or `T`
/// (optionally `Ki`/`Mi`/…, and/or a trailing `B`; any case). Like Docker, every unit is
/// binary: `64M` and `64Mi` are both 64 × 1024² bytes. Fractions are allowed (`1.5G`).
pub fn memory_bytes(text: &str) -> Result<i64, String> {
    let bad = || format!("{text:?} is not a size (use 64M, 512Mi, 1G or bytes)");
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let shift = match unit.trim_start().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "ki" | "kb" | "kib" => 10,
        "m" | "mi" | "mb" | "mib" => 20,
        "g" | "gi" | "gb" | "gib" => 30,
        "t" | "ti" | "tb" | "tib" => 40,
        _ => return Err(bad()),
    };
    let is_number = !number.is_empty()
        && !number.starts_with('.')
        && !number.ends_with('.')
        && number.matches('.').count() <= 1;
    if !is_number {
        return Err(bad());
    }
    let bytes = if number.contains('.') {
        let value: f64 = number.parse().map_err(|_| bad())?;
        (value * (1u64 << shift) as f64).round()
    } else {
        let value: u64 = number.parse().map_err(|_| bad())?;
        match value.checked_mul(1u64 << shift) {
            Some(v) => v as f64,
            None => f64::INFINITY,
        }
    };
    if bytes < 1.0 {
        return Err(format!("{text:?} must be more than zero"));
    }
    if bytes > i64::MAX as f64 {
        return Err(format!("{text:?} is too large"));
    }
    Ok(bytes as i64)
}

/// CPUs as nano-CPUs: `0.5` → 500 000 000. At least one nano-CPU, and finite.
pub fn nano_cpus(cpus: f64) -> Result<i64, String> {
    let nanos = (cpus * 1e9).round();
    if !nanos.is_finite() || nanos > i64::MAX as f64 {
        Err(format!("{cpus} is not a CPU count"))
    } else if nanos < 1.0 {
        Err(format!("{cpus} must be more than zero"))
    } else {
        Ok(nanos as i64)
    }
}

/// A positive count (connections, execs).
pub fn positive(value: u64) -> Result<u32, String> {
    match u32::try_from(value) {
        Ok(0) => Err("must be more than zero".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{value} is too large (at most {})", u32::MAX)),
    }
}

/// A TCP port: 1-65535.
pub fn port(value: u64) -> Result<u16, String> {
    match u16::try_from(value) {
        Ok(0) | Err(_) => Err(format!("{value} is not a port (1-65535)")),
        Ok(p) => Ok(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_names() {
        for ok in ["a", "nextcloud", "0", "a-b-1", &"a".repeat(31)] {
            assert_eq!(target_name(ok), Ok(()), "{ok}");
        }
        for bad in ["", "-a", "A", "a_b", "a.b", "a b", "é", &"a".repeat(32)] {
            assert!(target_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn docker_names() {
        for ok in ["app", "my_stack_app", "a.b-c", "A1"] {
            assert_eq!(docker_name("service", ok), Ok(()), "{ok}");
        }
        for bad in ["", "_a", "a b", "a/b", &"a".repeat(64)] {
            assert!(docker_name("service", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn sizes() {
        let cases = [
            ("1", 1),
            ("67108864", 64 << 20),
            ("64M", 64 << 20),
            ("64m", 64 << 20),
            ("512Mi", 512 << 20),
            ("512MiB", 512 << 20),
            ("1G", 1 << 30),
            ("1.5G", 3 << 29),
            ("2k", 2048),
            ("100b", 100),
            (" 64 M ", 64 << 20),
            ("1T", 1 << 40),
        ];
        for (text, bytes) in cases {
            assert_eq!(memory_bytes(text), Ok(bytes), "{text}");
        }
        for bad in [
            "",
            "64Q",
            "M",
            "-1",
            "1..5G",
            ".5G",
            "5.G",
            "1e3",
            "0",
            "0M",
            "99999999999T",
        ] {
            assert!(memory_bytes(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            memory_bytes("64Q").unwrap_err(),
            r#""64Q" is not a size (use 64M, 512Mi, 1G or bytes)"#
        );
    }

    #[test]
    fn durations() {
        assert_eq!(duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(duration("1h"), Ok(Duration::from_secs(3600)));
        assert!(duration("0s").unwrap_err().contains("more than zero"));
        assert!(duration("30").unwrap_err().contains("not a duration"));
        assert!(duration("soon").unwrap_err().contains("not a duration"));
    }

    #[test]
    fn rotation_periods_and_announce() {
        let day = Duration::from_secs(86_400);
        assert_eq!(rotation_period("30d"), Ok(Some(30 * day)));
        assert_eq!(rotation_period(" 1h "), Ok(Some(Duration::from_secs(3600))));
        for off in ["0", "0s", "0d"] {
            assert_eq!(rotation_period(off), Ok(None), "{off}");
        }
        assert_eq!(
            rotation_period("59m"),
            Err(
                "59m is too short: a rotation schedule is at least 1h (or 0 to turn it off)".into()
            )
        );
        assert!(
            rotation_period("30")
                .unwrap_err()
                .contains("not a duration")
        );
        assert!(
            rotation_period("-1d")
                .unwrap_err()
                .contains("not a duration")
        );
        assert_eq!(announce("15s"), Ok(Duration::from_secs(15)));
        assert_eq!(announce("1s"), Ok(Duration::from_secs(1)));
        assert_eq!(announce("1h"), Ok(Duration::from_secs(3600)));
        for bad in ["0", "0s", "999ms", "61m", "2h"] {
            assert!(announce(bad).unwrap_err().contains("out of range"), "{bad}");
        }
        assert!(announce("soon").unwrap_err().contains("not a duration"));
    }

    #[test]
    fn cpus() {
        assert_eq!(nano_cpus(0.5), Ok(500_000_000));
        assert_eq!(nano_cpus(2.0), Ok(2_000_000_000));
        assert_eq!(nano_cpus(0.001), Ok(1_000_000));
        for bad in [0.0, -1.0, 1e-12, f64::NAN, f64::INFINITY, 1e30] {
            assert!(nano_cpus(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn instances() {
        for ok in ["bosun", "a", "blue", "team-a", "a1-b2", &"a".repeat(12)] {
            assert_eq!(instance(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "1a",
            "-a",
            "a-",
            "a--b",
            "A",
            "a_b",
            "bosun2",
            "bosun-a",
            &"a".repeat(13),
        ] {
            assert!(instance(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn key_paths_stay_under_run_secrets() {
        for ok in ["/run/secrets/k", "/run/secrets/a/b.key"] {
            assert_eq!(key_path(ok), Ok(()), "{ok}");
        }
        for bad in [
            "/etc/passwd",
            "/run/secrets/",
            "/run/secrets/../../etc/x",
            "/run/secrets/a/../b",
            "/run/secrets/./a",
            "/run/secrets//a",
            "run/secrets/a",
            "/run/secretsx/a",
        ] {
            assert!(key_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn modes_and_ids() {
        assert_eq!(file_mode("0440"), Ok(0o440));
        assert_eq!(file_mode("440"), Ok(0o440));
        assert_eq!(file_mode("0400"), Ok(0o400));
        assert_eq!(key_file_mode("0400"), Ok(0o400));
        assert_eq!(key_file_mode("600"), Ok(0o600));
        for loose in ["0440", "0404", "0644", "0410"] {
            let err = key_file_mode(loose).unwrap_err();
            assert!(
                err.contains("lets the group or others read the key"),
                "{err}"
            );
        }
        assert_eq!(
            key_file_mode("0200"),
            Err("\"0200\" does not let the key's owner read it: use 0400".into())
        );
        assert!(
            key_file_mode("0800")
                .unwrap_err()
                .contains("is not a file mode")
        );
        for bad in ["", "0800", "1777", "abc", "-1", "07777"] {
            assert!(file_mode(bad).is_err(), "{bad:?}");
        }
        assert_eq!(id(33), Ok(33));
        assert!(id(1 << 40).is_err());
    }

    #[test]
    fn env_and_paths() {
        for ok in ["A", "_x", "PHP_MEMORY_LIMIT", "a1"] {
            assert_eq!(env_name(ok), Ok(()), "{ok}");
        }
        for bad in ["", "1A", "A-B", "A B", "A=B"] {
            assert!(env_name(bad).is_err(), "{bad:?}");
        }
        assert!(env_value("a b=c").is_ok());
        assert!(env_value("a\0b").is_err());
        assert!(absolute_path("/run/secrets/x").is_ok());
        assert!(absolute_path("run/x").is_err());
        assert!(absolute_path("/a\0").is_err());
        assert!(word("image", "bosun/proxy:latest").is_ok());
        assert!(word("image", "").is_err());
        assert!(word("image", "a b").is_err());
    }
}
