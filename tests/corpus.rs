//! The real corpus (204 notes beside the project in `../shared`, not ours to
//! commit): every note is a meeting with a date and a committee, nothing
//! fails to read, and every fact's line holds what the fact says it does.
//! Skipped, with a message, where the corpus is not present (a failure
//! where `ROADMAP_REQUIRE_SHARED` is set, as in CI).

mod common;

use std::collections::HashMap;
use std::path::Path;

use roadmap_tracker::extract_paths;
use roadmap_tracker::rules::{RuleSource, Rules};

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn corpus_extracts_cleanly_and_every_fact_points_at_its_line() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pmc-notes");
    if !corpus.is_dir() {
        common::skip(&format!("{} not present", corpus.display()));
        return;
    }
    let rules = Rules::load(&RuleSource::Embedded).unwrap();
    let run = extract_paths(std::slice::from_ref(&corpus), &rules);
    let errors: Vec<String> = run.errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let facts = &run.facts;
    assert_eq!(facts.meetings.len(), 204);
    for m in &facts.meetings {
        assert!(
            m.date.is_some() && m.pmc.is_some(),
            "{} has no date or committee",
            m.file
        );
    }
    assert!(
        facts.releases.len() > 500 && facts.items.len() > 5000 && facts.transitions.len() > 100
    );

    let mut sources: HashMap<String, Vec<String>> = HashMap::new();
    let mut line_of = |file: &str, line: usize| -> String {
        let lines = sources.entry(file.to_string()).or_insert_with(|| {
            let bytes = std::fs::read(file).unwrap();
            roadmap_tracker::ingest::decode(&bytes)
                .unwrap()
                .text
                .lines()
                .map(str::to_string)
                .collect()
        });
        lines.get(line - 1).cloned().unwrap_or_default()
    };
    let mut bad = Vec::new();
    for r in &facts.releases {
        let src = line_of(&r.file, r.line);
        if !src.contains(&r.version) {
            bad.push(format!(
                "{}:{} release {} not on its line: {src}",
                r.file, r.line, r.version
            ));
        }
    }
    let texts = facts
        .transitions
        .iter()
        .map(|t| (t.file.as_str(), t.line, &t.text))
        .chain(facts.items.iter().map(|i| (&*i.file, i.line, &i.text)));
    for (file, line, text) in texts {
        let src = line_of(file, line);
        // The first words of the fact's text are written on its line.
        let first: Vec<String> = words(text).into_iter().take(2).collect();
        if first.iter().any(|w| !src.contains(w.as_str())) {
            bad.push(format!("{file}:{line} {text:?} not on its line: {src}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} facts point at the wrong line:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// A run reads each distinct heading once and remembers it for the notes
/// after (`extract::Memo`): every note must come out as it does alone,
/// whichever notes came before it.
#[test]
fn a_note_read_after_others_gives_what_it_gives_alone() {
    use roadmap_tracker::extract::{Memo, extract_document, extract_document_with};
    use roadmap_tracker::ingest::{collect_inputs, read_document};
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pmc-notes");
    if !corpus.is_dir() {
        common::skip(&format!("{} not present", corpus.display()));
        return;
    }
    let rules = Rules::load(&RuleSource::Embedded).unwrap();
    let (inputs, _) = collect_inputs(&[corpus]);
    let docs: Vec<_> = inputs
        .iter()
        .filter_map(|i| read_document(i).ok())
        .collect();
    assert_eq!(docs.len(), 204);
    // Backwards, so that a note meets headings that later notes taught.
    let memo = Memo::default();
    for doc in docs.iter().rev() {
        let shared = format!("{:?}", extract_document_with(doc, &rules, &memo));
        let alone = format!("{:?}", extract_document(doc, &rules));
        assert_eq!(shared, alone, "{}", doc.display);
    }
}
