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

use rayon::prelude::*;
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
        f.sorted()
    }

    /// Like [`Facts::from_docs`], but moves the releases and items (the
    /// bulk of a run) out of `docs` instead of copying them; meetings and
    /// transitions are copied, since the timeline reads them per note.
    pub fn take_from(docs: &mut [DocFacts]) -> Facts {
        let mut f = Facts {
            schema: SCHEMA,
            ..Facts::default()
        };
        // Reserved once, and each note's lists taken whole (`append` would
        // leave every note holding its emptied buffer).
        f.releases
            .reserve_exact(docs.iter().map(|d| d.releases.len()).sum());
        f.items
            .reserve_exact(docs.iter().map(|d| d.items.len()).sum());
        for d in docs.iter_mut() {
            f.meetings.extend(d.meeting.iter().cloned());
            f.releases.extend(std::mem::take(&mut d.releases));
            f.transitions.extend(d.transitions.iter().cloned());
            f.items.extend(std::mem::take(&mut d.items));
        }
        f.sorted()
    }

    /// Every list in output order (by date, file, line).
    fn sorted(mut self) -> Facts {
        let f = &mut self;
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
        self
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
    /// The writer failed (a closed pipe, a full disk).
    #[error("cannot write the facts: {0}")]
    Io(#[source] std::io::Error),
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
    let mut out = Vec::new();
    render_to(facts, timeline, format, &mut out)?;
    String::from_utf8(out).map_err(|e| OutputError::Serialise(e.to_string()))
}

/// The facts and the timeline as YAML or JSON, written as they are
/// serialised (a large run is never held in memory as one string).
pub fn render_to<W: Write>(
    facts: &Facts,
    timeline: &Timeline,
    format: Format,
    w: W,
) -> Result<(), OutputError> {
    let report = Report { facts, timeline };
    let mut w = KeepIoError {
        inner: w,
        error: None,
    };
    let result = match format {
        Format::Yaml => yaml_in_pieces(&report, &mut w, CHUNK),
        Format::Json => serde_json::to_writer_pretty(&mut w, &report)
            .map_err(|e| e.to_string())
            .and_then(|()| w.write_all(b"\n").map_err(|e| e.to_string())),
    };
    match (result, w.error) {
        (Ok(()), _) => Ok(()),
        // The serialisers turn I/O errors into their own; keep the original
        // so a closed pipe is still recognisable as one.
        (Err(_), Some(io)) => Err(OutputError::Io(io)),
        (Err(e), None) => Err(OutputError::Serialise(e)),
    }
}

/// Elements of a long list serialised as one piece.
const CHUNK: usize = 1024;
/// Pieces serialised at once: enough to keep every thread busy, few enough
/// that a large run is never held in memory whole.
const WINDOW: usize = 32;

/// The report as YAML, serialised in pieces in parallel and written in
/// order: each top-level entry, and each run of `chunk` elements of a long
/// list. Serialising YAML costs more than extracting the facts (each string
/// is checked for whether it would read back as another type), and one
/// serialiser runs on one thread. The text is byte for byte the whole
/// report's (`tests/timeline.rs` holds it to that, chunk boundaries
/// included): a block sequence under a
/// top-level key is written unindented, as at the top of a document.
pub fn yaml_in_pieces<W: Write>(report: &Report, w: &mut W, chunk: usize) -> Result<(), String> {
    type Piece<'a> = Box<dyn Fn() -> Result<String, serde_norway::Error> + Send + Sync + 'a>;
    fn entry<'a, T: Serialize + Sync + ?Sized>(
        pieces: &mut Vec<Piece<'a>>,
        key: &'a str,
        value: &'a T,
    ) {
        pieces.push(Box::new(move || {
            serde_norway::to_string(&std::collections::BTreeMap::from([(key, value)]))
        }));
    }
    fn list<'a, T: Serialize + Sync>(
        pieces: &mut Vec<Piece<'a>>,
        key: &'a str,
        values: &'a [T],
        chunk: usize,
    ) {
        if values.is_empty() {
            return entry(pieces, key, values);
        }
        pieces.push(Box::new(move || Ok(format!("{key}:\n"))));
        for c in values.chunks(chunk.max(1)) {
            pieces.push(Box::new(move || {
                // About what a fact takes, so the text is rarely regrown.
                let mut text = Vec::with_capacity(c.len() * 256);
                serde_norway::to_writer(&mut text, c)?;
                Ok(String::from_utf8(text).expect("YAML is UTF-8"))
            }));
        }
    }
    let (f, t) = (report.facts, report.timeline);
    // The order of the fields of `Facts` and `Timeline`.
    let mut pieces: Vec<Piece> = Vec::new();
    entry(&mut pieces, "schema", &f.schema);
    list(&mut pieces, "meetings", &f.meetings, chunk);
    list(&mut pieces, "releases", &f.releases, chunk);
    list(&mut pieces, "transitions", &f.transitions, chunk);
    list(&mut pieces, "items", &f.items, chunk);
    list(&mut pieces, "projects", &t.projects, chunk);
    list(&mut pieces, "history", &t.history, chunk);
    list(&mut pieces, "tracks", &t.tracks, chunk);
    entry(&mut pieces, "graph", &t.graph);
    for window in pieces.chunks(WINDOW) {
        let texts: Vec<String> = window
            .par_iter()
            .map(|p| p())
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        for text in texts {
            w.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// A writer that remembers the last I/O error it passed on.
struct KeepIoError<W> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: Write> Write for KeepIoError<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| {
            self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
        })
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().inspect_err(|e| {
            self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
        })
    }
}

