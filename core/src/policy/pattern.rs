//! Value patterns for valued options (`command-policy.md` §4 "Value patterns"): the built-in
//! SEG, UID, NC_PATH, REL_PATH and PP_REL as hand-written validators, plus the enums and
//! anchored regexes that user allowlists may declare.
//!
//! Every validator gets a value that already passed the raw checks and the tokenizer, so it
//! is non-empty printable ASCII; the validators still check everything they promise on their
//! own so they can be tested and reused in isolation.

use std::fmt;

use serde::Deserialize;

/// What a valued option's value must look like.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "super::spec::ValueSpec")]
#[cfg_attr(feature = "schema", schemars(with = "super::spec::ValueSpec"))]
pub enum ValuePattern {
    /// One path segment: 1–255 chars of `[A-Za-z0-9 _.,+@()-]`, no leading or trailing space,
    /// not `.` or `..`.
    Seg,
    /// A Nextcloud user or group id: `^[A-Za-z0-9_.@][A-Za-z0-9_.@-]{0,63}$`, not `.`/`..`.
    Uid,
    /// `/UID/files(/SEG)*`, optional trailing `/`: a path inside one user's `files` tree.
    NcPath,
    /// Optional `/`, `SEG(/SEG)*`, optional trailing `/`.
    RelPath,
    /// `SEG(/SEG)*` with no leading or trailing `/` and no segment starting with `.`.
    PpRel,
    /// Exactly one of the listed strings.
    Enum(Vec<String>),
    /// A user regex, matched against the whole value.
    Regex(UserRegex),
}

/// Why a value does not match its pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The pattern's name as the spec spells it (`NC_PATH`, `one of plain|json`, …).
    pub pattern: String,
    /// A short, specific reason.
    pub reason: String,
}

impl ValuePattern {
    /// Checks `value` against the pattern.
    pub fn check(&self, value: &str) -> Result<(), Mismatch> {
        let result = match self {
            ValuePattern::Seg => seg(value),
            ValuePattern::Uid => uid(value),
            ValuePattern::NcPath => nc_path(value),
            ValuePattern::RelPath => rel_path(value),
            ValuePattern::PpRel => pp_rel(value),
            ValuePattern::Enum(values) => {
                if values.iter().any(|v| v == value) {
                    Ok(())
                } else {
                    Err("not one of the allowed values")
                }
            }
            ValuePattern::Regex(re) => {
                if re.is_match(value) {
                    Ok(())
                } else {
                    Err("does not match the regex")
                }
            }
        };
        result.map_err(|reason| Mismatch {
            pattern: self.to_string(),
            reason: reason.to_string(),
        })
    }

    /// The built-in pattern with this YAML name (`seg`, `uid`, `nc_path`, `rel_path`, `pp_rel`).
    pub fn builtin(name: &str) -> Option<ValuePattern> {
        match name {
            "seg" => Some(ValuePattern::Seg),
            "uid" => Some(ValuePattern::Uid),
            "nc_path" => Some(ValuePattern::NcPath),
            "rel_path" => Some(ValuePattern::RelPath),
            "pp_rel" => Some(ValuePattern::PpRel),
            _ => None,
        }
    }
}

impl fmt::Display for ValuePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValuePattern::Seg => f.write_str("SEG"),
            ValuePattern::Uid => f.write_str("UID"),
            ValuePattern::NcPath => f.write_str("NC_PATH"),
            ValuePattern::RelPath => f.write_str("REL_PATH"),
            ValuePattern::PpRel => f.write_str("PP_REL"),
            ValuePattern::Enum(values) => write!(f, "one of {}", values.join("|")),
            ValuePattern::Regex(re) => write!(f, "regex {}", re.source()),
        }
    }
}

/// A user-declared regex, compiled once and always matched against the whole value
/// (`\A(?:…)\z`, so neither `$` before a trailing newline nor a partial match can slip through).
#[derive(Debug, Clone)]
pub struct UserRegex {
    source: String,
    compiled: regex::Regex,
}

/// Upper bound on a compiled user regex, far above any sane value pattern.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

