//! The binary's side of the record signing keys: `bosun-controller signing-key new` prints a
//! key `run --signing-keys` accepts, and `run` refuses to start without a usable key, saying
//! which directory or file is wrong (before it reads its config or touches Docker).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn controller() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bosun-controller"))
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bosun-ctl-keys-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("test setup");
    dir
}

/// `run` with `keys` as the signing key directory and a config that does not exist.
fn run_with(keys: &Path) -> Output {
    controller()
        .args([
            "run",
            "--config",
            "/nonexistent/bosun.yaml",
            "--signing-keys",
        ])
        .arg(keys)
        .env("RUST_LOG", "info")
        .output()
        .expect("running bosun-controller")
}

#[test]
fn run_refuses_to_start_without_a_usable_signing_key() {
    let dir = temp("refuse");
    let out = run_with(&dir);
    assert!(!out.status.success());
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains(&format!("no signing key in {}", dir.display())),
        "{log}"
    );
    assert!(
        !log.contains("configuration"),
        "keys are checked first: {log}"
    );

    std::fs::write(dir.join("v1"), "not a key\n").expect("test setup");
    let out = run_with(&dir);
    assert!(!out.status.success());
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains(&format!("signing key {}: ", dir.join("v1").display())),
        "{log}"
    );
    std::fs::remove_dir_all(&dir).expect("clean-up");
}

#[test]
fn a_new_signing_key_is_accepted_by_run() {
    let out = controller()
        .args(["signing-key", "new"])
        .output()
        .expect("running bosun-controller");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        text.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"),
        "{text}"
    );
    bosun_core::keys::parse_private_key(&text, "stdout").expect("an ED25519 key");

    // with that key, `run` gets past the keys and stops at the missing config instead
    let dir = temp("accept");
    std::fs::write(dir.join("v1"), &text).expect("test setup");
    let out = run_with(&dir);
    assert!(!out.status.success());
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains("discovery record signing keys loaded"),
        "{log}"
    );
    assert!(
        log.contains("the configuration file is not usable"),
        "{log}"
    );
    std::fs::remove_dir_all(&dir).expect("clean-up");
}
