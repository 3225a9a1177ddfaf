//! Render: the facts and the timeline into the files people read.
//!
//! `roadmap build` writes one folder:
//!
//! | file | from |
//! |---|---|
//! | `timeline.yaml` | [`output`]: the facts and the timeline (schema 1) |
//! | `graph.dot` | the dependency graph (`link::graph`) |
//! | `charts/*.svg`, `charts/*.png` | [`charts`]: release timeline, lifecycle, roadmap flow, release cadence |
//! | `reports/report-2017Q3.md`, `.html` | [`report`]: one per quarter with meetings, charts inline |
//! | `exports/` | [`export`]: Mermaid gantts, releases CSV, releases iCalendar |
//!
//! [`build`] is pure: it returns the files as data. [`output::write_tree`]
//! writes them all to a staging folder first and only then moves them into
//! place, so an interrupted run leaves the previous output whole.

pub mod charts;
pub mod export;
pub mod output;
pub mod report;

use std::path::PathBuf;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::link::{Graph, Timeline};
use charts::ChartError;
use export::ExportError;
use output::{Facts, Format, OutputError};
use report::Quarter;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// One file of the output folder: its path inside the folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl OutFile {
    fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> OutFile {
        OutFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// The four charts of the whole timeline, as data.
pub struct ChartSet {
    pub releases: charts::ReleaseChart,
    pub lifecycle: charts::LifecycleChart,
    pub flow: charts::FlowChart,
    pub cadence: charts::CadenceChart,
}

impl ChartSet {
    pub fn new(facts: &Facts, timeline: &Timeline, top: usize) -> ChartSet {
        ChartSet {
            releases: charts::release_chart(&timeline.history, top, None, "Release timeline"),
            lifecycle: charts::lifecycle_chart(&timeline.projects, top, "Project lifecycles"),
            flow: charts::flow_chart(
                &facts.items,
                &timeline.tracks,
                top,
                None,
                "Roadmap flow per quarter",
            ),
            cadence: charts::cadence_chart(&timeline.history, top, "Release cadence per quarter"),
        }
    }
}

/// How the output is drawn.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The most lanes a chart shows.
    pub top: usize,
    /// Prefix that leads from the reports' folder back to where the notes'
    /// paths start (`../../` for `output/reports` and `seeds/…`), so that
    /// every report line links to its note.
    pub link_base: String,
}

/// Every file of the output folder, for the notes' facts and timeline.
pub fn build(
    facts: &Facts,
    timeline: &Timeline,
    graph: &Graph,
    options: &RenderOptions,
) -> Result<Vec<OutFile>, RenderError> {
    let top = options.top;
    let set = ChartSet::new(facts, timeline, top);
    // The YAML and the four charts are independent: drawn side by side.
    let (yaml, drawn) = rayon::join(
        || output::render(facts, timeline, Format::Yaml),
        || {
            let jobs: [&(dyn Fn() -> Result<charts::Chart, ChartError> + Sync); 4] = [
                &|| charts::render(&set.releases),
                &|| charts::render(&set.lifecycle),
                &|| charts::render(&set.flow),
                &|| charts::render(&set.cadence),
            ];
            jobs.par_iter().map(|job| job()).collect::<Vec<_>>()
        },
    );
    let mut files = vec![
        OutFile::new("timeline.yaml", yaml?),
        OutFile::new("graph.dot", graph.to_dot()),
    ];
    for c in drawn {
        let c = c?;
        files.push(OutFile::new(format!("charts/{}.svg", c.name), c.svg));
        files.push(OutFile::new(format!("charts/{}.png", c.name), c.png));
    }
    // The exports hold everything; only the charts are cut to the top lanes.
    let releases = export::mermaid_releases(&charts::release_chart(
        &timeline.history,
        usize::MAX,
        None,
        "Release timeline",
    ));
    let lifecycle = export::mermaid_lifecycle(&charts::lifecycle_chart(
        &timeline.projects,
        usize::MAX,
        "Project lifecycles",
    ));
    files.push(OutFile::new(
        "exports/timeline.md",
        export::mermaid_markdown(&releases, &lifecycle),
    ));
    files.push(OutFile::new("exports/releases.mmd", releases));
    files.push(OutFile::new("exports/lifecycle.mmd", lifecycle));
    files.push(OutFile::new(
        "exports/releases.csv",
        export::releases_csv(&timeline.history)?,
    ));
    files.push(OutFile::new(
        "exports/releases.ics",
        export::releases_ical(&timeline.history),
    ));
    let mut quarters: Vec<Quarter> = facts
        .meetings
        .iter()
        .filter_map(|m| m.date.map(Quarter::of))
        .collect();
    quarters.sort();
    quarters.dedup();
    let reports: Result<Vec<QuarterReport>, RenderError> = quarters
        .par_iter()
        .map(|q| quarter_report(facts, timeline, *q, q.start(), q.end(), options))
        .collect();
    let mut index = String::from("# Quarterly roadmap reports\n\n");
    for r in reports? {
        let stem = format!("reports/report-{}", r.quarter);
        index.push_str(&format!(
            "- {q}: [Markdown](report-{q}.md), [HTML](report-{q}.html)\n",
            q = r.quarter
        ));
        files.push(OutFile::new(format!("{stem}.md"), r.markdown));
        files.push(OutFile::new(format!("{stem}.html"), r.html));
    }
    if quarters.is_empty() {
        index.push_str("No dated meeting in these notes.\n");
    }
    files.push(OutFile::new("reports/index.md", index));
    Ok(files)
}

/// A quarterly report in both forms.
#[derive(Debug, Clone)]
pub struct QuarterReport {
    pub quarter: Quarter,
    pub markdown: String,
    pub html: String,
}

/// The report for `quarter`, narrowed to the meetings from `from` to `to`;
/// its HTML carries the quarter's release timeline and roadmap flow inline.
pub fn quarter_report(
    facts: &Facts,
    timeline: &Timeline,
    quarter: Quarter,
    from: NaiveDate,
    to: NaiveDate,
    options: &RenderOptions,
) -> Result<QuarterReport, RenderError> {
    let top = options.top;
    let title = quarter.to_string();
    let markdown = report::markdown(facts, timeline, &title, from, to, &options.link_base);
    let range = Some((from, to));
    let releases = charts::release_chart(
        &timeline.history,
        top,
        range,
        &format!("Releases in {title}"),
    );
    let flow = charts::flow_chart(
        &facts.items,
        &timeline.tracks,
        top,
        range,
        &format!("Roadmap items in {title}"),
    );
    let mut svgs = Vec::new();
    if !releases.lanes.is_empty() {
        svgs.push(charts::render_svg(&releases)?);
    }
    if !flow.rows.is_empty() {
        svgs.push(charts::render_svg(&flow)?);
    }
    let html = report::html(&markdown, &title, &svgs);
    Ok(QuarterReport {
        quarter,
        markdown,
        html,
    })
}
