//! `bosun policy check`: runs the exec proxy's command check (`bosun_core::policy::check`) on one
//! payload, against a built-in preset or a target of a YAML policy file.
//!
//! Exit codes: 0 allowed (the argv is printed on stdout as a JSON array), 1 rejected (the
//! one-line reason on stderr), 2 usage error, unreadable or invalid policy file, unknown target.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;

use clap::ArgGroup;

use bosun_core::policy::{Policy, PolicyFile, Preset, check};

/// The payload was allowed.
pub const EXIT_ALLOWED: u8 = 0;
/// The payload was rejected.
pub const EXIT_REJECTED: u8 = 1;
/// Usage error, bad policy file, unknown target (clap also exits with 2 on usage errors).
pub const EXIT_USAGE: u8 = 2;

/// Check one exec payload against a command policy.
///
/// Prints the argv the proxy would run as a JSON array and exits 0 when the payload is
/// allowed; prints the reason on stderr and exits 1 when it is rejected; exits 2 on usage
/// errors, a bad policy file or an unknown target.
#[derive(Debug, Clone, clap::Args)]
#[command(
    group(ArgGroup::new("policy").required(true).args(["preset", "file"])),
    group(ArgGroup::new("payload").required(true).args(["raw", "stdin"])),
    after_help = "Examples:\n  \
        bosun policy check --preset nextcloud 'php occ files:scan --path=/alice/files/Photos'\n  \
        printf '%s' 'photoprism index --force' | bosun policy check --preset photoprism --stdin\n  \
        bosun policy check --file policy.yaml --target myapp -- 'app sync --dry-run'\n\n\
        Exit status: 0 allowed, 1 rejected, 2 usage error or bad policy file."
)]
pub struct PolicyCheckArgs {
    /// Check against a built-in preset (nextcloud, photoprism).
    #[arg(long, value_name = "NAME")]
    pub preset: Option<Preset>,

    /// Check against a YAML policy file.
    #[arg(long, value_name = "POLICY.yaml")]
    pub file: Option<PathBuf>,

    /// The target of the policy file; required when the file declares more than one.
    #[arg(long, value_name = "NAME", conflicts_with = "preset")]
    pub target: Option<String>,

    /// The raw exec payload, as a single argument (put `--` before it if it starts with `-`).
    #[arg(value_name = "RAW")]
    pub raw: Option<OsString>,

    /// Read the raw payload from stdin, byte for byte: NUL, CR, invalid UTF-8 and a trailing
    /// newline are all kept (and rejected, like the proxy would). Feed it with `printf '%s'`,
    /// not `echo`, which appends a newline.
    #[arg(long)]
    pub stdin: bool,
}

/// Runs the check. `stdin` is read only with `--stdin`. Returns the exit code.
pub fn run(
    args: &PolicyCheckArgs,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    match run_inner(args, stdin, stdout) {
        Ok(code) => code,
        Err(Failure { code, message }) => {
            // Nothing better to do if stderr itself is gone.
            let _ = writeln!(stderr, "{message}");
            code
        }
    }
}

/// An outcome other than "allowed": the exit code and the text for stderr.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn usage(message: String) -> Failure {
        Failure {
            code: EXIT_USAGE,
            message: format!("error: {message}"),
        }
    }
}

