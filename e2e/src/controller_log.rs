//! What a controller's log says about its writes and its lease. The controller logs JSON lines
//! (tracing-subscriber's json format: `{"timestamp":"2026-12-02T06:10:11.123456Z",
//! "level":"INFO","fields":{"message":"…",…},"target":"…"}`); the harness adds lines of its
//! own (`{"e2e":"SIGKILL by the test"}`), which are skipped here.
//!
//! The lines read:
//! * `engine write` (`op`, `object`, `epoch`): a write to the Engine that went out;
//! * `engine write refused` (`op`, `object`, `reason`): a write the lease's fence stopped;
//! * `took the lease: leading` (`epoch`), `stopped leading` (`epoch`, `why`).
//!
//! Every line carries its time as the controller's process read the host clock, so lines of
//! two replicas on the one lab machine can be put in one order: "the old leader wrote nothing
//! after the new one took the lease" is a comparison of these timestamps.

use serde_json::Value;

/// One JSON line of the controller's log.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    /// Unix time in µs.
    pub at_us: i64,
    pub level: String,
    pub message: String,
    /// The line's `fields` (the message included).
    pub fields: Value,
    /// The module that logged it (`bosun_controller::lease::run`).
    pub target: String,
}

impl LogLine {
    /// Field `key` as text (a string, or a number or bool written out).
    pub fn text(&self, key: &str) -> Option<String> {
        match &self.fields[key] {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// Field `key` as a number (logged as a number or as its decimal text).
    pub fn number(&self, key: &str) -> Option<u64> {
        let v = &self.fields[key];
        v.as_u64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    }
}

/// A write to the Engine, sent or refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub at_us: i64,
    /// `service_create`, `secret_create`, `service_update`, `config_create`, …
    pub op: String,
    pub object: String,
    /// The epoch a sent write was made under.
    pub epoch: Option<u64>,
    /// Why a refused write was refused.
    pub reason: Option<String>,
}

/// A change of leadership this replica logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseEvent {
    pub at_us: i64,
    pub epoch: Option<u64>,
    /// Why it stopped leading (`None` for a take).
    pub why: Option<String>,
}

/// The message of a write that went out.
pub const ENGINE_WRITE: &str = "engine write";
/// The message of a write the fence stopped.
pub const WRITE_REFUSED: &str = "engine write refused";
/// The message of a replica that took the lease.
pub const TOOK_LEASE: &str = "took the lease: leading";
/// The message of a replica that stopped leading.
pub const STOPPED_LEADING: &str = "stopped leading";

/// Every JSON line of `text` with a timestamp, in order; other lines are skipped.
pub fn lines(text: &str) -> Vec<LogLine> {
    text.lines().filter_map(parse_line).collect()
}

fn parse_line(line: &str) -> Option<LogLine> {
    let v: Value = serde_json::from_str(line).ok()?;
    let at_us = parse_timestamp_us(v["timestamp"].as_str()?)?;
    Some(LogLine {
        at_us,
        level: v["level"].as_str().unwrap_or_default().to_owned(),
        message: v["fields"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        fields: v["fields"].clone(),
        target: v["target"].as_str().unwrap_or_default().to_owned(),
    })
}

/// The writes that went out (`engine write`), in order.
pub fn engine_writes(text: &str) -> Vec<Write> {
    writes(text, ENGINE_WRITE)
}

/// The writes the fence refused (`engine write refused`), in order.
pub fn refused_writes(text: &str) -> Vec<Write> {
    writes(text, WRITE_REFUSED)
}

fn writes(text: &str, message: &str) -> Vec<Write> {
    lines(text)
        .into_iter()
        .filter(|l| l.message == message)
        .map(|l| Write {
            at_us: l.at_us,
            op: l.text("op").unwrap_or_default(),
            object: l.text("object").unwrap_or_default(),
            epoch: l.number("epoch"),
            reason: l.text("reason"),
        })
        .collect()
}

/// The times this replica took the lease, in order.
pub fn leases_taken(text: &str) -> Vec<LeaseEvent> {
    lease_events(text, TOOK_LEASE)
}

/// The times this replica stopped leading, in order.
pub fn leading_stopped(text: &str) -> Vec<LeaseEvent> {
    lease_events(text, STOPPED_LEADING)
}

fn lease_events(text: &str, message: &str) -> Vec<LeaseEvent> {
    lines(text)
        .into_iter()
        .filter(|l| l.message == message)
        .map(|l| LeaseEvent {
            at_us: l.at_us,
            epoch: l.number("epoch"),
            why: l.text("why"),
        })
        .collect()
}

/// The writes of `writes` made after `after_us` (and up to `until_us`, when given).
pub fn writes_between(writes: &[Write], after_us: i64, until_us: Option<i64>) -> Vec<Write> {
    writes
        .iter()
        .filter(|w| w.at_us > after_us && until_us.is_none_or(|u| w.at_us <= u))
        .cloned()
        .collect()
}

/// `2026-12-02T06:10:11.123456Z` (or with an offset, `+01:00`) as Unix time in µs; digits
/// past the sixth of the fraction are dropped.
pub fn parse_timestamp_us(ts: &str) -> Option<i64> {
    let (date, rest) = ts.split_once('T')?;
    let mut ymd = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (ymd.next()??, ymd.next()??, ymd.next()??);
    let (clock, offset_s) = split_offset(rest)?;
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut parts = hms.split(':').map(|p| p.parse::<i64>().ok());
    let (h, min, s) = (parts.next()??, parts.next()??, parts.next()??);
    let digits: String = fraction.chars().take(6).collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let micros = format!("{digits:0<6}").parse::<i64>().ok()?;
    let secs = days_from_civil(y, m, d) * 86_400 + h * 3600 + min * 60 + s - offset_s;
    Some(secs * 1_000_000 + micros)
}

/// `06:10:11.123Z` → (`06:10:11.123`, 0); `06:10:11+01:00` → (`06:10:11`, 3600).
fn split_offset(rest: &str) -> Option<(&str, i64)> {
    if let Some(clock) = rest.strip_suffix('Z') {
        return Some((clock, 0));
    }
    let at = rest.rfind(['+', '-'])?;
    let (clock, offset) = rest.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let (h, m) = offset[1..].split_once(':')?;
    Some((
        clock,
        sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60),
    ))
}

