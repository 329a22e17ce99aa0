//! `bosun-proxy purge-volume --name NAME --label KEY=VALUE… [--wait D]`: removes one named
//! volume from *this node's* engine. The controller runs it, from the proxy's image, in a
//! one-shot service on every node when an ADMIN deletes a clone with `purge_volume`
//! (docs/orchestration.md, "Volumes"): a clone's named volume lives on the node its task ran
//! on, and a manager's Engine API cannot reach another node's volumes. The proxy's image is
//! the one bosun already runs on nodes with the node's Docker socket, and like `stop-exec`
//! this is a short-lived helper of that image, never the SSH server.
//!
//! It removes the volume only when the volume carries every `--label` given (at least one is
//! required): a volume of that name that bosun did not make for that clone is kept. While the
//! volume is in use (the clone's container is still being taken down), it tries again every
//! second, for up to `--wait` (default 60 s).
//!
//! Exit status: 0 removed, or no such volume on this node; 1 still in use after the wait, or
//! the engine failed; 2 usage error; 3 kept: the volume's labels are not the ones given. stdout
//! gets one line that says what was done.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::process::ExitCode;
use std::time::Duration;

use bollard::Docker;
use bollard::query_parameters::RemoveVolumeOptions;

/// The exit status when the volume's labels are not the ones given.
pub const EXIT_NOT_OURS: u8 = 3;
/// The wait when `--wait` is not given.
const DEFAULT_WAIT: Duration = Duration::from_secs(60);
/// The pause between two tries while the volume is in use.
const RETRY: Duration = Duration::from_secs(1);

/// What to remove, and how long to wait for it to be free.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Purge {
    name: String,
    labels: BTreeMap<String, String>,
    wait: Duration,
}

/// How a purge ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Purged {
    Removed,
    Absent,
    NotOurs,
    StillInUse,
    Failed(String),
}

impl Purged {
    fn exit_status(&self) -> u8 {
        match self {
            Purged::Removed | Purged::Absent => 0,
            Purged::NotOurs => EXIT_NOT_OURS,
            Purged::StillInUse | Purged::Failed(_) => 1,
        }
    }

    fn line(&self, purge: &Purge) -> String {
        let name = &purge.name;
        match self {
            Purged::Removed => format!("removed volume {name}"),
            Purged::Absent => format!("no volume {name} on this node"),
            Purged::NotOurs => format!("kept volume {name}: its labels are not the clone's"),
            Purged::StillInUse => format!(
                "kept volume {name}: still in use after {}",
                humantime::format_duration(purge.wait)
            ),
            Purged::Failed(why) => format!("volume {name}: {why}"),
        }
    }
}

/// One removal's answer from the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Removal {
    Removed,
    Absent,
    InUse,
}

/// The two engine calls a purge makes (the tests use a double).
trait Volumes {
    /// The volume's labels; `None` when there is no such volume.
    async fn labels(&self, name: &str) -> Result<Option<HashMap<String, String>>, String>;
    async fn remove(&self, name: &str) -> Result<Removal, String>;
}

