//! Release history: every (component, version) with when it was first
//! planned, first released, and the window in which it shipped.
//!
//! Versions are ordered with the `semver` crate, leniently: `6.42` is
//! 6.42.0, `v232` is 232.0.0, `1.0.0-rc6` a pre-release, `1.8.x` sorts as
//! 1.8.0. What goes against the order or repeats is flagged, never hidden:
//! `released-twice` (called released in meetings further apart than the
//! rules allow) and `out-of-order` (first called released before a lower
//! version of the same component was).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::extract::Release;

/// One version of one component across all meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionHistory {
    pub component: String,
    pub version: String,
    /// A whole major line ("V7 CLI"), not the release x.0.0: shown `7.x`
    /// where only one name fits (CSV, calendar).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub major_line: bool,
    pub first_planned: Option<NaiveDate>,
    pub first_released: Option<NaiveDate>,
    /// Shipped after the last meeting that still called it planned (before
    /// it was first called released), by the first that called it released.
    pub window: [Option<NaiveDate>; 2],
    pub flags: Vec<String>,
    /// How often each status was seen.
    pub mentions: usize,
    pub first_seen: Option<NaiveDate>,
    /// `file:line` of the first mention calling it released (else planned,
    /// else any): where a reader checks the dates above.
    pub source: Option<String>,
}

/// `6.42` → 6.42.0, `v232` → 232.0.0, `1.0.0-rc6` → 1.0.0-rc.6, `1.8.x` → 1.8.0.
pub fn lenient_semver(v: &str) -> Option<semver::Version> {
    let v = v.trim().trim_start_matches(['v', 'V']);
    // Printed back, a fourth part is build metadata (`10.2.3+1234`).
    let (v, printed_build) = match v.split_once('+') {
        Some((v, b)) => (v, Some(b.parse::<u64>().ok()?)),
        None => (v, None),
    };
    let (core, pre) = match v.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (v, None),
    };
    let mut parts: Vec<u64> = Vec::new();
    for p in core.split('.') {
        if p.eq_ignore_ascii_case("x") {
            parts.push(0);
        } else {
            parts.push(p.parse().ok()?);
        }
    }
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    // A fourth part (`10.2.3.1234`, a build) goes into the build metadata,
    // which semver orders numerically and keeps in the key, so two builds
    // of one x.y.z stay two versions.
    let build = parts
        .get(3)
        .copied()
        .or(printed_build)
        .map(|b| b.to_string());
    parts.resize(3, 0);
    let mut out = semver::Version::new(parts[0], parts[1], parts[2]);
    if let Some(b) = build {
        out.build = semver::BuildMetadata::new(&b).ok()?;
    }
    if let Some(p) = pre {
        // `rc10` is `rc.10`: numeric identifiers order as numbers (rc9 <
        // rc10), where one `rc10` identifier would order as text.
        let mut cleaned = String::new();
        let mut prev: Option<char> = None;
        for c in p.chars().map(|c| c.to_ascii_lowercase()) {
            let c = if c.is_ascii_alphanumeric() { c } else { '.' };
            if let Some(q) = prev
                && q != '.'
                && c != '.'
                && q.is_ascii_digit() != c.is_ascii_digit()
            {
                cleaned.push('.');
            }
            cleaned.push(c);
            prev = Some(c);
        }
        out.pre = semver::Prerelease::new(cleaned.trim_matches('.')).ok()?;
    }
    Some(out)
}

fn sort_key(v: &str) -> (Option<semver::Version>, String) {
    (lenient_semver(v), v.to_string())
}

impl VersionHistory {
    /// The version as one name: a major line is `7.x`, so that it is not
    /// taken for release 7 (same row name, same calendar id).
    pub fn label(&self) -> String {
        if self.major_line {
            format!("{}.x", self.version)
        } else {
            self.version.clone()
        }
    }
}

/// What makes two written versions one: `6.42` and `6.42.0` are one
/// version; a bare major line (`V7 CLI`) is the line, not release 7.0.0.
pub fn version_key(version: &str, major_line: bool) -> String {
    lenient_semver(version)
        .filter(|_| !major_line)
        .map_or_else(|| version.to_string(), |v| v.to_string())
}

/// Build the history of every (component, version) from release facts.
pub fn history(releases: &[Release], released_twice_days: i64) -> Vec<VersionHistory> {
    let mut by: BTreeMap<(String, String), Vec<&Release>> = BTreeMap::new();
    for r in releases {
        by.entry((r.component.clone(), version_key(&r.version, r.major_line)))
            .or_default()
            .push(r);
    }
    let mut out: Vec<VersionHistory> = by
        .into_values()
        .map(|rs| {
            let dates = |status: &str| -> Vec<NaiveDate> {
                let mut d: Vec<NaiveDate> = rs
                    .iter()
                    .filter(|r| r.status == status)
                    .filter_map(|r| r.date)
                    .collect();
                d.sort();
                d
            };
            let planned = dates("planned");
            let released = dates("released");
            let first_released = released.first().copied();
            let last_planned_before = planned
                .iter()
                .copied()
                .filter(|d| first_released.is_none_or(|f| *d < f))
                .max();
            let mut flags = Vec::new();
            if let (Some(a), Some(b)) = (released.first(), released.last())
                && (*b - *a).num_days() > released_twice_days
            {
                flags.push("released-twice".to_string());
            }
            // The version as most often written (ties: the first in sort order).
            let mut written: BTreeMap<&str, usize> = BTreeMap::new();
            for r in &rs {
                *written.entry(r.version.as_str()).or_default() += 1;
            }
            let version = written
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or_else(String::new, |(v, _)| v.to_string());
            VersionHistory {
                component: rs[0].component.clone(),
                version,
                major_line: rs[0].major_line,
                first_planned: planned.first().copied(),
                first_released,
                window: [last_planned_before, first_released],
                flags,
                mentions: rs.len(),
                first_seen: rs.iter().filter_map(|r| r.date).min(),
                source: ["released", "planned", ""]
                    .iter()
                    .find_map(|s| rs.iter().find(|r| s.is_empty() || r.status == *s))
                    .map(|r| format!("{}:{}", r.file, r.line)),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.component, sort_key(&a.version)).cmp(&(&b.component, sort_key(&b.version)))
    });
    flag_out_of_order(&mut out);
    out
}

