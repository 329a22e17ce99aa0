//! The spec as a table: every example, every listed rejection of `command-policy.md`, run
//! through the public [`check`] against the presets and a user YAML policy.

use super::Target::{self, Nc, Pp, User};
use crate::policy::{MAX_LEN, Rejection, check};

/// The kind of rejection a case expects (one per [`Rejection`] variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    TooLong,
    NonPrint,
    Forbidden,
    Unclosed,
    EmptyToken,
    Paren,
    Empty,
    Command,
    Positional,
    DoubleDash,
    SingleDash,
    UnknownOpt,
    Repeated,
    FlagValue,
    MissingValue,
    EmptyValue,
    BadValue,
}

fn kind(r: &Rejection) -> K {
    match r {
        Rejection::TooLong { .. } => K::TooLong,
        Rejection::NonPrintable { .. } => K::NonPrint,
        Rejection::ForbiddenChar { .. } => K::Forbidden,
        Rejection::UnclosedQuote { .. } => K::Unclosed,
        Rejection::EmptyToken { .. } => K::EmptyToken,
        Rejection::UnquotedParen { .. } => K::Paren,
        Rejection::Empty => K::Empty,
        Rejection::UnknownCommand { .. } => K::Command,
        Rejection::Positional { .. } => K::Positional,
        Rejection::DoubleDash { .. } => K::DoubleDash,
        Rejection::SingleDash { .. } => K::SingleDash,
        Rejection::UnknownOption { .. } => K::UnknownOpt,
        Rejection::RepeatedOption { .. } => K::Repeated,
        Rejection::FlagWithValue { .. } => K::FlagValue,
        Rejection::MissingValue { .. } => K::MissingValue,
        Rejection::EmptyValue { .. } => K::EmptyValue,
        Rejection::BadValue { .. } => K::BadValue,
    }
}

