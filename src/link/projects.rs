//! Project status history: each project's lifecycle states in the order
//! the meetings showed them, and its leads over time.
//!
//! States come from heading tags (`### Eirini (incubating)`), Extensions
//! status groups (`## _Graduated_`) and `done` lifecycle transitions. A
//! project whose tag disappears is not thereby active: only a section, a
//! statement or a transition moves it. Names that changed over the years
//! are joined by the component aliases in the rules ("CFCR (aka Kubo)" and
//! "Kubo" are one project).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::extract::DocFacts;
use crate::rules::LIFECYCLE;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusSince {
    pub status: String,
    pub since: Option<NaiveDate>,
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadSince {
    pub lead: String,
    pub since: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectHistory {
    pub id: String,
    pub name: String,
    pub pmc: Option<String>,
    /// The status history, oldest first; a new entry only when it changes.
    pub statuses: Vec<StatusSince>,
    pub leads: Vec<LeadSince>,
    pub first_seen: Option<NaiveDate>,
    pub last_seen: Option<NaiveDate>,
}

struct Obs<'a> {
    date: Option<NaiveDate>,
    file: &'a str,
    line: usize,
    status: Option<&'a str>,
    lead: Option<&'a str>,
    name: &'a str,
    pmc: Option<&'a str>,
}

/// Status histories of every project seen in the notes.
pub fn projects(docs: &[DocFacts], ids: &super::ProjectIds) -> Vec<ProjectHistory> {
    let mut obs: BTreeMap<&str, Vec<Obs>> = BTreeMap::new();
    for d in docs {
        let Some(m) = &d.meeting else { continue };
        for s in &d.sightings {
            // A heading the rules join to nothing here may be joined in
            // another note ("CredHub CLI" beside "CredHub & CLI").
            let id = if s.project == s.slug {
                ids.of(&s.slug)
            } else {
                s.project.as_str()
            };
            obs.entry(id).or_default().push(Obs {
                date: m.date,
                file: &m.file,
                line: s.line,
                status: s.status.as_ref().map(|(st, _)| st.as_str()),
                lead: s.lead.as_deref(),
                name: &s.name,
                pmc: m.pmc.as_deref(),
            });
        }
    }
    // Transitions second, once every project seen in any note is known: a
    // move stated before the project's first heading (in path order) counts.
    for d in docs {
        let Some(m) = &d.meeting else { continue };
        for t in d
            .transitions
            .iter()
            .filter(|t| t.status == "done" && LIFECYCLE.contains(&t.to.as_str()))
        {
            if let Some(list) = obs.get_mut(ids.of(&t.subject)) {
                list.push(Obs {
                    date: m.date,
                    file: &m.file,
                    line: t.line,
                    status: Some(&t.to),
                    lead: None,
                    name: "",
                    pmc: m.pmc.as_deref(),
                });
            }
        }
    }
    obs.into_iter()
        .map(|(id, mut list)| {
            list.sort_by(|a, b| (a.date, a.file, a.line).cmp(&(b.date, b.file, b.line)));
            let mut statuses: Vec<StatusSince> = Vec::new();
            let mut leads: Vec<LeadSince> = Vec::new();
            let mut lead_file: Option<&str> = None;
            for o in &list {
                if let Some(s) = o.status
                    && statuses.last().is_none_or(|l| l.status != s)
                {
                    statuses.push(StatusSince {
                        status: s.to_string(),
                        since: o.date,
                        file: o.file.to_string(),
                        line: o.line,
                    });
                }
                // One lead per meeting (the first heading's): two headings of
                // one project in a meeting do not make the lead flip.
                if let Some(l) = o.lead
                    && leads.last().is_none_or(|x| x.lead != l)
                    && lead_file.is_none_or(|f| f != o.file)
                {
                    lead_file = Some(o.file);
                    leads.push(LeadSince {
                        lead: l.to_string(),
                        since: o.date,
                    });
                }
            }
            let mut pmcs: Vec<&str> = list.iter().filter_map(|o| o.pmc).collect();
            pmcs.sort();
            let pmc = pmcs
                .chunk_by(|a, b| a == b)
                .max_by_key(|c| c.len())
                .and_then(|c| c.first())
                .map(|s| s.to_string());
            ProjectHistory {
                id: id.to_string(),
                name: list
                    .iter()
                    .rev()
                    .find(|o| !o.name.is_empty())
                    .map_or(id, |o| o.name)
                    .to_string(),
                pmc,
                statuses,
                leads,
                first_seen: list.iter().filter_map(|o| o.date).min(),
                last_seen: list.iter().filter_map(|o| o.date).max(),
            }
        })
        .collect()
}
