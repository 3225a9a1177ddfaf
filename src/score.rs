//! `roadmap rules score`: the facts against gold files, per fact type and
//! per rule, so that a user tuning rules sees what each rule gains and costs.
//!
//! The matching is the project's scorer's (`shared/eval/score.py`), ported
//! line for line: the same normalisation of paths, versions, names and
//! statuses, the same keys, the same figures. A test keeps the two in step.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use serde::Deserialize;

use crate::output::Facts;

#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a gold file: {message}")]
    Parse { path: String, message: String },
    #[error("no gold files under {0}")]
    Empty(String),
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldMeeting {
    pub pmc: String,
    pub date: serde_norway::Value,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldFact {
    pub line: usize,
    #[serde(default)]
    pub component: Option<String>,
    #[serde(default)]
    pub version: Option<serde_norway::Value>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub project: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    pub doc: String,
    pub meeting: GoldMeeting,
    #[serde(default)]
    pub releases: Option<Vec<GoldFact>>,
    #[serde(default)]
    pub transitions: Option<Vec<GoldFact>>,
    #[serde(default)]
    pub items: Option<Vec<GoldFact>>,
}

fn value_str(v: &serde_norway::Value) -> String {
    match v {
        serde_norway::Value::String(s) => s.clone(),
        serde_norway::Value::Number(n) => n.to_string(),
        serde_norway::Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        serde_norway::Value::Null => "None".to_string(),
        other => serde_norway::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// Every `*.yaml` under `dir`, sorted.
pub fn load_gold(dir: &Path) -> Result<Vec<GoldDoc>, ScoreError> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let path = f.display().to_string();
        let text = std::fs::read_to_string(&f).map_err(|source| ScoreError::Read {
            path: path.clone(),
            source,
        })?;
        let g: GoldDoc = serde_norway::from_str(&text).map_err(|e| ScoreError::Parse {
            path: path.clone(),
            message: e.to_string(),
        })?;
        out.push(g);
    }
    if out.is_empty() {
        return Err(ScoreError::Empty(dir.display().to_string()));
    }
    Ok(out)
}

fn norm_path(p: &str) -> String {
    let mut p = p.replace('\\', "/");
    while let Some(r) = p.strip_prefix("./") {
        p = r.to_string();
    }
    p
}

/// score.py's `norm_version`.
pub fn norm_version(v: &str) -> String {
    let v = v.trim();
    let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
    let digits_end = {
        let mut end = 0;
        let b = v.as_bytes();
        let mut i = 0;
        // ^([0-9]+(?:\.[0-9]+)*)
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == 0 {
            return v.to_lowercase();
        }
        end = end.max(i);
        loop {
            if i < b.len() && b[i] == b'.' {
                let mut j = i + 1;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                if j > i + 1 {
                    i = j;
                    end = i;
                    continue;
                }
            }
            break;
        }
        end
    };
    let (num, rest) = v.split_at(digits_end);
    let mut parts: Vec<&str> = num.split('.').collect();
    while parts.len() > 1 && parts.last().and_then(|p| p.parse::<u64>().ok()) == Some(0) {
        parts.pop();
    }
    let parts: Vec<String> = parts
        .iter()
        .map(|p| {
            p.parse::<u128>()
                .map_or_else(|_| p.to_string(), |n| n.to_string())
        })
        .collect();
    format!("{}{}", parts.join("."), rest.to_lowercase())
}

const ALIASES: &[(&str, &str)] = &[
    ("cfd", "cfdeployment"),
    ("golang", "go"),
    ("postgres", "postgresql"),
    ("k8s", "kubernetes"),
    ("cfcr", "kubo"),
    ("cfcli", "cli"),
    ("linux", "linuxkernel"),
    ("kernel", "linuxkernel"),
    ("bbl", "boshbootloader"),
];

fn alias(n: String) -> String {
    ALIASES
        .iter()
        .find(|(a, _)| *a == n)
        .map_or(n, |(_, b)| b.to_string())
}

/// score.py's `norm_name`.
pub fn norm_name(n: &str) -> String {
    let n: String = n
        .to_lowercase()
        .chars()
        .filter(|c| !(c.is_whitespace() || "-_.`'\"()".contains(*c)))
        .collect();
    let mut n = alias(n);
    for suf in ["boshrelease", "release"] {
        if n.ends_with(suf) && n.len() > suf.len() {
            n.truncate(n.len() - suf.len());
        }
    }
    if n.starts_with("cf") && n.len() > 2 {
        n = n[2..].to_string();
    }
    alias(n)
}

fn norm_state(s: &str) -> String {
    let s = s.trim().to_lowercase().replace(['_', ' '], "-");
    match s.as_str() {
        "graduated" => "active".into(),
        "archived" | "attic" => "retired".into(),
        _ => s,
    }
}

/// Precision, recall, F1 with their counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    fn new(tp: usize, fp: usize, fn_: usize) -> Prf {
        Prf { tp, fp, fn_ }
    }
    fn round(x: f64) -> f64 {
        (x * 1000.0).round() / 1000.0
    }
    pub fn precision(&self) -> f64 {
        let d = self.tp + self.fp;
        Self::round(if d == 0 {
            0.0
        } else {
            self.tp as f64 / d as f64
        })
    }
    pub fn recall(&self) -> f64 {
        let d = self.tp + self.fn_;
        Self::round(if d == 0 {
            0.0
        } else {
            self.tp as f64 / d as f64
        })
    }
    pub fn f1(&self) -> f64 {
        let p = if self.tp + self.fp == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        };
        let r = if self.tp + self.fn_ == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        };
        Self::round(if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        })
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        Prf::round(a as f64 / b as f64)
    }
}

