//! Which project a block belongs to, and which cue heading sits over it.
//!
//! Headings are classified by `rules/sections.yaml` (committee-wide,
//! skipped, containers, generic sub-headings, status groups) and the cue
//! labels of `rules/items.yaml` (`#### In Progress:`); every other heading
//! is a project. A committee-wide or skipped heading decides for everything
//! under it; otherwise the innermost project heading wins.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use crate::ingest::MeetingInfo;
use crate::rules::{Rules, SectionKind};
use crate::structure::Outline;

use super::components::{alias_of, mentions};
use super::text::{normalize_label, slug, without_parentheses};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadingClass {
    Title,
    Section {
        kind: SectionKind,
        rule: String,
        cue: Option<String>,
        /// Lifecycle status of a status group.
        status: Option<String>,
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
    /// The same project's id with aliases joined (`credhub` for a
    /// `credhub-cli` heading): what its own component is found by.
    pub project_id: Option<String>,
    /// Cue heading above, as (status, rule id).
    pub cue: Option<(String, String)>,
    /// Lifecycle status of the enclosing status group (`## _Incubating_`).
    pub group_status: Option<String>,
    /// The heading that names the project.
    pub project_heading: Option<usize>,
}

pub struct Classified {
    pub headings: Vec<HeadingClass>,
    /// What each heading's words say (`None`: the title).
    readings: Vec<Option<Arc<HeadingReading>>>,
    /// Per heading index; blocks before any heading use `none`.
    pub contexts: Vec<SectionContext>,
    pub none: SectionContext,
}

impl SectionContext {
    /// Make the content committee-wide: its items are the PMC's.
    fn committee_wide(&mut self) {
        self.project = Some("pmc".into());
        self.project_id = Some("pmc".into());
    }
}

impl Classified {
    pub fn of(&self, heading: Option<usize>) -> &SectionContext {
        heading.map_or(&self.none, |h| &self.contexts[h])
    }
}

/// What a heading's words say, in whatever note they stand: its class, and
/// for a project its id, whether it reads like a name and what a sighting
/// of it holds. Everything here depends on the text and the rules only.
#[derive(Debug)]
struct HeadingReading {
    class: HeadingClass,
    /// The project's id with aliases joined.
    joined: Option<String>,
    name_like: bool,
    /// A project heading's name, lead and tag, as [`sightings`] reports them.
    sighting: Option<Named>,
}

#[derive(Debug, Clone)]
struct Named {
    name: String,
    lead: Option<String>,
    /// (status, rule id) of a tag in the heading (`(incubating)`).
    tag: Option<(String, String)>,
}

impl HeadingReading {
    fn of(text: &str, rules: &Rules) -> Self {
        let (class, joined) = classify_heading(text, rules);
        let project = matches!(class, HeadingClass::Project(_));
        let sighting = project.then(|| {
            let (name, lead) = name_and_lead(text, rules);
            Named {
                name: display_name(name, rules),
                lead,
                tag: tag_status(text, rules),
            }
        });
        HeadingReading {
            name_like: project && name_like(text, rules),
            class,
            joined,
            sighting,
        }
    }
}

/// Headings read once per run: the same ones recur every week (the corpus
/// has 4,907 headings, 581 of them different), and reading one runs the
/// section, cue and strip rules. Shared by the threads of a run; it holds
/// for the rules it was first used with.
#[derive(Default)]
pub struct Memo {
    headings: Mutex<FxHashMap<String, Arc<HeadingReading>>>,
}

/// Distinct headings a memo keeps at most (an input of endless distinct
/// headings reads the rest afresh rather than grow it).
const MEMO_MAX: usize = 100_000;

impl Memo {
    fn heading(&self, text: &str, rules: &Rules) -> Arc<HeadingReading> {
        // A poisoned lock only means another thread panicked mid-insert of
        // a complete value: the map is still sound.
        let cached = self
            .headings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(text)
            .cloned();
        if let Some(r) = cached {
            return r;
        }
        let r = Arc::new(HeadingReading::of(text, rules));
        let mut map = self.headings.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() < MEMO_MAX {
            map.insert(text.to_string(), r.clone());
        }
        r
    }
}

/// A project heading as the project's id: lead names, tags and markup
/// stripped, and a name the rules know joined to the id it is an alias of
/// ("CredHub & CLI" is credhub), so the histories of renamed projects join.
pub fn project_slug(text: &str, rules: &Rules) -> String {
    slugs(text, rules).1
}

/// A heading as written, slugged (what facts.md calls an item's project:
/// "CredHub & CLI" is credhub-cli; only an abbreviation in parentheses that
/// the rules know, `(BBR)`, names it otherwise), and as [`project_slug`]
/// joins it; computed together, as they differ only in the last step.
fn slugs(text: &str, rules: &Rules) -> (String, String) {
    // Emphasis marks go; an underscore inside a word is part of a name
    // (`nats_stream_forwarder`), and becomes the slug's hyphen.
    let chars: Vec<char> = text.chars().collect();
    let t: String = chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| match c {
            '`' | '*' => false,
            '_' => {
                let word = |j: Option<usize>| {
                    j.and_then(|j| chars.get(j))
                        .is_some_and(|c| c.is_alphanumeric())
                };
                word(i.checked_sub(1)) && word(Some(i + 1))
            }
            _ => true,
        })
        .map(|(_, c)| *c)
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
            && let Some(id) = alias_of(inner, rules)
        {
            return (id.to_string(), id.to_string());
        }
    }
    let t = strip_project_words(&t, rules);
    let s = slug(t.trim());
    let written = if s.is_empty() { slug(text) } else { s };
    // A name the rules know as a component is that component's project
    // ("CredHub & CLI" is credhub, "CFCR" is kubo).
    let joined = alias_of(t.trim(), rules).map_or_else(|| written.clone(), str::to_string);
    (written, joined)
}

