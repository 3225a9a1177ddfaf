//! Charts: the timeline as pictures, each drawn once by plotters and emitted
//! as SVG (for browsers and the HTML report) and PNG (for everything else).
//!
//! Each chart is a named type built from the timeline by a pure function
//! (which lanes, which marks), then drawn by one generic routine over any
//! plotters backend, so the SVG and the PNG cannot disagree. Lanes are the
//! busiest components or projects, at most `top` (rules
//! `timeline.charts.top`, `roadmap build --top`). Colours step in lightness,
//! so they still read in greyscale; every chart has a title, axis labels and
//! a legend. Text is drawn with DejaVu Sans from the `dejavu` crate, compiled
//! into the binary, so a PNG renders the same on a machine with no fonts.

use std::collections::BTreeMap;
use std::sync::Once;

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::extract::Item;
use crate::link::{ProjectHistory, Track, VersionHistory};
use crate::render::report::Quarter;
use crate::rules::LIFECYCLE;

/// One drawn chart: its file stem, and the same picture as SVG and PNG.
#[derive(Debug, Clone)]
pub struct Chart {
    pub name: String,
    pub svg: String,
    pub png: Vec<u8>,
    pub size: (u32, u32),
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("chart {chart}: {message}")]
    Draw { chart: String, message: String },
}

/// A chart's data, drawable on any plotters backend.
pub trait Draw {
    /// The file stem: `release-timeline` gives `release-timeline.svg` and `.png`.
    fn name(&self) -> &str;
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

const FONT: &str = "sans-serif";
const WIDTH: u32 = 1400;
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
/// Released markers and the shipping window: dark and light of one hue.
const RELEASED: RGBColor = RGBColor(0x1f, 0x3b, 0x73);
const WINDOW: RGBColor = RGBColor(0xa9, 0xc1, 0xe6);
/// Lifecycle statuses in `LIFECYCLE` order: viridis from light to dark, so
/// the order survives greyscale.
const LIFECYCLE_COLOURS: [RGBColor; 6] = [
    RGBColor(0xfd, 0xe7, 0x25),
    RGBColor(0x7a, 0xd1, 0x51),
    RGBColor(0x22, 0xa8, 0x84),
    RGBColor(0x2a, 0x78, 0x8e),
    RGBColor(0x41, 0x44, 0x87),
    RGBColor(0x44, 0x01, 0x54),
];
const OTHER_STATUS: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// Item statuses of the roadmap flow, four steps of lightness (about 50,
/// 100, 155 and 225 of 255 in greyscale: done, in progress, slipped, planned).
const FLOW: [(&str, RGBColor); 4] = [
    ("done", RGBColor(0x1b, 0x3a, 0x5c)),
    ("in progress", RGBColor(0x23, 0x7a, 0x87)),
    ("planned", RGBColor(0xc7, 0xec, 0xe4)),
    ("slipped", RGBColor(0xe8, 0x82, 0x4a)),
];

fn fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are DejaVu Sans itself; registering them cannot fail.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Draw `chart` as SVG and as PNG.
pub fn render<C: Draw>(chart: &C) -> Result<Chart, ChartError> {
    let svg = render_svg(chart)?;
    let png = render_png(chart)?;
    Ok(Chart {
        name: chart.name().to_string(),
        svg,
        png,
        size: chart.size(),
    })
}

fn failure<C: Draw>(chart: &C) -> impl Fn(String) -> ChartError + '_ {
    move |message| ChartError::Draw {
        chart: chart.name().to_string(),
        message,
    }
}

/// Draw `chart` as an SVG document.
pub fn render_svg<C: Draw>(chart: &C) -> Result<String, ChartError> {
    fonts();
    let fail = failure(chart);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, chart.size()).into_drawing_area();
        root.fill(&WHITE).map_err(err).map_err(&fail)?;
        chart.draw(&root).map_err(&fail)?;
        root.present().map_err(err).map_err(&fail)?;
    }
    Ok(svg)
}

/// Draw `chart` as a PNG image (RGB, the chart's size).
pub fn render_png<C: Draw>(chart: &C) -> Result<Vec<u8>, ChartError> {
    fonts();
    let fail = failure(chart);
    let size = chart.size();
    let mut pixels = vec![255u8; size.0 as usize * size.1 as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
        chart.draw(&root).map_err(&fail)?;
        root.present().map_err(err).map_err(&fail)?;
    }
    encode_png(&pixels, size).map_err(fail)
}

fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().map_err(err)?;
    writer.write_image_data(rgb).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(out)
}

// ---------------------------------------------------------------- time axis

fn day(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

fn date_of(x: f64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(x.round() as i32)
}

/// Quarters from the one holding `from` to the one holding `to`.
pub fn quarters_between(from: NaiveDate, to: NaiveDate) -> Vec<Quarter> {
    let mut out = Vec::new();
    let mut q = Quarter::of(from);
    let last = Quarter::of(to);
    while q <= last {
        out.push(q);
        q = q.next();
    }
    out
}

/// Ticks of a date axis: every quarter start, labelled as quarters; years
/// labelled (quarters as light lines) when there are many, months labelled
/// when there are one or two.
struct DateAxis {
    from: f64,
    to: f64,
    bold: Vec<f64>,
    light: Vec<f64>,
    by_year: bool,
    /// One or two quarters: every month labelled.
    by_month: bool,
}

impl DateAxis {
    fn new(from: NaiveDate, to: NaiveDate) -> DateAxis {
        let quarters = quarters_between(from, to);
        let start = quarters.first().map_or(from, Quarter::start);
        let end = quarters.last().map_or(to, Quarter::end);
        let by_year = quarters.len() > 12;
        let by_month = quarters.len() <= 2;
        let (mut bold, mut light) = (Vec::new(), Vec::new());
        for q in &quarters {
            let x = day(q.start());
            if !by_year || q.q == 1 {
                bold.push(x);
            } else {
                light.push(x);
            }
            if by_month {
                for m in 1..3 {
                    let month = q.start().with_month(q.start().month() + m);
                    bold.extend(month.map(day));
                }
            }
        }
        DateAxis {
            from: day(start),
            to: day(end) + 1.0,
            bold,
            light,
            by_year,
            by_month,
        }
    }

    fn ticks(&self) -> Ticks {
        Ticks::new(self.from, self.to, self.bold.clone(), self.light.clone())
    }

    fn label(&self, x: f64) -> String {
        match date_of(x) {
            Some(d) if self.by_year => d.year().to_string(),
            Some(d) if self.by_month => d.format("%Y-%m").to_string(),
            Some(d) => Quarter::of(d).to_string(),
            None => String::new(),
        }
    }
}

/// A linear axis with the ticks we choose (plotters picks "nice" numbers,
/// which never fall on quarter starts or lanes).
#[derive(Clone)]
struct Ticks {
    lo: f64,
    hi: f64,
    bold: Vec<f64>,
    light: Vec<f64>,
}

impl Ticks {
    fn new(lo: f64, hi: f64, bold: Vec<f64>, light: Vec<f64>) -> Ticks {
        Ticks {
            lo,
            hi,
            bold,
            light,
        }
    }
    /// `n` lanes at 0..n, each half a unit wide.
    fn lanes(n: usize) -> Ticks {
        Ticks::new(
            -0.6,
            n as f64 - 0.4,
            (0..n).map(|i| i as f64).collect(),
            Vec::new(),
        )
    }
}

impl Ranged for Ticks {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;
    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = self.hi - self.lo;
        if span <= 0.0 {
            return (limit.0 + limit.1) / 2;
        }
        let t = (v - self.lo) / span;
        limit.0 + (f64::from(limit.1 - limit.0) * t).round() as i32
    }
    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.bold.clone()
        }
    }
    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

fn text_style(size: u32, colour: RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(&colour)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

/// Width of the lane-name column for these names.
fn label_area<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, names: &[String]) -> u32 {
    let font = text_style(13, INK);
    names
        .iter()
        .filter_map(|n| root.estimate_text_size(n, &font).ok())
        .map(|(w, _)| w + 16)
        .max()
        .unwrap_or(60)
        .clamp(60, 260)
}

type LaneChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Ticks, Ticks>>;