/// Allowed payloads and the argv they must produce.
#[rustfmt::skip]
const ALLOWED: &[(Target, &str, &[&str])] = &[
    // php occ status [options]
    (Nc, "php occ status", &["php", "occ", "status"]),
    (Nc, "php occ status --output=json", &["php", "occ", "status", "--output=json"]),
    (Nc, "php occ status --output=plain", &["php", "occ", "status", "--output=plain"]),
    (Nc, "php occ status --output=json_pretty", &["php", "occ", "status", "--output=json_pretty"]),
    (Nc, "php occ status --no-warnings", &["php", "occ", "status", "--no-warnings"]),
    (Nc, "php occ status --no-warnings --output=json", &["php", "occ", "status", "--no-warnings", "--output=json"]),
    (Nc, "php occ status --output=json --no-warnings", &["php", "occ", "status", "--output=json", "--no-warnings"]),
    (Nc, "'php' occ status", &["php", "occ", "status"]),
    (Nc, "\"php\" \"occ\" \"status\"", &["php", "occ", "status"]),
    (Nc, "ph'p' o\"cc\" st'at'us", &["php", "occ", "status"]),
    (Nc, "   php occ status   ", &["php", "occ", "status"]),
    (Nc, "php   occ     status", &["php", "occ", "status"]),
    (Nc, "php occ status --output='json'", &["php", "occ", "status", "--output=json"]),
    // php occ files:scan [options]
    (Nc, "php occ files:scan", &["php", "occ", "files:scan"]),
    (Nc, "php occ files:scan --all", &["php", "occ", "files:scan", "--all"]),
    (Nc, "php occ 'files:scan' --all", &["php", "occ", "files:scan", "--all"]),
    (Nc, "php occ files:scan --path=/alice/files", &["php", "occ", "files:scan", "--path=/alice/files"]),
    (Nc, "php occ files:scan --path=/alice/files/", &["php", "occ", "files:scan", "--path=/alice/files/"]),
    (Nc, "php occ files:scan --path=/alice/files/Photos", &["php", "occ", "files:scan", "--path=/alice/files/Photos"]),
    (Nc, "php occ files:scan --pa\"th\"=/alice/files/Photos", &["php", "occ", "files:scan", "--path=/alice/files/Photos"]),
    (Nc, "php occ files:scan --path='/alice/files/My Photos'", &["php", "occ", "files:scan", "--path=/alice/files/My Photos"]),
    (Nc, "php occ files:scan \"--path=/alice/files/2024 (Rome)\"", &["php", "occ", "files:scan", "--path=/alice/files/2024 (Rome)"]),
    (Nc, "php occ files:scan --path=/alice/files/'(x)'", &["php", "occ", "files:scan", "--path=/alice/files/(x)"]),
    (Nc, "php occ files:scan --path=/alice/files/Photos/2024/", &["php", "occ", "files:scan", "--path=/alice/files/Photos/2024/"]),
    (Nc, "php occ files:scan --path=/bob@example.com/files/x", &["php", "occ", "files:scan", "--path=/bob@example.com/files/x"]),
    (Nc, "php occ files:scan --path=/alice/files/.hidden", &["php", "occ", "files:scan", "--path=/alice/files/.hidden"]),
    (Nc, "php occ files:scan --path=/alice/files/a.b,c+d@e_f-g", &["php", "occ", "files:scan", "--path=/alice/files/a.b,c+d@e_f-g"]),
    (Nc, "php occ files:scan --path=/alice/files/x\"y\"z", &["php", "occ", "files:scan", "--path=/alice/files/xyz"]),
    (Nc, "php occ files:scan --path=/alice/files/...", &["php", "occ", "files:scan", "--path=/alice/files/..."]),
    (Nc, "php occ files:scan --all --unscanned", &["php", "occ", "files:scan", "--all", "--unscanned"]),
    (Nc, "php occ files:scan --all --shallow --home-only", &["php", "occ", "files:scan", "--all", "--shallow", "--home-only"]),
    (Nc, "php occ files:scan --path=/alice/files --shallow", &["php", "occ", "files:scan", "--path=/alice/files", "--shallow"]),
    (Nc, "php occ files:scan --all --output=json", &["php", "occ", "files:scan", "--all", "--output=json"]),
    (Nc, "php occ files:scan --verbose --all", &["php", "occ", "files:scan", "--verbose", "--all"]),
    (Nc, "php occ files:scan --all --output=json_pretty --no-warnings --no-interaction --quiet --verbose", &["php", "occ", "files:scan", "--all", "--output=json_pretty", "--no-warnings", "--no-interaction", "--quiet", "--verbose"]),
    // php occ memories:index [options]
    (Nc, "php occ memories:index", &["php", "occ", "memories:index"]),
    (Nc, "php occ memories:index --user=alice", &["php", "occ", "memories:index", "--user=alice"]),
    (Nc, "php occ memories:index --group=family", &["php", "occ", "memories:index", "--group=family"]),
    (Nc, "php occ memories:index --user=alice --folder=Photos", &["php", "occ", "memories:index", "--user=alice", "--folder=Photos"]),
    (Nc, "php occ memories:index --folder=/Photos/", &["php", "occ", "memories:index", "--folder=/Photos/"]),
    (Nc, "php occ memories:index --folder=Photos/2024", &["php", "occ", "memories:index", "--folder=Photos/2024"]),
    (Nc, "php occ memories:index --folder='Trip (Rome)'", &["php", "occ", "memories:index", "--folder=Trip (Rome)"]),
    (Nc, "php occ memories:index --force", &["php", "occ", "memories:index", "--force"]),
    (Nc, "php occ memories:index --skip-cleanup", &["php", "occ", "memories:index", "--skip-cleanup"]),
    (Nc, "php occ memories:index --force --skip-cleanup --user=alice --no-warnings --no-interaction --quiet --verbose", &["php", "occ", "memories:index", "--force", "--skip-cleanup", "--user=alice", "--no-warnings", "--no-interaction", "--quiet", "--verbose"]),
    (Nc, "php occ memories:index --user=first.last-2", &["php", "occ", "memories:index", "--user=first.last-2"]),
    (Nc, "php occ memories:index --user=_svc", &["php", "occ", "memories:index", "--user=_svc"]),
    (Nc, "php occ memories:index --user=alice@example.com", &["php", "occ", "memories:index", "--user=alice@example.com"]),
    (Nc, "php occ memories:index --user=A.B", &["php", "occ", "memories:index", "--user=A.B"]),
    // photoprism
    (Pp, "photoprism status", &["photoprism", "status"]),
    (Pp, "'photoprism' status", &["photoprism", "status"]),
    (Pp, "photoprism index", &["photoprism", "index"]),
    (Pp, "photoprism index --force", &["photoprism", "index", "--force"]),
    (Pp, "photoprism index --archived", &["photoprism", "index", "--archived"]),
    (Pp, "photoprism index --cleanup", &["photoprism", "index", "--cleanup"]),
    (Pp, "photoprism index --force --archived --cleanup", &["photoprism", "index", "--force", "--archived", "--cleanup"]),
    (Pp, "photoprism index --cleanup --force", &["photoprism", "index", "--cleanup", "--force"]),
    (Pp, "photoprism import", &["photoprism", "import"]),
    (Pp, "photoprism import --dest=import", &["photoprism", "import", "--dest=import"]),
    (Pp, "photoprism import --dest=2024/Trip", &["photoprism", "import", "--dest=2024/Trip"]),
    (Pp, "photoprism import --dest='2024/Trip (Rome)'", &["photoprism", "import", "--dest=2024/Trip (Rome)"]),
    (Pp, "photoprism import --dest=a.b/c.", &["photoprism", "import", "--dest=a.b/c."]),
    // user policy (tests/data/policy-user.yaml, target myapp)
    (User, "php occ files:scan --all", &["php", "occ", "files:scan", "--all"]),
    (User, "php occ files:scan --path=/alice/files --output=json", &["php", "occ", "files:scan", "--path=/alice/files", "--output=json"]),
    (User, "photoprism status", &["photoprism", "status"]),
    (User, "app sync", &["app", "sync"]),
    (User, "app sync now", &["app", "sync", "now"]),
    (User, "app sync --since=2024-01-31", &["app", "sync", "--since=2024-01-31"]),
    (User, "app sync --mode=full --dry-run", &["app", "sync", "--mode=full", "--dry-run"]),
    (User, "app sync --dir=/x/y/ --dest=a/b --name='n (1)' --user=bob", &["app", "sync", "--dir=/x/y/", "--dest=a/b", "--name=n (1)", "--user=bob"]),
    (User, "'my tool' run", &["my tool", "run"]),
    (User, "\"my tool\" run --level=3", &["my tool", "run", "--level=3"]),
    (User, "my' 'tool run --level=5", &["my tool", "run", "--level=5"]),
];

