//! Quarterly roadmap report: per committee and project, what shipped, what
//! changed status, what was done, what is in progress, what is planned next,
//! and what slipped from earlier plans. Every line links back to its note
//! and line. Markdown, and the same as one self-contained HTML page.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::link::Timeline;
use crate::output::Facts;

/// A calendar quarter, `2017Q3`; ordered in time (year, then quarter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quarter {
    pub year: i32,
    pub q: u32,
}

impl Quarter {
    pub fn parse(s: &str) -> Option<Quarter> {
        let (y, q) = s
            .to_uppercase()
            .split_once('Q')
            .map(|(y, q)| (y.to_string(), q.to_string()))?;
        let q: u32 = q.parse().ok()?;
        (1..=4).contains(&q).then_some(())?;
        // A four-digit year: `17Q3` is not 0017.
        (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && !y.starts_with('0'))
            .then_some(())?;
        let year: i32 = y.parse().ok()?;
        // Both ends must be real dates (chrono's range is finite).
        NaiveDate::from_ymd_opt(year, 1, 1)?;
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?;
        Some(Quarter { year, q })
    }
    pub fn start(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.q - 1) * 3 + 1, 1).expect("valid quarter")
    }
    pub fn end(&self) -> NaiveDate {
        let (y, m) = if self.q == 4 {
            (self.year + 1, 1)
        } else {
            (self.year, self.q * 3 + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
            .expect("valid month")
            .pred_opt()
            .expect("a day before")
    }
    /// The quarter after this one.
    pub fn next(self) -> Quarter {
        if self.q == 4 {
            Quarter {
                year: self.year + 1,
                q: 1,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q + 1,
            }
        }
    }
    pub fn of(d: NaiveDate) -> Quarter {
        Quarter {
            year: d.year(),
            q: (d.month() - 1) / 3 + 1,
        }
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}Q{}", self.year, self.q)
    }
}

#[derive(Default)]
struct Section {
    shipped: Vec<String>,
    changes: Vec<String>,
    done: Vec<String>,
    in_progress: Vec<String>,
    planned: Vec<String>,
    slipped: Vec<String>,
}

/// What a path must not hold as is in a link: `#` and `?` would start a
/// fragment or a query, `%` an escape, `<`/`>` end the link.
const IN_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?');

/// `[file:line](base/file#Lline)`: `base` leads from where the report is
/// written back to where the notes' paths start (not for absolute paths).
fn link(base: &str, file: &str, line: usize) -> String {
    let base = if file.starts_with('/') { "" } else { base };
    let target = percent_encoding::utf8_percent_encode(file, IN_PATH);
    format!("[{file}:{line}](<{base}{target}#L{line}>)")
}

