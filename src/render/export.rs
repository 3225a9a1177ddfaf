//! Exports for other tools: Mermaid `gantt` charts (GitHub renders them in
//! Markdown), a CSV of the release history (spreadsheets), and iCalendar
//! events for release dates (calendars). The dependency graph's DOT is
//! `link::graph`'s. Every export is a pure function of the timeline and
//! byte-identical for the same notes: iCalendar stamps and UIDs come from
//! the data, never from the clock or a random source.

use chrono::{NaiveDate, NaiveTime};
use icalendar::{Calendar, Component, Event, EventLike};

use crate::link::VersionHistory;
use crate::render::charts::{LifecycleChart, ReleaseChart};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the CSV export: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the CSV export: {0}")]
    CsvText(String),
}

/// Mermaid task names may not hold `:`, `;` or `#` (they end the name or
/// start a comment or an entity).
fn mermaid_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if matches!(c, ':' | ';' | '#' | '\n') {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The release timeline as a Mermaid gantt: a section per component, a
/// milestone per released version, a task for each known shipping window.
pub fn mermaid_releases(chart: &ReleaseChart) -> String {
    let mut out = format!(
        "gantt\n    title {}\n    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m\n",
        mermaid_name(&chart.title)
    );
    for lane in &chart.lanes {
        let mut lines = Vec::new();
        for m in &lane.marks {
            let Some(r) = m.released else { continue };
            let v = mermaid_name(&m.version);
            if let [Some(a), Some(b)] = m.window
                && a < b
            {
                lines.push(format!("    {v} window :{a}, {b}"));
            }
            lines.push(format!("    {v} :milestone, {r}, 0d"));
        }
        if !lines.is_empty() {
            out.push_str(&format!("    section {}\n", mermaid_name(&lane.component)));
            for l in lines {
                out.push_str(&l);
                out.push('\n');
            }
        }
    }
    out
}

/// Project lifecycles as a Mermaid gantt: a section per project, a task per status.
pub fn mermaid_lifecycle(chart: &LifecycleChart) -> String {
    let mut out = format!(
        "gantt\n    title {}\n    dateFormat YYYY-MM-DD\n    axisFormat %Y\n",
        mermaid_name(&chart.title)
    );
    for lane in &chart.lanes {
        out.push_str(&format!("    section {}\n", mermaid_name(&lane.project)));
        for s in &lane.spans {
            let end = s.to.max(s.from + chrono::Duration::days(1));
            out.push_str(&format!(
                "    {} :{}, {}\n",
                mermaid_name(&s.status),
                s.from,
                end
            ));
        }
    }
    out
}

/// Both gantts in one Markdown page, as GitHub shows them.
pub fn mermaid_markdown(releases: &str, lifecycle: &str) -> String {
    format!(
        "# Timeline\n\nReleases (a milestone per version first called released):\n\n```mermaid\n{releases}```\n\n\
Project lifecycles:\n\n```mermaid\n{lifecycle}```\n"
    )
}

/// The release history as CSV: one row per (component, version).
pub fn releases_csv(history: &[VersionHistory]) -> Result<String, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "component",
        "version",
        "first_planned",
        "first_released",
        "window_from",
        "window_to",
        "flags",
        "mentions",
        "source",
    ])?;
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for h in history {
        w.write_record([
            h.component.clone(),
            h.label(),
            date(h.first_planned),
            date(h.first_released),
            date(h.window[0]),
            date(h.window[1]),
            h.flags.join(" "),
            h.mentions.to_string(),
            h.source.clone().unwrap_or_default(),
        ])?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ExportError::CsvText(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ExportError::CsvText(e.to_string()))
}

/// Release dates as an iCalendar: an all-day event on the date of the
/// meeting that first called each version released.
pub fn releases_ical(history: &[VersionHistory]) -> String {
    let mut cal = Calendar::new();
    cal.name("Releases (roadmap-tracker)");
    for h in history {
        let Some(d) = h.first_released else { continue };
        let mut e = Event::new();
        e.summary(&format!("{} {} released", h.component, h.label()))
            // An all-day event ends the next day (RFC 5545 3.6.1).
            .starts(d)
            .ends(d.succ_opt().unwrap_or(d))
            .uid(&format!("{}-{}@roadmap-tracker", h.component, h.label()))
            .timestamp(d.and_time(NaiveTime::MIN).and_utc());
        if let Some(src) = &h.source {
            e.description(&format!(
                "First called released in the meeting note {src}. Planned since: {}. Window: {} to {}.",
                h.first_planned.map_or("-".to_string(), |d| d.to_string()),
                h.window[0].map_or("-".to_string(), |d| d.to_string()),
                h.window[1].map_or("-".to_string(), |d| d.to_string()),
            ));
        }
        cal.push(e.done());
    }
    cal.done().to_string()
}