fn run_inner(
    args: &PolicyCheckArgs,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<u8, Failure> {
    let policy = load_policy(args)?;
    let raw = read_payload(args, stdin)?;
    match check(&policy, &raw) {
        Ok(argv) => {
            let json = serde_json::to_string(&argv)
                .map_err(|e| Failure::usage(format!("cannot encode the argv: {e}")))?;
            writeln!(stdout, "{json}")
                .and_then(|()| stdout.flush())
                .map_err(|e| Failure::usage(format!("cannot write to stdout: {e}")))?;
            Ok(EXIT_ALLOWED)
        }
        Err(rejection) => Err(Failure {
            code: EXIT_REJECTED,
            message: rejection.to_string(),
        }),
    }
}

/// The policy named by `--preset`, or the chosen target of `--file`.
fn load_policy(args: &PolicyCheckArgs) -> Result<Policy, Failure> {
    if let Some(preset) = args.preset {
        return Ok(preset.policy());
    }
    let Some(path) = &args.file else {
        return Err(Failure::usage(
            "give --preset NAME or --file POLICY.yaml".into(),
        ));
    };
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read policy file {shown}: {e}")))?;
    let file = PolicyFile::from_yaml(&text).map_err(|e| {
        Failure::usage(format!(
            "invalid policy file {shown}: {}",
            e.render(&shown.to_string())
        ))
    })?;
    let (_, policy) = file
        .select(args.target.as_deref())
        .map_err(|e| Failure::usage(format!("{shown}: {e}")))?;
    Ok(policy.clone())
}

/// The payload's exact bytes, from the argument or from stdin.
fn read_payload(args: &PolicyCheckArgs, stdin: &mut dyn Read) -> Result<Vec<u8>, Failure> {
    if args.stdin {
        let mut raw = Vec::new();
        stdin
            .read_to_end(&mut raw)
            .map_err(|e| Failure::usage(format!("cannot read stdin: {e}")))?;
        return Ok(raw);
    }
    match &args.raw {
        // On Unix the encoded bytes are exactly the bytes of the argument.
        Some(raw) => Ok(raw.as_encoded_bytes().to_vec()),
        None => Err(Failure::usage(
            "give the payload as RAW or use --stdin".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct TestCli {
        #[command(flatten)]
        args: PolicyCheckArgs,
    }

    const USER_YAML: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/data/policy-user.yaml"
    );
    const SINGLE_YAML: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/data/policy-single.yaml"
    );

    /// Parses `argv` (after `check`) and runs it with `stdin`; returns (code, stdout, stderr).
    fn run_with(argv: &[&str], stdin: &[u8]) -> (u8, String, String) {
        let cli =
            TestCli::try_parse_from(std::iter::once("check").chain(argv.iter().copied())).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(&cli.args, &mut &stdin[..], &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    fn parse_err(argv: &[&str]) -> clap::Error {
        TestCli::try_parse_from(std::iter::once("check").chain(argv.iter().copied())).unwrap_err()
    }

    #[test]
    fn allowed_prints_json_argv() {
        let (code, out, err) = run_with(
            &[
                "--preset",
                "nextcloud",
                "php occ files:scan --pa\"th\"=/alice/files/My' 'Photos",
            ],
            b"",
        );
        assert_eq!(code, EXIT_ALLOWED);
        assert_eq!(
            out,
            "[\"php\",\"occ\",\"files:scan\",\"--path=/alice/files/My Photos\"]\n"
        );
        assert_eq!(err, "");
    }

    #[test]
    fn rejected_prints_one_line_reason() {
        let (code, out, err) = run_with(
            &["--preset", "nextcloud", "php occ memories:index --clear"],
            b"",
        );
        assert_eq!(code, EXIT_REJECTED);
        assert_eq!(out, "");
        assert_eq!(
            err,
            "rejected: option --clear is not allowed for php occ memories:index\n"
        );
    }

    #[test]
    fn stdin_bytes_reach_the_check_unchanged() {
        let preset = ["--preset", "photoprism", "--stdin"];
        assert_eq!(run_with(&preset, b"photoprism status").0, EXIT_ALLOWED);
        let (code, _, err) = run_with(&preset, b"photoprism status\n");
        assert_eq!(code, EXIT_REJECTED);
        assert_eq!(
            err,
            "rejected: byte 0x0a at offset 17 is not printable ASCII\n"
        );
        let (_, _, err) = run_with(&preset, b"photoprism\0status");
        assert!(err.contains("byte 0x00 at offset 10"), "{err}");
        let (_, _, err) = run_with(&preset, b"photoprism status\r");
        assert!(err.contains("byte 0x0d at offset 17"), "{err}");
        let (_, _, err) = run_with(&preset, b"photoprism \xc0\xaf");
        assert!(err.contains("byte 0xc0 at offset 11"), "{err}");
        assert_eq!(run_with(&preset, b"").2, "rejected: command is empty\n");
    }

    #[test]
    fn file_targets() {
        let (code, out, _) = run_with(
            &[
                "--file",
                USER_YAML,
                "--target",
                "myapp",
                "app sync --mode=fast",
            ],
            b"",
        );
        assert_eq!(code, EXIT_ALLOWED);
        assert_eq!(out, "[\"app\",\"sync\",\"--mode=fast\"]\n");
        let (code, _, _) = run_with(
            &[
                "--file",
                USER_YAML,
                "--target",
                "photos",
                "photoprism index",
            ],
            b"",
        );
        assert_eq!(code, EXIT_ALLOWED);
        let (code, _, err) = run_with(&["--file", USER_YAML, "app sync"], b"");
        assert_eq!(code, EXIT_USAGE);
        assert!(
            err.contains("choose one with --target (myapp, photos)"),
            "{err}"
        );
        let (code, _, err) = run_with(&["--file", USER_YAML, "--target", "nope", "app sync"], b"");
        assert_eq!(code, EXIT_USAGE);
        assert!(err.contains("no target \"nope\""), "{err}");
        let (code, _, _) = run_with(&["--file", SINGLE_YAML, "php occ status"], b"");
        assert_eq!(code, EXIT_ALLOWED);
    }

    #[test]
    fn bad_files_exit_2_with_location() {
        let bad = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../core/tests/data/policy-bad-option.yaml"
        );
        let (code, out, err) = run_with(&["--file", bad, "app run"], b"");
        assert_eq!(code, EXIT_USAGE);
        assert_eq!(out, "");
        assert!(err.starts_with("error: invalid policy file "), "{err}");
        assert!(
            err.contains("policy-bad-option.yaml: line 6 column 11: "),
            "{err}"
        );
        assert!(err.contains("--> "), "{err}");
        assert!(err.contains("policy-bad-option.yaml:6:11"), "{err}");
        assert!(err.contains("invalid option name \"--Fast\""), "{err}");
        let (code, _, err) = run_with(&["--file", "/nonexistent/policy.yaml", "x"], b"");
        assert_eq!(code, EXIT_USAGE);
        assert!(err.contains("cannot read policy file"), "{err}");
    }

    #[test]
    fn usage_errors() {
        use clap::error::ErrorKind;
        // No policy, two policies, no payload, two payloads, unknown preset, --target with preset.
        let cases: &[&[&str]] = &[
            &["php occ status"],
            &[
                "--preset",
                "nextcloud",
                "--file",
                "x.yaml",
                "php occ status",
            ],
            &["--preset", "nextcloud"],
            &["--preset", "nextcloud", "--stdin", "php occ status"],
            &["--preset", "owncloud", "php occ status"],
            &["--preset", "nextcloud", "--target", "x", "php occ status"],
        ];
        for argv in cases {
            let err = parse_err(argv);
            assert_eq!(err.exit_code(), 2, "{argv:?}");
            assert_ne!(err.kind(), ErrorKind::DisplayHelp);
        }
        let err = parse_err(&["--preset", "owncloud", "x"]).to_string();
        assert!(err.contains("unknown preset \"owncloud\""), "{err}");
    }
}
