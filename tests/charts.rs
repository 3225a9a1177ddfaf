//! Every chart drawn from the small fixed timeline in `tests/charts/`:
//! the SVG holds the lanes, labels and markers the timeline implies, and
//! the PNG is the chart's size and not blank. Exports are read back.

use std::path::Path;

use chrono::Datelike;

use roadmap_tracker::extract::Item;
use roadmap_tracker::link::{ProjectHistory, Track, VersionHistory};
use roadmap_tracker::render::charts::{self, Draw};
use roadmap_tracker::render::export;

#[derive(serde::Deserialize)]
struct Fixture {
    history: Vec<VersionHistory>,
    projects: Vec<ProjectHistory>,
    items: Vec<Item>,
    tracks: Vec<Track>,
}

fn fixture() -> Fixture {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/charts/timeline.yaml");
    serde_norway::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The text of every `<text>` element of an SVG, trimmed.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}

/// Elements of a kind whose attributes contain every one of `attrs`.
fn count(svg: &str, element: &str, attrs: &[&str]) -> usize {
    svg.split(&format!("<{element} "))
        .skip(1)
        .filter(|e| {
            let tag = &e[..e.find('>').unwrap_or(e.len())];
            attrs.iter().all(|a| tag.contains(a))
        })
        .count()
}

/// The PNG decodes to the chart's size, and is a picture, not a blank page.
fn assert_png<C: Draw>(chart: &C, png: &[u8]) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), chart.size(), "{}", chart.name());
    let px = &buf[..info.buffer_size()];
    let inked = px.chunks(3).filter(|p| p.iter().any(|&c| c < 200)).count();
    let share = inked as f64 / (px.len() / 3) as f64;
    assert!(
        share > 0.01,
        "{}: only {share:.4} of pixels inked",
        chart.name()
    );
    // Text was rasterised with the embedded font: some pixels are grey
    // (anti-aliased glyph edges), not only the flat chart colours.
    let greys = px
        .chunks(3)
        .filter(|p| p[0] == p[1] && p[1] == p[2] && p[0] > 40 && p[0] < 200)
        .count();
    assert!(greys > 100, "{}: no anti-aliased text", chart.name());
}

#[test]
fn release_timeline_has_a_lane_per_component_and_a_marker_per_version() {
    let f = fixture();
    let chart = charts::release_chart(&f.history, 20, None, "Release timeline");
    let lanes: Vec<&str> = chart.lanes.iter().map(|l| l.component.as_str()).collect();
    assert_eq!(lanes, ["cf-cli", "garden-runc", "uaa"]);
    let drawn = charts::render(&chart).unwrap();
    let t = texts(&drawn.svg);
    for want in [
        "Release timeline",
        "cf-cli",
        "garden-runc",
        "uaa",
        "6.30.0",
        "6.31.0",
        "6.32.0",
        "4.5.0",
        "4.6.0",
        "1.9.0",
        "released",
        "planned",
        "shipping window",
        // Two quarters: each month labelled.
        "2017-07",
        "2017-12",
        "component",
    ] {
        assert!(t.iter().any(|x| x == want), "no text {want:?} in {t:?}");
    }
    // 5 released (filled); 4 planned (hollow: 3 planned before they were
    // released, 6.32.0 planned only); one of each in the legend; 2 windows
    // as bars, plus the legend's swatch.
    assert_eq!(count(&drawn.svg, "circle", &["fill=\"#1F3B73\""]), 5 + 1);
    assert_eq!(
        count(
            &drawn.svg,
            "circle",
            &["fill=\"none\"", "stroke=\"#1F3B73\""]
        ),
        4 + 1
    );
    assert_eq!(count(&drawn.svg, "rect", &["fill=\"#A9C1E6\""]), 2 + 1);
    assert_png(&chart, &drawn.png);

    // At most `top` lanes: the busiest components.
    let top = charts::release_chart(&f.history, 1, None, "Release timeline");
    assert_eq!(top.lanes.len(), 1);
    assert_eq!(top.lanes[0].component, "cf-cli");
}