/// The scorer's figures, and what each rule gained and cost.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub docs: usize,
    pub date_accuracy: f64,
    pub pmc_accuracy: f64,
    pub releases_detect: Prf,
    pub releases_component: f64,
    pub releases_status: f64,
    pub releases_strict: Prf,
    pub transitions_detect: Prf,
    pub transitions_strict: Prf,
    pub items_work: Prf,
    pub items_found: f64,
    pub items_status_all: f64,
    pub items_project: f64,
    /// rule id → (true positives, false positives), strict matching.
    pub per_rule: BTreeMap<String, (usize, usize)>,
}

fn doc_key<'a>(file: &str, gold: &'a HashMap<String, &GoldDoc>) -> Option<&'a str> {
    let f = norm_path(file);
    if let Some((k, _)) = gold.get_key_value(&f) {
        return Some(k.as_str());
    }
    let mut keys: Vec<&String> = gold.keys().collect();
    keys.sort();
    keys.into_iter()
        .find(|d| f.ends_with(&format!("/{d}")) || d.ends_with(&format!("/{f}")))
        .map(String::as_str)
}

/// Score `facts` against `gold`, as score.py does.
pub fn score(gold: &[GoldDoc], facts: &Facts) -> Score {
    let g: HashMap<String, &GoldDoc> = gold.iter().map(|d| (norm_path(&d.doc), d)).collect();
    let mut s = Score {
        docs: g.len(),
        ..Score::default()
    };
    let mut bump = |rule: &str, ok: bool| {
        let e = s.per_rule.entry(rule.to_string()).or_default();
        if ok { e.0 += 1 } else { e.1 += 1 }
    };

    // meetings
    let mut got: HashMap<&str, &crate::extract::Meeting> = HashMap::new();
    for m in &facts.meetings {
        if let Some(k) = doc_key(&m.file, &g) {
            got.insert(k, m);
        }
    }
    let (mut date_ok, mut pmc_ok) = (0, 0);
    for (d, gd) in &g {
        let m = got.get(d.as_str());
        if m.and_then(|m| m.date).map(|x| x.to_string()) == Some(value_str(&gd.meeting.date)) {
            date_ok += 1;
        }
        if norm_name(m.and_then(|m| m.pmc.as_deref()).unwrap_or("")) == norm_name(&gd.meeting.pmc) {
            pmc_ok += 1;
        }
    }
    s.date_accuracy = ratio(date_ok, g.len());
    s.pmc_accuracy = ratio(pmc_ok, g.len());

    // releases: key (doc, line, version)
    let mut gold_r: HashMap<(String, usize, String), &GoldFact> = HashMap::new();
    for (d, gd) in &g {
        for x in gd.releases.iter().flatten() {
            let v = x.version.as_ref().map(value_str).unwrap_or_default();
            gold_r.insert((d.clone(), x.line, norm_version(&v)), x);
        }
    }
    let mut out_r: HashMap<(String, usize, String), &crate::extract::Release> = HashMap::new();
    for r in &facts.releases {
        if let Some(d) = doc_key(&r.file, &g) {
            out_r
                .entry((d.to_string(), r.line, norm_version(&r.version)))
                .or_insert(r);
        }
    }
    let tp: Vec<_> = gold_r.keys().filter(|k| out_r.contains_key(*k)).collect();
    let comp_ok: HashSet<_> = tp
        .iter()
        .filter(|k| {
            norm_name(gold_r[**k].component.as_deref().unwrap_or(""))
                == norm_name(&out_r[**k].component)
        })
        .collect();
    let stat_ok: HashSet<_> = tp
        .iter()
        .filter(|k| gold_r[**k].status.as_deref() == Some(out_r[**k].status.as_str()))
        .collect();
    let strict = comp_ok.intersection(&stat_ok).count();
    s.releases_detect = Prf::new(tp.len(), out_r.len() - tp.len(), gold_r.len() - tp.len());
    s.releases_component = ratio(comp_ok.len(), tp.len());
    s.releases_status = ratio(stat_ok.len(), tp.len());
    s.releases_strict = Prf::new(strict, out_r.len() - strict, gold_r.len() - strict);
    for (k, r) in &out_r {
        let ok = gold_r.get(k).is_some_and(|gf| {
            norm_name(gf.component.as_deref().unwrap_or("")) == norm_name(&r.component)
                && gf.status.as_deref() == Some(r.status.as_str())
        });
        bump(&r.rule, ok);
    }

    // transitions: key (doc, line, to)
    let mut gold_t: HashMap<(String, usize, String), &GoldFact> = HashMap::new();
    for (d, gd) in &g {
        for x in gd.transitions.iter().flatten() {
            gold_t.insert(
                (d.clone(), x.line, norm_state(x.to.as_deref().unwrap_or(""))),
                x,
            );
        }
    }
    let mut out_t: HashMap<(String, usize, String), &crate::extract::Transition> = HashMap::new();
    for t in &facts.transitions {
        if let Some(d) = doc_key(&t.file, &g) {
            out_t
                .entry((d.to_string(), t.line, norm_state(&t.to)))
                .or_insert(t);
        }
    }
    let ttp = gold_t.keys().filter(|k| out_t.contains_key(*k)).count();
    let tstrict = gold_t
        .iter()
        .filter(|(k, gf)| {
            out_t
                .get(*k)
                .is_some_and(|t| gf.status.as_deref() == Some(t.status.as_str()))
        })
        .count();
    s.transitions_detect = Prf::new(ttp, out_t.len() - ttp, gold_t.len() - ttp);
    s.transitions_strict = Prf::new(tstrict, out_t.len() - tstrict, gold_t.len() - tstrict);
    for (k, t) in &out_t {
        let ok = gold_t
            .get(k)
            .is_some_and(|gf| gf.status.as_deref() == Some(t.status.as_str()));
        bump(&t.rule, ok);
    }

    // items: key (doc, line); work items are the non-info ones
    let mut gold_i: HashMap<(String, usize), &GoldFact> = HashMap::new();
    for (d, gd) in &g {
        for x in gd.items.iter().flatten() {
            gold_i.insert((d.clone(), x.line), x);
        }
    }
    let mut out_i: HashMap<(String, usize), &crate::extract::Item> = HashMap::new();
    for i in &facts.items {
        if let Some(d) = doc_key(&i.file, &g) {
            out_i.entry((d.to_string(), i.line)).or_insert(i);
        }
    }
    let g_work: HashSet<_> = gold_i
        .iter()
        .filter(|(_, x)| x.status.as_deref() != Some("info"))
        .map(|(k, _)| k.clone())
        .collect();
    let o_work: HashSet<_> = out_i
        .iter()
        .filter(|(_, x)| &*x.status != "info")
        .map(|(k, _)| k.clone())
        .collect();
    let istrict = g_work
        .intersection(&o_work)
        .filter(|k| gold_i[*k].status.as_deref() == Some(&*out_i[*k].status))
        .count();
    let both: Vec<_> = gold_i.keys().filter(|k| out_i.contains_key(*k)).collect();
    let proj_ok = both
        .iter()
        .filter(|k| {
            norm_name(gold_i[**k].project.as_deref().unwrap_or(""))
                == norm_name(&out_i[**k].project)
        })
        .count();
    let stat_all = gold_i
        .iter()
        .filter(|(k, x)| x.status.as_deref() == Some(out_i.get(*k).map_or("info", |i| &*i.status)))
        .count();
    s.items_work = Prf::new(istrict, o_work.len() - istrict, g_work.len() - istrict);
    s.items_found = ratio(both.len(), gold_i.len());
    s.items_status_all = ratio(stat_all, gold_i.len());
    s.items_project = ratio(proj_ok, both.len());
    for (k, i) in &out_i {
        if &*i.status == "info" && !g_work.contains(k) {
            continue;
        }
        let ok = gold_i
            .get(k)
            .is_some_and(|gf| gf.status.as_deref() == Some(&*i.status));
        bump(&i.rule, ok);
    }
    s
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "meetings     date {:.3}  pmc {:.3}  ({} docs)",
            self.date_accuracy, self.pmc_accuracy, self.docs
        )?;
        let r = &self.releases_detect;
        writeln!(
            f,
            "releases     detect F1 {:.3} (P {:.3} R {:.3})  component {:.3}  status {:.3}  strict F1 {:.3}",
            r.f1(),
            r.precision(),
            r.recall(),
            self.releases_component,
            self.releases_status,
            self.releases_strict.f1()
        )?;
        let t = &self.transitions_detect;
        writeln!(
            f,
            "transitions  detect F1 {:.3} (P {:.3} R {:.3})  strict F1 {:.3}",
            t.f1(),
            t.precision(),
            t.recall(),
            self.transitions_strict.f1()
        )?;
        let i = &self.items_work;
        writeln!(
            f,
            "items        work F1 {:.3} (P {:.3} R {:.3})  found {:.3}  status(all) {:.3}  project {:.3}",
            i.f1(),
            i.precision(),
            i.recall(),
            self.items_found,
            self.items_status_all,
            self.items_project
        )?;
        writeln!(
            f,
            "per rule (strict): true positives, false positives, precision"
        )?;
        for (rule, (tp, fp)) in &self.per_rule {
            writeln!(
                f,
                "  {rule:<32} TP {tp:>4}  FP {fp:>4}  P {:.3}",
                ratio(*tp, tp + fp)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_normalise_as_the_scorer_does() {
        assert_eq!(norm_version("v6.42.0"), "6.42");
        assert_eq!(norm_version("1.0.0-rc6"), "1-rc6");
        assert_eq!(norm_version("232"), "232");
        assert_eq!(norm_version("1.8.x"), "1.8.x");
        assert_eq!(norm_version("9.6.10"), "9.6.10");
    }

    #[test]
    fn names_normalise_as_the_scorer_does() {
        assert_eq!(norm_name("cf-d"), "deployment");
        assert_eq!(norm_name("cf-deployment"), "deployment");
        assert_eq!(norm_name("haproxy-boshrelease"), "haproxy");
        assert_eq!(norm_name("CF CLI"), "cli");
        assert_eq!(norm_name("Golang"), "go");
        assert_eq!(norm_name("CFCR"), "kubo");
    }
}