/// Days from 1970-01-01 to the civil date `y-m-d` (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = r#"{"e2e":"started by the test"}
{"timestamp":"2026-12-02T06:10:11.000100Z","level":"INFO","fields":{"message":"took the lease: leading","epoch":3},"target":"bosun_controller::lease"}
{"timestamp":"2026-12-02T06:10:11.5Z","level":"INFO","fields":{"message":"engine write","op":"service_create","object":"t1-0--proxy-nc-abc","epoch":3},"target":"bosun_controller::swarm"}
not json
{"timestamp":"2026-12-02T06:10:12.000000Z","level":"INFO","fields":{"message":"engine write refused","op":"service_update","object":"app","reason":"the lease ran out"},"target":"bosun_controller::swarm"}
{"timestamp":"2026-12-02T06:10:12.25Z","level":"WARN","fields":{"message":"stopped leading","epoch":"3","why":"the lease ran out"},"target":"bosun_controller::lease"}
{"e2e":"SIGKILL by the test"}
"#;

    #[test]
    fn timestamps_are_unix_microseconds() {
        assert_eq!(parse_timestamp_us("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_timestamp_us("1970-01-01T00:00:01.5Z"),
            Some(1_500_000)
        );
        // `date -u -d 2026-12-02T06:10:11Z +%s` = 1796191811
        assert_eq!(
            parse_timestamp_us("2026-12-02T06:10:11.123456789Z"),
            Some(1_796_191_811_123_456)
        );
        assert_eq!(
            parse_timestamp_us("2026-12-02T07:10:11.123456+01:00"),
            parse_timestamp_us("2026-12-02T06:10:11.123456Z")
        );
        assert_eq!(
            parse_timestamp_us("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000_000)
        );
        assert_eq!(parse_timestamp_us("yesterday"), None);
        assert_eq!(parse_timestamp_us("2026-12-02T06:10:11.12a4Z"), None);
    }

    #[test]
    fn writes_and_lease_events_are_read_with_their_fields() {
        let t = |s| parse_timestamp_us(s).unwrap();
        let sent = engine_writes(LOG);
        assert_eq!(
            sent,
            [Write {
                at_us: t("2026-12-02T06:10:11.5Z"),
                op: "service_create".into(),
                object: "t1-0--proxy-nc-abc".into(),
                epoch: Some(3),
                reason: None,
            }]
        );
        let refused = refused_writes(LOG);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].reason.as_deref(), Some("the lease ran out"));
        let taken = leases_taken(LOG);
        assert_eq!(taken.len(), 1);
        assert_eq!(
            (taken[0].at_us, taken[0].epoch),
            (t("2026-12-02T06:10:11.0001Z"), Some(3))
        );
        let stopped = leading_stopped(LOG);
        assert_eq!(stopped[0].epoch, Some(3));
        assert_eq!(stopped[0].why.as_deref(), Some("the lease ran out"));
        assert_eq!(lines(LOG).len(), 4);
    }

    #[test]
    fn writes_are_picked_by_time() {
        let sent = engine_writes(LOG);
        let at = sent[0].at_us;
        assert_eq!(writes_between(&sent, at - 1, None).len(), 1);
        assert!(writes_between(&sent, at, None).is_empty());
        assert!(writes_between(&sent, at - 10, Some(at - 1)).is_empty());
        assert_eq!(writes_between(&sent, at - 10, Some(at)).len(), 1);
    }
}
