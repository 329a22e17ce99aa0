//! `bosun-proxy stop-exec --marker M --grace D`: runs inside the stopper container, in the
//! target's pid namespace, and stops one command's processes: TERM to every process of the
//! command's tree, a wait of up to the grace for them to go, then KILL to what is left, and a
//! last wait for the kernel to take them down.
//!
//! A process belongs to the command when its initial environment (`/proc/<pid>/environ`) holds
//! `BOSUN_COMMAND=M`, or when its parent belongs (children that cleared their environment).
//! Zombies are already dead and are left to their parent.
//!
//! Exit status (the proxy reads it): 0 every process is gone; 3 none was found (the command
//! had ended); 4 none was found but some environments could not be read (a privilege is
//! missing); 1 some survived KILL (stdout says which); 2 usage error. stdout gets one line
//! that says what was done.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use super::marker::Marker;

/// The exit status when no process of the command was found.
pub const EXIT_NOTHING_FOUND: u8 = 3;
/// The exit status when some process survived KILL.
pub const EXIT_SURVIVED: u8 = 1;
/// The exit status when no process of the command was found but some environments could not
/// be read: the stopper lacks a privilege, and the command may still run.
pub const EXIT_UNREADABLE: u8 = 4;
/// How often the processes are looked at again.
const POLL: Duration = Duration::from_millis(50);
/// How long the kernel gets to take killed processes down.
const AFTER_KILL: Duration = Duration::from_secs(2);

/// Runs `stop-exec` with the arguments after its name.
pub fn main(args: impl Iterator<Item = String>) -> ExitCode {
    let (marker, grace) = match parse(args) {
        Ok(parsed) => parsed,
        Err(why) => {
            eprintln!("stop-exec: {why}");
            return ExitCode::from(2);
        }
    };
    let me = std::process::id();
    let proc = Path::new("/proc");
    let unreadable = scan(proc, &marker, me).unreadable;
    let report = stop(
        || scan(proc, &marker, me).tree,
        |pid, signal| {
            let pid = nix::unistd::Pid::from_raw(pid);
            // a process that exited meanwhile is fine: it is gone
            let _ = nix::sys::signal::kill(pid, signal);
        },
        grace,
    );
    if report.termed == 0 && unreadable > 0 {
        println!(
            "cannot read the environment of {unreadable} process(es) of the target \
             (permission denied): the stopper needs CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE"
        );
        return ExitCode::from(EXIT_UNREADABLE);
    }
    println!("{}", report.line());
    ExitCode::from(report.exit_status())
}

/// `--marker M --grace D`, in any order.
fn parse(mut args: impl Iterator<Item = String>) -> Result<(Marker, Duration), String> {
    let (mut marker, mut grace) = (None, None);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--marker" => {
                marker = Some(Marker::parse(&value).ok_or("--marker: not a command marker")?);
            }
            "--grace" => {
                grace =
                    Some(humantime::parse_duration(&value).map_err(|e| format!("--grace: {e}"))?);
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok((
        marker.ok_or("--marker is required")?,
        grace.ok_or("--grace is required")?,
    ))
}

/// What `stop` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Processes that got TERM.
    pub termed: usize,
    /// Processes still there after the grace, that got KILL.
    pub killed: usize,
    /// Processes still there after KILL.
    pub survivors: Vec<i32>,
}

impl Report {
    fn exit_status(&self) -> u8 {
        match self {
            _ if !self.survivors.is_empty() => EXIT_SURVIVED,
            Report { termed: 0, .. } => EXIT_NOTHING_FOUND,
            _ => 0,
        }
    }

    fn line(&self) -> String {
        match self {
            _ if !self.survivors.is_empty() => format!(
                "{} process(es) survived KILL: {:?}",
                self.survivors.len(),
                self.survivors
            ),
            Report { termed: 0, .. } => "no process of the command was left".to_owned(),
            Report { killed: 0, .. } => format!("stopped {} process(es) with TERM", self.termed),
            _ => format!(
                "stopped {} process(es): TERM, then KILL for {}",
                self.termed, self.killed
            ),
        }
    }
}

