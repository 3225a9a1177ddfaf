//! Output: the facts and the timeline as the YAML document others read.
//!
//! The fixed part of the shape is `shared/spec/output.md` (schema 1):
//! `meetings`, `releases`, `transitions`, `items`, `projects`, `history`,
//! `tracks`, each sorted so that the same notes always give byte-identical
//! output; `graph` is ours. Writing goes through a temporary file in the
//! target folder and a rename, so a failed run never leaves a half-written
//! file behind.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::extract::{DocFacts, Item, Meeting, Release, Transition};
use crate::link::Timeline;

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
    pub fn from_docs(docs: &[DocFacts]) -> Facts {
        let mut f = Facts {
            schema: SCHEMA,
            ..Facts::default()
        };
        for d in docs {
            f.meetings.extend(d.meeting.iter().cloned());
            f.releases.extend(d.releases.iter().cloned());
            f.transitions.extend(d.transitions.iter().cloned());
            f.items.extend(d.items.iter().cloned());
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

/// The whole output document: the facts, then the timeline linked from them.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    #[serde(flatten)]
    pub facts: &'a Facts,
    #[serde(flatten)]
    pub timeline: &'a Timeline,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Yaml,
    Json,
}

/// The facts and the timeline as YAML or JSON text.
pub fn render(facts: &Facts, timeline: &Timeline, format: Format) -> Result<String, OutputError> {
    let report = Report { facts, timeline };
    match format {
        Format::Yaml => {
            serde_norway::to_string(&report).map_err(|e| OutputError::Serialise(e.to_string()))
        }
        Format::Json => serde_json::to_string_pretty(&report)
            .map(|s| s + "\n")
            .map_err(|e| OutputError::Serialise(e.to_string())),
    }
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
    // A temporary file is private; the output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(err)?;
    }
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}
