//! That nobody wrote without the lease: the checks on the replicas' logs
//! ([`crate::controller_log`]) that catch a split brain. Every `engine write` line carries the
//! epoch it was made under and every replica logs `took the lease: leading` with its epoch, all
//! stamped by the one host clock, so two checks follow:
//!
//! * [`assert_no_write_after`]: a replica that lost the lease sent nothing from the moment
//!   another one took it (until it took the lease again itself, if it did);
//! * [`assert_fenced`]: over every replica of an instance, no write at epoch `e` went out after
//!   any replica took an epoch above `e`.
//!
//! Writes the fence refused (`engine write refused`) are fine; the checks print how many.

use anyhow::{Result, bail};

use crate::controller::ControllerFixture;
use crate::controller_log::{self, Write};

/// Fails when `old` (a replica that led before, `what` in the message) logged an `engine write`
/// after `took_us`, the moment another replica took the lease, and before it took the lease
/// again itself: a write that went out while somebody else led.
pub fn assert_no_write_after(old: &ControllerFixture, took_us: i64, what: &str) -> Result<()> {
    check_no_write_after(&old.logs(), took_us, what)
}

/// [`assert_no_write_after`] on a log's text.
pub fn check_no_write_after(log: &str, took_us: i64, what: &str) -> Result<()> {
    let retook = controller_log::leases_taken(log)
        .into_iter()
        .find(|t| t.at_us > took_us)
        .map(|t| t.at_us);
    let in_window = |writes: Vec<Write>| controller_log::writes_between(&writes, took_us, retook);
    let sent = in_window(controller_log::engine_writes(log));
    let refused = in_window(controller_log::refused_writes(log));
    let until = retook.map_or_else(String::new, |at| {
        format!(" and before it took the lease again at {at} µs")
    });
    if !sent.is_empty() {
        bail!(
            "{what} sent {} write(s) after the new leader took the lease at {took_us} µs{until}: \
             {sent:#?}",
            sent.len()
        );
    }
    eprintln!(
        "{what}: no write went out after the takeover{until}; {} refused by the fence{}",
        refused.len(),
        refused
            .first()
            .map(|w| format!(" (first: {} {}: {:?})", w.op, w.object, w.reason))
            .unwrap_or_default()
    );
    Ok(())
}

/// Fails unless every write of every one of `replicas` (the replicas of one instance, over all
/// their starts) went out before any replica took a higher epoch than the write's, and carried
/// an epoch at all.
pub fn assert_fenced(replicas: &[&ControllerFixture]) -> Result<()> {
    let logs: Vec<(String, String)> = replicas
        .iter()
        .map(|r| (r.node.clone(), r.logs()))
        .collect();
    check_fenced(&logs)
}

/// [`assert_fenced`] on (node, log text) pairs.
pub fn check_fenced(logs: &[(String, String)]) -> Result<()> {
    let takes: Vec<(i64, u64)> = logs
        .iter()
        .flat_map(|(_, log)| controller_log::leases_taken(log))
        .filter_map(|t| Some((t.at_us, t.epoch?)))
        .collect();
    let mut stray = Vec::new();
    let mut count = 0;
    for (node, log) in logs {
        for w in controller_log::engine_writes(log) {
            count += 1;
            let Some(epoch) = w.epoch else {
                stray.push(format!("{node}: {w:?} carries no epoch"));
                continue;
            };
            if let Some((at, e)) = takes.iter().find(|(at, e)| *e > epoch && *at < w.at_us) {
                stray.push(format!(
                    "{node}: {w:?} went out after epoch {e} was taken at {at} µs"
                ));
            }
        }
    }
    if !stray.is_empty() {
        bail!(
            "{} write(s) went out under a lease already taken over: {stray:#?}",
            stray.len()
        );
    }
    eprintln!(
        "fenced: {count} write(s) over {} replica log(s), each before a later epoch was taken",
        logs.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(ts: &str, message: &str, extra: &str) -> String {
        format!(
            r#"{{"timestamp":"{ts}","level":"INFO","fields":{{"message":"{message}"{extra}}},"target":"x"}}"#
        )
    }

    fn write(ts: &str, epoch: u64) -> String {
        let extra = format!(r#","op":"service_create","object":"p","epoch":{epoch}"#);
        line(ts, "engine write", &extra)
    }

    fn took(ts: &str, epoch: u64) -> String {
        line(
            ts,
            "took the lease: leading",
            &format!(r#","epoch":{epoch}"#),
        )
    }

    /// The check this module exists for, broken on purpose: a write the old leader sent after
    /// the takeover is found (and one before it, one refused, or one after it took the lease
    /// back, is not).
    #[test]
    fn a_write_after_the_takeover_fails_the_check() {
        let took_us = controller_log::parse_timestamp_us("2026-12-02T06:10:20Z").unwrap();
        let before = write("2026-12-02T06:10:19.999Z", 3);
        let refused = line(
            "2026-12-02T06:10:25Z",
            "engine write refused",
            r#","op":"service_create","object":"p","reason":"fenced""#,
        );
        let back = took("2026-12-02T06:10:40Z", 5);
        let after_back = write("2026-12-02T06:10:41Z", 5);
        let log = format!("{before}\n{refused}\n{back}\n{after_back}\n");
        check_no_write_after(&log, took_us, "the old leader").unwrap();

        let stray = write("2026-12-02T06:10:20.000001Z", 3);
        let err = check_no_write_after(&format!("{stray}\n{log}"), took_us, "the old leader")
            .unwrap_err()
            .to_string();
        assert!(err.contains("sent 1 write(s)"), "{err}");
        assert!(err.contains("service_create"), "{err}");
    }

    #[test]
    fn a_write_under_an_epoch_already_taken_over_is_found_across_replicas() {
        let a = format!(
            "{}\n{}\n",
            took("2026-12-02T06:10:00Z", 1),
            write("2026-12-02T06:10:01Z", 1)
        );
        let b = format!(
            "{}\n{}\n",
            took("2026-12-02T06:10:10Z", 2),
            write("2026-12-02T06:10:11Z", 2)
        );
        let logs =
            |a: &str, b: &str| [("lab1".to_owned(), a.to_owned()), ("lab2".into(), b.into())];
        check_fenced(&logs(&a, &b)).unwrap();

        let late = format!("{a}{}\n", write("2026-12-02T06:10:10.5Z", 1));
        let err = check_fenced(&logs(&late, &b)).unwrap_err().to_string();
        assert!(err.contains("1 write(s)") && err.contains("lab1"), "{err}");
        let unstamped = format!("{b}{}\n", line("2026-12-02T06:10:12Z", "engine write", ""));
        let err = check_fenced(&logs(&a, &unstamped)).unwrap_err().to_string();
        assert!(err.contains("carries no epoch"), "{err}");
    }
}
