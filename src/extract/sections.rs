//! Which project a block belongs to, and which cue heading sits over it.
//!
//! Headings are classified by `rules/sections.yaml` (committee-wide,
//! skipped, containers, generic sub-headings, status groups) and the cue
//! labels of `rules/items.yaml` (`#### In Progress:`); every other heading
//! is a project. A committee-wide or skipped heading decides for everything
//! under it; otherwise the innermost project heading wins.

use crate::ingest::MeetingInfo;
use crate::rules::{Rules, SectionKind};
use crate::structure::Outline;

use super::text::{normalize_label, slug};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadingClass {
    Title,
    Section {
        kind: SectionKind,
        rule: String,
        cue: Option<String>,
    },
    Cue {
        status: String,
        rule: String,
    },
    Project(String),
}

/// Where a block sits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionContext {
    /// The project (`pmc` for committee-wide sections); `None`: not an item.
    pub project: Option<String>,
    /// Cue heading above, as (status, rule id).
    pub cue: Option<(String, String)>,
}

pub struct Classified {
    /// Per heading index; blocks before any heading use `none`.
    pub contexts: Vec<SectionContext>,
    pub none: SectionContext,
}

impl Classified {
    pub fn of(&self, heading: Option<usize>) -> &SectionContext {
        heading.map_or(&self.none, |h| &self.contexts[h])
    }
}

/// A project heading as a slug: lead names, tags and markup stripped.
pub fn project_slug(text: &str, rules: &Rules) -> String {
    let mut t: String = text
        .chars()
        .filter(|c| !matches!(c, '`' | '*' | '_'))
        .collect();
    // An abbreviation in parentheses that the rules know names the project:
    // `BOSH Backup & Restore (BBR)` is bbr, as the notes of other years call it.
    for part in t.split('(').skip(1) {
        let inner = part.split(')').next().unwrap_or("").trim();
        let inner = inner
            .trim_start_matches("aka ")
            .trim_start_matches("a.k.a. ")
            .trim();
        if !inner.is_empty()
            && !inner.contains([' ', ','])
            && let Some(id) = known_component(inner, rules)
        {
            return id;
        }
    }
    for re in &rules.project_strip {
        t = re.replace_all(&t, "").into_owned();
    }
    let s = slug(t.trim());
    if s.is_empty() { slug(text) } else { s }
}

/// The id of the component this exact name is an alias of.
fn known_component(name: &str, rules: &Rules) -> Option<String> {
    rules.components.iter().find_map(|c| {
        let m = c.re.captures(name)?.name("name")?;
        (m.start() == 0 && m.end() == name.len()).then(|| c.id.clone())
    })
}

fn classify_heading(
    i: usize,
    text: &str,
    outline: &Outline,
    info: &MeetingInfo,
    rules: &Rules,
) -> HeadingClass {
    if i == 0 && outline.headings[0].level == 1 && info.title.as_deref() == Some(text) {
        return HeadingClass::Title;
    }
    let plain = normalize_label(text);
    for s in &rules.sections {
        if s.re.is_match(&plain) {
            return HeadingClass::Section {
                kind: s.kind,
                rule: s.id.clone(),
                cue: s.cue.clone(),
            };
        }
    }
    for l in &rules.cue_labels {
        if l.re.is_match(&plain) {
            return HeadingClass::Cue {
                status: l.status.clone(),
                rule: l.id.clone(),
            };
        }
    }
    HeadingClass::Project(project_slug(text, rules))
}

pub fn classify(outline: &Outline, info: &MeetingInfo, rules: &Rules) -> Classified {
    let headings: Vec<HeadingClass> = outline
        .headings
        .iter()
        .enumerate()
        .map(|(i, h)| classify_heading(i, &h.text, outline, info, rules))
        .collect();
    let mut contexts = Vec::with_capacity(headings.len());
    for i in 0..headings.len() {
        let mut chain = vec![i];
        let mut p = outline.headings[i].parent;
        while let Some(k) = p {
            chain.push(k);
            p = outline.headings[k].parent;
        }
        chain.reverse();
        let mut ctx = SectionContext::default();
        let mut locked = false;
        for k in chain {
            match &headings[k] {
                HeadingClass::Title => {}
                HeadingClass::Section {
                    kind: SectionKind::Skip,
                    ..
                } => {
                    ctx = SectionContext::default();
                    break;
                }
                HeadingClass::Section {
                    kind: SectionKind::Committee,
                    rule,
                    cue,
                } => {
                    ctx.project = Some("pmc".into());
                    ctx.cue = cue.clone().map(|c| (c, rule.clone()));
                    locked = true;
                }
                HeadingClass::Section {
                    kind: SectionKind::StatusGroup,
                    ..
                } => {
                    if !locked {
                        ctx.project = Some("pmc".into());
                    }
                }
                HeadingClass::Section { .. } => {}
                HeadingClass::Cue { status, rule } => {
                    ctx.cue = Some((status.clone(), rule.clone()))
                }
                HeadingClass::Project(p) => {
                    if !locked {
                        ctx.project = Some(p.clone());
                        ctx.cue = None;
                    }
                }
            }
        }
        contexts.push(ctx);
    }
    Classified {
        contexts,
        none: SectionContext::default(),
    }
}