/// Rejected payloads and the kind of rejection they must get.
fn rejected() -> Vec<(Target, Vec<u8>, K)> {
    let mut cases: Vec<(Target, Vec<u8>, K)> = Vec::new();
    let mut add = |t: Target, raw: &[u8], k: K| cases.push((t, raw.to_vec(), k));

    // §0.2 / §2.1 length and emptiness
    add(Nc, b"", K::Empty);
    add(Nc, b" ", K::Empty);
    add(Nc, b"        ", K::Empty);
    add(Pp, b"   ", K::Empty);
    add(Nc, &vec![b' '; MAX_LEN + 1], K::TooLong);
    add(Nc, &too_long_valid_looking(), K::TooLong);
    add(
        Nc,
        &"php occ files:scan --verbose".repeat(200).into_bytes(),
        K::TooLong,
    );

    // §2.2 control bytes
    add(Nc, b"php occ status\n", K::NonPrint);
    add(Nc, b"php occ status\nid", K::NonPrint);
    add(Nc, b"php occ status\r", K::NonPrint);
    add(Nc, b"php occ status\r\n", K::NonPrint);
    add(Nc, b"php occ status\0", K::NonPrint);
    add(
        Nc,
        b"php occ files:scan --path=/alice/files/a\0b",
        K::NonPrint,
    );
    add(Nc, b"php\tocc status", K::NonPrint);
    add(Nc, b"php occ status \x1b[2J", K::NonPrint);
    add(Nc, b"php occ status\x7f", K::NonPrint);
    add(Nc, b"php occ status\x0b", K::NonPrint);
    add(Nc, b"php occ status\x0c", K::NonPrint);
    add(Nc, b"php occ 'status\n'", K::NonPrint);
    // §2.2 Unicode: NBSP, ZWSP, RLO, em dash, ligature, Cyrillic/fullwidth lookalikes, umlaut
    add(Nc, "php occ\u{00a0}status".as_bytes(), K::NonPrint);
    add(Nc, "php occ status\u{200b}".as_bytes(), K::NonPrint);
    add(Nc, "php occ status \u{202e}".as_bytes(), K::NonPrint);
    add(Nc, "php occ files:scan \u{2014}all".as_bytes(), K::NonPrint);
    add(Nc, "php occ \u{fb01}les:scan".as_bytes(), K::NonPrint);
    add(Nc, "\u{0440}hp occ status".as_bytes(), K::NonPrint);
    add(Nc, "php occ \u{0455}tatus".as_bytes(), K::NonPrint);
    add(Nc, "php occ \u{ff53}tatus".as_bytes(), K::NonPrint);
    add(
        Nc,
        "php occ files:scan --path=/alice/files/M\u{fc}ller".as_bytes(),
        K::NonPrint,
    );
    add(
        Nc,
        "php occ files:scan \u{2212}\u{2212}all".as_bytes(),
        K::NonPrint,
    );
    add(Nc, "php occ status\u{feff}".as_bytes(), K::NonPrint);
    // §2.2 invalid UTF-8
    for bad in [
        &b"\xc0\xaf"[..],
        b"\xe0\x80\xaf",
        b"\xed\xa0\x80",
        b"\xff",
        b"\xe2\x80",
        b"\xc2\xa0",
        b"\xc2\x85",
    ] {
        let mut raw = b"php occ files:scan --path=/alice/files/x".to_vec();
        raw.extend_from_slice(bad);
        add(Nc, &raw, K::NonPrint);
    }

    // §2.3 forbidden characters, also inside quotes
    for raw in [
        "php occ status;id",
        "php occ status ;id",
        "php occ status $(id)",
        "php occ status `id`",
        "php occ status >x",
        "php occ status 2>&1",
        "php occ status | cat",
        "php occ status && id",
        "php occ status < /etc/passwd",
        "php occ status # comment",
        "php occ status\\ ",
        "php occ status !",
        "php occ files:scan --path=/alice/files/*",
        "php occ files:scan --path=/alice/files/a?",
        "php occ files:scan --path=/alice/files/[ab]",
        "php occ files:scan --path=/alice/files/{a,b}",
        "php occ files:scan --path=~/x",
        "php occ files:scan --path='/alice/files/a;b'",
        "php occ files:scan --path=\"/alice/files/$HOME\"",
        "php occ files:scan '--path=/alice/files/`id`'",
        "php occ status &",
        "php occ status }",
        "php occ status ]",
    ] {
        add(Nc, raw.as_bytes(), K::Forbidden);
    }
    add(Pp, b"photoprism index $(id)", K::Forbidden);

    // §3 tokenizer
    add(Nc, b"''", K::EmptyToken);
    add(Nc, b"php occ status ''", K::EmptyToken);
    add(Nc, b"php occ status \"\"", K::EmptyToken);
    add(Nc, b"php '' occ status", K::EmptyToken);
    add(Nc, b"php occ 'status", K::Unclosed);
    add(Nc, b"php occ \"status", K::Unclosed);
    add(Nc, b"php occ status '", K::Unclosed);
    add(Nc, b"php occ status \"'", K::Unclosed);
    add(Nc, b"php occ status (x)", K::Paren);
    add(Nc, b"php occ status )", K::Paren);
    add(Nc, b"php occ files:scan --path=/alice/files/(x)", K::Paren);
    add(Pp, b"photoprism import --dest=a(1)", K::Paren);

    // §4 commands: exact words, no abbreviations, aliases, paths, wrappers, env prefixes
    for raw in [
        "php occ \"files:scan --all\"",
        "php occ f:s",
        "php occ files:s",
        "php occ Files:Scan",
        "php occ files:Scan",
        "php occ STATUS",
        "PHP occ status",
        "php OCC status",
        "php occ",
        "php",
        "occ status",
        "php occ list",
        "php occ statu",
        "php occ status:foo",
        "php occ config:system:get dbpassword",
        "php occ maintenance:mode --on",
        "php occ user:resetpassword admin",
        "php occ memories:index:x",
        "php -d x occ status",
        "php -d auto_prepend_file=/tmp/x occ status",
        "php -r x",
        "php -n occ status",
        "php -c /tmp occ status",
        "VAR=1 php occ status",
        "PHPRC=/tmp php occ status",
        "env php occ status",
        "sudo php occ status",
        "sh -c x",
        "bash",
        "/usr/bin/php occ status",
        "./occ status",
        "php ./occ status",
        "php /var/www/html/occ status",
        "php occ.php status",
        "php occ -n status",
        "php occ --no-warnings status",
        "photoprism status",
        "'php occ' status",
        "php 'occ status'",
    ] {
        add(Nc, raw.as_bytes(), K::Command);
    }
    for raw in [
        "photoprism --config-path=x status",
        "photoprism -c x status",
        "photoprism --exiftool-bin=/tmp/x index",
        "photoprism mv",
        "photoprism start",
        "photoprism Index",
        "photoprism idx",
        "photoprism",
        "php occ status",
        "/opt/photoprism/bin/photoprism status",
        "PHOTOPRISM_ORIGINALS_PATH=/ photoprism index",
    ] {
        add(Pp, raw.as_bytes(), K::Command);
    }

    // §0.8 / §4 options of php occ files:scan
    add(Nc, b"php occ files:scan -p /alice/files", K::SingleDash);
    add(Nc, b"php occ files:scan -p/alice/files", K::SingleDash);
    add(Nc, b"php occ files:scan -path=/alice/files", K::SingleDash);
    add(Nc, b"php occ files:scan -v", K::SingleDash);
    add(Nc, b"php occ files:scan -vvv", K::SingleDash);
    add(Nc, b"php occ files:scan -n", K::SingleDash);
    add(Nc, b"php occ files:scan -q", K::SingleDash);
    add(Nc, b"php occ files:scan -", K::SingleDash);
    add(
        Nc,
        b"php occ files:scan --path /alice/files/x",
        K::MissingValue,
    );
    add(Nc, b"php occ files:scan --path", K::MissingValue);
    add(Nc, b"php occ files:scan -- --all", K::DoubleDash);
    add(Nc, b"php occ files:scan --all --", K::DoubleDash);
    add(Nc, b"php occ files:scan --all --all", K::Repeated);
    add(
        Nc,
        b"php occ files:scan --path=/alice/files --path=/bob/files",
        K::Repeated,
    );
    add(
        Nc,
        b"php occ files:scan --output=json --output=plain",
        K::Repeated,
    );
    add(Nc, b"php occ files:scan --all=true", K::FlagValue);
    add(Nc, b"php occ files:scan --all=", K::FlagValue);
    add(Nc, b"php occ files:scan --all=''", K::FlagValue);
    add(Nc, b"php occ 'files:scan' '--all --verbose'", K::UnknownOpt);
    add(Nc, b"php occ files:scan alice", K::Positional);
    add(Nc, b"php occ files:scan --all alice", K::Positional);
    add(Nc, b"php occ files:scan /alice/files", K::Positional);
    for opt in [
        "--ansi",
        "--no-ansi",
        "--help",
        "--version",
        "--generate-metadata",
        "--Path=/alice/files",
        "--PATH=/alice/files",
        "---path=/alice/files",
        "--paths=/alice/files",
        "--pat=/alice/files",
        "--=x",
        "--no-warning",
    ] {
        add(
            Nc,
            format!("php occ files:scan {opt}").as_bytes(),
            K::UnknownOpt,
        );
    }
    add(Nc, b"php occ files:scan --path=''", K::EmptyValue);
    add(Nc, b"php occ files:scan --path=", K::EmptyValue);
    add(Nc, b"php occ files:scan --path=\"\"", K::EmptyValue);
    // NC_PATH
    for path in [
        "/alice",
        "/alice/",
        "/alice/files_trashbin/x",
        "/alice/files_versions/x",
        "/alice/cache",
        "/appdata_abc/x",
        "/appdata_abc/files/x",
        "/alice/files/../bob",
        "/alice/files/..",
        "/alice/files/.",
        "/alice/files//x",
        "/alice/files//",
        "'/alice/files/ x'",
        "'/alice/files/x '",
        "alice/files/x",
        "/-alice/files",
        "/../files/x",
        "//files/x",
        "/",
        "/alice/Files",
        "/alice/files/a:b",
        "/alice/files/a=b",
        "/alice/files/a%20b",
        "\"/alice/files/it's\"",
    ] {
        add(
            Nc,
            format!("php occ files:scan --path={path}").as_bytes(),
            K::BadValue,
        );
    }
    add(
        Nc,
        format!("php occ files:scan --path=/alice/files/{}", "s".repeat(256)).as_bytes(),
        K::BadValue,
    );
    add(
        Nc,
        format!("php occ files:scan --path=/{}/files", "u".repeat(65)).as_bytes(),
        K::BadValue,
    );
    add(Nc, b"php occ files:scan --output=xml", K::BadValue);
    add(Nc, b"php occ files:scan --output=JSON", K::BadValue);

    // php occ memories:index
    add(Nc, b"php occ memories:index --clear", K::UnknownOpt);
    add(Nc, b"php occ memories:index --output=json", K::UnknownOpt);
    add(Nc, b"php occ memories:index --all", K::UnknownOpt);
    add(Nc, b"php occ memories:index --force=1", K::FlagValue);
    add(Nc, b"php occ memories:index --force --force", K::Repeated);
    add(Nc, b"php occ memories:index alice", K::Positional);
    add(Nc, b"php occ memories:index -f", K::SingleDash);
    add(Nc, b"php occ memories:index --user", K::MissingValue);
    for value in [
        "--user=-alice",
        "--user=.",
        "--user=..",
        "--user='a b'",
        "--user=a/b",
        "--user=a+b",
        "--group=-x",
        "--group='(x)'",
        "--folder=../x",
        "--folder=a/../b",
        "--folder=a//b",
        "--folder=/",
        "--folder=//",
        "--folder=.",
        "--folder='a/ b'",
    ] {
        add(
            Nc,
            format!("php occ memories:index {value}").as_bytes(),
            K::BadValue,
        );
    }
    add(
        Nc,
        format!("php occ memories:index --user={}", "u".repeat(65)).as_bytes(),
        K::BadValue,
    );
    add(
        Nc,
        format!("php occ memories:index --folder={}", "s".repeat(256)).as_bytes(),
        K::BadValue,
    );

    // php occ status
    add(Nc, b"php occ status --output=xml", K::BadValue);
    add(Nc, b"php occ status --output=", K::EmptyValue);
    add(Nc, b"php occ status --output=''", K::EmptyValue);
    add(Nc, b"php occ status --output", K::MissingValue);
    add(Nc, b"php occ status --output json", K::MissingValue);
    add(Nc, b"php occ status -e", K::SingleDash);
    add(Nc, b"php occ status --exit-code", K::UnknownOpt);
    add(Nc, b"php occ status --verbose", K::UnknownOpt);
    add(
        Nc,
        b"php occ status --no-warnings --no-warnings",
        K::Repeated,
    );
    add(Nc, b"php occ status --no-warnings=0", K::FlagValue);
    add(Nc, b"php occ status json", K::Positional);

    // photoprism
    add(Pp, b"photoprism index ../..", K::Positional);
    add(Pp, b"photoprism index subfolder", K::Positional);
    add(Pp, b"photoprism index --force ../..", K::Positional);
    add(Pp, b"photoprism import /src", K::Positional);
    add(Pp, b"photoprism import --dest=x /src", K::Positional);
    add(Pp, b"photoprism status x", K::Positional);
    add(Pp, b"photoprism index --force=1", K::FlagValue);
    add(Pp, b"photoprism index --force=false", K::FlagValue);
    add(Pp, b"photoprism index -f", K::SingleDash);
    add(Pp, b"photoprism index -force", K::SingleDash);
    add(Pp, b"photoprism index -f=1", K::SingleDash);
    add(Pp, b"photoprism import -d x", K::SingleDash);
    add(Pp, b"photoprism index -- ../..", K::DoubleDash);
    add(Pp, b"photoprism index --force --force", K::Repeated);
    add(Pp, b"photoprism import --dest=a --dest=b", K::Repeated);
    add(Pp, b"photoprism import --dest", K::MissingValue);
    add(Pp, b"photoprism import --dest=", K::EmptyValue);
    add(Pp, b"photoprism index --exiftool-bin=/tmp/x", K::UnknownOpt);
    add(Pp, b"photoprism index --originals-path=/", K::UnknownOpt);
    add(Pp, b"photoprism status --http-host=x", K::UnknownOpt);
    add(Pp, b"photoprism status --help", K::UnknownOpt);
    add(Pp, b"photoprism import --move", K::UnknownOpt);
    for dest in [
        ".hidden",
        "a/.hidden",
        "/abs",
        "a/",
        "/",
        "..",
        "../x",
        "a/../b",
        "a//b",
        "'a b/ c'",
        "a:b",
    ] {
        add(
            Pp,
            format!("photoprism import --dest={dest}").as_bytes(),
            K::BadValue,
        );
    }
    add(
        Pp,
        format!("photoprism import --dest={}", "s".repeat(256)).as_bytes(),
        K::BadValue,
    );

    // user policy
    add(User, b"php occ status", K::Command);
    add(User, b"photoprism index", K::Command);
    add(User, b"app", K::Command);
    add(User, b"app run", K::Command);
    add(User, b"my tool run", K::Command);
    add(User, b"php occ files:scan --unscanned", K::UnknownOpt);
    add(User, b"photoprism status --force", K::UnknownOpt);
    add(User, b"app sync now --dry-run", K::UnknownOpt);
    add(User, b"app sync later", K::Positional);
    add(User, b"app sync --since=2024-01-31x", K::BadValue);
    add(User, b"app sync --since=x2024-01-31", K::BadValue);
    add(User, b"app sync --since=24-01-31", K::BadValue);
    add(User, b"app sync --mode=slow", K::BadValue);
    add(User, b"app sync --dir=a//b", K::BadValue);
    add(User, b"app sync --dest=.x", K::BadValue);
    add(User, b"app sync --name=a/b", K::BadValue);
    add(User, b"app sync --user=-u", K::BadValue);
    add(User, b"app sync --dry-run=1", K::FlagValue);
    add(User, b"'my tool' run --level=6", K::BadValue);
    add(User, b"'my tool' run --level=33", K::BadValue);

    cases
}