/// A chart with one lane per name (top to bottom), `x` across with its
/// labels, axis descriptions, and a light grid when `grid`.
#[allow(clippy::too_many_arguments)]
fn lane_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    title: &str,
    names: &[String],
    x: Ticks,
    x_label: &dyn Fn(f64) -> String,
    x_desc: &str,
    y_desc: &str,
    grid: bool,
) -> Result<LaneChart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FONT, 22))
        .margin(16)
        .margin_top(12)
        .x_label_area_size(46)
        .y_label_area_size(label_area(root, names))
        .build_cartesian_2d(x, Ticks::lanes(names.len()))
        .map_err(err)?;
    let x_fmt = |x: &f64| x_label(*x);
    let y_fmt = |y: &f64| lane_name(names, *y);
    let mut mesh = chart.configure_mesh();
    mesh.x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 14))
        .light_line_style(GRID)
        .bold_line_style(GRID.mix(0.9));
    if !grid {
        mesh.disable_mesh();
    }
    mesh.draw().map_err(err)?;
    Ok(chart)
}

/// A row of legend swatches at the top right of `root`.
fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entries: &[(&str, Swatch)],
) -> Result<(), String> {
    let font = text_style(13, INK);
    let (w, _) = root.dim_in_pixel();
    let widths: Vec<u32> = entries
        .iter()
        .map(|(t, _)| root.estimate_text_size(t, &font).map_or(60, |(w, _)| w))
        .collect();
    let total: u32 = widths.iter().map(|w| w + 40).sum();
    // In the title row, at the right: clear of the plot and of a centred title.
    let mut x = w.saturating_sub(total + 10) as i32;
    let y = 26;
    for ((text, swatch), tw) in entries.iter().zip(widths) {
        match swatch {
            Swatch::Box(c) => {
                root.draw(&Rectangle::new([(x, y - 7), (x + 18, y + 7)], c.filled()))
                    .map_err(err)?;
                root.draw(&Rectangle::new(
                    [(x, y - 7), (x + 18, y + 7)],
                    INK.stroke_width(1),
                ))
                .map_err(err)?;
            }
            Swatch::Dot(c) => root
                .draw(&Circle::new((x + 9, y), 5, c.filled()))
                .map_err(err)?,
            Swatch::Ring(c) => root
                .draw(&Circle::new((x + 9, y), 5, c.stroke_width(2)))
                .map_err(err)?,
        }
        root.draw(&Text::new(
            text.to_string(),
            (x + 24, y),
            font.pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(err)?;
        x += tw as i32 + 40;
    }
    Ok(())
}

enum Swatch {
    Box(RGBColor),
    Dot(RGBColor),
    Ring(RGBColor),
}

fn no_data<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), String> {
    let (w, h) = root.dim_in_pixel();
    root.draw(&Text::new(
        title.to_string(),
        (20, 20),
        text_style(20, INK).pos(Pos::new(HPos::Left, VPos::Top)),
    ))
    .map_err(err)?;
    root.draw(&Text::new(
        "Nothing to show in these notes.".to_string(),
        (w as i32 / 2, h as i32 / 2),
        text_style(15, INK).pos(Pos::new(HPos::Center, VPos::Center)),
    ))
    .map_err(err)
}

/// Lanes top to bottom: lane `i` of `n` sits at y = n - 1 - i.
fn lane_y(i: usize, n: usize) -> f64 {
    (n - 1 - i) as f64
}

fn lane_name(names: &[String], y: f64) -> String {
    let n = names.len();
    let i = y.round();
    if i < 0.0 || i >= n as f64 {
        return String::new();
    }
    names[n - 1 - i as usize].clone()
}

// ----------------------------------------------------------- release timeline

/// One version on a release lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionMark {
    pub version: String,
    pub released: Option<NaiveDate>,
    pub planned: Option<NaiveDate>,
    pub window: [Option<NaiveDate>; 2],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseLane {
    pub component: String,
    pub marks: Vec<VersionMark>,
}

/// Release timeline: one lane per component, a marker per version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseChart {
    pub title: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub lanes: Vec<ReleaseLane>,
}

fn in_range(d: Option<NaiveDate>, range: Option<(NaiveDate, NaiveDate)>) -> bool {
    d.is_some_and(|d| range.is_none_or(|(a, b)| d >= a && d <= b))
}

