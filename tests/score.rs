//! `roadmap rules score` and the project's scorer (`shared/eval/score.py`)
//! give the same figures on the same output. Skipped where python3 with
//! PyYAML or the gold files are not beside the project.

mod common;

use std::path::PathBuf;
use std::process::Command;

use roadmap_tracker::extract_paths;
use roadmap_tracker::output::{Format, render};
use roadmap_tracker::rules::{RuleSource, Rules};
use roadmap_tracker::score::{load_gold, score};

#[test]
fn rules_score_agrees_with_score_py() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let gold_dir = root.join("../shared/gold/seeds");
    let scorer = root.join("../shared/eval/score.py");
    let python = Command::new("python3").args(["-c", "import yaml"]).status();
    if !gold_dir.is_dir() || !scorer.is_file() || !python.is_ok_and(|s| s.success()) {
        common::skip("gold, scorer or python3+PyYAML not present");
        return;
    }
    let rules = Rules::load(&RuleSource::Embedded).unwrap();
    let mut run = extract_paths(&[root.join("seeds")], &rules);
    // Spoil the output so that every figure is off its maximum.
    let facts = &mut run.facts;
    facts.items = facts
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 0)
        .map(|(_, x)| x.clone())
        .collect();
    for (i, r) in facts.releases.iter_mut().enumerate() {
        if i % 5 == 0 {
            r.status = "mentioned".into();
        }
        if i % 7 == 0 {
            r.component = "something-else".into();
        }
    }
    facts.transitions.remove(0);
    facts.meetings[0].date = None;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.yaml");
    std::fs::write(
        &out,
        render(&run.facts, &run.timeline, Format::Yaml).unwrap(),
    )
    .unwrap();
    let py = Command::new("python3")
        .arg(&scorer)
        .args([
            "--gold",
            gold_dir.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&py.stdout).unwrap();
    let ours = score(&load_gold(&gold_dir).unwrap(), &run.facts);
    let f = |v: &serde_json::Value| v.as_f64().unwrap();
    assert_eq!(f(&j["meetings"]["date_accuracy"]), ours.date_accuracy);
    assert_eq!(f(&j["meetings"]["pmc_accuracy"]), ours.pmc_accuracy);
    assert_eq!(
        f(&j["releases"]["detection"]["f1"]),
        ours.releases_detect.f1()
    );
    assert_eq!(f(&j["releases"]["strict"]["f1"]), ours.releases_strict.f1());
    assert_eq!(
        f(&j["releases"]["component_accuracy"]),
        ours.releases_component
    );
    assert_eq!(f(&j["releases"]["status_accuracy"]), ours.releases_status);
    assert_eq!(
        f(&j["transitions"]["detection"]["f1"]),
        ours.transitions_detect.f1()
    );
    assert_eq!(
        f(&j["transitions"]["strict"]["f1"]),
        ours.transitions_strict.f1()
    );
    assert_eq!(f(&j["items"]["work_items"]["f1"]), ours.items_work.f1());
    assert_eq!(
        f(&j["items"]["work_items"]["precision"]),
        ours.items_work.precision()
    );
    assert_eq!(
        f(&j["items"]["work_items"]["recall"]),
        ours.items_work.recall()
    );
    assert_eq!(f(&j["items"]["found"]), ours.items_found);
    assert_eq!(f(&j["items"]["status_accuracy_all"]), ours.items_status_all);
    assert_eq!(f(&j["items"]["project_accuracy"]), ours.items_project);
    assert_eq!(
        j["items"]["work_items"]["tp"].as_u64().unwrap() as usize,
        ours.items_work.tp
    );
    assert_eq!(
        j["releases"]["strict"]["fp"].as_u64().unwrap() as usize,
        ours.releases_strict.fp
    );
}

/// Eighty-six corpus notes annotated blind, by readers who saw facts.md
/// and the seeds' gold but not the tracker's output (`tests/heldout/`, line
/// numbers and labels only: the notes are not ours to commit). Sixteen were
/// annotated in the first session, sixteen in the fifth, eighteen in the
/// sixth and thirty-six in the seventh; what they revealed was fixed in
/// general rules, so these are now a floor against regressions on notes the
/// seeds do not resemble, set a little under what is reached.
#[test]
fn blind_corpus_annotations_hold_their_floors() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/pmc-notes");
    if !corpus.is_dir() {
        common::skip("corpus not present");
        return;
    }
    let rules = Rules::load(&RuleSource::Embedded).unwrap();
    let run = extract_paths(&[corpus], &rules);
    let gold = load_gold(&root.join("tests/heldout")).unwrap();
    assert_eq!(gold.len(), 199);
    let s = score(&gold, &run.facts);
    let figures = [
        ("meeting dates", s.date_accuracy, 1.0),
        ("meeting committees", s.pmc_accuracy, 1.0),
        ("releases strict F1", s.releases_strict.f1(), 0.77),
        ("transitions strict F1", s.transitions_strict.f1(), 0.80),
        ("items work F1", s.items_work.f1(), 0.88),
        ("item projects", s.items_project, 0.97),
    ];
    for (what, got, floor) in figures {
        eprintln!("{what}: {got:.3} (floor {floor})");
        assert!(got >= floor, "{what}: {got:.3} under {floor}");
    }
}