/// A 4097-byte payload that would be allowed if it were one byte shorter.
fn too_long_valid_looking() -> Vec<u8> {
    let mut raw = max_len_allowed().into_bytes();
    raw.push(b'x');
    raw
}

/// An allowed payload of exactly 4096 bytes.
fn max_len_allowed() -> String {
    let mut raw = String::from("php occ files:scan --path=/alice/files");
    while raw.len() + 101 <= MAX_LEN {
        raw.push('/');
        raw.push_str(&"d".repeat(100));
    }
    raw.push('/');
    let fill = MAX_LEN - raw.len();
    raw.push_str(&"e".repeat(fill));
    raw
}

#[test]
fn table_sizes() {
    let (allowed, rejected) = (ALLOWED.len(), rejected().len());
    eprintln!("spec table: {allowed} allowed, {rejected} rejected");
    assert!(allowed >= 50, "{allowed} allowed cases");
    assert!(rejected >= 100, "{rejected} rejected cases");
}

#[test]
fn allowed_cases() {
    for (target, raw, argv) in ALLOWED {
        let policy = target.policy();
        match check(policy, raw.as_bytes()) {
            Ok(got) => assert_eq!(got, *argv, "{target:?} {raw:?}"),
            Err(e) => panic!("{target:?} {raw:?}: {e}"),
        }
    }
}