/// The `top` components with the most versions planned or released (in
/// `range`, when given), lanes in name order.
pub fn release_chart(
    history: &[VersionHistory],
    top: usize,
    range: Option<(NaiveDate, NaiveDate)>,
    title: &str,
) -> ReleaseChart {
    let mut by: BTreeMap<&str, Vec<VersionMark>> = BTreeMap::new();
    for h in history {
        let released = h
            .first_released
            .filter(|_| in_range(h.first_released, range));
        let planned = h.first_planned.filter(|_| in_range(h.first_planned, range));
        if released.is_none() && planned.is_none() {
            continue;
        }
        by.entry(&h.component).or_default().push(VersionMark {
            version: h.label(),
            released,
            planned,
            window: if released.is_some() {
                h.window
            } else {
                [None, None]
            },
        });
    }
    let mut lanes: Vec<ReleaseLane> = by
        .into_iter()
        .map(|(c, marks)| ReleaseLane {
            component: c.to_string(),
            marks,
        })
        .collect();
    lanes.sort_by_key(|l| std::cmp::Reverse(l.marks.len()));
    lanes.truncate(top);
    lanes.sort_by(|a, b| a.component.cmp(&b.component));
    let dates = lanes
        .iter()
        .flat_map(|l| &l.marks)
        .flat_map(|m| [m.released, m.planned, m.window[0], m.window[1]])
        .flatten();
    let (from, to) = span(dates, range);
    ReleaseChart {
        title: title.to_string(),
        from,
        to,
        lanes,
    }
}

fn span(
    dates: impl Iterator<Item = NaiveDate>,
    range: Option<(NaiveDate, NaiveDate)>,
) -> (NaiveDate, NaiveDate) {
    let (mut lo, mut hi) = (None::<NaiveDate>, None::<NaiveDate>);
    for d in dates {
        lo = Some(lo.map_or(d, |l| l.min(d)));
        hi = Some(hi.map_or(d, |h| h.max(d)));
    }
    match (range, lo, hi) {
        (Some((a, b)), _, _) => (a, b),
        (None, Some(a), Some(b)) => (a, b),
        _ => {
            let d = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date");
            (d, d)
        }
    }
}