/// Runs `purge-volume` with the arguments after its name.
pub fn main(args: impl Iterator<Item = String>) -> ExitCode {
    let purge = match parse(args) {
        Ok(purge) => purge,
        Err(why) => {
            eprintln!("purge-volume: {why}");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let purged = match runtime {
        Ok(rt) => rt.block_on(async {
            match bosun_engine::connect(None).await {
                Ok(docker) => run(&docker, &purge).await,
                Err(e) => Purged::Failed(e.to_string()),
            }
        }),
        Err(e) => Purged::Failed(format!("starting the runtime: {e}")),
    };
    println!("{}", purged.line(&purge));
    ExitCode::from(purged.exit_status())
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Purge, String> {
    let (mut name, mut labels, mut wait) = (None, BTreeMap::new(), DEFAULT_WAIT);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--name" if valid_name(&value) => name = Some(value),
            "--name" => return Err(format!("--name: {value:?} is not a volume name")),
            "--label" => {
                let (key, v) = value
                    .split_once('=')
                    .filter(|(k, _)| !k.is_empty())
                    .ok_or_else(|| format!("--label: {value:?} is not KEY=VALUE"))?;
                labels.insert(key.to_owned(), v.to_owned());
            }
            "--wait" => {
                wait = humantime::parse_duration(&value).map_err(|e| format!("--wait: {e}"))?;
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if labels.is_empty() {
        return Err(
            "at least one --label is required: an unlabelled volume is never removed".into(),
        );
    }
    Ok(Purge {
        name: name.ok_or("--name is required")?,
        labels,
        wait,
    })
}

/// Docker's volume names: a letter or digit, then letters, digits, `_`, `.` and `-` (and the
/// name goes into an Engine URL).
fn valid_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
        && name.len() <= 255
}

/// The purge: the labels checked once, then the removal tried until the volume is free or
/// the wait is over.
async fn run(volumes: &impl Volumes, purge: &Purge) -> Purged {
    match volumes.labels(&purge.name).await {
        Err(why) => return Purged::Failed(why),
        Ok(None) => return Purged::Absent,
        Ok(Some(labels)) if !carries(&labels, &purge.labels) => return Purged::NotOurs,
        Ok(Some(_)) => {}
    }
    let deadline = tokio::time::Instant::now() + purge.wait;
    loop {
        match volumes.remove(&purge.name).await {
            Ok(Removal::Removed) => return Purged::Removed,
            Ok(Removal::Absent) => return Purged::Absent,
            Ok(Removal::InUse) if tokio::time::Instant::now() + RETRY > deadline => {
                return Purged::StillInUse;
            }
            Ok(Removal::InUse) => tokio::time::sleep(RETRY).await,
            Err(why) => return Purged::Failed(why),
        }
    }
}

/// Whether `labels` hold every one of `wanted`.
fn carries(labels: &HashMap<String, String>, wanted: &BTreeMap<String, String>) -> bool {
    wanted.iter().all(|(k, v)| labels.get(k) == Some(v))
}

impl Volumes for Docker {
    async fn labels(&self, name: &str) -> Result<Option<HashMap<String, String>>, String> {
        match self.inspect_volume(name).await {
            Ok(volume) => Ok(Some(volume.labels)),
            Err(e) if status_of(&e) == Some(404) => Ok(None),
            Err(e) => Err(format!("inspecting the volume: {e}")),
        }
    }

    async fn remove(&self, name: &str) -> Result<Removal, String> {
        match self
            .remove_volume(name, Some(RemoveVolumeOptions { force: false }))
            .await
        {
            Ok(()) => Ok(Removal::Removed),
            Err(e) if status_of(&e) == Some(404) => Ok(Removal::Absent),
            Err(e) if status_of(&e) == Some(409) => Ok(Removal::InUse),
            Err(e) => Err(format!("removing the volume: {e}")),
        }
    }
}

fn status_of(e: &bollard::errors::Error) -> Option<u16> {
    match e {
        bollard::errors::Error::DockerResponseServerError { status_code, .. } => Some(*status_code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;

    /// One volume (or none) whose removal answers "in use" for its first `busy` tries.
    struct Node {
        volume: Option<HashMap<String, String>>,
        busy: RefCell<u32>,
        removes: RefCell<u32>,
    }

    impl Node {
        fn with(labels: &[(&str, &str)], busy: u32) -> Node {
            let labels = labels
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            Node {
                volume: Some(labels),
                busy: RefCell::new(busy),
                removes: RefCell::new(0),
            }
        }
    }

    impl Volumes for Node {
        async fn labels(&self, _: &str) -> Result<Option<HashMap<String, String>>, String> {
            Ok(self.volume.clone())
        }

        async fn remove(&self, _: &str) -> Result<Removal, String> {
            *self.removes.borrow_mut() += 1;
            let mut busy = self.busy.borrow_mut();
            if *busy > 0 {
                *busy -= 1;
                return Ok(Removal::InUse);
            }
            Ok(Removal::Removed)
        }
    }

    fn purge(wait: Duration) -> Purge {
        let args = [
            "--name",
            "bosun-clone-mongodb-node_a-data",
            "--label",
            "bosun.kind=clone-volume",
            "--label",
            "bosun.clone=mongodb/node_a",
            "--wait",
            &format!("{}s", wait.as_secs()),
        ];
        parse(args.into_iter().map(str::to_owned)).unwrap()
    }

    const OURS: &[(&str, &str)] = &[
        ("bosun.kind", "clone-volume"),
        ("bosun.clone", "mongodb/node_a"),
        ("bosun.instance", "bosun"),
    ];

    #[tokio::test(start_paused = true)]
    async fn the_clones_volume_is_removed_once_its_container_let_go_of_it() {
        let node = Node::with(OURS, 5);
        let purge = purge(Duration::from_secs(60));
        assert_eq!(run(&node, &purge).await, Purged::Removed);
        assert_eq!(*node.removes.borrow(), 6);
        assert_eq!(Purged::Removed.exit_status(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_volume_still_in_use_after_the_wait_is_kept_and_said_so() {
        let node = Node::with(OURS, u32::MAX);
        let purge = purge(Duration::from_secs(10));
        let started = tokio::time::Instant::now();
        let purged = run(&node, &purge).await;
        assert_eq!(purged, Purged::StillInUse);
        assert!(started.elapsed() <= Duration::from_secs(10));
        assert_eq!(purged.exit_status(), 1);
        assert!(purged.line(&purge).contains("still in use after 10s"));
    }

    #[tokio::test]
    async fn a_volume_of_that_name_without_the_clones_labels_is_never_removed() {
        let another_clones = &[
            ("bosun.kind", "clone-volume"),
            ("bosun.clone", "mongodb/node_b"),
        ];
        for labels in [&[("bosun.kind", "clone-volume")][..], another_clones, &[]] {
            let node = Node::with(labels, 0);
            let purged = run(&node, &purge(Duration::from_secs(60))).await;
            assert_eq!(purged, Purged::NotOurs, "{labels:?}");
            assert_eq!(*node.removes.borrow(), 0);
            assert_eq!(purged.exit_status(), EXIT_NOT_OURS);
        }
    }

    #[tokio::test]
    async fn a_node_without_the_volume_has_nothing_to_do() {
        let node = Node {
            volume: None,
            busy: RefCell::new(0),
            removes: RefCell::new(0),
        };
        let purged = run(&node, &purge(Duration::from_secs(60))).await;
        assert_eq!((purged.exit_status(), *node.removes.borrow()), (0, 0));
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        let parse_of = |args: &[&str]| parse(args.iter().map(|a| (*a).to_owned()));
        for (args, says) in [
            (&["--name", "v"][..], "at least one --label"),
            (&["--label", "a=b"][..], "--name is required"),
            (
                &["--name", "../x", "--label", "a=b"][..],
                "not a volume name",
            ),
            (&["--name", "v", "--label", "=b"][..], "not KEY=VALUE"),
            (&["--name", "v", "--label", "ab"][..], "not KEY=VALUE"),
            (
                &["--name", "v", "--label", "a=b", "--wait", "soon"][..],
                "--wait",
            ),
            (&["--name"][..], "needs a value"),
            (&["--force", "1"][..], "unknown argument"),
        ] {
            let err = parse_of(args).unwrap_err();
            assert!(err.contains(says), "{args:?}: {err}");
        }
        let ok = parse_of(&["--name", "v", "--label", "a=b=c"]).unwrap();
        assert_eq!(ok.labels.get("a").map(String::as_str), Some("b=c"));
        assert_eq!(ok.wait, DEFAULT_WAIT);
    }
}