/// Does a heading read like the name of a project rather than a topic?
fn name_like(text: &str, rules: &Rules) -> bool {
    let (name, lead) = name_and_lead(text, rules);
    let name = name.trim();
    if name.is_empty() || name.chars().any(|c| matches!(c, '?' | '!' | '\'' | '’')) {
        return false;
    }
    // A heading that names who leads it ("Paketo integration - Forest
    // Eckhardt") is a project's: a topic has no lead.
    if lead.as_deref().is_some_and(|l| person_like(l, rules)) {
        return true;
    }
    let has_version = name
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .any(|w| w.contains('.') && w.chars().next().is_some_and(|c| c.is_ascii_digit()));
    if has_version {
        return false;
    }
    // A name the rules know, or one of a component's shapes ("Ruby
    // buildpack"), whole.
    if mentions(name, rules)
        .iter()
        .any(|m| m.start == 0 && m.end == name.len())
    {
        return true;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let connector = |w: &str| {
        matches!(
            w.to_lowercase().as_str(),
            "and" | "&" | "of" | "for" | "the" | "+"
        )
    };
    words.len() == 1
        || (words.len() <= 4
            && words.iter().all(|w| {
                connector(w)
                    || w.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            }))
}

/// Whether a heading's lead reads like people's names ("Dies Köper",
/// "Julz", "Forest Eckhardt & Tim Hausler"): capitalised words, at most four,
/// none a component or one of the rules' `not_lead_names` (a month, a word
/// of a topic: "Known issues - Windows", "Upgrade notes - Breaking Changes").
fn person_like(lead: &str, rules: &Rules) -> bool {
    let words: Vec<&str> = lead
        .split(|c: char| c.is_whitespace() || c == ',' || c == '&' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '.'))
                && !rules.not_lead_names.contains(&w.to_lowercase())
        })
        && mentions(lead, rules).is_empty()
}

