//! Reading a config: text → [`Config`] with every error located ([`parse`]), and a file →
//! [`Config`] ([`load`]), telling an unreadable file from an invalid one.

use std::path::{Path, PathBuf};

use super::Config;
use super::location::{ConfigError, ConfigErrors, Position};
use super::text::ConfigText;
use super::validate::validate;

/// The file name errors of [`parse`] are reported against.
const UNNAMED_SOURCE: &str = "<config>";

/// Parses and validates a config text. A YAML syntax or type error stops the reading (it is
/// the only error reported, with its position); otherwise every invalid value is reported.
#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the binary reads files with `load`")
)]
pub fn parse(text: &str) -> Result<Config, ConfigErrors> {
    parse_named(text, UNNAMED_SOURCE)
}

/// [`parse`], with errors reported against `source` (the file name).
pub fn parse_named(text: &str, source: &str) -> Result<Config, ConfigErrors> {
    let blank = text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    });
    if blank {
        // An empty file would mean "no targets": every proxy removed. Say it explicitly.
        return Err(ConfigErrors::new(
            source,
            vec![ConfigError::new(
                Position::UNKNOWN,
                "",
                "the file is empty (write `targets: {}` for a controller without file targets)",
            )],
        ));
    }
    let shape: ConfigText = serde_saphyr::from_str(text)
        .map_err(|e| ConfigErrors::new(source, vec![ConfigError::from_yaml(&e)]))?;
    validate(shape, targets_key(text)).map_err(|errors| ConfigErrors::new(source, errors))
}

/// Where a top-level `targets:` key is written, or the line after the file's end (where it
/// belongs) when there is none: the position an error about a missing or null `targets`
/// points at.
fn targets_key(text: &str) -> Position {
    let line = text
        .lines()
        .position(|l| l.starts_with("targets:"))
        .unwrap_or_else(|| text.lines().count())
        + 1;
    Position {
        line: line as u64,
        column: 1,
    }
}

/// Why a config file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read (missing, permissions, not UTF-8, ...).
    #[error("{}: cannot read the config: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file was read and is not a valid config; every error, one per line.
    #[error("{0}")]
    Invalid(ConfigErrors),
}

/// Reads and validates the config file at `path`.
pub fn load(path: &Path) -> Result<Config, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    parse_named(&text, &path.display().to_string()).map_err(LoadError::Invalid)
}
