//! A process's CPU time and memory, read from `/proc` (the lab shares the host's pid
//! namespace, so the controller's pid in lab1 is its pid here).

use anyhow::{Context, Result};

/// Resident memory of a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    /// `VmRSS`: resident now.
    pub rss_kb: u64,
    /// `VmHWM`: the most it was ever resident.
    pub peak_kb: u64,
}

/// User plus system CPU time in clock ticks, from the text of `/proc/<pid>/stat`.
pub fn cpu_ticks(stat: &str) -> Option<u64> {
    // `pid (comm) state …`: comm may hold spaces and parentheses, so split at the last ") ".
    let (_, rest) = stat.rsplit_once(") ")?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // rest starts at field 3 (state); utime and stime are fields 14 and 15
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// `VmRSS` and `VmHWM` from the text of `/proc/<pid>/status`.
pub fn memory(status: &str) -> Option<Memory> {
    let kb = |key: &str| {
        status.lines().find_map(|l| {
            l.strip_prefix(key)?
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .ok()
        })
    };
    Some(Memory {
        rss_kb: kb("VmRSS:")?,
        peak_kb: kb("VmHWM:")?,
    })
}

/// The CPU ticks and memory of `pid` now.
pub fn read(pid: u32) -> Result<(u64, Memory)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .with_context(|| format!("reading /proc/{pid}/stat"))?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    let ticks = cpu_ticks(&stat).with_context(|| format!("no CPU times in /proc/{pid}/stat"))?;
    let mem = memory(&status).with_context(|| format!("no VmRSS/VmHWM in /proc/{pid}/status"))?;
    Ok((ticks, mem))
}

/// Clock ticks per second (`getconf CLK_TCK`; Linux uses 100 everywhere it matters).
pub fn clock_ticks_per_second() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .filter(|t| *t > 0)
        .unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_is_utime_plus_stime_whatever_the_command_name() {
        let stat = "4242 (bosun (ctl) x) S 1 4242 4242 0 -1 4194560 1170 0 0 0 37 12 0 0 20 0 \
                    4 0 123456 20000000 2000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1";
        assert_eq!(cpu_ticks(stat), Some(49));
        assert_eq!(cpu_ticks("4242 (x) S 1"), None);
        assert_eq!(cpu_ticks("garbage"), None);
    }

    #[test]
    fn memory_comes_from_vmrss_and_vmhwm() {
        let status = "Name:\tbosun-controller\nVmPeak:\t  100000 kB\nVmHWM:\t   21000 kB\n\
                      VmRSS:\t   18000 kB\nThreads:\t3\n";
        assert_eq!(
            memory(status),
            Some(Memory {
                rss_kb: 18000,
                peak_kb: 21000
            })
        );
        assert_eq!(memory("Name:\tx\n"), None);
    }

    #[test]
    fn this_process_can_be_read() {
        let (_, mem) = read(std::process::id()).unwrap();
        assert!(mem.rss_kb > 0 && mem.peak_kb >= mem.rss_kb);
        assert!(clock_ticks_per_second() > 0);
    }
}
