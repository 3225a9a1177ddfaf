//! Rule examples: every rule carries text it must handle and text it must
//! leave alone; this runs them through the whole pipeline.
//!
//! An example's `text` becomes a list item under a project heading of a
//! small Runtime note (or `doc` is taken as the whole note), and the fact
//! it names must come out, made by the rule itself where the rule makes
//! facts. A counter-example must give no fact made by the rule (or, for
//! rules that make no fact of their own, must not match the rule's regex).
//!
//! An example that would pass without its rule shows nothing about it (a
//! component's name falls back to its slug anyway; an item is planned
//! without its date). So [`run_source`] also runs each rule's examples on
//! the rules with that one rule disabled, and at least one must then fail.

use rayon::prelude::*;

use crate::extract::{DocFacts, extract_document, text::normalize_label, when::When};
use crate::ingest::document_from_text;
use crate::rules::{Example, ExpectWhen, RuleErrors, RuleExamples, Rules};

/// The outcome for one rule.
#[derive(Debug, Clone)]
pub struct RuleResult {
    pub id: String,
    pub file: String,
    pub line: usize,
    pub checked: usize,
    pub failures: Vec<String>,
}

fn note_for(text: &str) -> String {
    format!(
        "# Runtime PMC Meeting 2017-09-05\n\n## Backlog Reviews\n\n### Example Project - A Lead\n\n- {text}\n"
    )
}

fn run_doc(ex: &Example, rules: &Rules) -> DocFacts {
    let body = match (&ex.doc, &ex.text) {
        (Some(d), _) => d.clone(),
        (None, Some(t)) => note_for(t),
        (None, None) => String::new(),
    };
    let file = ex.file.clone().unwrap_or_else(|| "example.md".into());
    extract_document(&document_from_text(&file, &body), rules)
}

fn same_version(a: &str, b: &str) -> bool {
    a.trim_start_matches(['v', 'V']) == b.trim_start_matches(['v', 'V'])
}

fn check_example(r: &RuleExamples, ex: &Example, rules: &Rules) -> Vec<String> {
    let facts = run_doc(ex, rules);
    let what = ex
        .text
        .clone()
        .or_else(|| ex.doc.clone())
        .unwrap_or_default();
    let mut fails = Vec::new();
    let own = |rule: &str| rule == r.id;
    if let Some(e) = &ex.release {
        let ok = facts.releases.iter().any(|f| {
            same_version(&f.version, &e.version)
                && e.component.as_ref().is_none_or(|c| &f.component == c)
                && e.status.as_ref().is_none_or(|s| &f.status == s)
                && (r.kind != "release" || own(&f.rule) || own(&f.version_rule))
        });
        if !ok {
            let got: Vec<String> = facts
                .releases
                .iter()
                .map(|f| {
                    format!(
                        "{}@{} {} [{}; {}]",
                        f.component, f.version, f.status, f.rule, f.version_rule
                    )
                })
                .collect();
            fails.push(format!("{what:?}: expected {e}; got: {}", listed(&got)));
        }
    }
    if ex.no_release && !facts.releases.is_empty() {
        let got: Vec<String> = facts
            .releases
            .iter()
            .map(|f| format!("{}@{}", f.component, f.version))
            .collect();
        fails.push(format!(
            "{what:?}: expected no release; got: {}",
            listed(&got)
        ));
    }
    if ex.no_item && !facts.items.is_empty() {
        let got: Vec<String> = facts
            .items
            .iter()
            .map(|f| format!("line {} {} {}", f.line, f.project, f.status))
            .collect();
        fails.push(format!("{what:?}: expected no item; got: {}", listed(&got)));
    }
    if let Some(e) = &ex.project_status {
        let ok = facts.sightings.iter().any(|s| {
            s.project == e.project
                && s.status
                    .as_ref()
                    .is_some_and(|(st, rule)| st == &e.status && (r.kind != "tag" || own(rule)))
        });
        if !ok {
            let got: Vec<String> = facts
                .sightings
                .iter()
                .map(|s| {
                    let (st, rule) = s.status.clone().unwrap_or_default();
                    format!("{} {} [{}]", s.project, st, rule)
                })
                .collect();
            fails.push(format!("{what:?}: expected {e}; got: {}", listed(&got)));
        }
    }
    if let Some(e) = &ex.transition {
        let ok = facts.transitions.iter().any(|f| {
            f.to == e.to
                && e.status.as_ref().is_none_or(|s| &f.status == s)
                && e.subject.as_ref().is_none_or(|s| &f.subject == s)
                && e.line.is_none_or(|l| f.line == l)
                && (r.kind != "transition" || own(&f.rule))
        });
        if !ok {
            let got: Vec<String> = facts
                .transitions
                .iter()
                .map(|f| {
                    format!(
                        "line {} {} -> {} {} [{}]",
                        f.line, f.subject, f.to, f.status, f.rule
                    )
                })
                .collect();
            fails.push(format!("{what:?}: expected {e}; got: {}", listed(&got)));
        }
    }
    if let Some(e) = &ex.item {
        let ok = facts.items.iter().any(|f| {
            *f.status == *e.status
                && e.project.as_ref().is_none_or(|p| *f.project == **p)
                && e.line.is_none_or(|l| f.line == l)
                && (r.kind != "item" || own(&f.rule))
        });
        if !ok {
            let got: Vec<String> = facts
                .items
                .iter()
                .map(|f| format!("line {} {} {} [{}]", f.line, f.project, f.status, f.rule))
                .collect();
            fails.push(format!("{what:?}: expected {e}; got: {}", listed(&got)));
        }
    }
    if let Some(e) = &ex.when {
        let whens = facts
            .items
            .iter()
            .filter_map(|f| f.when.as_deref())
            .chain(facts.releases.iter().filter_map(|f| f.when.as_deref()))
            .chain(facts.transitions.iter().filter_map(|f| f.when.as_deref()));
        let ok = whens
            .clone()
            .any(|w| when_matches(w, e) && (r.kind != "when" || own(&w.rule)));
        if !ok {
            let got: Vec<String> = whens
                .map(|w| format!("{}..{} {} [{}]", w.start, w.end, w.precision, w.rule))
                .collect();
            fails.push(format!("{what:?}: expected {e}; got: {}", listed(&got)));
        }
    }
    if let Some(e) = &ex.meeting {
        let m = facts.meeting.clone();
        let pmc = m.as_ref().and_then(|m| m.pmc.clone());
        let date = m.as_ref().and_then(|m| m.date).map(|d| d.to_string());
        if e.pmc.as_ref().is_some_and(|p| Some(p) != pmc.as_ref())
            || e.date.as_ref().is_some_and(|d| Some(d) != date.as_ref())
        {
            fails.push(format!(
                "{what:?}: expected {e}; got: pmc {} date {}",
                pmc.as_deref().unwrap_or("-"),
                date.as_deref().unwrap_or("-")
            ));
        }
    }
    fails
}

