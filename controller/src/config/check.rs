//! `bosun-controller check-config FILE`: validate a config file and say so. Exit 0 when it
//! is valid (`FILE: ok (N targets)` on stdout), 1 when it is invalid (every error on stderr,
//! `FILE:LINE:COL: message`), 2 when it cannot be read.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::load::{LoadError, load};

/// Runs the check; the caller returns the exit code from `main`.
pub fn check_config_main(path: &Path) -> ExitCode {
    let (code, out, err) = check_config(path);
    // Nothing useful is left to do when the terminal is gone.
    let _ = std::io::stdout().write_all(out.as_bytes());
    let _ = std::io::stderr().write_all(err.as_bytes());
    ExitCode::from(code)
}

/// The exit code, stdout and stderr of a check.
fn check_config(path: &Path) -> (u8, String, String) {
    match load(path) {
        Ok(config) => {
            let n = config.targets.len();
            let plural = if n == 1 { "target" } else { "targets" };
            (
                0,
                format!("{}: ok ({n} {plural})\n", path.display()),
                String::new(),
            )
        }
        Err(e @ LoadError::Invalid(_)) => (1, String::new(), format!("{e}\n")),
        Err(e @ LoadError::Unreadable { .. }) => (2, String::new(), format!("{e}\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("bosun-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn valid_invalid_and_unreadable() {
        let ok = temp_file(
            "ok.yaml",
            "targets:\n  a:\n    service: a\n    policy: { preset: nextcloud }\n",
        );
        let (code, out, err) = check_config(&ok);
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(out, format!("{}: ok (1 target)\n", ok.display()));

        let bad = temp_file(
            "bad.yaml",
            "proxy:\n  port: 0\ntargets:\n  a:\n    service: a\n    policy: { preset: nextcloud }\n    limits: { memory: 64Q }\n",
        );
        let (code, out, err) = check_config(&bad);
        assert_eq!((code, out.as_str()), (1, ""));
        let lines: Vec<&str> = err.lines().collect();
        let file = bad.display().to_string();
        assert_eq!(
            lines,
            [
                format!("{file}:2:9: proxy.port: 0 is not a port (1-65535)"),
                format!(
                    "{file}:7:23: targets.a.limits.memory: \"64Q\" is not a size (use 64M, 512Mi, 1G or bytes)"
                ),
            ]
        );

        let missing = ok.with_file_name("missing.yaml");
        let (code, out, err) = check_config(&missing);
        assert_eq!((code, out.as_str()), (2, ""));
        assert!(
            err.starts_with(&format!("{}: cannot read the config: ", missing.display())),
            "{err}"
        );
    }
}
