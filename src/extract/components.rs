//! Component names in text: known names and aliases (`cf-d` → cf-deployment)
//! and name shapes (`*-release`, `*-buildpack`), from `rules/components.yaml`.

use crate::rules::Rules;

use super::text::slug;

/// A component named in a line: byte span and component id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub id: String,
    pub release_numbered: bool,
}

/// Every component mention in `text`, left to right, longest first where
/// two overlap (`GrootFS Diagnostics` is not `GrootFS`).
pub fn mentions(text: &str, rules: &Rules) -> Vec<Mention> {
    let mut found: Vec<Mention> = Vec::new();
    let n = rules.components.len();
    let hits = rules.prefilters.components.which(text);
    for c in hits
        .iter()
        .filter(|&&k| k < n)
        .map(|&k| &rules.components[k])
    {
        for cap in c.re.captures_iter(text) {
            if let Some(m) = cap.name("name") {
                found.push(Mention {
                    start: m.start(),
                    end: m.end(),
                    id: c.id.clone(),
                    release_numbered: c.release_numbered || c.numbered_after_name,
                });
            }
        }
    }
    for c in hits
        .iter()
        .filter(|&&k| k >= n)
        .map(|&k| &rules.component_patterns[k - n])
    {
        for cap in c.re.captures_iter(text) {
            if let Some(m) = cap.name("name") {
                let id = resolve_name(m.as_str(), rules);
                found.push(Mention {
                    start: m.start(),
                    end: m.end(),
                    id,
                    release_numbered: c.release_numbered,
                });
            }
        }
    }
    found.sort_by_key(|m| (m.start, usize::MAX - (m.end - m.start)));
    let mut out: Vec<Mention> = Vec::new();
    for m in found {
        if out.last().is_some_and(|l| m.start < l.end) {
            continue;
        }
        out.push(m);
    }
    out
}

/// A name as written → component id: a known alias, else its slug.
pub fn resolve_name(name: &str, rules: &Rules) -> String {
    let trimmed = name.trim_matches(|c: char| !c.is_alphanumeric());
    alias_of(trimmed, rules).map_or_else(|| slug(trimmed), str::to_string)
}

/// The id of the component that `name`, whole, is a name or alias of.
pub fn alias_of<'r>(name: &str, rules: &'r Rules) -> Option<&'r str> {
    let n = rules.components.len();
    // Ascending indices: known components come first, in rule order.
    let hits = rules.prefilters.components.which(name);
    hits.into_iter().take_while(|&k| k < n).find_map(|k| {
        let c = &rules.components[k];
        let m = c.re.captures(name)?.name("name")?;
        (m.start() == 0 && m.end() == name.len()).then_some(c.id.as_str())
    })
}

/// The component a project section's versions belong to by default: the
/// one whose `projects` claim the section, else the one named like it (a
/// "MySQL" section speaks of cf-mysql-release, which claims it, not of the
/// database).
pub fn project_component(project: &str, rules: &Rules) -> String {
    let components = &rules.components;
    components
        .iter()
        .find(|c| c.projects.iter().any(|p| p == project))
        .or_else(|| components.iter().find(|c| c.id == project))
        .map_or_else(|| project.to_string(), |c| c.id.clone())
}