fn when_matches(w: &When, e: &ExpectWhen) -> bool {
    w.start.to_string() == e.start
        && w.end.to_string() == e.end
        && e.precision.as_ref().is_none_or(|p| &w.precision == p)
}

fn check_counter(r: &RuleExamples, text: &str, rules: &Rules) -> Option<String> {
    match r.kind {
        "release" | "transition" | "item" => {
            let facts = run_doc(
                &Example {
                    text: Some(text.to_string()),
                    ..Example::default()
                },
                rules,
            );
            let fired = facts
                .releases
                .iter()
                .any(|f| f.rule == r.id || f.version_rule == r.id)
                || facts.transitions.iter().any(|f| f.rule == r.id)
                || facts.items.iter().any(|f| *f.rule == *r.id);
            fired.then(|| format!("{text:?}: must not fire, but did"))
        }
        _ => {
            let re = r.re.as_ref()?;
            let probe = if r.kind == "section" {
                normalize_label(text)
            } else {
                text.to_string()
            };
            re.is_match(&probe)
                .then(|| format!("{text:?}: must not match, but does"))
        }
    }
}

/// Run the examples of every rule.
pub fn run_all(rules: &Rules) -> Vec<RuleResult> {
    rules
        .examples
        .iter()
        .map(|r| {
            // Each failure names the example's own line, for an editor to jump to.
            let at = |line: Option<&usize>, f: String| {
                format!("{}:{}: {f}", r.file, line.copied().unwrap_or(r.line))
            };
            let mut failures = Vec::new();
            for (k, ex) in r.examples.iter().enumerate() {
                let line = r.example_lines.get(k);
                failures.extend(check_example(r, ex, rules).into_iter().map(|f| at(line, f)));
            }
            for (k, c) in r.counter.iter().enumerate() {
                let line = r.counter_lines.get(k);
                failures.extend(check_counter(r, c, rules).map(|f| at(line, f)));
            }
            if r.examples.is_empty() {
                failures.push(
                    "no example: add one that shows what the rule finds (counter-examples \
                     alone pass when the rule matches nothing)"
                        .to_string(),
                );
            }
            RuleResult {
                id: r.id.clone(),
                file: r.file.clone(),
                line: r.line,

                checked: r.examples.len() + r.counter.len(),
                failures,
            }
        })
        .collect()
}

/// Load the rule files, run every rule's examples, and check that each
/// rule's examples need it: with the rule disabled, at least one fails.
pub fn run_source(files: &[(String, String)]) -> Result<Vec<RuleResult>, RuleErrors> {
    let rules = Rules::from_texts(files)?;
    let mut results = run_all(&rules);
    let needless: Vec<Option<String>> = rules
        .examples
        .par_iter()
        .zip(&results)
        .map(|(r, res)| {
            if !res.failures.is_empty() || r.examples.is_empty() {
                return None;
            }
            let without = match Rules::without(files, r.kind, &r.id) {
                Ok(w) => w,
                Err(e) => return Some(format!("cannot be disabled to check its examples: {e}")),
            };
            let fails = r
                .examples
                .iter()
                .any(|ex| !check_example(r, ex, &without).is_empty());
            (!fails).then(|| {
                "the examples pass with this rule disabled: give one whose fact \
                 needs the rule (an alias unlike the id, a date range, a status \
                 no other rule gives)"
                    .to_string()
            })
        })
        .collect();
    for (res, n) in results.iter_mut().zip(needless) {
        res.failures.extend(n);
    }
    Ok(results)
}

/// What came out instead, for a failure message ("nothing" when empty).
fn listed(got: &[String]) -> String {
    if got.is_empty() {
        "nothing".to_string()
    } else {
        got.join("; ")
    }
}
