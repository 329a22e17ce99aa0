//! `bosun policy check` as a process: exit codes 0/1/2, stdout/stderr, and `--stdin` passing
//! NUL, CR, LF and invalid UTF-8 bytes through unchanged.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BOSUN: &str = env!("CARGO_BIN_EXE_bosun");

fn data(name: &str) -> String {
    format!("{}/../core/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn bosun(args: &[&str]) -> Output {
    Command::new(BOSUN)
        .args(["policy", "check"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run bosun")
}

fn bosun_stdin(args: &[&str], payload: &[u8]) -> Output {
    let mut child = Command::new(BOSUN)
        .args(["policy", "check"])
        .args(args)
        .arg("--stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn bosun");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(payload)
        .expect("write payload");
    child.wait_with_output().expect("wait for bosun")
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("UTF-8 output")
}

#[test]
fn allowed_exits_0_with_json_argv() {
    let out = bosun(&["--preset", "nextcloud", "php occ status --output=json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "[\"php\",\"occ\",\"status\",\"--output=json\"]\n"
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn quoting_is_resolved_in_the_argv() {
    let out = bosun(&[
        "--preset",
        "nextcloud",
        "--",
        "'php' occ files:scan --pa\"th\"='/alice/files/2024 (Rome)'",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "[\"php\",\"occ\",\"files:scan\",\"--path=/alice/files/2024 (Rome)\"]\n"
    );
}

#[test]
fn rejected_exits_1_with_reason_on_stderr() {
    let out = bosun(&["--preset", "photoprism", "photoprism index ../.."]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "rejected: positional argument '../..' is not allowed for photoprism index\n"
    );
}

#[test]
fn stdin_keeps_every_byte() {
    let preset = ["--preset", "nextcloud"];
    let ok = bosun_stdin(&preset, b"php occ status");
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(text(&ok.stdout), "[\"php\",\"occ\",\"status\"]\n");

    let cases: &[(&[u8], &str)] = &[
        (b"php occ status\n", "byte 0x0a at offset 14"),
        (b"php occ status\r\n", "byte 0x0d at offset 14"),
        (b"php occ\0status", "byte 0x00 at offset 7"),
        (b"php occ status \xff", "byte 0xff at offset 15"),
        (b"php occ status \xc0\xaf", "byte 0xc0 at offset 15"),
        (b"php occ status \xc2\xa0", "byte 0xc2 at offset 15"),
        (b"", "command is empty"),
    ];
    for (payload, needle) in cases {
        let out = bosun_stdin(&preset, payload);
        assert_eq!(out.status.code(), Some(1), "{payload:?}");
        let err = text(&out.stderr);
        assert!(err.contains(needle), "{payload:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[cfg(unix)]
#[test]
fn raw_argument_bytes_are_not_reencoded() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let out = Command::new(BOSUN)
        .args(["policy", "check", "--preset", "nextcloud"])
        .arg(OsStr::from_bytes(b"php occ status \xe2\x80"))
        .output()
        .expect("run bosun");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("byte 0xe2 at offset 15"));
}

#[test]
fn policy_files() {
    let user = data("policy-user.yaml");
    let out = bosun(&["--file", &user, "--target", "myapp", "app sync --dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "[\"app\",\"sync\",\"--dry-run\"]\n");

    let out = bosun(&["--file", &user, "--target", "myapp", "app sync --mode=slow"]);
    assert_eq!(out.status.code(), Some(1));

    // One target: --target is optional.
    let single = data("policy-single.yaml");
    let out = bosun(&["--file", &single, "php occ files:scan --all"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn exit_2_for_usage_and_policy_errors() {
    let user = data("policy-user.yaml");
    let bad_option = data("policy-bad-option.yaml");
    let bad_field = data("policy-bad-field.yaml");
    let cases: &[(&[&str], &str)] = &[
        (&["php occ status"], "--preset"),
        (&["--preset", "nextcloud"], "RAW"),
        (
            &["--preset", "owncloud", "x"],
            "unknown preset \"owncloud\"",
        ),
        (
            &["--preset", "nextcloud", "--file", &user, "x"],
            "cannot be used with",
        ),
        (
            &["--preset", "nextcloud", "--target", "x", "y"],
            "cannot be used with",
        ),
        (
            &["--preset", "nextcloud", "--stdin", "x"],
            "cannot be used with",
        ),
        (&["--file", &user, "app sync"], "choose one with --target"),
        (
            &["--file", &user, "--target", "nope", "app sync"],
            "no target \"nope\"",
        ),
        (
            &["--file", "/nonexistent.yaml", "x"],
            "cannot read policy file",
        ),
        (&["--file", &bad_option, "x"], "line 6 column 11"),
        (&["--file", &bad_field, "x"], "line 3 column 5"),
        (&["--file", &bad_field, "x"], "unknown field `comands`"),
    ];
    for (args, needle) in cases {
        let out = bosun(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(needle),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_mentions_printf_and_exit_codes() {
    let out = bosun(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(help.contains("printf"), "{help}");
    assert!(help.contains("not `echo`"), "{help}");
    assert!(help.contains("0 allowed, 1 rejected, 2"), "{help}");
}
