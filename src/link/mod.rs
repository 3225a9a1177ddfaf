//! Link: the facts of all notes into a timeline.
//!
//! One meeting's facts answer little; the run of meetings answers "when did
//! it ship", "is it still incubating", "did what was planned happen". This
//! stage takes every note's facts and returns the release history per
//! component, the status history per project, the roadmap items followed
//! from meeting to meeting, and the graph that joins them. It is a pure
//! function of the facts and the rules.

pub mod graph;
pub mod history;
pub mod projects;
pub mod tracks;

use std::collections::HashMap;

use serde::Serialize;

use crate::extract::DocFacts;
use crate::output::Facts;
use crate::rules::Rules;

pub use graph::{Graph, GraphSummary};
pub use history::VersionHistory;
pub use projects::ProjectHistory;
pub use tracks::Track;

/// What the run of meetings says, beyond each meeting's facts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timeline {
    pub projects: Vec<ProjectHistory>,
    pub history: Vec<VersionHistory>,
    pub tracks: Vec<Track>,
    pub graph: GraphSummary,
}

/// A fact names its project as the heading above it reads (`credhub-cli`);
/// the timeline joins a project's names (`credhub`). This maps the first to
/// the second, as the notes' headings show it.
#[derive(Debug, Default)]
pub struct ProjectIds(HashMap<String, String>);

impl ProjectIds {
    pub fn new(docs: &[DocFacts]) -> ProjectIds {
        // Sorted, so that a heading slug two ids claim goes the same way
        // whatever the order of the notes.
        let mut seen: std::collections::BTreeSet<(&str, &str)> = Default::default();
        for s in docs.iter().flat_map(|d| &d.sightings) {
            if s.slug != s.project {
                seen.insert((&s.slug, &s.project));
            }
        }
        let mut map = HashMap::new();
        for (slug, id) in seen {
            map.entry(slug.to_string())
                .or_insert_with(|| id.to_string());
        }
        ProjectIds(map)
    }

    /// The timeline's id of the project a fact names.
    pub fn of<'a>(&'a self, project: &'a str) -> &'a str {
        self.0.get(project).map_or(project, String::as_str)
    }
}

/// Link the facts of all notes (`docs`) whose flattened, sorted form is `facts`.
pub fn link(docs: &[DocFacts], facts: &Facts, rules: &Rules) -> (Timeline, Graph) {
    let pmc_of: HashMap<String, Option<String>> = facts
        .meetings
        .iter()
        .map(|m| (m.file.clone(), m.pmc.clone()))
        .collect();
    let ids = ProjectIds::new(docs);
    // The three histories read the facts and nothing of each other.
    let ((history, projects), tracks) = rayon::join(
        || {
            rayon::join(
                || history::history(&facts.releases, rules.released_twice_days),
                || projects::projects(docs, &ids),
            )
        },
        || tracks::tracks(&facts.items, &pmc_of, &rules.tracks, &ids),
    );
    let (graph, summary) = graph::build(
        &facts.releases,
        &history,
        &facts.items,
        &tracks,
        &projects,
        rules,
        &ids,
    );
    (
        Timeline {
            projects,
            history,
            tracks,
            graph: summary,
        },
        graph,
    )
}