impl Draw for ReleaseChart {
    fn name(&self) -> &str {
        "release-timeline"
    }
    fn size(&self) -> (u32, u32) {
        (WIDTH, 150 + 34 * self.lanes.len().max(4) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        if self.lanes.is_empty() {
            return no_data(root, &self.title);
        }
        let names: Vec<String> = self
            .lanes
            .iter()
            .map(|l| truncate(&l.component, 30))
            .collect();
        let n = names.len();
        let axis = DateAxis::new(self.from, self.to);
        let mut chart = lane_chart(
            root,
            &self.title,
            &names,
            axis.ticks(),
            &|x| axis.label(x),
            "meeting date",
            "component",
            true,
        )?;
        let label_font = text_style(11, INK);
        for (i, lane) in self.lanes.iter().enumerate() {
            let y = lane_y(i, n);
            for m in &lane.marks {
                if let [Some(a), Some(b)] = m.window {
                    chart
                        .draw_series([Rectangle::new(
                            [(day(a), y - 0.13), (day(b), y + 0.13)],
                            WINDOW.filled(),
                        )])
                        .map_err(err)?;
                }
            }
            for m in &lane.marks {
                if let Some(p) = m.planned.filter(|p| Some(*p) != m.released) {
                    chart
                        .draw_series([Circle::new((day(p), y), 5, RELEASED.stroke_width(2))])
                        .map_err(err)?;
                }
                if let Some(r) = m.released {
                    chart
                        .draw_series([Circle::new((day(r), y), 5, RELEASED.filled())])
                        .map_err(err)?;
                }
            }
            // Version labels in two rows (above, below the lane), left to
            // right; a label that would overlap its row's last one is left out.
            let mut labels: Vec<(i32, i32, &str)> = lane
                .marks
                .iter()
                .filter_map(|m| {
                    let d = m.released.or(m.planned)?;
                    let (px, py) = chart.backend_coord(&(day(d), y));
                    Some((px, py, m.version.as_str()))
                })
                .collect();
            labels.sort();
            let mut row_end = [i32::MIN; 2];
            for (px, py, v) in labels {
                let (w, _) = root.estimate_text_size(v, &label_font).map_err(err)?;
                let left = px - w as i32 / 2;
                let Some(row) = (0..2).find(|&r| left > row_end[r] + 3) else {
                    continue;
                };
                row_end[row] = left + w as i32;
                let (dy, v_pos) = if row == 0 {
                    (-8, VPos::Bottom)
                } else {
                    (8, VPos::Top)
                };
                root.draw(&Text::new(
                    v.to_string(),
                    (px, py + dy),
                    label_font.pos(Pos::new(HPos::Center, v_pos)),
                ))
                .map_err(err)?;
            }
        }
        legend(
            root,
            &[
                ("released", Swatch::Dot(RELEASED)),
                ("planned", Swatch::Ring(RELEASED)),
                ("shipping window", Swatch::Box(WINDOW)),
            ],
        )
    }
}

// ------------------------------------------------------------------ lifecycle

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusSpan {
    pub status: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifecycleLane {
    pub project: String,
    pub spans: Vec<StatusSpan>,
}

/// Lifecycle: one bar per project, coloured by status over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifecycleChart {
    pub title: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub lanes: Vec<LifecycleLane>,
}

/// Projects with a dated status, the `top` with the most status changes,
/// lanes in the order they first showed a status. A status lasts until the
/// next one; the last lasts to the last meeting (a retired project's ends
/// where it was last seen).
pub fn lifecycle_chart(projects: &[ProjectHistory], top: usize, title: &str) -> LifecycleChart {
    let end = projects
        .iter()
        .flat_map(|p| {
            p.last_seen
                .into_iter()
                .chain(p.statuses.iter().filter_map(|s| s.since))
        })
        .max();
    let mut lanes: Vec<(usize, NaiveDate, LifecycleLane)> = Vec::new();
    for p in projects {
        let dated: Vec<(&str, NaiveDate)> = p
            .statuses
            .iter()
            .filter_map(|s| Some((s.status.as_str(), s.since?)))
            .collect();
        let (Some(first), Some(end)) = (dated.first(), end) else {
            continue;
        };
        let spans = dated
            .iter()
            .enumerate()
            .map(|(i, (status, from))| {
                let to = match dated.get(i + 1) {
                    Some((_, next)) => *next,
                    None if *status == "retired" => p.last_seen.unwrap_or(*from).max(*from),
                    None => end,
                };
                StatusSpan {
                    status: status.to_string(),
                    from: *from,
                    to,
                }
            })
            .collect();
        lanes.push((
            dated.len(),
            first.1,
            LifecycleLane {
                project: p.name.clone(),
                spans,
            },
        ));
    }
    lanes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    lanes.truncate(top);
    lanes.sort_by(|a, b| (a.1, &a.2.project).cmp(&(b.1, &b.2.project)));
    let lanes: Vec<LifecycleLane> = lanes.into_iter().map(|(_, _, l)| l).collect();
    let (from, to) = span(
        lanes
            .iter()
            .flat_map(|l| &l.spans)
            .flat_map(|s| [s.from, s.to]),
        None,
    );
    LifecycleChart {
        title: title.to_string(),
        from,
        to,
        lanes,
    }
}

fn status_colour(status: &str) -> RGBColor {
    LIFECYCLE
        .iter()
        .position(|s| *s == status)
        .map_or(OTHER_STATUS, |i| LIFECYCLE_COLOURS[i])
}

/// Black or white, whichever reads on `c`.
fn text_on(c: RGBColor) -> RGBColor {
    let l = 0.299 * f64::from(c.0) + 0.587 * f64::from(c.1) + 0.114 * f64::from(c.2);
    if l > 140.0 { INK } else { WHITE }
}

impl Draw for LifecycleChart {
    fn name(&self) -> &str {
        "lifecycle"
    }
    fn size(&self) -> (u32, u32) {
        (WIDTH, 150 + 30 * self.lanes.len().max(4) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        if self.lanes.is_empty() {
            return no_data(root, &self.title);
        }
        let names: Vec<String> = self
            .lanes
            .iter()
            .map(|l| truncate(&l.project, 30))
            .collect();
        let n = names.len();
        // A little room after the last meeting, so the last change shows.
        let axis = DateAxis::new(self.from, self.to + chrono::Duration::days(30));
        let mut chart = lane_chart(
            root,
            &self.title,
            &names,
            axis.ticks(),
            &|x| axis.label(x),
            "meeting date (a mark where a meeting first showed the status)",
            "project",
            true,
        )?;
        let font = 11;
        for (i, lane) in self.lanes.iter().enumerate() {
            let y = lane_y(i, n);
            for s in &lane.spans {
                let (a, b) = (day(s.from), day(s.to).max(day(s.from) + 10.0));
                let c = status_colour(&s.status);
                chart
                    .draw_series([Rectangle::new([(a, y - 0.32), (b, y + 0.32)], c.filled())])
                    .map_err(err)?;
                chart
                    .draw_series([PathElement::new(
                        vec![(a, y - 0.42), (a, y + 0.42)],
                        INK.stroke_width(2),
                    )])
                    .map_err(err)?;
                let (pa, py) = chart.backend_coord(&(a, y));
                let (pb, _) = chart.backend_coord(&(b, y));
                let style = text_style(font, text_on(c));
                let (tw, _) = root.estimate_text_size(&s.status, &style).map_err(err)?;
                if (pb - pa) as u32 > tw + 8 {
                    root.draw(&Text::new(
                        s.status.clone(),
                        (pa + 5, py),
                        style.pos(Pos::new(HPos::Left, VPos::Center)),
                    ))
                    .map_err(err)?;
                }
            }
        }
        let entries: Vec<(&str, Swatch)> = LIFECYCLE
            .iter()
            .map(|s| (*s, Swatch::Box(status_colour(s))))
            .collect();
        legend(root, &entries)
    }
}

// --------------------------------------------------------------- roadmap flow

/// Item counts of one project in one quarter: done, in progress, planned, slipped.
pub type FlowCounts = [usize; 4];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowRow {
    pub project: String,
    /// One entry per quarter of the chart.
    pub counts: Vec<FlowCounts>,
}

/// Roadmap flow: per quarter, per project, items done / in progress /
/// planned, and tracked items that slipped (counted in the quarter they were
/// last seen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowChart {
    pub title: String,
    pub quarters: Vec<Quarter>,
    pub rows: Vec<FlowRow>,
}

pub fn flow_chart(
    items: &[Item],
    tracks: &[Track],
    top: usize,
    range: Option<(NaiveDate, NaiveDate)>,
    title: &str,
) -> FlowChart {
    let mut seen: Vec<(String, NaiveDate, usize)> = Vec::new();
    for i in items {
        let slot = match &*i.status {
            "done" => 0,
            "in_progress" => 1,
            "planned" => 2,
            _ => continue,
        };
        if let Some(d) = i.date.filter(|_| in_range(i.date, range)) {
            seen.push((i.project.to_string(), d, slot));
        }
    }
    for t in tracks.iter().filter(|t| t.slipped) {
        if let Some(d) = t.last_seen.filter(|_| in_range(t.last_seen, range)) {
            seen.push((t.project.clone(), d, 3));
        }
    }
    let (from, to) = span(seen.iter().map(|s| s.1), range);
    let quarters = if seen.is_empty() {
        Vec::new()
    } else {
        quarters_between(from, to)
    };
    let mut by: BTreeMap<String, Vec<FlowCounts>> = BTreeMap::new();
    for (project, d, slot) in seen {
        let Ok(qi) = quarters.binary_search(&Quarter::of(d)) else {
            continue;
        };
        by.entry(project)
            .or_insert_with(|| vec![[0; 4]; quarters.len()])[qi][slot] += 1;
    }
    let mut rows: Vec<FlowRow> = by
        .into_iter()
        .map(|(project, counts)| FlowRow { project, counts })
        .collect();
    let total = |r: &FlowRow| -> usize { r.counts.iter().flatten().sum() };
    rows.sort_by_key(|r| std::cmp::Reverse(total(r)));
    rows.truncate(top);
    rows.sort_by(|a, b| a.project.cmp(&b.project));
    FlowChart {
        title: title.to_string(),
        quarters,
        rows,
    }
}

impl FlowChart {
    fn columns(&self) -> usize {
        self.rows.len().clamp(1, 4)
    }
    fn grid_rows(&self) -> usize {
        self.rows.len().div_ceil(self.columns())
    }
}

impl Draw for FlowChart {
    fn name(&self) -> &str {
        "roadmap-flow"
    }
    fn size(&self) -> (u32, u32) {
        if self.quarters.len() == 1 {
            (WIDTH, 150 + 28 * self.rows.len().max(4) as u32)
        } else {
            (WIDTH, 90 + 200 * self.grid_rows().max(1) as u32)
        }
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        if self.rows.is_empty() {
            return no_data(root, &self.title);
        }
        let entries: Vec<(&str, Swatch)> =
            FLOW.iter().map(|(t, c)| (*t, Swatch::Box(*c))).collect();
        if self.quarters.len() == 1 {
            self.draw_bars(root)?;
        } else {
            self.draw_grid(root)?;
        }
        legend(root, &entries)
    }
}

impl FlowChart {
    /// One quarter: a horizontal stacked bar per project.
    fn draw_bars<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let names: Vec<String> = self.rows.iter().map(|r| truncate(&r.project, 30)).collect();
        let n = names.len();
        let max = self
            .rows
            .iter()
            .map(|r| r.counts[0].iter().sum::<usize>())
            .max()
            .unwrap_or(1)
            .max(1);
        let hi = max as f64 * 1.05;
        // A round step giving about five ticks.
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
            .into_iter()
            .find(|s| max / s <= 6)
            .unwrap_or(max.max(1));
        let ticks = (0..=max).step_by(step).map(|v| v as f64).collect();
        let mut chart = lane_chart(
            root,
            &self.title,
            &names,
            Ticks::new(0.0, hi, ticks, Vec::new()),
            &|x| format!("{x:.0}"),
            &format!("items in {}", self.quarters[0]),
            "project",
            true,
        )?;
        for (i, r) in self.rows.iter().enumerate() {
            let y = lane_y(i, n);
            let mut x = 0.0;
            for (k, count) in r.counts[0].iter().enumerate() {
                if *count == 0 {
                    continue;
                }
                let next = x + *count as f64;
                chart
                    .draw_series([Rectangle::new(
                        [(x, y - 0.3), (next, y + 0.3)],
                        FLOW[k].1.filled(),
                    )])
                    .map_err(err)?;
                x = next;
            }
        }
        Ok(())
    }