#[test]
fn rejected_cases() {
    for (target, raw, expected) in rejected() {
        let policy = target.policy();
        let shown = String::from_utf8_lossy(&raw);
        match check(policy, &raw) {
            Ok(argv) => panic!("{target:?} {shown:?}: expected {expected:?}, allowed as {argv:?}"),
            Err(e) => {
                assert_eq!(kind(&e), expected, "{target:?} {shown:?}: {e}");
                let msg = e.to_string();
                assert!(
                    msg.starts_with("rejected: ") && !msg.contains('\n'),
                    "{msg}"
                );
            }
        }
    }
}

#[test]
fn length_boundary() {
    let nc = Nc.policy();
    let max = max_len_allowed();
    assert_eq!(max.len(), 4096);
    assert!(check(nc, max.as_bytes()).is_ok());
    assert_eq!(
        check(nc, &too_long_valid_looking()),
        Err(Rejection::TooLong {
            len: 4097,
            max: 4096
        })
    );
    // Length is measured on raw bytes, before splitting: padding spaces count.
    let padded = format!("{}{}", "php occ status", " ".repeat(MAX_LEN - 14));
    assert!(check(nc, padded.as_bytes()).is_ok());
    assert!(matches!(
        check(nc, format!("{padded} ").as_bytes()),
        Err(Rejection::TooLong { .. })
    ));
}