#[test]
fn lifecycle_has_a_bar_per_project_coloured_by_status() {
    let f = fixture();
    let chart = charts::lifecycle_chart(&f.projects, 20, "Project lifecycles");
    let lanes: Vec<&str> = chart.lanes.iter().map(|l| l.project.as_str()).collect();
    // In the order they first showed a status; Quiet has none.
    assert_eq!(lanes, ["CF Abacus", "Stratos"]);
    let statuses: Vec<&str> = chart.lanes[1]
        .spans
        .iter()
        .map(|s| s.status.as_str())
        .collect();
    assert_eq!(statuses, ["under-review", "incubating", "active"]);
    assert_eq!(chart.lanes[1].spans[1].to.to_string(), "2019-07-29");
    let drawn = charts::render(&chart).unwrap();
    let t = texts(&drawn.svg);
    // Nine quarters: each tick labelled.
    for want in [
        "Project lifecycles",
        "CF Abacus",
        "Stratos",
        "project",
        "2018Q1",
        "2019Q3",
    ] {
        assert!(t.iter().any(|x| x == want), "no text {want:?} in {t:?}");
    }
    // Status names inside the long bars, and all six in the legend.
    assert!(t.iter().filter(|x| *x == "incubating").count() >= 2);
    for s in roadmap_tracker::rules::LIFECYCLE {
        assert!(t.iter().any(|x| x == s), "legend lacks {s}");
    }
    // One bar per status span: 3 + 2, in status colours (incubating twice).
    assert_eq!(count(&drawn.svg, "rect", &["fill=\"#22A884\""]), 2 + 1);
    assert_eq!(count(&drawn.svg, "rect", &["fill=\"#2A788E\""]), 1 + 1);
    assert_png(&chart, &drawn.png);
}

#[test]
fn roadmap_flow_counts_items_per_quarter_per_project() {
    let f = fixture();
    let chart = charts::flow_chart(&f.items, &f.tracks, 20, None, "Roadmap flow");
    let q: Vec<String> = chart.quarters.iter().map(|q| q.to_string()).collect();
    assert_eq!(q, ["2017Q3", "2017Q4"]);
    let rows: Vec<(&str, Vec<[usize; 4]>)> = chart
        .rows
        .iter()
        .map(|r| (r.project.as_str(), r.counts.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            ("cli", vec![[1, 1, 0, 0], [0, 0, 1, 0]]),
            ("garden", vec![[0, 0, 2, 1], [0, 0, 0, 0]]),
        ]
    );
    let drawn = charts::render(&chart).unwrap();
    let t = texts(&drawn.svg);
    for want in [
        "Roadmap flow",
        "cli",
        "garden",
        "done",
        "in progress",
        "planned",
        "slipped",
    ] {
        assert!(t.iter().any(|x| x == want), "no text {want:?} in {t:?}");
    }
    // Stacked segments: done 1, in progress 1, planned 2, slipped 1 (+ legend).
    assert_eq!(count(&drawn.svg, "rect", &["fill=\"#1B3A5C\""]), 1 + 1);
    assert_eq!(count(&drawn.svg, "rect", &["fill=\"#C7ECE4\""]), 2 + 1);
    assert_eq!(count(&drawn.svg, "rect", &["fill=\"#E8824A\""]), 1 + 1);
    assert_png(&chart, &drawn.png);

    // Whole counts on the y axes: with at most 1 item a quarter, the panel
    // shows one "0" (a tick at 0.5 is not labelled "0" a second time).
    let mut seen = std::collections::BTreeSet::new();
    let sparse: Vec<Item> = f
        .items
        .iter()
        .filter(|i| &*i.project == "cli" && &*i.status != "info")
        .filter(|i| seen.insert(i.date.map(|d| (d.year(), d.month0() / 3))))
        .cloned()
        .collect();
    let small = charts::flow_chart(&sparse, &[], 20, None, "Sparse");
    assert_eq!(small.quarters.len(), 2);
    assert!(
        small
            .rows
            .iter()
            .all(|r| r.counts.iter().all(|c| c.iter().sum::<usize>() <= 1))
    );
    let t4 = texts(&charts::render(&small).unwrap().svg);
    assert_eq!(t4.iter().filter(|x| *x == "0").count(), 1, "{t4:?}");

    // One quarter: a bar per project.
    let q3 = roadmap_tracker::report::Quarter::parse("2017Q3").unwrap();
    let one = charts::flow_chart(&f.items, &f.tracks, 20, Some((q3.start(), q3.end())), "Q3");
    assert_eq!(one.quarters.len(), 1);
    let drawn = charts::render(&one).unwrap();
    assert!(texts(&drawn.svg).iter().any(|x| x == "items in 2017Q3"));
    assert_png(&one, &drawn.png);
}

