//! Output: the facts of all notes as the YAML document others read.
//!
//! The fixed part of the shape is `shared/spec/output.md` (schema 1):
//! `meetings`, `releases`, `transitions`, `items`, each sorted by date, file
//! and line so that the same notes always give byte-identical output.
//! Writing goes through a temporary file in the target folder and a rename,
//! so a failed run never leaves a half-written file behind.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::extract::{DocFacts, Item, Meeting, Release, Transition};

pub const SCHEMA: u32 = 1;

/// All facts of a run, in output order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facts {
    pub schema: u32,
    pub meetings: Vec<Meeting>,
    pub releases: Vec<Release>,
    pub transitions: Vec<Transition>,
    pub items: Vec<Item>,
}

impl Facts {
    /// Gather per-note facts and sort every list.
    pub fn from_docs(docs: Vec<DocFacts>) -> Facts {
        let mut f = Facts {
            schema: SCHEMA,
            ..Facts::default()
        };
        for d in docs {
            f.meetings.extend(d.meeting);
            f.releases.extend(d.releases);
            f.transitions.extend(d.transitions);
            f.items.extend(d.items);
        }
        f.meetings
            .sort_by(|a, b| (a.date, &a.file).cmp(&(b.date, &b.file)));
        f.releases.sort_by(|a, b| {
            (a.date, &a.file, a.line, &a.component, &a.version).cmp(&(
                b.date,
                &b.file,
                b.line,
                &b.component,
                &b.version,
            ))
        });
        f.transitions.sort_by(|a, b| {
            (a.date, &a.file, a.line, &a.to).cmp(&(b.date, &b.file, b.line, &b.to))
        });
        f.items
            .sort_by(|a, b| (a.date, &a.file, a.line).cmp(&(b.date, &b.file, b.line)));
        f
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot serialise the facts: {0}")]
    Serialise(String),
    #[error("{path}: cannot write: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// The facts as YAML or JSON text.
pub fn render(facts: &Facts, format: Format) -> Result<String, OutputError> {
    match format {
        Format::Yaml => {
            serde_norway::to_string(facts).map_err(|e| OutputError::Serialise(e.to_string()))
        }
        Format::Json => serde_json::to_string_pretty(facts)
            .map(|s| s + "\n")
            .map_err(|e| OutputError::Serialise(e.to_string())),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Yaml,
    Json,
}

/// Write `contents` to `path` atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), OutputError> {
    let err = |source| OutputError::Write {
        path: path.display().to_string(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    tmp.write_all(contents.as_bytes()).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}
