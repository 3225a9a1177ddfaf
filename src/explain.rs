//! `roadmap explain FILE:LINE`: every fact drawn from one line, the rule that
//! made it and the words it matched, and the rules whose words were on the
//! line but did not decide (a later cue, a veto, a shorter match).
//!
//! It reruns the ordinary extraction on the one note, so what it explains is
//! exactly what `extract` does; it only adds the matches of each rule.

use std::fmt::Write as _;

use regex::Regex;

use crate::extract::DocFacts;
use crate::rules::Rules;

/// One rule's words on the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMatch {
    pub rule: String,
    pub words: String,
    pub at: usize,
    /// Why it did not decide, when it did not.
    pub note: Option<String>,
}

fn matches(re: &Regex, text: &str) -> Option<(usize, String)> {
    re.find(text).map(|m| (m.start(), m.as_str().to_string()))
}

/// The facts of `facts` on `line`, and what each rule matched on `text`.
pub fn explain(facts: &DocFacts, line: usize, text: &str, rules: &Rules) -> String {
    let mut out = String::new();
    // As `FILE:LINE:`, which editors and terminals open at the line.
    let file = facts.meeting.as_ref().map_or("", |m| m.file.as_str());
    let _ = writeln!(out, "{file}:{line}: {}", text.trim());
    let mut decided: Vec<String> = Vec::new();
    for r in facts.releases.iter().filter(|r| r.line == line) {
        let _ = writeln!(
            out,
            "  release {}@{} {} (rule {}, version by {})",
            r.component, r.version, r.status, r.rule, r.version_rule
        );
        decided.push(r.rule.clone());
        decided.push(r.version_rule.clone());
    }
    for t in facts.transitions.iter().filter(|t| t.line == line) {
        let _ = writeln!(
            out,
            "  transition {} -> {} {} (rule {})",
            t.subject, t.to, t.status, t.rule
        );
        decided.push(t.rule.clone());
    }
    for i in facts.items.iter().filter(|i| i.line == line) {
        let _ = writeln!(out, "  item {} {} (rule {})", i.project, i.status, i.rule);
        decided.push(i.rule.to_string());
    }
    if decided.is_empty() {
        let _ = writeln!(out, "  no fact on this line");
    }

    // Rules read the line's words, not its list marker or quote sign.
    let text = text
        .trim_start()
        .trim_start_matches(['-', '*', '+', '>', '|', ' ']);
    let mut found: Vec<RuleMatch> = Vec::new();
    let mut add = |rule: &str, re: &Regex, note: Option<String>| {
        if let Some((at, words)) = matches(re, text) {
            found.push(RuleMatch {
                rule: rule.to_string(),
                words,
                at,
                note,
            });
        }
    };
    for c in &rules.item_cues {
        let vetoed = c.re.find(text).is_some_and(|m| !c.accepts(m.as_str()));
        add(
            &c.id,
            &c.re,
            vetoed.then(|| "vetoed by its `unless`".to_string()),
        );
    }
    for c in &rules.release_cues {
        add(&c.id, &c.re, None);
    }
    for t in &rules.transitions {
        let vetoed = t.unless.iter().any(|u| u.is_match(text));
        add(
            &t.id,
            &t.re,
            vetoed.then(|| "vetoed by its `unless`".to_string()),
        );
    }
    for v in &rules.versions {
        add(&v.id, &v.re, None);
    }
    for n in &rules.not_versions {
        add(
            &n.id,
            &n.re,
            Some("marks text that is not a version".to_string()),
        );
    }
    found.sort_by_key(|m| (m.at, m.rule.clone()));
    if !found.is_empty() {
        let _ = writeln!(out, "rules whose words are on the line:");
    }
    for m in found {
        let verdict = if decided.contains(&m.rule) {
            "decided".to_string()
        } else {
            m.note.unwrap_or_else(|| "did not decide (an earlier, longer or nearer match won, or not this kind of fact)".into())
        };
        let _ = writeln!(
            out,
            "  {:<28} {:<30} at {:>3}: {verdict}",
            m.rule,
            format!("{:?}", m.words),
            m.at
        );
    }
    out
}