#[test]
fn release_cadence_counts_versions_per_quarter() {
    let f = fixture();
    let chart = charts::cadence_chart(&f.history, 20, "Release cadence");
    assert_eq!(
        chart.rows,
        [
            ("cf-cli".to_string(), vec![1, 1]),
            ("garden-runc".to_string(), vec![1, 0]),
            ("uaa".to_string(), vec![1, 1]),
        ]
    );
    let drawn = charts::render(&chart).unwrap();
    let t = texts(&drawn.svg);
    for want in ["Release cadence", "cf-cli", "uaa", "2017Q3", "2017Q4"] {
        assert!(t.iter().any(|x| x == want), "no text {want:?} in {t:?}");
    }
    // A count in every non-empty cell.
    assert_eq!(t.iter().filter(|x| *x == "1").count(), 5);
    assert_png(&chart, &drawn.png);
}

#[test]
fn an_empty_timeline_still_draws_every_chart() {
    let chart = charts::release_chart(&[], 20, None, "Release timeline");
    let drawn = charts::render(&chart).unwrap();
    assert!(
        texts(&drawn.svg)
            .iter()
            .any(|x| x == "Nothing to show in these notes.")
    );
    assert_eq!(drawn.size, chart.size());
}

#[test]
fn exports_hold_every_released_version() {
    let f = fixture();
    let chart = charts::release_chart(&f.history, 20, None, "Releases");
    let gantt = export::mermaid_releases(&chart);
    assert!(gantt.starts_with("gantt\n"));
    assert!(gantt.contains("    section cf-cli\n"));
    assert!(gantt.contains("    6.30.0 window :2017-08-07, 2017-09-05\n"));
    assert!(gantt.contains("    6.30.0 :milestone, 2017-09-05, 0d\n"));
    assert_eq!(gantt.matches(":milestone").count(), 5);
    let life = export::mermaid_lifecycle(&charts::lifecycle_chart(&f.projects, 20, "Lifecycles"));
    assert!(life.contains("    section Stratos\n    under-review :2017-11-27, 2018-01-29\n"));

    let csv = export::releases_csv(&f.history).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 6);
    let first: Vec<&str> = rows[0].iter().take(6).collect();
    assert_eq!(
        first,
        [
            "cf-cli",
            "6.30.0",
            "2017-07-10",
            "2017-09-05",
            "2017-08-07",
            "2017-09-05"
        ]
    );

    let ics = export::releases_ical(&f.history);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 5);
    assert!(ics.contains("SUMMARY:cf-cli 6.30.0 released"));
    assert!(ics.contains("DTSTART;VALUE=DATE:20170905"));
    // An all-day event ends the day after it starts (RFC 5545).
    assert!(ics.contains("DTEND;VALUE=DATE:20170906"));
    assert!(ics.contains("UID:cf-cli-6.30.0@roadmap-tracker"));
    // Stamped from the data (the first release's date), never the clock.
    assert!(ics.contains("DTSTAMP:20170905T000000Z"));
}
