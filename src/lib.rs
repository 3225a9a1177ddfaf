//! roadmap-tracker: meeting notes in, releases, status transitions and
//! roadmap items out, every fact traceable to its file, line and rule, and
//! the timeline that links them across meetings.
//!
//! The pipeline, one module per stage, each taking data and returning data:
//! [`ingest`] (paths → decoded [`ingest::Document`]s with date and committee)
//! → [`structure`] (Markdown → [`structure::Outline`]) → [`extract`] (the
//! outline and [`rules::Rules`] → facts) → [`link`] (facts of all notes →
//! [`link::Timeline`]) → [`output`] (YAML). Only the binary touches argv,
//! stdout and exit codes.

pub mod explain;
pub mod extract;
pub mod ingest;
pub mod link;
pub mod output;
pub mod rules;
pub mod ruletest;
pub mod structure;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::extract::{DocFacts, extract_document};
use crate::ingest::{IngestError, collect_inputs, read_document};
use crate::link::{Graph, Timeline, link};
use crate::output::Facts;
use crate::rules::Rules;

/// The result of a run: the facts, the timeline, and the notes that could
/// not be read (the run goes on without them).
pub struct Run {
    pub docs: Vec<DocFacts>,
    pub facts: Facts,
    pub timeline: Timeline,
    pub graph: Graph,
    pub errors: Vec<IngestError>,
    pub notes: usize,
}

/// Extract every fact from the notes under `paths` and link them.
pub fn extract_paths(paths: &[PathBuf], rules: &Rules) -> Run {
    let (inputs, mut errors) = collect_inputs(paths);
    let results: Vec<_> = inputs
        .par_iter()
        .map(|input| read_document(input).map(|doc| extract_document(&doc, rules)))
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(e),
        }
    }
    let facts = Facts::from_docs(&docs);
    let (timeline, graph) = link(&docs, &facts, rules);
    Run {
        notes: docs.len(),
        docs,
        facts,
        timeline,
        graph,
        errors,
    }
}