impl UserRegex {
    /// Compiles `source` anchored at both ends.
    ///
    /// `source` is first compiled on its own: a regex that is valid alone has balanced groups
    /// and no dangling escape, so it cannot close the wrapping group early (`a)|(b` would
    /// otherwise turn `\A(?:a)|(b)\z` into an unanchored alternative). A verbose-mode comment
    /// that swallows the closing part leaves the wrapper unbalanced, which fails to compile:
    /// the anchoring fails closed.
    pub fn new(source: &str) -> Result<UserRegex, regex::Error> {
        build(source)?;
        let compiled = build(&format!(r"\A(?:{source})\z"))?;
        Ok(UserRegex {
            source: source.to_string(),
            compiled,
        })
    }

    /// The regex as the user wrote it (without the added anchors).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// True when the whole of `value` matches.
    pub fn is_match(&self, value: &str) -> bool {
        self.compiled.is_match(value)
    }
}

fn build(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}

impl PartialEq for UserRegex {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Eq for UserRegex {}

/// Longest SEG.
const SEG_MAX: usize = 255;
/// Longest UID.
const UID_MAX: usize = 64;

/// SEG: 1–255 chars from `[A-Za-z0-9 _.,+@()-]`, not starting or ending with a space, never
/// `.` or `..`.
pub fn seg(value: &str) -> Result<(), &'static str> {
    if value.is_empty() {
        return Err("empty path segment");
    }
    if value.len() > SEG_MAX {
        return Err("path segment longer than 255 characters");
    }
    if !value.bytes().all(is_seg_byte) {
        return Err("path segment has a character outside [A-Za-z0-9 _.,+@()-]");
    }
    if value.starts_with(' ') || value.ends_with(' ') {
        return Err("path segment starts or ends with a space");
    }
    if value == "." || value == ".." {
        return Err("path segment is . or ..");
    }
    Ok(())
}

fn is_seg_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b" _.,+@()-".contains(&b)
}

/// UID: `^[A-Za-z0-9_.@][A-Za-z0-9_.@-]{0,63}$`, not `.` or `..`.
pub fn uid(value: &str) -> Result<(), &'static str> {
    let Some(first) = value.bytes().next() else {
        return Err("empty user id");
    };
    if value.len() > UID_MAX {
        return Err("user id longer than 64 characters");
    }
    if first == b'-' {
        return Err("user id starts with '-'");
    }
    if !value.bytes().all(is_uid_byte) {
        return Err("user id has a character outside [A-Za-z0-9_.@-]");
    }
    if value == "." || value == ".." {
        return Err("user id is . or ..");
    }
    Ok(())
}

fn is_uid_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"_.@-".contains(&b)
}

/// NC_PATH: `/` UID `/files` (`/` SEG)* with an optional trailing `/`.
///
/// The first segment must not start with `appdata_`: the spec rejects `/appdata_*/…` outright,
/// and `appdata_<instanceid>` is Nextcloud's app data folder, never a user's home.
pub fn nc_path(value: &str) -> Result<(), &'static str> {
    const UNDER_FILES: &str = "must be under /<user>/files";
    let Some(rest) = value.strip_prefix('/') else {
        return Err("must start with /<user>/files");
    };
    let mut parts = rest.split('/');
    let user = parts.next().unwrap_or_default();
    if uid(user).is_err() {
        return Err("first segment is not a valid user id");
    }
    if user.starts_with("appdata_") {
        return Err(UNDER_FILES);
    }
    if parts.next() != Some("files") {
        return Err(UNDER_FILES);
    }
    segments_with_trailing_slash(parts)
}

/// REL_PATH: optional `/`, SEG (`/` SEG)*, optional trailing `/`.
pub fn rel_path(value: &str) -> Result<(), &'static str> {
    let rest = value.strip_prefix('/').unwrap_or(value);
    if rest.is_empty() {
        return Err("needs at least one path segment");
    }
    segments_with_trailing_slash(rest.split('/'))
}

/// PP_REL: SEG (`/` SEG)*, no leading or trailing `/`, no segment starting with `.`.
pub fn pp_rel(value: &str) -> Result<(), &'static str> {
    if value.starts_with('/') {
        return Err("must be relative (no leading /)");
    }
    if value.ends_with('/') {
        return Err("must not end with /");
    }
    for part in value.split('/') {
        seg(part)?;
        if part.starts_with('.') {
            return Err("path segment starts with '.'");
        }
    }
    Ok(())
}