/// A heading other than the note's title, classified, with a project's id.
fn classify_heading(text: &str, rules: &Rules) -> (HeadingClass, Option<String>) {
    let plain = normalize_label(text);
    let live = rules.prefilters.sections.which(&plain);
    let first = live
        .into_iter()
        .map(|k| &rules.sections[k])
        .find(|s| s.re.is_match(&plain));
    if let Some(s) = first {
        let class = if s.kind == SectionKind::Cue {
            HeadingClass::Cue {
                status: s.cue.clone().unwrap_or_else(|| "info".into()),
                rule: s.id.clone(),
            }
        } else {
            HeadingClass::Section {
                kind: s.kind,
                rule: s.id.clone(),
                cue: s.cue.clone(),
                status: s.status.clone(),
            }
        };
        return (class, None);
    }
    // A cue may lead a heading that says more after a dash ("Coming Soon -
    // v10 scheduled for EOM June"); a project's heading has its lead after
    // the dash ("CLI - Dies Köper"), and its name is no cue.
    let lead = split_at_dash(&plain).map(|(a, _)| a.trim_end_matches(':'));
    if let Some(l) = rules
        .cue_label(&plain)
        .or_else(|| lead.and_then(|a| rules.cue_label(a)))
    {
        let class = HeadingClass::Cue {
            status: l.status.clone(),
            rule: l.id.clone(),
        };
        return (class, None);
    }
    let (written, joined) = slugs(text, rules);
    (HeadingClass::Project(written), Some(joined))
}

pub fn classify(outline: &Outline, info: &MeetingInfo, rules: &Rules, memo: &Memo) -> Classified {
    let readings: Vec<Option<Arc<HeadingReading>>> = outline
        .headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let title = i == 0 && h.level == 1 && info.title.as_deref() == Some(h.text.as_str());
            (!title).then(|| memo.heading(&h.text, rules))
        })
        .collect();
    // Each project heading's id with aliases joined, computed with its slug.
    let (headings, mut joined): (Vec<HeadingClass>, Vec<Option<String>>) = readings
        .iter()
        .map(|r| {
            r.as_ref().map_or((HeadingClass::Title, None), |r| {
                (r.class.clone(), r.joined.clone())
            })
        })
        .unzip();
    // A heading nested under a project is a sub-project only if it reads like
    // a name (`#### cf-deployment`, `#### Garden-Linux`); "#### What's new"
    // under "### Stratos" is a topic of Stratos.
    let mut headings = headings;
    for i in 0..headings.len() {
        if !matches!(headings[i], HeadingClass::Project(_)) {
            continue;
        }
        let mut p = outline.headings[i].parent;
        let mut under_project = false;
        while let Some(k) = p {
            under_project |= matches!(headings[k], HeadingClass::Project(_));
            p = outline.headings[k].parent;
        }
        if under_project && !readings[i].as_ref().is_some_and(|r| r.name_like) {
            joined[i] = None;
            headings[i] = HeadingClass::Section {
                kind: SectionKind::Generic,
                rule: "section.topic".into(),
                cue: None,
                status: None,
            };
        }
    }
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
                    ..
                } => {
                    ctx.committee_wide();
                    ctx.cue = cue.clone().map(|c| (c, rule.clone()));
                    locked = true;
                }
                HeadingClass::Section {
                    kind: SectionKind::Overview,
                    rule,
                    cue,
                    ..
                } => {
                    // Not locked: a project heading under it takes over.
                    if !locked {
                        ctx.committee_wide();
                        ctx.cue = cue.clone().map(|c| (c, rule.clone()));
                    }
                }
                HeadingClass::Section {
                    kind: SectionKind::StatusGroup,
                    status,
                    ..
                } => {
                    if !locked {
                        ctx.committee_wide();
                        ctx.group_status = status.clone();
                    }
                }
                HeadingClass::Section {
                    kind: SectionKind::Generic,
                    ..
                } => {
                    // A topic heading with no project above it ("##
                    // Proposals" at the top of a note) is the committee's;
                    // not one at the title's level, which is pasted
                    // content ("# New Features" of release notes).
                    if ctx.project.is_none() && outline.headings[k].level > 1 {
                        ctx.committee_wide();
                    }
                }
                HeadingClass::Section { .. } => {}
                HeadingClass::Cue { status, rule } => {
                    // As a topic heading: with no project above it ("##
                    // Releases since last meeting"), the committee's.
                    if ctx.project.is_none() && outline.headings[k].level > 1 {
                        ctx.committee_wide();
                    }
                    ctx.cue = Some((status.clone(), rule.clone()))
                }
                HeadingClass::Project(p) => {
                    if !locked {
                        ctx.project = Some(p.clone());
                        ctx.project_id = joined[k].clone();
                        ctx.project_heading = Some(k);
                        ctx.cue = None;
                    }
                }
            }
        }
        contexts.push(ctx);
    }
    // A cue heading right after an empty sub-project heading of its own
    // level ("#### `cf-4-k8s`" then "#### Current", "#### Next", under
    // "### Release Integration") is that sub-project's: the author wrote its
    // name, then its parts. (An empty top project heading followed by "###
    // Next Time" is no such thing.) Headings under the cue heading follow it.
    let mut has_blocks = vec![false; outline.headings.len()];
    for h in outline.blocks.iter().filter_map(|b| b.heading) {
        has_blocks[h] = true;
    }
    let sub_project = |k: usize| {
        let mut p = outline.headings[k].parent;
        while let Some(a) = p {
            if matches!(headings[a], HeadingClass::Project(_)) {
                return true;
            }
            p = outline.headings[a].parent;
        }
        false
    };
    let mut rehomed: Vec<(usize, Option<usize>)> = Vec::new();
    for i in 1..headings.len() {
        let (h, prev) = (&outline.headings[i], &outline.headings[i - 1]);
        if !matches!(headings[i], HeadingClass::Cue { .. })
            || prev.level != h.level
            || prev.parent != h.parent
        {
            continue;
        }
        let owner = match &headings[i - 1] {
            HeadingClass::Project(_) if !has_blocks[i - 1] && sub_project(i - 1) => Some(i - 1),
            // The next cue heading of the same run ("#### Next").
            HeadingClass::Cue { .. } => contexts[i - 1]
                .project_heading
                .filter(|&k| outline.headings[k].parent == h.parent),
            _ => None,
        };
        if let Some(k) = owner {
            rehomed.push((i, contexts[i].project_heading));
            let (project, project_id) =
                (contexts[k].project.clone(), contexts[k].project_id.clone());
            let ctx = &mut contexts[i];
            ctx.project = project;
            ctx.project_id = project_id;
            ctx.project_heading = Some(k);
        }
    }
    for j in 0..headings.len() {
        let mut p = outline.headings[j].parent;
        while let Some(a) = p {
            if let Some(&(_, old)) = rehomed.iter().find(|(r, _)| *r == a) {
                if contexts[j].project_heading == old {
                    let (project, id, ph) = (
                        contexts[a].project.clone(),
                        contexts[a].project_id.clone(),
                        contexts[a].project_heading,
                    );
                    let ctx = &mut contexts[j];
                    ctx.project = project;
                    ctx.project_id = id;
                    ctx.project_heading = ph;
                }
                break;
            }
            p = outline.headings[a].parent;
        }
    }
    Classified {
        headings,
        readings,
        contexts,
        none: SectionContext::default(),
    }
}