/// A version first called released before a lower version of its component.
fn flag_out_of_order(out: &mut [VersionHistory]) {
    let mut i = 0;
    while i < out.len() {
        let mut j = i;
        while j < out.len() && out[j].component == out[i].component {
            j += 1;
        }
        // Walking down from the highest version, remember the earliest release seen.
        let mut earliest_higher: Option<NaiveDate> = None;
        // A major line ("V7 CLI") is not a release: it neither is flagged
        // nor makes the maintenance releases of the line before it late.
        for k in (i..j).rev() {
            if out[k].major_line {
                continue;
            }
            if let (Some(r), Some(h)) = (out[k].first_released, earliest_higher)
                && r > h
            {
                out[k].flags.push("out-of-order".to_string());
            }
            if let Some(r) = out[k].first_released {
                earliest_higher = Some(earliest_higher.map_or(r, |h| h.min(r)));
            }
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(component: &str, version: &str, status: &str, date: &str) -> Release {
        Release {
            file: "f.md".into(),
            line: 1,
            component: component.into(),
            version: version.into(),
            status: status.into(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            rule: "r".into(),
            version_rule: "v".into(),
            by: None,
            major_line: false,
            project: None,
            text: String::new(),
            when: None,
        }
    }

    #[test]
    fn lenient_versions_parse_and_order() {
        assert_eq!(lenient_semver("6.42").unwrap().to_string(), "6.42.0");
        assert_eq!(lenient_semver("v232").unwrap().to_string(), "232.0.0");
        assert_eq!(
            lenient_semver("1.0.0-rc6").unwrap().to_string(),
            "1.0.0-rc.6"
        );
        assert_eq!(lenient_semver("1.8.x").unwrap().to_string(), "1.8.0");
        // Release candidates in number order, whatever the case.
        assert!(lenient_semver("1.0.0-rc9").unwrap() < lenient_semver("1.0.0-RC10").unwrap());
        // A fourth part is kept, and ordered as a number.
        assert_eq!(
            lenient_semver("10.2.3.1234").unwrap().to_string(),
            "10.2.3+1234"
        );
        assert!(lenient_semver("10.2.3.999").unwrap() < lenient_semver("10.2.3.1234").unwrap());
        assert!(lenient_semver("10.2.3.1234").unwrap() < lenient_semver("10.2.4").unwrap());
        assert!(lenient_semver("1.0.0-rc6").unwrap() < lenient_semver("1.0.0").unwrap());
        assert!(lenient_semver("6.9.0").unwrap() < lenient_semver("6.10.0").unwrap());
        assert!(lenient_semver("windows").is_none());
    }

    #[test]
    fn window_spans_last_planned_to_first_released() {
        let rs = vec![
            rel("cf-cli", "6.42", "planned", "2019-01-08"),
            rel("cf-cli", "6.42.0", "planned", "2019-01-22"),
            rel("cf-cli", "6.42.0", "released", "2019-02-05"),
            rel("cf-cli", "6.42.0", "released", "2019-02-19"),
        ];
        let h = history(&rs, 60);
        assert_eq!(h.len(), 1);
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(h[0].first_planned, d("2019-01-08"));
        assert_eq!(h[0].window, [d("2019-01-22"), d("2019-02-05")]);
        assert!(h[0].flags.is_empty());
    }

    #[test]
    fn repeats_and_order_breaks_are_flagged() {
        let rs = vec![
            rel("x", "2.0.0", "released", "2019-01-01"),
            rel("x", "1.0.0", "released", "2019-03-01"),
            rel("x", "1.0.0", "released", "2019-09-01"),
        ];
        let h = history(&rs, 60);
        assert_eq!(h[0].version, "1.0.0");
        assert_eq!(
            h[0].flags,
            vec!["released-twice".to_string(), "out-of-order".to_string()]
        );
        assert!(h[1].flags.is_empty());
    }

    #[test]
    fn a_major_line_is_not_release_x_0_0_anywhere() {
        let mut line = rel("cf-cli", "7", "released", "2019-02-05");
        line.major_line = true;
        let h = history(&[line, rel("cf-cli", "7", "released", "2019-03-05")], 60);
        let labels: Vec<String> = h.iter().map(VersionHistory::label).collect();
        assert_eq!(labels, ["7.x", "7"]);
        let ics = crate::render::export::releases_ical(&h);
        assert!(ics.contains("UID:cf-cli-7.x@roadmap-tracker"));
        assert!(ics.contains("UID:cf-cli-7@roadmap-tracker"));
    }

    #[test]
    fn a_major_line_makes_no_release_out_of_order() {
        let mut line = rel("cf-cli", "7", "released", "2020-01-07");
        line.major_line = true;
        let h = history(
            &[line, rel("cf-cli", "6.50.0", "released", "2020-04-14")],
            60,
        );
        assert!(h.iter().all(|v| v.flags.is_empty()), "{h:?}");
        // A real release 7.0.0 before it still does.
        let h = history(
            &[
                rel("cf-cli", "7.0.0", "released", "2020-01-07"),
                rel("cf-cli", "6.50.0", "released", "2020-04-14"),
            ],
            60,
        );
        assert_eq!(h[0].flags, ["out-of-order"]);
    }
}
