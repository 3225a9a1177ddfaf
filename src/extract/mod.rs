//! Extract: an outline and the rules in, facts out.
//!
//! Three kinds of fact, defined in the project's spec (`facts.md`):
//! releases (a component named with a version), status transitions
//! (lifecycle or maturity changes) and items (every list item, table row or
//! paragraph in a project's section, with where the work stands). Each fact
//! carries its file, line and the id of the rule that made it, so a user can
//! trace it and `roadmap explain` can say why.
//!
//! The order matters and is the same for every note: sections are classified
//! first (which project, which cue), then items get their status (a nested
//! item may inherit its parent's), then releases and transitions, which use
//! the item's project and status.

mod components;
mod items;
mod releases;
mod sections;
pub mod text;
mod transitions;
pub mod when;

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ingest::{Document, MeetingInfo, meeting_info};
use crate::rules::Rules;
use crate::structure::{Outline, outline};

pub use components::{
    alias_of as component_alias, mentions as component_mentions, project_component,
};
pub use items::ItemState;
pub use sections::{HeadingClass, Memo, SectionContext, Sighting};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub file: String,
    pub pmc: Option<String>,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub file: String,
    pub line: usize,
    pub component: String,
    pub version: String,
    pub status: String,
    pub date: Option<NaiveDate>,
    pub rule: String,
    /// The version-grammar rule that recognised the version.
    pub version_rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The version names a major line (`V7 CLI`), not release x.0.0.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub major_line: bool,
    /// The project section the version is written in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    pub text: String,
    /// A relative date on the line ("aiming to ship this week").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Box<when::When>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub file: String,
    pub line: usize,
    pub subject: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub to: String,
    pub status: String,
    pub date: Option<NaiveDate>,
    pub rule: String,
    pub text: String,
    /// A relative date on the line ("will be deprecated next quarter").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Box<when::When>>,
    /// Whether the status was stated (by the rule's words or its sentence's
    /// tense), not taken from the item: only a stated one may in turn decide
    /// the item (`item.default.transition`).
    #[serde(skip)]
    pub stated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub file: Sym,
    pub line: usize,
    pub project: Sym,
    pub status: Sym,
    pub date: Option<NaiveDate>,
    pub rule: Sym,
    pub text: String,
    /// A relative date in the item ("this week"), resolved against the meeting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<Box<when::When>>,
}

/// A string many facts share (file, project, status, rule id): one
/// allocation, counted, instead of a copy in each of 100,000s of facts.
pub type Sym = Arc<str>;

/// Shares equal strings among the facts of one note. (Keys are a few
/// dozen short strings of our own: a fast hash, not a DoS-proof one.)
#[derive(Default)]
pub(crate) struct Interner(rustc_hash::FxHashSet<Sym>);

impl Interner {
    pub fn get(&mut self, s: &str) -> Sym {
        if let Some(x) = self.0.get(s) {
            return x.clone();
        }
        let x: Sym = s.into();
        self.0.insert(x.clone());
        x
    }
}

/// Everything extracted from one note.
#[derive(Debug, Clone, Default)]
pub struct DocFacts {
    pub meeting: Option<Meeting>,
    /// Projects seen in the note, with leads and lifecycle states (input to
    /// the timeline; not facts of their own).
    pub sightings: Vec<Sighting>,
    /// What ingest repaired while decoding the note (BOM, CRLF, mojibake).
    pub repairs: Vec<String>,
    pub releases: Vec<Release>,
    pub transitions: Vec<Transition>,
    pub items: Vec<Item>,
}

/// Extract every fact from one decoded note.
pub fn extract_document(doc: &Document, rules: &Rules) -> DocFacts {
    extract_document_with(doc, rules, &Memo::default())
}

/// [`extract_document`] with what earlier notes of the run taught (the
/// headings already read); the facts are the same.
pub fn extract_document_with(doc: &Document, rules: &Rules, memo: &Memo) -> DocFacts {
    let info = meeting_info(&doc.text, &doc.display, rules);
    let outline = outline(&doc.text);
    extract_outline(doc, &info, &outline, rules, memo)
}

/// Extract from an already parsed note.
pub fn extract_outline(
    doc: &Document,
    info: &MeetingInfo,
    outline: &Outline,
    rules: &Rules,
    memo: &Memo,
) -> DocFacts {
    let ctx = sections::classify(outline, info, rules, memo);
    // What each table column's header says of its cells ("| Now | Next |").
    let columns = items::column_cues(outline, rules);
    // Its lifecycle tables ("| Project | From | To |").
    let lifecycle = transitions::lifecycle_columns(outline, rules);
    let states = items::item_states(outline, &ctx, &columns, &lifecycle, rules, info.date);
    let base = Base {
        file: &doc.display,
        date: info.date,
    };
    let items = items::items(outline, &states, rules, &base);
    let mut releases = releases::releases(outline, &ctx, &states, &columns, rules, &base);
    let mut transitions =
        transitions::transitions(outline, &ctx, &states, &columns, &lifecycle, rules, &base);
    let items = items_take_transition_status(items, &transitions);
    // Relative dates on the line of a release or transition stay with it.
    for r in &mut releases {
        r.when = when::find_when([r.text.as_str()], info.date, rules).map(Box::new);
    }
    for t in &mut transitions {
        t.when = when::find_when([t.text.as_str()], info.date, rules).map(Box::new);
    }
    let sightings = sections::sightings(outline, &ctx, rules);
    DocFacts {
        meeting: Some(Meeting {
            file: doc.display.clone(),
            pmc: info.pmc.clone(),
            date: info.date,
            title: info.title.clone(),
        }),
        sightings,
        repairs: doc.repairs.clone(),
        releases,
        transitions,
        items,
    }
}

/// Committee-wide items with no cue (`info` by default) whose line holds
/// transitions that agree on done or planned take that status: the move is
/// the item's news, as a release verb is a project item's.
fn items_take_transition_status(mut items: Vec<Item>, transitions: &[Transition]) -> Vec<Item> {
    for it in items
        .iter_mut()
        .filter(|it| &*it.rule == items::RULE_DEFAULT_COMMITTEE)
    {
        let mut on_line = transitions
            .iter()
            .filter(|t| t.line == it.line && t.stated)
            .map(|t| t.status.as_str());
        let Some(first) = on_line.next() else {
            continue;
        };
        if matches!(first, "done" | "planned") && on_line.all(|s| s == first) {
            it.status = first.into();
            it.rule = items::RULE_DEFAULT_TRANSITION.into();
        }
    }
    items
}

/// What every fact of one note shares.
pub(crate) struct Base<'a> {
    pub file: &'a str,
    pub date: Option<NaiveDate>,
}

impl DocFacts {
    /// Give a note with no date of its own a meeting date (`--date` for a
    /// note piped in): the meeting and every fact take it, relative dates
    /// are resolved against it.
    pub fn set_date_if_missing(&mut self, date: NaiveDate, rules: &Rules) {
        let Some(m) = &mut self.meeting else { return };
        if m.date.is_some() {
            return;
        }
        m.date = Some(date);
        for r in &mut self.releases {
            r.date = Some(date);
            r.when = when::find_when([r.text.as_str()], Some(date), rules).map(Box::new);
        }
        for t in &mut self.transitions {
            t.date = Some(date);
            t.when = when::find_when([t.text.as_str()], Some(date), rules).map(Box::new);
        }
        for i in &mut self.items {
            i.date = Some(date);
            i.when = when::find_when([i.text.as_str()], Some(date), rules).map(Box::new);
        }
    }
}