/// TERM to the tree, wait up to `grace`, KILL to what is left, wait [`AFTER_KILL`].
/// `look` lists the command's live processes; `send` signals one.
pub fn stop(
    mut look: impl FnMut() -> BTreeSet<i32>,
    mut send: impl FnMut(i32, nix::sys::signal::Signal),
    grace: Duration,
) -> Report {
    use nix::sys::signal::Signal::{SIGKILL, SIGTERM};
    let mut termed = BTreeSet::new();
    let wait_until_gone =
        |look: &mut dyn FnMut() -> BTreeSet<i32>, send: &mut dyn FnMut(i32), limit: Duration| {
            let deadline = Instant::now() + limit;
            loop {
                let left = look();
                for &pid in &left {
                    send(pid);
                }
                if left.is_empty() || Instant::now() >= deadline {
                    return left;
                }
                std::thread::sleep(POLL);
            }
        };
    let left = wait_until_gone(
        &mut look,
        &mut |pid| {
            // a child born during the grace gets its TERM too, once
            if termed.insert(pid) {
                send(pid, SIGTERM);
            }
        },
        grace,
    );
    if left.is_empty() {
        return Report {
            termed: termed.len(),
            killed: 0,
            survivors: Vec::new(),
        };
    }
    let killed = left.len();
    let survivors = wait_until_gone(&mut look, &mut |pid| send(pid, SIGKILL), AFTER_KILL);
    Report {
        termed: termed.len(),
        killed,
        survivors: survivors.into_iter().collect(),
    }
}

/// What a look at the processes found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// The command's live processes.
    pub tree: BTreeSet<i32>,
    /// Live processes whose environment could not be read (permission denied).
    pub unreadable: usize,
}

/// The live processes of the command marked `marker` under `proc` (a procfs), but `me`.
pub fn scan(proc: &Path, marker: &Marker, me: u32) -> Scan {
    let entry = marker.env_entry();
    let mut parents: BTreeMap<i32, i32> = BTreeMap::new();
    let mut marked = BTreeSet::new();
    let mut unreadable = 0;
    let Ok(dir) = std::fs::read_dir(proc) else {
        return Scan::default();
    };
    for pid in dir
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
    {
        if u32::try_from(pid).ok() == Some(me) {
            continue;
        }
        let Some((state, ppid)) = stat(proc, pid) else {
            continue; // gone meanwhile
        };
        if matches!(state, 'Z' | 'X') {
            continue;
        }
        parents.insert(pid, ppid);
        match carries(proc, pid, &entry) {
            Ok(true) => {
                marked.insert(pid);
            }
            Ok(false) => {}
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => unreadable += 1,
            Err(_) => {} // gone meanwhile
        }
    }
    Scan {
        tree: with_descendants(marked, &parents),
        unreadable,
    }
}