/// A project seen in a note: its heading (or its line in a status group),
/// with the lead named there and the lifecycle status the note gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    /// The project's id, aliases joined (`credhub`).
    pub project: String,
    /// The heading as written, slugged (`credhub-cli`): the `project` of
    /// the items under it.
    pub slug: String,
    pub name: String,
    pub lead: Option<String>,
    /// (status, rule id): a heading tag or the enclosing status group.
    pub status: Option<(String, String)>,
    pub line: usize,
}

/// A heading's words before and after its first spaced dash (`CLI - Dies
/// Köper`, `Coming Soon – v10 …`).
fn split_at_dash(s: &str) -> Option<(&str, &str)> {
    // The first space that a dash and a space follow.
    s.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b' ')
        .find_map(|(i, _)| {
            let rest = &s[i + 1..];
            ["- ", "– ", "— "]
                .iter()
                .find_map(|d| rest.strip_prefix(*d))
                .map(|after| (&s[..i], after))
        })
}

/// Split `CLI - Dies Köper` / `App AutoScaler (Julz)` into name and lead.
fn name_and_lead(text: &str, rules: &Rules) -> (String, Option<String>) {
    let plain: String = text
        .chars()
        .filter(|c| !matches!(c, '`' | '*' | '_'))
        .collect();
    if let Some((name, rest)) = split_at_dash(&plain) {
        let lead = without_parentheses(rest);
        return (
            without_parentheses(name),
            (!lead.is_empty()).then_some(lead),
        );
    }
    // `App AutoScaler (Julz)`: a last parenthesis that is not a tag or an alias.
    let lead = plain.rfind('(').and_then(|i| {
        let inner = plain[i + 1..].trim_end_matches(')').trim();
        let is_tag = rules
            .heading_tags
            .iter()
            .any(|t| t.re.is_match(&plain[i..]));
        (!is_tag && !inner.to_lowercase().starts_with("aka") && !inner.is_empty())
            .then(|| inner.to_string())
    });
    (without_parentheses(&plain), lead)
}

