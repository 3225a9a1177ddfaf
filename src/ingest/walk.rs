//! Which files to read: the PATH arguments, folders walked recursively.
//!
//! Sorted so that output is the same on every file system; symlinks are
//! followed (notes folders are often assembled from links) and a symlink loop
//! is reported, not followed forever.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::IngestError;

/// A file to read, with the path as the user reached it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    pub display: String,
    pub path: PathBuf,
}

const NOTE_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// A folder `roadmap build` wrote (it holds the build's manifest), or a
/// build's staging folder: its reports are ours, not notes, so a build into
/// a folder inside its input does not read its own output back.
fn is_roadmap_output(e: &walkdir::DirEntry) -> bool {
    e.file_type().is_dir()
        && (e
            .file_name()
            .to_string_lossy()
            .starts_with(crate::OUTPUT_STAGING)
            || e.path().join(crate::OUTPUT_MANIFEST).is_file())
}

/// The files a build wrote into `dir`, as its manifest lists them (none
/// when it holds no manifest).
fn build_outputs(dir: &Path) -> std::collections::HashSet<PathBuf> {
    std::fs::read_to_string(dir.join(crate::OUTPUT_MANIFEST))
        .map(|m| {
            m.lines()
                .filter_map(crate::manifest_path)
                .map(|l| dir.join(l))
                .collect()
        })
        .unwrap_or_default()
}

fn is_note(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| NOTE_EXTENSIONS.iter().any(|n| e.eq_ignore_ascii_case(n)))
}

/// Display form of a path: `/` separators, no leading `./`.
fn display(p: &Path) -> String {
    let mut s = p.to_string_lossy().replace('\\', "/");
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.to_string();
    }
    // `notes//2017` as `notes/2017` (a leading `//`, a network path, stays).
    let lead = usize::from(s.starts_with("//"));
    while let Some(i) = s[lead..].find("//") {
        s.remove(lead + i);
    }
    s
}

/// Expand the PATH arguments into note files; problems are returned beside
/// the files found, never instead of them.
pub fn collect_inputs(args: &[PathBuf]) -> (Vec<InputFile>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            files.push(InputFile {
                display: "-".into(),
                path: arg.clone(),
            });
            continue;
        }
        let meta = match std::fs::metadata(arg) {
            Ok(m) => m,
            Err(e) => {
                errors.push(IngestError::Read {
                    path: display(arg),
                    source: e,
                });
                continue;
            }
        };
        if meta.is_file() {
            files.push(InputFile {
                display: display(arg),
                path: arg.clone(),
            });
            continue;
        }
        // A folder given by name is read even if a build wrote into it
        // (`build notes --out notes`), but not the files that build wrote.
        let ours = build_outputs(arg);
        let walk = WalkDir::new(arg)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_roadmap_output(e));
        for entry in walk {
            match entry {
                Ok(e)
                    if e.file_type().is_file() && is_note(e.path()) && !ours.contains(e.path()) =>
                {
                    files.push(InputFile {
                        display: display(e.path()),
                        path: e.path().to_path_buf(),
                    });
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e.path().map_or_else(|| display(arg), display);
                    let message = if e.loop_ancestor().is_some() {
                        "symlink loop, not followed".to_string()
                    } else {
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| format!("cannot read: {io}"))
                    };
                    errors.push(IngestError::Walk { path, message });
                }
            }
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

#[cfg(test)]
mod tests {
    use super::display;
    use std::path::Path;

    #[test]
    fn a_path_is_shown_with_single_slashes() {
        assert_eq!(
            display(Path::new("./notes//2017///a.md")),
            "notes/2017/a.md"
        );
        assert_eq!(
            display(Path::new("//server/notes//a.md")),
            "//server/notes/a.md"
        );
        assert_eq!(display(Path::new("")), "");
        assert_eq!(display(Path::new("é//a.md")), "é/a.md");
    }
}
