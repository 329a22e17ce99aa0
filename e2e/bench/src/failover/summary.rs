//! One figure over the benchmark's rounds: how many samples, and their min, median and max.

use serde::Serialize;

use crate::controller::phase::median;

/// Min, median and max of the samples (ms); `None` each when there is no sample.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    pub samples: usize,
    pub min_ms: Option<f64>,
    pub median_ms: Option<f64>,
    pub max_ms: Option<f64>,
}

impl Summary {
    pub fn of(values: &[f64]) -> Summary {
        let finite = || values.iter().copied().filter(|v| v.is_finite());
        Summary {
            samples: finite().count(),
            min_ms: finite().reduce(f64::min),
            median_ms: median(values),
            max_ms: finite().reduce(f64::max),
        }
    }

    /// `min 1.0 / median 2.0 / max 3.0 ms (n=3)`.
    pub fn line(&self) -> String {
        let f = |v: Option<f64>| v.map_or_else(|| "?".to_owned(), |v| format!("{v:.0}"));
        format!(
            "min {} / median {} / max {} ms (n={})",
            f(self.min_ms),
            f(self.median_ms),
            f(self.max_ms),
            self.samples
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        let s = Summary::of(&[4.0, 1.0, f64::NAN, 2.0, 10.0]);
        assert_eq!(s.samples, 4);
        assert_eq!(
            (s.min_ms, s.median_ms, s.max_ms),
            (Some(1.0), Some(3.0), Some(10.0))
        );
        assert_eq!(s.line(), "min 1 / median 3 / max 10 ms (n=4)");
        let none = Summary::of(&[]);
        assert_eq!((none.samples, none.min_ms, none.median_ms), (0, None, None));
    }
}