/// The project's name as the timeline shows it: the heading's name less
/// what `project_strip` removes ("Proposal to accept receptor-client into
/// incubation" is "receptor-client").
fn display_name(name: String, rules: &Rules) -> String {
    let t = strip_project_words(&name, rules);
    let t = t.trim();
    if t.is_empty() { name } else { t.to_string() }
}

/// A heading's name less what the rules' `project_strip` removes (update
/// wording, leads, parentheses, proposal wording).
fn strip_project_words(text: &str, rules: &Rules) -> String {
    let mut t = text.to_string();
    let mut live = rules.prefilters.project_strip.which(&t);
    for (k, re) in rules.project_strip.iter().enumerate() {
        if live.binary_search(&k).is_err() {
            continue;
        }
        // A removal can bring words together: ask the prefilter again.
        if let std::borrow::Cow::Owned(s) = re.replace_all(&t, "") {
            t = s;
            live = rules.prefilters.project_strip.which(&t);
        }
    }
    t
}

fn tag_status(text: &str, rules: &Rules) -> Option<(String, String)> {
    rules
        .heading_tags
        .iter()
        .find(|t| t.re.is_match(text))
        .map(|t| (t.status.clone(), t.id.clone()))
}

/// Every project heading of a note, and every project listed directly under
/// a status group (`## _Graduated_` then `- [Stratos](…) - Neil`).
pub fn sightings(outline: &Outline, classified: &Classified, rules: &Rules) -> Vec<Sighting> {
    let mut out = Vec::new();
    for (i, h) in outline.headings.iter().enumerate() {
        let HeadingClass::Project(project) = &classified.headings[i] else {
            continue;
        };
        if classified.contexts[i].project.as_deref() != Some(project.as_str()) {
            continue;
        }
        let Some(Named { name, lead, tag }) = classified.readings[i]
            .as_ref()
            .and_then(|r| r.sighting.clone())
        else {
            continue;
        };
        let group = classified.contexts[i]
            .group_status
            .clone()
            .map(|s| (s, "section.status-group".to_string()));
        out.push(Sighting {
            // The context is this heading's own (checked above).
            project: classified.contexts[i]
                .project_id
                .clone()
                .unwrap_or_else(|| project.clone()),
            slug: project.clone(),
            name,
            lead,
            status: tag.or(group),
            line: h.line,
        });
    }
    for b in &outline.blocks {
        if b.kind != crate::structure::BlockKind::ListItem || b.parent.is_some() {
            continue;
        }
        let ctx = classified.of(b.heading);
        let (Some(status), None) = (&ctx.group_status, ctx.project_heading) else {
            continue;
        };
        let text = b
            .lines
            .first()
            .map(|l| l.text.trim().to_string())
            .unwrap_or_default();
        let (name, lead) = name_and_lead(&text, rules);
        if name.is_empty() || name.split_whitespace().count() > 6 {
            continue;
        }
        let (written, joined) = slugs(&name, rules);
        out.push(Sighting {
            project: joined,
            slug: written,
            name,
            lead,
            status: Some((status.clone(), "section.status-group".to_string())),
            line: b.line,
        });
    }
    out.sort_by_key(|s| s.line);
    out
}

#[cfg(test)]
mod tests {
    use super::split_at_dash;

    #[test]
    fn a_heading_splits_at_its_first_spaced_dash() {
        assert_eq!(
            split_at_dash("CLI - Dies Köper"),
            Some(("CLI", "Dies Köper"))
        );
        assert_eq!(
            split_at_dash("Köper’s team — Garden - Julz"),
            Some(("Köper’s team", "Garden - Julz"))
        );
        assert_eq!(split_at_dash("cf-networking-release"), None);
        assert_eq!(split_at_dash("Trailing -"), None);
    }
}
