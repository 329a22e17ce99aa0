//! Durations as people write them in environment variables and on the command line:
//! `500ms`, `30s`, `2m`, `1h`, or a bare number of seconds (`30`). Decimals are allowed
//! (`1.5s`); nothing else is (no spaces, no compound `1m30s`, no negative values).

use std::time::Duration;

/// A duration that could not be parsed, with the text and the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid duration {text:?}: use a number with ms, s, m or h (e.g. 500ms, 30s, 2m), or seconds"
)]
pub struct BadDuration {
    pub text: String,
}

/// Parses `500ms`, `30s`, `1.5s`, `2m`, `1h` or `30` (seconds).
pub fn parse_duration(text: &str) -> Result<Duration, BadDuration> {
    let bad = || BadDuration {
        text: text.to_owned(),
    };
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    if number.is_empty() || number.starts_with('.') || number.ends_with('.') {
        return Err(bad());
    }
    let value: f64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "" | "s" => value,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        _ => return Err(bad()),
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        for (text, ms) in [
            ("500ms", 500),
            ("30s", 30_000),
            ("1.5s", 1_500),
            ("2m", 120_000),
            ("1h", 3_600_000),
            ("30", 30_000),
            ("0", 0),
        ] {
            assert_eq!(
                parse_duration(text),
                Ok(Duration::from_millis(ms)),
                "{text}"
            );
        }
    }

    #[test]
    fn rejected_forms() {
        for text in [
            "", "s", "-1s", "1 s", "1m30s", "1d", ".5s", "1.s", "1..2s", "abc", "1e3",
        ] {
            let err = parse_duration(text).unwrap_err();
            assert_eq!(err.text, text);
        }
    }
}