/// Write `contents` to `path` atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), OutputError> {
    write_atomic_with(path, |w| {
        w.write_all(contents.as_bytes())
            .map_err(|source| OutputError::Write {
                path: path.display().to_string(),
                source,
            })
    })
}

/// Write `path` atomically with `fill`, which writes the contents to the
/// (buffered) temporary file: nothing is renamed into place unless it succeeds.
/// A path that is not a regular file (`-o /dev/null`, `/dev/stdout`, a
/// named pipe) is written straight into: renaming a file over it would
/// replace the device or pipe itself.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), OutputError>,
) -> Result<(), OutputError> {
    let err = |source| OutputError::Write {
        path: path.display().to_string(),
        source,
    };
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(err)?;
        let mut buffered = std::io::BufWriter::new(file);
        fill(&mut buffered)?;
        return buffered.flush().map_err(err);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    let mut buffered = std::io::BufWriter::new(tmp);
    fill(&mut buffered)?;
    let tmp = buffered.into_inner().map_err(|e| err(e.into_error()))?;
    finish(tmp.as_file()).map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// An output file is an ordinary file (a temporary one is private), on
/// disk before it is renamed into place.
fn finish(file: &std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    file.sync_all()
}

/// Write every file of `files` under `dir` so that an interrupted run
/// leaves the previous output whole: all files go to a staging folder
/// inside `dir` first (written and synced), and only then each is renamed
/// into place, one rename each (each file is always whole; a kill in the
/// few milliseconds of renames can leave old and new files side by side).
/// Files the previous build wrote (its manifest, `.roadmap-manifest`) that
/// this one did not are removed; other files in the folder are left alone.
/// Staging folders that a killed run left behind are removed.
pub fn write_tree(dir: &Path, files: &[super::OutFile]) -> Result<(), OutputError> {
    let err = |path: &Path| {
        let path = path.display().to_string();
        move |source| OutputError::Write {
            path: path.clone(),
            source,
        }
    };
    std::fs::create_dir_all(dir).map_err(err(dir))?;
    for entry in std::fs::read_dir(dir).map_err(err(dir))?.flatten() {
        if entry.file_name().to_string_lossy().starts_with(STAGING) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let staging = tempfile::Builder::new()
        .prefix(STAGING)
        .tempdir_in(dir)
        .map_err(err(dir))?;
    for f in files {
        let path = staging.path().join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(err(parent))?;
        }
        let mut file = std::fs::File::create(&path).map_err(err(&path))?;
        file.write_all(&f.bytes).map_err(err(&path))?;
        finish(&file).map_err(err(&path))?;
    }
    for f in files {
        let target = dir.join(&f.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(err(parent))?;
        }
        std::fs::rename(staging.path().join(&f.path), &target).map_err(err(&target))?;
    }
    // Files an earlier build wrote that this one did not (a quarter no
    // longer in the notes) are removed; nothing else in the folder is.
    let manifest = dir.join(crate::OUTPUT_MANIFEST);
    let written: std::collections::BTreeSet<String> = files
        .iter()
        .map(|f| f.path.to_string_lossy().into_owned())
        .collect();
    if let Ok(before) = std::fs::read_to_string(&manifest) {
        for old in before.lines().filter(|l| !written.contains(*l)) {
            // Only plain relative paths, as a build writes them.
            if let Some(rel) = crate::manifest_path(old) {
                let _ = std::fs::remove_file(dir.join(rel));
            }
        }
    }
    // The manifest too is staged and renamed: a temporary file of its own
    // beside the output would be left behind by a kill.
    let list: String = written.iter().map(|p| format!("{p}\n")).collect();
    let staged = staging.path().join(crate::OUTPUT_MANIFEST);
    let mut file = std::fs::File::create(&staged).map_err(err(&staged))?;
    file.write_all(list.as_bytes()).map_err(err(&staged))?;
    finish(&file).map_err(err(&staged))?;
    std::fs::rename(&staged, &manifest).map_err(err(&manifest))?;
    Ok(())
}

const STAGING: &str = crate::OUTPUT_STAGING;