    /// Many quarters: a small panel per project, stacked bars per quarter.
    fn draw_grid<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let body = root.titled(&self.title, (FONT, 22)).map_err(err)?;
        let (_, body) = body.split_vertically(16);
        let panels = body.split_evenly((self.grid_rows(), self.columns()));
        let nq = self.quarters.len();
        // Few quarters: each labelled; many: the years, at their first quarter.
        let by_year = nq > 6;
        let step = if nq > 6 * 4 { 2 } else { 1 };
        let ticks: Vec<f64> = self
            .quarters
            .iter()
            .enumerate()
            .filter(|(_, q)| !by_year || (q.q == 1 && q.year % step == 0))
            .map(|(i, _)| i as f64 + 0.5)
            .collect();
        for (row, panel) in self.rows.iter().zip(panels.iter()) {
            let max = row
                .counts
                .iter()
                .map(|c| c.iter().sum::<usize>())
                .max()
                .unwrap_or(1)
                .max(1);
            let mut chart = ChartBuilder::on(panel)
                .caption(truncate(&row.project, 36), (FONT, 14))
                .margin(8)
                .x_label_area_size(28)
                .y_label_area_size(36)
                .build_cartesian_2d(
                    Ticks::new(0.0, nq as f64, ticks.clone(), Vec::new()),
                    0.0..max as f64 * 1.1,
                )
                .map_err(err)?;
            chart
                .configure_mesh()
                .x_label_formatter(&|x| match self.quarters.get(x.floor() as usize) {
                    Some(q) if by_year => q.year.to_string(),
                    Some(q) => q.to_string(),
                    None => String::new(),
                })
                // Counts are whole: a tick between two (0.5 of a panel whose
                // most is 1) gets no label, rather than a second "0".
                .y_label_formatter(&|y| {
                    if (y - y.round()).abs() < 1e-9 {
                        format!("{y:.0}")
                    } else {
                        String::new()
                    }
                })
                .y_labels(4)
                .label_style((FONT, 11))
                .light_line_style(WHITE)
                .bold_line_style(GRID)
                .draw()
                .map_err(err)?;
            for (qi, c) in row.counts.iter().enumerate() {
                let mut base = 0.0;
                for (k, count) in c.iter().enumerate() {
                    if *count == 0 {
                        continue;
                    }
                    let top = base + *count as f64;
                    chart
                        .draw_series([Rectangle::new(
                            [(qi as f64 + 0.12, base), (qi as f64 + 0.88, top)],
                            FLOW[k].1.filled(),
                        )])
                        .map_err(err)?;
                    base = top;
                }
            }
        }
        Ok(())
    }
}