/// The report for the meetings between `from` and `to` (inclusive).
pub fn markdown(
    facts: &Facts,
    timeline: &Timeline,
    title: &str,
    from: NaiveDate,
    to: NaiveDate,
    link_base: &str,
) -> String {
    let link = |file: &str, line: usize| link(link_base, file, line);
    let inside = |d: Option<NaiveDate>| d.is_some_and(|d| d >= from && d <= to);
    let pmc_of: BTreeMap<&str, &str> = facts
        .meetings
        .iter()
        .map(|m| (m.file.as_str(), m.pmc.as_deref().unwrap_or("unknown")))
        .collect();
    let mut sections: BTreeMap<(String, String), Section> = BTreeMap::new();
    let key = |file: &str, project: &str| -> (String, String) {
        (
            pmc_of.get(file).copied().unwrap_or("unknown").to_string(),
            project.to_string(),
        )
    };
    // Shipped: a version whose first "released" meeting is in the period,
    // once (later meetings that call it released again do not ship it again).
    let first_released: BTreeMap<(&str, String), NaiveDate> = timeline
        .history
        .iter()
        .filter_map(|h| {
            let key = crate::link::history::version_key(&h.version, h.major_line);
            Some(((h.component.as_str(), key), h.first_released?))
        })
        .collect();
    let mut listed: BTreeSet<(&str, String)> = BTreeSet::new();
    for r in facts
        .releases
        .iter()
        .filter(|r| inside(r.date) && r.status == "released")
    {
        let version = (
            r.component.as_str(),
            crate::link::history::version_key(&r.version, r.major_line),
        );
        if first_released
            .get(&version)
            .is_none_or(|d| r.date != Some(*d))
            || !listed.insert(version)
        {
            continue;
        }
        let project = r.project.as_deref().unwrap_or(&r.component);
        let line = format!(
            "{} {} ({}, {})",
            r.component,
            r.version,
            r.date.map(|d| d.to_string()).unwrap_or_default(),
            link(&r.file, r.line)
        );
        sections
            .entry(key(&r.file, project))
            .or_default()
            .shipped
            .push(line);
    }
    for t in facts.transitions.iter().filter(|t| inside(t.date)) {
        let from = t
            .from
            .as_deref()
            .map(|f| format!("{f} → "))
            .unwrap_or_default();
        let line = format!(
            "{}: {from}{} ({}) — {} ({})",
            t.subject,
            t.to,
            t.status,
            t.text,
            link(&t.file, t.line)
        );
        let project = facts
            .items
            .iter()
            .filter(|i| *i.file == *t.file && i.line <= t.line)
            .max_by_key(|i| i.line)
            .map_or("pmc", |i| &*i.project);
        sections
            .entry(key(&t.file, project))
            .or_default()
            .changes
            .push(line);
    }
    for i in facts.items.iter().filter(|i| inside(i.date)) {
        // Context (`info`) is not listed, and makes no section of its own:
        // a project whose notes say only "[add updates here]" is left out.
        if !matches!(&*i.status, "done" | "in_progress" | "planned") {
            continue;
        }
        let line = format!("{} ({})", i.text, link(&i.file, i.line));
        let s = sections.entry(key(&i.file, &i.project)).or_default();
        match &*i.status {
            "done" => s.done.push(line),
            "in_progress" => s.in_progress.push(line),
            _ => s.planned.push(line),
        }
    }
    // Slipped in this period: last seen in it (each slipped item is in the
    // report of one quarter, as in the flow chart).
    for t in timeline
        .tracks
        .iter()
        .filter(|t| t.slipped && inside(t.last_seen))
    {
        if let Some(m) = t.mentions.last() {
            let line = format!(
                "{} — last {} on {} ({})",
                t.title,
                t.status,
                m.date.map(|d| d.to_string()).unwrap_or_default(),
                link(&m.file, m.line)
            );
            sections
                .entry(key(&m.file, &t.project))
                .or_default()
                .slipped
                .push(line);
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "# Roadmap report {title}\n");
    let _ = writeln!(
        out,
        "Meetings from {from} to {to}. Every line links to its note and line.\n"
    );
    let mut last_pmc = String::new();
    for ((pmc, project), s) in &sections {
        if *pmc != last_pmc {
            let _ = writeln!(out, "## {pmc}\n");
            last_pmc = pmc.clone();
        }
        let _ = writeln!(out, "### {project}\n");
        for (name, list) in [
            ("Shipped", &s.shipped),
            ("Status changes", &s.changes),
            ("Done", &s.done),
            ("In progress", &s.in_progress),
            ("Planned next", &s.planned),
            ("Slipped", &s.slipped),
        ] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "**{name}**\n");
            for l in list {
                let _ = writeln!(out, "- {l}");
            }
            let _ = writeln!(out);
        }
    }
    if sections.is_empty() {
        let _ = writeln!(out, "No meeting in this period.");
    }
    out
}

/// The Markdown report as one self-contained HTML page (no external
/// assets): `charts` are SVG documents, placed inline after the heading.
pub fn html(markdown: &str, title: &str, charts: &[String]) -> String {
    let mut body = String::new();
    // Notes' words are text: HTML written in a note (`<img src=…>`,
    // `<app-name>`) is shown, never run or fetched.
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES)
        .map(|e| match e {
            pulldown_cmark::Event::Html(t) | pulldown_cmark::Event::InlineHtml(t) => {
                pulldown_cmark::Event::Text(t)
            }
            e => e,
        });
    pulldown_cmark::html::push_html(&mut body, parser);
    if !charts.is_empty() {
        let figures: String = charts
            .iter()
            .map(|svg| format!("<figure>{svg}</figure>\n"))
            .collect();
        // After the heading and its one-paragraph preamble.
        let at = body.find("</p>").map_or(0, |i| i + "</p>".len());
        body.insert_str(at, &format!("\n{figures}"));
    }
    let esc = title.replace('&', "&amp;").replace('<', "&lt;");
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Roadmap report {esc}</title>\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<style>body{{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.45}}\
h2{{border-bottom:1px solid #888}}li{{margin:.15rem 0}}a{{color:#1a4f8b}}\
figure{{margin:1rem 0}}figure svg{{max-width:100%;height:auto}}</style></head>\n<body>\n{body}</body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_parse_and_bound() {
        let q = Quarter::parse("2017Q3").unwrap();
        assert_eq!(q.start().to_string(), "2017-07-01");
        assert_eq!(q.end().to_string(), "2017-09-30");
        assert_eq!(
            Quarter::parse("2018q4").unwrap().end().to_string(),
            "2018-12-31"
        );
        assert!(Quarter::parse("2017Q5").is_none());
        assert!(Quarter::parse("17Q3").is_none());
        assert!(Quarter::parse("0000Q1").is_none());
        assert!(Quarter::parse("300000Q1").is_none());
        assert!(Quarter::parse("2147483647Q4").is_none());
        assert_eq!(
            Quarter::of(NaiveDate::from_ymd_opt(2019, 1, 8).unwrap()).to_string(),
            "2019Q1"
        );
    }
}