#[test]
fn seg_and_uid_length_boundaries() {
    let nc = Nc.policy();
    let seg255 = format!("php occ files:scan --path=/alice/files/{}", "s".repeat(255));
    assert!(check(nc, seg255.as_bytes()).is_ok());
    let uid64 = format!("php occ memories:index --user={}", "u".repeat(64));
    assert!(check(nc, uid64.as_bytes()).is_ok());
    let uid64_path = format!("php occ files:scan --path=/{}/files", "u".repeat(64));
    assert!(check(nc, uid64_path.as_bytes()).is_ok());
}

#[test]
fn cross_target_commands_are_rejected() {
    // The target comes from the SSH identity; a command for the other target never matches.
    for (raw, _) in [("php occ status", ()), ("php occ files:scan --all", ())] {
        assert!(matches!(
            check(Pp.policy(), raw.as_bytes()),
            Err(Rejection::UnknownCommand { .. })
        ));
    }
    for raw in ["photoprism status", "photoprism index --force"] {
        assert!(matches!(
            check(Nc.policy(), raw.as_bytes()),
            Err(Rejection::UnknownCommand { .. })
        ));
    }
}

#[test]
fn step_order_is_the_spec_order() {
    let nc = Nc.policy();
    // 2.1 before 2.2: long and non-printable → too long.
    let mut raw = vec![0u8; 5000];
    raw[0] = b'p';
    assert!(matches!(check(nc, &raw), Err(Rejection::TooLong { .. })));
    // 2.2 before 2.3: ';' first, NUL later → non-printable.
    assert!(matches!(
        check(nc, b"php;occ status\0"),
        Err(Rejection::NonPrintable { offset: 14, .. })
    ));
    // 2.3 before §3: forbidden char inside an unclosed quote → forbidden.
    assert!(matches!(
        check(nc, b"php occ 'status;"),
        Err(Rejection::ForbiddenChar { .. })
    ));
    // §3 before §4: unknown command with an empty token → empty token.
    assert!(matches!(
        check(nc, b"rm -rf ''"),
        Err(Rejection::EmptyToken { .. })
    ));
    // §4 command before options.
    assert!(matches!(
        check(nc, b"php occ f:s --clear"),
        Err(Rejection::UnknownCommand { .. })
    ));
    // Options left to right: first bad token wins.
    assert!(matches!(
        check(nc, b"php occ memories:index --clear --force=1"),
        Err(Rejection::UnknownOption { .. })
    ));
}