// ------------------------------------------------------------ release cadence

/// Release cadence: versions first called released, per quarter per component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CadenceChart {
    pub title: String,
    pub quarters: Vec<Quarter>,
    /// Component and its count per quarter.
    pub rows: Vec<(String, Vec<usize>)>,
}

pub fn cadence_chart(history: &[VersionHistory], top: usize, title: &str) -> CadenceChart {
    let released: Vec<(&str, NaiveDate)> = history
        .iter()
        .filter_map(|h| Some((h.component.as_str(), h.first_released?)))
        .collect();
    let (from, to) = span(released.iter().map(|r| r.1), None);
    let quarters = if released.is_empty() {
        Vec::new()
    } else {
        quarters_between(from, to)
    };
    let mut by: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (c, d) in released {
        if let Ok(qi) = quarters.binary_search(&Quarter::of(d)) {
            by.entry(c.to_string())
                .or_insert_with(|| vec![0; quarters.len()])[qi] += 1;
        }
    }
    let mut rows: Vec<(String, Vec<usize>)> = by.into_iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1.iter().sum::<usize>()));
    rows.truncate(top);
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    CadenceChart {
        title: title.to_string(),
        quarters,
        rows,
    }
}

/// White to dark blue as `count` goes from 0 to `max`.
fn heat(count: usize, max: usize) -> RGBColor {
    let t = count as f64 / max.max(1) as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    RGBColor(mix(0xf4, 0x08), mix(0xf7, 0x30), mix(0xfb, 0x6b))
}

