//! Measurement helpers for `make bench`: sequential latency percentiles and concurrent
//! throughput of one way of running a command, and the table that compares every way with
//! the floor (a direct Engine API exec measured in the same run). Benchmarks report; they do
//! not assert on time.

use std::future::Future;
use std::time::{Duration, Instant};

use anyhow::Result;
use serde::Serialize;

/// What was measured for one way of running a command.
#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    pub method: String,
    pub sequential_calls: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub mean_ms: f64,
    pub concurrent_clients: usize,
    pub calls_per_client: usize,
    pub throughput_per_s: f64,
}

/// A measurement next to the floor's.
#[derive(Debug, Clone, Serialize)]
pub struct Compared {
    #[serde(flatten)]
    pub measurement: Measurement,
    pub p50_ratio: f64,
    pub p99_ratio: f64,
    pub p50_over_floor_ms: f64,
    pub throughput_ratio: f64,
}

/// Runs `call` `n` times one after the other and returns each call's latency.
pub async fn sequential<F, Fut>(n: usize, mut call: F) -> Result<Vec<Duration>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let mut latencies = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        call().await?;
        latencies.push(start.elapsed());
    }
    Ok(latencies)
}

/// Runs `clients` concurrent loops of `calls` calls each (`call(client_index)`) and returns
/// completed calls per second over the whole run.
pub async fn throughput<F, Fut>(clients: usize, calls: usize, call: F) -> Result<f64>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let start = Instant::now();
    let loops = (0..clients).map(|c| {
        let call = &call;
        async move {
            for _ in 0..calls {
                call(c).await?;
            }
            anyhow::Ok(())
        }
    });
    futures::future::try_join_all(loops).await?;
    Ok((clients * calls) as f64 / start.elapsed().as_secs_f64())
}

/// The `p`-th percentile (0..=100) of `latencies`, nearest-rank, in milliseconds.
pub fn percentile_ms(latencies: &[Duration], p: f64) -> f64 {
    if latencies.is_empty() {
        return f64::NAN;
    }
    let mut sorted = latencies.to_vec();
    sorted.sort();
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    ms(sorted[rank.clamp(1, sorted.len()) - 1])
}

pub fn mean_ms(latencies: &[Duration]) -> f64 {
    latencies.iter().map(|d| ms(*d)).sum::<f64>() / latencies.len().max(1) as f64
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl Measurement {
    pub fn new(
        method: &str,
        latencies: &[Duration],
        clients: usize,
        calls: usize,
        throughput: f64,
    ) -> Self {
        Self {
            method: method.to_owned(),
            sequential_calls: latencies.len(),
            p50_ms: percentile_ms(latencies, 50.0),
            p99_ms: percentile_ms(latencies, 99.0),
            mean_ms: mean_ms(latencies),
            concurrent_clients: clients,
            calls_per_client: calls,
            throughput_per_s: throughput,
        }
    }

    pub fn compared_to(&self, floor: &Measurement) -> Compared {
        Compared {
            measurement: self.clone(),
            p50_ratio: self.p50_ms / floor.p50_ms,
            p99_ratio: self.p99_ms / floor.p99_ms,
            p50_over_floor_ms: self.p50_ms - floor.p50_ms,
            throughput_ratio: self.throughput_per_s / floor.throughput_per_s,
        }
    }
}

/// The human table: one row per method, every figure with its ratio to the floor.
pub fn table(rows: &[Compared]) -> String {
    let mut out = format!(
        "{:<26} {:>9} {:>7} {:>9} {:>7} {:>12} {:>7}\n",
        "method", "p50 ms", "×floor", "p99 ms", "×floor", "8×50 calls/s", "×floor"
    );
    for r in rows {
        let m = &r.measurement;
        out.push_str(&format!(
            "{:<26} {:>9.2} {:>7.2} {:>9.2} {:>7.2} {:>12.1} {:>7.2}\n",
            m.method,
            m.p50_ms,
            r.p50_ratio,
            m.p99_ms,
            r.p99_ratio,
            m.throughput_per_s,
            r.throughput_ratio
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(ms: u64) -> Duration {
        Duration::from_millis(ms)
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let l: Vec<Duration> = (1..=100).map(d).collect();
        assert_eq!(percentile_ms(&l, 50.0), 50.0);
        assert_eq!(percentile_ms(&l, 99.0), 99.0);
        assert_eq!(percentile_ms(&l, 100.0), 100.0);
        assert_eq!(percentile_ms(&[d(7)], 99.0), 7.0);
        assert!(percentile_ms(&[], 50.0).is_nan());
        assert_eq!(mean_ms(&[d(1), d(3)]), 2.0);
    }

    #[test]
    fn ratios_compare_with_the_floor() {
        let floor = Measurement::new("floor", &[d(10), d(20)], 8, 50, 100.0);
        let other = Measurement::new("x", &[d(12), d(30)], 8, 50, 90.0);
        let c = other.compared_to(&floor);
        assert!((c.p50_ratio - 1.2).abs() < 1e-9);
        assert!((c.p50_over_floor_ms - 2.0).abs() < 1e-9);
        assert!((c.throughput_ratio - 0.9).abs() < 1e-9);
        assert!(table(&[c]).lines().nth(1).unwrap().starts_with("x "));
    }

    #[tokio::test]
    async fn throughput_counts_every_call() {
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let rate = throughput(4, 5, |_| async {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        })
        .await
        .unwrap();
        assert_eq!(calls.into_inner(), 20);
        assert!(rate > 0.0);
    }
}
