//! What a lab leaves on the machine, read from the kernel rather than from the lab script, so
//! a test can prove that `down` removed everything.
//!
//! A lab's footprint is its directory, its namespaces (identified by inode), its cgroups and the
//! processes in them. Its veths and bridge live only inside its network namespaces: once no
//! process, mount or open file holds those namespaces, the kernel destroys them and the veths
//! with them, so "no holder of a lab namespace" plus "the host's own interfaces unchanged" is
//! the proof that no veth is left.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::Lab;

/// The identity of a running lab, captured while it is up.
#[derive(Debug, Clone)]
pub struct Footprint {
    dir: PathBuf,
    cgroup: String,
    ns_inodes: HashSet<u64>,
}

impl Footprint {
    /// Captures the footprint of `lab`, which must be up.
    pub fn capture(lab: &Lab) -> Result<Self> {
        let ns_dir = lab.dir().join("ns");
        let mut ns_inodes = HashSet::new();
        for entry in
            fs::read_dir(&ns_dir).with_context(|| format!("reading {}", ns_dir.display()))?
        {
            let path = entry?.path();
            // a bind-mounted namespace file stats as the namespace itself (an nsfs inode)
            ns_inodes.insert(
                fs::metadata(&path)
                    .with_context(|| format!("stat {}", path.display()))?
                    .ino(),
            );
        }
        let name = lab
            .dir()
            .file_name()
            .context("the lab directory has no name")?
            .to_string_lossy();
        Ok(Self {
            dir: lab.dir().to_owned(),
            cgroup: format!("bosun-lab-{name}"),
            ns_inodes,
        })
    }

    pub fn namespace_count(&self) -> usize {
        self.ns_inodes.len()
    }

    /// Everything of the lab that still exists, one line each; empty when nothing is left.
    pub fn leftovers(&self) -> Vec<String> {
        let mut found = Vec::new();
        if self.dir.exists() {
            found.push(format!("directory {} exists", self.dir.display()));
        }
        for (pid, what) in processes() {
            let proc_dir = Path::new("/proc").join(pid.to_string());
            for ns in ["net", "mnt", "uts"] {
                if let Ok(m) = fs::metadata(proc_dir.join("ns").join(ns)) {
                    if self.ns_inodes.contains(&m.ino()) {
                        found.push(format!("process {pid} ({what}) is in a lab {ns} namespace"));
                    }
                }
            }
            let cgroups = fs::read_to_string(proc_dir.join("cgroup")).unwrap_or_default();
            if cgroups.contains(&format!("/{}/", self.cgroup))
                || cgroups
                    .lines()
                    .any(|l| l.ends_with(&format!("/{}", self.cgroup)))
            {
                found.push(format!(
                    "process {pid} ({what}) is in cgroup {}",
                    self.cgroup
                ));
            }
            found.extend(
                self.held_namespaces(&proc_dir)
                    .into_iter()
                    .map(|h| format!("process {pid} ({what}) {h}")),
            );
        }
        for root in cgroup_roots() {
            let dir = root.join(&self.cgroup);
            if dir.exists() {
                found.push(format!("cgroup {} exists", dir.display()));
            }
        }
        let dir = self.dir.to_string_lossy();
        for line in fs::read_to_string("/proc/self/mountinfo")
            .unwrap_or_default()
            .lines()
        {
            if line.contains(dir.as_ref()) {
                found.push(format!("mount: {line}"));
            }
        }
        found
    }

    /// Open files and mounts of one process that refer to a lab namespace.
    fn held_namespaces(&self, proc_dir: &Path) -> Vec<String> {
        let mut held = Vec::new();
        if let Ok(fds) = fs::read_dir(proc_dir.join("fd")) {
            for fd in fds.flatten() {
                if let Ok(target) = fs::read_link(fd.path()) {
                    if let Some(ino) = nsfs_inode(&target.to_string_lossy()) {
                        if self.ns_inodes.contains(&ino) {
                            held.push(format!("holds {} open", target.display()));
                        }
                    }
                }
            }
        }
        for line in fs::read_to_string(proc_dir.join("mountinfo"))
            .unwrap_or_default()
            .lines()
        {
            // nsfs mounts show their namespace as the mount root: `… net:[4026532288] /path …`
            if let Some(root) = line.split(' ').nth(3) {
                if nsfs_inode(root).is_some_and(|ino| self.ns_inodes.contains(&ino)) {
                    held.push(format!("mounts a lab namespace: {line}"));
                }
            }
        }
        held
    }
}

/// The host's network interfaces, by name (from the host's /sys).
pub fn host_interfaces() -> Result<BTreeSet<String>> {
    fs::read_dir("/sys/class/net")
        .context("reading /sys/class/net")?
        .map(|e| Ok(e?.file_name().to_string_lossy().into_owned()))
        .collect()
}

/// `net:[4026532288]` → 4026532288.
fn nsfs_inode(s: &str) -> Option<u64> {
    let (_, rest) = s.split_once(":[")?;
    rest.strip_suffix(']')?.parse().ok()
}

/// Every live process: (pid, command name).
fn processes() -> Vec<(u32, String)> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| *pid != std::process::id())
        .map(|pid| {
            let comm = fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            (pid, comm.trim().to_owned())
        })
        .collect()
}

/// Mount points of every cgroup hierarchy (v1 controllers, or the v2 root).
fn cgroup_roots() -> Vec<PathBuf> {
    fs::read_to_string("/proc/self/mountinfo")
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let (left, right) = line.split_once(" - ")?;
            let fstype = right.split(' ').next()?;
            let mount_point = left.split(' ').nth(4)?;
            (fstype == "cgroup" || fstype == "cgroup2").then(|| PathBuf::from(mount_point))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nsfs_links_parse() {
        assert_eq!(nsfs_inode("net:[4026532288]"), Some(4026532288));
        assert_eq!(nsfs_inode("mnt:[1]"), Some(1));
        assert_eq!(nsfs_inode("/dev/null"), None);
        assert_eq!(nsfs_inode("socket:[12"), None);
    }

    #[test]
    fn this_machine_has_cgroup_roots_and_interfaces() {
        assert!(!cgroup_roots().is_empty());
        assert!(host_interfaces().unwrap().contains("lo"));
    }
}
