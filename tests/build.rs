//! `roadmap build` end to end: the whole output folder, rebuilt without
//! stale files, and never left with a half-written file, even when the run
//! is killed (SIGKILL) part-way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn roadmap() -> Command {
    Command::new(env!("CARGO_BIN_EXE_roadmap"))
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Every file under `dir` (relative path → bytes).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn build(paths: &[&Path], out: &Path, extra: &[&str]) {
    let status = roadmap()
        .arg("build")
        .args(paths)
        .arg("--out")
        .arg(out)
        .arg("-q")
        .args(extra)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn build_writes_the_whole_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&[&seeds()], &out, &[]);
    let files: Vec<String> = tree(&out).into_keys().collect();
    let mut want = vec![
        ".roadmap-manifest".to_string(),
        "timeline.yaml".to_string(),
        "graph.dot".to_string(),
        "reports/index.md".to_string(),
    ];
    for c in [
        "release-timeline",
        "lifecycle",
        "roadmap-flow",
        "release-cadence",
    ] {
        want.push(format!("charts/{c}.svg"));
        want.push(format!("charts/{c}.png"));
    }
    // The seeds' meetings fall in four quarters.
    for q in ["2016Q1", "2017Q3", "2018Q3", "2019Q1"] {
        want.push(format!("reports/report-{q}.md"));
        want.push(format!("reports/report-{q}.html"));
    }
    for e in [
        "timeline.md",
        "releases.mmd",
        "lifecycle.mmd",
        "releases.csv",
        "releases.ics",
    ] {
        want.push(format!("exports/{e}"));
    }
    want.sort();
    assert_eq!(files, want);
    // timeline.yaml is what `roadmap extract` prints.
    let extracted = roadmap()
        .arg("extract")
        .arg(seeds())
        .arg("-q")
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read(out.join("timeline.yaml")).unwrap(),
        extracted.stdout
    );
}

/// Every line of a report links to its note: the links resolve from where
/// the report is written back to the notes' relative paths, also when
/// `--out` is relative and climbs out with `..`.
#[test]
fn report_links_lead_to_the_notes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("work")).unwrap();
    copy_dir(&seeds(), &dir.path().join("work/notes"));
    // A name with what a link must escape (`#`, `?`, `%`, a space).
    std::fs::copy(
        seeds().join("000_803520f23fc7e73c.txt"),
        dir.path().join("work/notes/ops #2 why? 100%.txt"),
    )
    .unwrap();
    let status = roadmap()
        .current_dir(dir.path().join("work"))
        .args(["build", "notes", "-q", "--out", "../elsewhere/./x/../out"])
        .status()
        .unwrap();
    assert!(status.success());
    let out = dir.path().join("elsewhere/out");
    let md = std::fs::read_to_string(out.join("reports/report-2017Q3.md")).unwrap();
    let targets: Vec<&str> = md
        .split("](<")
        .skip(1)
        .map(|t| &t[..t.find('#').unwrap()])
        .collect();
    assert!(targets.len() > 50);
    assert!(
        targets
            .iter()
            .any(|t| t.contains("ops%20%232%20why%3F%20100%25.txt"))
    );
    for t in targets {
        let path = percent_encoding::percent_decode_str(t)
            .decode_utf8()
            .unwrap();
        assert!(
            out.join("reports").join(&*path).is_file(),
            "{t} does not lead to a note"
        );
    }
}

#[test]
fn a_rebuild_drops_reports_of_quarters_no_longer_in_the_notes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(&[&seeds()], &out, &[]);
    assert!(out.join("reports/report-2016Q1.md").is_file());
    build(&[&seeds()], &out, &["--since", "2017-01-01"]);
    assert!(!out.join("reports/report-2016Q1.md").exists());
    assert!(out.join("reports/report-2017Q3.md").is_file());
    // Nothing but the output and its manifest: no staging folder left behind.
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".roadmap-staging-")),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n == ".roadmap-manifest"));
}

/// A build only removes what an earlier build wrote: a user's own file in
/// the output folder stays. And an output folder inside the input is not
/// read back as notes: building twice gives the same timeline.
#[test]
fn a_build_keeps_user_files_and_does_not_read_its_own_output() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    copy_dir(&seeds(), &work);
    let run = || {
        let status = roadmap()
            .current_dir(&work)
            .args(["build", ".", "-q"])
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(work.join("output/timeline.yaml")).unwrap()
    };
    let first = run();
    std::fs::write(work.join("output/reports/README.md"), "mine\n").unwrap();
    std::fs::write(work.join("output/notes-to-self.md"), "mine\n").unwrap();
    let second = run();
    assert_eq!(first, second);
    for f in ["output/reports/README.md", "output/notes-to-self.md"] {
        assert_eq!(std::fs::read_to_string(work.join(f)).unwrap(), "mine\n");
    }
    let text = String::from_utf8(first).unwrap();
    assert!(!text.contains("output/"), "the output was read as notes");
}

