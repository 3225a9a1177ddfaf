//! roadmap-tracker: meeting notes in, releases, status transitions and
//! roadmap items out, every fact traceable to its file, line and rule, and
//! the timeline that links them across meetings.
//!
//! The pipeline, one module per stage, each taking data and returning data:
//! [`ingest`] (paths → decoded [`ingest::Document`]s with date and committee)
//! → [`structure`] (Markdown → [`structure::Outline`]) → [`extract`] (the
//! outline and [`rules::Rules`] → facts) → [`link`] (facts of all notes →
//! [`link::Timeline`]) → [`render`] (`timeline.yaml`, charts, quarterly
//! reports, exports). Only the binary touches argv, stdout and exit codes.

pub mod explain;
pub mod extract;
pub mod ingest;
pub mod link;
pub mod render;
pub mod rules;
pub mod ruletest;
pub mod score;
pub mod structure;

pub use render::{output, report};

/// The file in an output folder listing what `roadmap build` wrote there.
pub const OUTPUT_MANIFEST: &str = ".roadmap-manifest";

/// A path as a build writes it into its manifest: plain, relative (no
/// `..`, no root). Another line is not ours to remove or to skip.
pub(crate) fn manifest_path(line: &str) -> Option<&std::path::Path> {
    let p = std::path::Path::new(line);
    p.components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
        .then_some(p)
}
/// Name prefix of a build's staging folder inside the output folder.
pub const OUTPUT_STAGING: &str = ".roadmap-staging-";

use std::path::PathBuf;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::extract::{DocFacts, Memo, extract_document_with};
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
    /// Notes kept (those the filter's committee and dates let through).
    pub notes: usize,
    /// Notes read, kept or not, and the committees they are of.
    pub read: usize,
    pub committees: std::collections::BTreeSet<String>,
}

/// Which facts a run keeps (the command line's `--pmc`, `--project`, ...).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub pmc: Option<String>,
    pub project: Option<String>,
    pub component: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Filter {
    /// The filter with names as the rules know them: a component or
    /// project by any of its names or aliases (`cf CLI` is cf-cli, `CredHub
    /// & CLI` is credhub). (A committee is matched in any case.)
    pub fn resolved(mut self, rules: &Rules) -> Self {
        let known = |name: &str| {
            crate::extract::component_alias(name, rules)
                .map_or_else(|| name.to_string(), str::to_string)
        };
        self.component = self.component.as_deref().map(known);
        self.project = self.project.as_deref().map(known);
        self
    }

    fn keeps_meeting(&self, d: &DocFacts) -> bool {
        let Some(m) = &d.meeting else { return false };
        self.pmc
            .as_ref()
            .is_none_or(|p| m.pmc.as_ref().is_some_and(|m| m.eq_ignore_ascii_case(p)))
            && self.since.is_none_or(|s| m.date.is_some_and(|d| d >= s))
            && self.until.is_none_or(|u| m.date.is_some_and(|d| d <= u))
    }

    fn apply(&self, d: &mut DocFacts) {
        if let Some(p) = &self.project {
            // A project as its heading is written (`credhub-cli`), or as its
            // id with aliases joined (`credhub`): then every heading this
            // note joins to it. An item's heading and its join are in the
            // same note, so the answer does not depend on other notes.
            let ours = |slug: &str| {
                slug == p
                    || d.sightings
                        .iter()
                        .any(|s| s.slug == slug && s.project == *p)
            };
            d.items.retain(|i| ours(&i.project));
            d.releases.retain(|r| {
                r.project.as_deref().is_some_and(ours) || r.by.as_deref().is_some_and(ours)
            });
            d.transitions
                .retain(|t| ours(&t.subject) || d.items.iter().any(|i| i.line == t.line));
            d.sightings.retain(|s| s.project == *p || s.slug == *p);
        }
        if let Some(c) = &self.component {
            d.releases.retain(|r| &r.component == c);
        }
    }
}

/// Called once per note read, for a progress bar.
pub type Progress = std::sync::Arc<dyn Fn() + Send + Sync>;

/// How a run reads its notes.
#[derive(Clone, Default)]
pub struct Options {
    /// Meeting date for notes that have none (a note piped in on stdin).
    pub date: Option<NaiveDate>,
    pub filter: Filter,
    pub progress: Option<Progress>,
}

/// How many notes a set of paths holds (to size a progress bar).
pub fn count_notes(paths: &[PathBuf]) -> usize {
    collect_inputs(paths).0.len()
}

/// Extract every fact from the notes under `paths` and link them.
pub fn extract_paths(paths: &[PathBuf], rules: &Rules) -> Run {
    extract_paths_with(paths, rules, &Options::default())
}

/// [`extract_paths`] with a date for undated notes and a filter.
pub fn extract_paths_with(paths: &[PathBuf], rules: &Rules, options: &Options) -> Run {
    let (inputs, mut errors) = collect_inputs(paths);
    // A copy of the rules is a copy of every regex with an empty cache
    // pool: the caches the extraction threads fill (tens of MB) go with it
    // when it is dropped, before linking.
    let extraction = rules.clone();
    let memo = Memo::default();
    let results: Vec<_> = inputs
        .par_iter()
        .map(|input| {
            let r = read_document(input).map(|doc| extract_document_with(&doc, &extraction, &memo));
            if let Some(p) = &options.progress {
                p();
            }
            r
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let (mut read, mut committees) = (0, std::collections::BTreeSet::new());
    for r in results {
        match r {
            Ok(mut d) => {
                read += 1;
                committees.extend(d.meeting.as_ref().and_then(|m| m.pmc.clone()));
                if let Some(date) = options.date {
                    d.set_date_if_missing(date, rules);
                }
                if options.filter.keeps_meeting(&d) {
                    options.filter.apply(&mut d);
                    docs.push(d);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    drop(extraction);
    let facts = Facts::take_from(&mut docs);
    let (timeline, graph) = link(&docs, &facts, rules);
    Run {
        notes: docs.len(),
        read,
        committees,
        docs,
        facts,
        timeline,
        graph,
        errors,
    }
}