impl Draw for CadenceChart {
    fn name(&self) -> &str {
        "release-cadence"
    }
    fn size(&self) -> (u32, u32) {
        (WIDTH, 150 + 26 * self.rows.len().max(4) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        if self.rows.is_empty() {
            return no_data(root, &self.title);
        }
        let names: Vec<String> = self.rows.iter().map(|r| truncate(&r.0, 30)).collect();
        let n = names.len();
        let nq = self.quarters.len();
        let by_year = nq > 12;
        let ticks: Vec<f64> = self
            .quarters
            .iter()
            .enumerate()
            .filter(|(_, q)| !by_year || q.q == 1)
            .map(|(i, _)| i as f64 + 0.5)
            .collect();
        let max = self
            .rows
            .iter()
            .flat_map(|r| &r.1)
            .copied()
            .max()
            .unwrap_or(1);
        let mut chart = lane_chart(
            root,
            &self.title,
            &names,
            Ticks::new(0.0, nq as f64, ticks, Vec::new()),
            &|x| match self.quarters.get(x.floor() as usize) {
                Some(q) if by_year => q.year.to_string(),
                Some(q) => q.to_string(),
                None => String::new(),
            },
            "quarter (versions first called released in it)",
            "component",
            false,
        )?;
        for (i, (_, counts)) in self.rows.iter().enumerate() {
            let y = lane_y(i, n);
            for (qi, &c) in counts.iter().enumerate() {
                let x = qi as f64;
                let colour = heat(c, max);
                chart
                    .draw_series([Rectangle::new(
                        [(x + 0.04, y - 0.45), (x + 0.96, y + 0.45)],
                        colour.filled(),
                    )])
                    .map_err(err)?;
                if c > 0 {
                    let (px, py) = chart.backend_coord(&(x + 0.5, y));
                    root.draw(&Text::new(
                        c.to_string(),
                        (px, py),
                        text_style(11, text_on(colour)).pos(Pos::new(HPos::Center, VPos::Center)),
                    ))
                    .map_err(err)?;
                }
            }
        }
        legend(
            root,
            &[
                ("1 release", Swatch::Box(heat(1, max))),
                (
                    &format!("{max} release{}", if max == 1 { "" } else { "s" }),
                    Swatch::Box(heat(max, max)),
                ),
            ],
        )
    }
}