/// Checks `(SEG /)* SEG?`: every part is a SEG except that the very last one may be empty,
/// which is the optional trailing `/`. Called with the parts after a leading prefix.
fn segments_with_trailing_slash<'a>(
    parts: impl Iterator<Item = &'a str>,
) -> Result<(), &'static str> {
    let mut parts = parts.peekable();
    while let Some(part) = parts.next() {
        let is_last = parts.peek().is_none();
        if part.is_empty() && is_last {
            break;
        }
        if part.is_empty() {
            return Err("empty path segment (//)");
        }
        seg(part)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seg_accepts_its_charset() {
        for v in [
            "a",
            "Photos",
            "2024-01 Trip (Rome)",
            "a.b,c+d@e_f-g",
            "...",
            ".hidden",
            "x.",
            "(",
            &"a".repeat(255),
        ] {
            assert_eq!(seg(v), Ok(()), "{v}");
        }
    }

    #[test]
    fn seg_rejects() {
        for v in [
            "",
            ".",
            "..",
            " a",
            "a ",
            " ",
            "a/b",
            "a:b",
            "a=b",
            "a'b",
            "a\"b",
            "a%b",
            "a\\b",
            "a\tb",
            "M\u{fc}ller",
            &"a".repeat(256),
        ] {
            assert!(seg(v).is_err(), "{v:?}");
        }
    }

    #[test]
    fn uid_accepts() {
        for v in [
            "alice",
            "a",
            "_",
            "@",
            ".x",
            "x.",
            "...",
            "bob@example.com",
            "first.last-2",
            "a-",
            &"u".repeat(64),
        ] {
            assert_eq!(uid(v), Ok(()), "{v}");
        }
    }

    #[test]
    fn uid_rejects() {
        for v in [
            "",
            ".",
            "..",
            "-alice",
            "-",
            "a b",
            "a/b",
            "a+b",
            "a(b)",
            "a,b",
            "a=b",
            &"u".repeat(65),
        ] {
            assert!(uid(v).is_err(), "{v:?}");
        }
    }

    #[test]
    fn nc_path_accepts() {
        for v in [
            "/alice/files",
            "/alice/files/",
            "/alice/files/Photos",
            "/alice/files/Photos/",
            "/alice/files/Photos/2024 (Rome)/a.b",
            "/bob@example.com/files/x",
            "/a/files/.hidden",
            "/appdata/files/x", // not the appdata_<id> folder
        ] {
            assert_eq!(nc_path(v), Ok(()), "{v}");
        }
    }

    #[test]
    fn nc_path_rejects() {
        let cases = [
            ("/alice", "must be under /<user>/files"),
            ("/alice/", "must be under /<user>/files"),
            ("/alice/files_trashbin/x", "must be under /<user>/files"),
            ("/alice/files_versions/x", "must be under /<user>/files"),
            ("/alice/Files/x", "must be under /<user>/files"),
            ("/appdata_abc/x", "must be under /<user>/files"),
            ("/appdata_abc/files/x", "must be under /<user>/files"),
            ("/alice/files/../bob", "path segment is . or .."),
            ("/alice/files/./x", "path segment is . or .."),
            ("/alice/files//x", "empty path segment (//)"),
            ("/alice/files//", "empty path segment (//)"),
            (
                "/alice/files/ x",
                "path segment starts or ends with a space",
            ),
            (
                "/alice/files/x ",
                "path segment starts or ends with a space",
            ),
            ("alice/files/x", "must start with /<user>/files"),
            ("", "must start with /<user>/files"),
            ("/", "first segment is not a valid user id"),
            ("//files/x", "first segment is not a valid user id"),
            ("/../files/x", "first segment is not a valid user id"),
            ("/-alice/files", "first segment is not a valid user id"),
        ];
        for (v, reason) in cases {
            assert_eq!(nc_path(v), Err(reason), "{v:?}");
        }
        let long = format!("/alice/files/{}", "a".repeat(256));
        assert!(nc_path(&long).is_err());
    }

    #[test]
    fn rel_path_accepts() {
        for v in [
            "Photos",
            "/Photos",
            "Photos/",
            "/Photos/2024/",
            "a/b/c",
            ".hidden/x",
        ] {
            assert_eq!(rel_path(v), Ok(()), "{v}");
        }
    }

    #[test]
    fn rel_path_rejects() {
        for v in [
            "", "/", "//", "//x", "a//b", "a//", "../x", "a/..", "a/./b", "x/ y", "a:b",
        ] {
            assert!(rel_path(v).is_err(), "{v:?}");
        }
    }

    #[test]
    fn pp_rel_accepts() {
        for v in ["import", "a/b", "2024/Trip (Rome)", "a.b/c."] {
            assert_eq!(pp_rel(v), Ok(()), "{v}");
        }
    }

    #[test]
    fn pp_rel_rejects() {
        let cases = [
            (".hidden", "path segment starts with '.'"),
            ("a/.hidden", "path segment starts with '.'"),
            ("..", "path segment is . or .."),
            ("a/../b", "path segment is . or .."),
            ("/a", "must be relative (no leading /)"),
            ("a/", "must not end with /"),
            ("a//b", "empty path segment"),
            ("", "empty path segment"),
        ];
        for (v, reason) in cases {
            assert_eq!(pp_rel(v), Err(reason), "{v:?}");
        }
    }

    #[test]
    fn enum_matches_exactly() {
        let p = ValuePattern::Enum(vec!["plain".into(), "json".into()]);
        assert_eq!(p.check("json"), Ok(()));
        let e = p.check("JSON").unwrap_err();
        assert_eq!(e.pattern, "one of plain|json");
        assert!(p.check("jso").is_err());
        assert!(p.check("json ").is_err());
    }

    #[test]
    fn user_regex_is_anchored() {
        let re = UserRegex::new("[a-z]+|x").unwrap();
        assert!(re.is_match("abc"));
        assert!(re.is_match("x"));
        assert!(!re.is_match("abc1"));
        assert!(!re.is_match("1abc"));
        assert!(!re.is_match("abc\n"));
        let multi = UserRegex::new("(?m)a$").unwrap();
        assert!(!multi.is_match("a\nb"));
        assert!(multi.is_match("a"));
    }

    #[test]
    fn user_regex_errors_and_equality() {
        assert!(UserRegex::new("(").is_err());
        // Would break out of the anchoring group if it were spliced in unchecked.
        assert!(UserRegex::new("a)|(b").is_err());
        assert!(UserRegex::new("a\\").is_err());
        // A verbose-mode comment swallowing the closing anchor fails closed.
        assert!(UserRegex::new("(?x)a#").is_err());
        assert!(UserRegex::new("(?x) a b ").unwrap().is_match("ab"));
        assert!(UserRegex::new("a{99999999}").is_err());
        assert_eq!(UserRegex::new("a+").unwrap(), UserRegex::new("a+").unwrap());
        assert_ne!(UserRegex::new("a+").unwrap(), UserRegex::new("a*").unwrap());
    }

    #[test]
    fn check_reports_pattern_name_and_reason() {
        assert_eq!(
            ValuePattern::NcPath.check("/alice"),
            Err(Mismatch {
                pattern: "NC_PATH".into(),
                reason: "must be under /<user>/files".into()
            })
        );
        assert_eq!(
            ValuePattern::Regex(UserRegex::new("v[0-9]").unwrap())
                .check("v")
                .unwrap_err()
                .to_string_pair(),
            (
                "regex v[0-9]".to_string(),
                "does not match the regex".to_string()
            )
        );
    }

    #[test]
    fn builtin_names() {
        assert_eq!(ValuePattern::builtin("nc_path"), Some(ValuePattern::NcPath));
        assert_eq!(ValuePattern::builtin("seg"), Some(ValuePattern::Seg));
        assert_eq!(ValuePattern::builtin("uid"), Some(ValuePattern::Uid));
        assert_eq!(
            ValuePattern::builtin("rel_path"),
            Some(ValuePattern::RelPath)
        );
        assert_eq!(ValuePattern::builtin("pp_rel"), Some(ValuePattern::PpRel));
        assert_eq!(ValuePattern::builtin("NC_PATH"), None);
    }

    impl Mismatch {
        fn to_string_pair(&self) -> (String, String) {
            (self.pattern.clone(), self.reason.clone())
        }
    }
}