/// The state letter and parent pid from `/proc/<pid>/stat`: `pid (comm) S ppid …`, where the
/// command name may hold spaces and parentheses (hence the last `)`).
fn stat(proc: &Path, pid: i32) -> Option<(char, i32)> {
    let text = std::fs::read_to_string(proc.join(pid.to_string()).join("stat")).ok()?;
    let rest = &text[text.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some((state, ppid))
}

/// Whether the process's initial environment holds `entry` (`NAME=value`) exactly.
fn carries(proc: &Path, pid: i32, entry: &str) -> std::io::Result<bool> {
    std::fs::read(proc.join(pid.to_string()).join("environ"))
        .map(|environ| environ.split(|&b| b == 0).any(|e| e == entry.as_bytes()))
}

/// `marked` and every process below one of them.
fn with_descendants(mut tree: BTreeSet<i32>, parents: &BTreeMap<i32, i32>) -> BTreeSet<i32> {
    loop {
        let children: Vec<i32> = parents
            .iter()
            .filter(|(pid, ppid)| tree.contains(ppid) && !tree.contains(pid))
            .map(|(pid, _)| *pid)
            .collect();
        if children.is_empty() {
            return tree;
        }
        tree.extend(children);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nix::sys::signal::Signal;
    use std::cell::RefCell;

    /// A fake procfs: `(pid, comm, state, ppid, environ)`.
    fn fake_proc(name: &str, procs: &[(i32, &str, char, i32, &str)]) -> std::path::PathBuf {
        let root = std::env::temp_dir().join(format!("bosun-proc-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for &(pid, comm, state, ppid, environ) in procs {
            let dir = root.join(pid.to_string());
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(
                dir.join("stat"),
                format!("{pid} ({comm}) {state} {ppid} 1 1 0 -1"),
            )
            .unwrap();
            std::fs::write(dir.join("environ"), environ.replace(' ', "\0")).unwrap();
        }
        std::fs::create_dir_all(root.join("self")).unwrap();
        root
    }

    #[test]
    fn the_scan_finds_the_marked_tree_and_nothing_else() {
        let m = Marker::new();
        let other = Marker::new();
        let env = format!("PATH=/bin {}", m.env_entry());
        let other_env = format!("PATH=/bin {}", other.env_entry());
        let near = format!("PATH=/bin {}x", m.env_entry());
        let proc = fake_proc(
            "scan",
            &[
                (1, "init", 'S', 0, "PATH=/bin"),
                (20, "php", 'S', 0, &env),
                (21, "php worker (a) b)", 'R', 20, &env),
                (22, "env -i child", 'S', 21, ""),
                (23, "dead", 'Z', 20, ""),
                (30, "other", 'S', 0, &other_env),
                (31, "near", 'S', 0, &near),
                (40, "me", 'S', 0, &env),
            ],
        );
        assert_eq!(scan(&proc, &m, 40).tree, BTreeSet::from([20, 21, 22]));
        assert_eq!(scan(&proc, &other, 40).tree, BTreeSet::from([30]));
        assert!(scan(&proc, &Marker::new(), 40).tree.is_empty());
        assert_eq!(scan(&proc.join("missing"), &m, 40), Scan::default());
        std::fs::remove_dir_all(&proc).unwrap();
    }

    /// Processes that go when they get the signals in `dies_on`.
    fn run(
        procs: &[i32],
        dies_on: &[(i32, Signal)],
        grace: Duration,
    ) -> (Report, Vec<(i32, Signal)>) {
        let alive = RefCell::new(procs.iter().copied().collect::<BTreeSet<i32>>());
        let sent = RefCell::new(Vec::new());
        let report = stop(
            || alive.borrow().clone(),
            |pid, signal| {
                sent.borrow_mut().push((pid, signal));
                if dies_on.contains(&(pid, signal))
                    || signal == Signal::SIGKILL && !dies_on.iter().any(|(p, _)| *p == -pid)
                {
                    alive.borrow_mut().remove(&pid);
                }
            },
            grace,
        );
        (report, sent.into_inner())
    }

    #[test]
    fn term_first_then_kill_after_the_grace_then_survivors_are_reported() {
        use Signal::{SIGKILL, SIGTERM};
        // both go on TERM: no KILL
        let (report, sent) = run(
            &[5, 6],
            &[(5, SIGTERM), (6, SIGTERM)],
            Duration::from_secs(5),
        );
        assert_eq!(
            report,
            Report {
                termed: 2,
                killed: 0,
                survivors: vec![]
            }
        );
        assert_eq!(sent, vec![(5, SIGTERM), (6, SIGTERM)]);
        assert_eq!(report.exit_status(), 0);
        assert_eq!(report.line(), "stopped 2 process(es) with TERM");
        // 6 ignores TERM: KILL after the grace, TERM only once each
        let (report, sent) = run(&[5, 6], &[(5, SIGTERM)], Duration::from_millis(120));
        assert_eq!(
            report,
            Report {
                termed: 2,
                killed: 1,
                survivors: vec![]
            }
        );
        assert_eq!(sent.iter().filter(|s| **s == (6, SIGTERM)).count(), 1);
        assert_eq!(sent.last(), Some(&(6, SIGKILL)));
        assert_eq!(
            report.line(),
            "stopped 2 process(es): TERM, then KILL for 1"
        );
        // 7 survives even KILL (-7: "does not die on KILL")
        let (report, _) = run(&[7], &[(-7, SIGKILL)], Duration::from_millis(60));
        assert_eq!(report.survivors, vec![7]);
        assert_eq!(report.exit_status(), EXIT_SURVIVED);
        // nothing to stop
        let (report, sent) = run(&[], &[], Duration::from_secs(5));
        assert!(sent.is_empty());
        assert_eq!(report.exit_status(), EXIT_NOTHING_FOUND);
    }

    #[test]
    fn arguments_are_checked() {
        let m = Marker::new();
        let args = |a: &[&str]| parse(a.iter().map(|s| s.to_string()));
        let (marker, grace) = args(&["--grace", "5s", "--marker", m.as_str()]).unwrap();
        assert_eq!((marker, grace), (m.clone(), Duration::from_secs(5)));
        assert!(
            args(&["--marker", "zz", "--grace", "5s"])
                .unwrap_err()
                .contains("not a command marker")
        );
        assert!(
            args(&["--marker", m.as_str()])
                .unwrap_err()
                .contains("--grace is required")
        );
        assert!(args(&["--grace"]).unwrap_err().contains("needs a value"));
        assert!(
            args(&["--pid", "1"])
                .unwrap_err()
                .contains("unknown argument")
        );
    }
}
