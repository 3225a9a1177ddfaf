//! The pipeline every target drives: one note in, facts and a timeline out.
//! Panics, overflows and hangs are the findings.

use std::sync::OnceLock;

use roadmap_tracker::extract::extract_document;
use roadmap_tracker::ingest::Document;
use roadmap_tracker::link::link;
use roadmap_tracker::output::{Facts, Format, render};
use roadmap_tracker::rules::{RuleSource, Rules};

pub fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules::load(&RuleSource::Embedded).expect("built-in rules load"))
}

pub fn run(doc: &Document) {
    let rules = rules();
    let facts = extract_document(doc, rules);
    let docs = [facts];
    let all = Facts::from_docs(&docs);
    let (timeline, graph) = link(&docs, &all, rules);
    let _ = graph.to_dot();
    render(&all, &timeline, Format::Yaml).expect("facts serialise");
}