/// The notes folder as the output folder (`build notes --out notes`): the
/// notes are read, the files the last build wrote there are not.
#[test]
fn a_build_into_its_notes_folder_reads_the_notes_not_its_output() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    copy_dir(&seeds(), &notes);
    let run = || {
        build(&[&notes], &notes, &[]);
        std::fs::read(notes.join("timeline.yaml")).unwrap()
    };
    let first = run();
    let second = run();
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second),
        "the second build read the first one's output"
    );
    let text = String::from_utf8(second).unwrap();
    assert!(!text.contains("reports/"), "a report was read as a note");
    assert!(
        text.contains("000_803520f23fc7e73c.txt"),
        "the notes were not read"
    );
}

/// Kill -9 at several points of a build: every output file is always whole,
/// either as the previous run wrote it or as a complete run writes it, and
/// the next run clears what the killed one left.
#[test]
fn kill_9_during_build_never_leaves_a_half_written_file() {
    let dir = tempfile::tempdir().unwrap();
    // A larger input, so that a build takes long enough to be interrupted.
    let many = dir.path().join("many");
    std::fs::create_dir(&many).unwrap();
    for i in 0..40 {
        for e in std::fs::read_dir(seeds()).unwrap() {
            let e = e.unwrap();
            std::fs::copy(
                e.path(),
                many.join(format!("{i:03}-{}", e.file_name().to_string_lossy())),
            )
            .unwrap();
        }
    }
    let one_seed = seeds().join("000_803520f23fc7e73c.txt");
    let old_dir = dir.path().join("old");
    build(&[&one_seed], &old_dir, &[]);
    let new_dir = dir.path().join("new");
    build(&[&many], &new_dir, &[]);
    let (old, new) = (tree(&old_dir), tree(&new_dir));
    assert_ne!(old["timeline.yaml"], new["timeline.yaml"]);

    let out = dir.path().join("out");
    let mut interrupted = 0;
    for delay_ms in [5, 50, 150, 400, 800] {
        let _ = std::fs::remove_dir_all(&out);
        build(&[&one_seed], &out, &[]);
        let mut child = roadmap()
            .arg("build")
            .arg(&many)
            .arg("--out")
            .arg(&out)
            .arg("-q")
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        for (path, bytes) in tree(&out) {
            if path.starts_with(".roadmap-staging-") {
                continue; // the killed run's staging folder
            }
            let whole = old.get(&path) == Some(&bytes) || new.get(&path) == Some(&bytes);
            assert!(
                whole,
                "after a kill at {delay_ms} ms, {path} is neither the old nor the new file"
            );
        }
        for path in old.keys() {
            assert!(
                out.join(path).is_file(),
                "{path} lost after a kill at {delay_ms} ms"
            );
        }
        let now = tree(&out);
        if now
            .iter()
            .any(|(p, b)| !p.starts_with('.') && new.get(p) != Some(b))
        {
            interrupted += 1;
        }
    }
    // The kills did land before the runs finished (the test tested something).
    assert!(interrupted > 0);
    // The next complete run clears the staging folder a killed run left.
    build(&[&many], &out, &[]);
    let after = tree(&out);
    assert!(after.keys().all(|p| !p.starts_with(".roadmap-staging-")));
    assert_eq!(after, new);
}

/// `-o` naming a named pipe (as `/dev/null` or `/dev/stdout` are not
/// regular files either) writes into it: renaming a finished file over it
/// would replace the pipe, or the device, with a plain file.
#[cfg(unix)]
#[test]
fn output_into_a_pipe_or_device_writes_into_it() {
    use std::os::unix::fs::FileTypeExt;
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("facts.pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = roadmap()
        .arg("extract")
        .arg(seeds())
        .args(["-q", "-o"])
        .arg(&fifo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Checked first: had the pipe been replaced, the reader would wait forever.
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe was replaced: {kind:?}");
    let yaml = reader.join().unwrap();
    assert!(
        yaml.starts_with("schema: 1\n"),
        "{}",
        &yaml[..yaml.len().min(200)]
    );
    assert!(yaml.contains("\nreleases:\n"));
}

/// A reader that stops early (`roadmap rules schema | head -1`) ends the
/// command quietly: exit 0, no panic message about a broken pipe.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    for args in [
        &["rules", "schema"][..],
        &["extract", "-q"][..],
        &["completions", "zsh"][..],
        &["man"][..],
    ] {
        let mut child = roadmap()
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the command has written anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// A build that reads no note (a mistyped folder) fails and leaves the
/// previous output as it was, rather than replacing it with empty reports.
#[test]
fn a_build_that_reads_nothing_keeps_the_previous_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(&[&seeds()], &out, &[]);
    let before = tree(&out);
    let run = roadmap()
        .args(["build", "-q", "--out"])
        .arg(&out)
        .arg(tmp.path().join("no-such-folder"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("no-such-folder: cannot read"), "{stderr}");
    assert!(stderr.contains("nothing written"), "{stderr}");
    assert_eq!(tree(&out), before);
}