#[test]
fn messages_are_specific() {
    let nc = Nc.policy();
    let pp = Pp.policy();
    let msg = |p, raw: &str| check(p, raw.as_bytes()).unwrap_err().to_string();
    assert_eq!(
        msg(nc, "php occ f:s"),
        "rejected: `php occ f:s` is not an allowed command"
    );
    assert_eq!(
        msg(pp, "photoprism index ../.."),
        "rejected: positional argument '../..' is not allowed for photoprism index"
    );
    assert_eq!(
        msg(nc, "php occ files:scan --path=''"),
        "rejected: value of --path is empty"
    );
    assert_eq!(
        msg(nc, "php occ files:scan --path=/alice/files//x"),
        "rejected: value of --path does not match NC_PATH: empty path segment (//)"
    );
    assert_eq!(
        msg(nc, "php occ status --output=xml"),
        "rejected: value of --output does not match one of plain|json|json_pretty: \
         not one of the allowed values"
    );
    assert_eq!(
        msg(pp, "photoprism import --dest=.hidden"),
        "rejected: value of --dest does not match PP_REL: path segment starts with '.'"
    );
    assert_eq!(
        msg(nc, "php occ memories:index --force=1"),
        "rejected: option --force is a flag and takes no value"
    );
    assert_eq!(
        msg(nc, "php occ files:scan --path /alice/files"),
        "rejected: option --path needs a value, written as --path=VALUE"
    );
    assert_eq!(
        msg(nc, "php occ files:scan --all --all"),
        "rejected: option --all is given more than once"
    );
    assert_eq!(
        msg(nc, "php occ status\r\n"),
        "rejected: byte 0x0d at offset 14 is not printable ASCII"
    );
    assert_eq!(
        msg(nc, "php occ status; id"),
        "rejected: character ';' at offset 14 is forbidden"
    );
    assert_eq!(
        msg(nc, "php occ files:scan -p x"),
        "rejected: short or single-dash option '-p' is not allowed for php occ files:scan; \
         only the --long forms listed for it are"
    );
    assert_eq!(msg(nc, "  "), "rejected: command is empty");
}
