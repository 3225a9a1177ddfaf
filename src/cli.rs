//! The command line (clap derive): subcommands, their help, and the glue
//! from arguments to library calls and exit codes. Nothing here extracts
//! anything; every subcommand loads the rules and the notes the same way
//! ([`Input`]) and hands them to the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use roadmap_tracker::output::{Format, render_to, write_atomic, write_atomic_with};
use roadmap_tracker::render::RenderOptions;
use roadmap_tracker::rules::{RuleSource, Rules};
use roadmap_tracker::{
    Filter, Options, Run, count_notes, extract_paths, extract_paths_with, ruletest, score,
};

const EXIT_HELP: &str = "\
Exit codes:
  0  success
  1  some notes could not be read (the rest were processed and written)
  2  bad usage, bad rules, or no note read at all (nothing written)";

const RULES_EXIT_HELP: &str = "\
Exit codes:
  0  success
  2  bad usage, bad rules, or (rules test) a failing example";

#[derive(Parser)]
#[command(
    name = "roadmap",
    version,
    about = "Turn project-governance meeting notes into release timelines, lifecycle histories and roadmap reports.",
    long_about = "Turn project-governance meeting notes into release timelines, lifecycle histories and \
roadmap reports. Every fact (release, status transition, roadmap item) is traced to its file, line and rule.\n\n\
With no subcommand, runs `roadmap build` on `seeds/` into `output/`.",
    after_help = "Examples:\n  roadmap                               # seeds/ into output/\n  \
roadmap extract notes/ -o facts.yaml\n  roadmap explain notes/2017-09-05-runtime.md:24\n  \
roadmap rules test my-rules/\n\n"
        .to_string()
        + EXIT_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Extract releases, transitions and items, and the timeline, as YAML (or JSON).
    #[command(after_help = "Examples:\n  roadmap extract                          # the seeds, YAML on stdout\n  \
roadmap extract notes/ -o facts.yaml     # a folder, into a file\n  \
roadmap extract notes/ --pmc runtime --since 2018-01-01 --format json\n  \
cat note.md | roadmap extract - --date 2017-09-05\n\n"
        .to_string()
        + EXIT_HELP)]
    Extract(ExtractArgs),
    /// Write the whole output folder: timeline.yaml, graph.dot, charts/, reports/, exports/.
    #[command(
        long_about = "Write the whole output folder:\n\n  \
timeline.yaml   the facts and the timeline (as `roadmap extract` prints)\n  \
graph.dot       projects, components, versions and their edges (Graphviz)\n  \
charts/         release-timeline, lifecycle, roadmap-flow, release-cadence (SVG and PNG)\n  \
reports/        report-YYYYQN.md and .html for every quarter with a meeting, index.md\n  \
exports/        Mermaid gantts (timeline.md, *.mmd), releases.csv, releases.ics\n\n\
Everything is written to a staging folder first and then moved into place, so an \
interrupted run leaves the previous output whole.",
        after_help = "Examples:\n  roadmap build notes/ --out /tmp/out\n  \
roadmap build notes/ --top 12          # at most 12 lanes per chart\n\n"
            .to_string()
            + EXIT_HELP
    )]
    Build(BuildArgs),
    /// Write a quarterly roadmap report (Markdown and HTML).
    #[command(after_help = "Examples:\n  roadmap report --quarter 2017Q3 notes/\n  \
roadmap report --quarter 2019Q1 notes/ --pmc runtime --out /tmp/reports\n\n"
        .to_string()
        + EXIT_HELP)]
    Report(ReportArgs),
    /// Print the graph of projects, components and versions (Graphviz DOT or YAML).
    #[command(after_help = "Example:\n  roadmap graph notes/ | dot -Tsvg > graph.svg\n\n".to_string() + EXIT_HELP)]
    Graph(GraphArgs),
    /// Explain the facts of one line (FILE:LINE), or of one release everywhere (--fact).
    #[command(after_help = "Examples:\n  roadmap explain seeds/000_803520f23fc7e73c.txt:22\n  \
roadmap explain --fact cf-cli@6.30.0 --in notes/\n\n"
        .to_string()
        + EXIT_HELP)]
    Explain(ExplainArgs),
    /// Check, test and score rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Print shell completions.
    #[command(after_help = "Example:\n  roadmap completions bash > /etc/bash_completion.d/roadmap")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  roadmap man > roadmap.1 && man ./roadmap.1")]
    Man,
}

/// Which notes, read with which rules, narrowed how.
#[derive(clap::Args)]
struct Input {
    /// Notes: files or folders (walked recursively for .md, .markdown, .txt); `-` reads a note from stdin.
    #[arg(default_value = "seeds")]
    paths: Vec<PathBuf>,
    /// Rules folder replacing the built-in rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Meeting date (YYYY-MM-DD) for notes that have none, such as one piped in.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Only meetings of this committee (runtime, extensions, ...; in any case).
    #[arg(long, value_name = "PMC")]
    pmc: Option<String>,
    /// Only facts of this project: as in `project:` of items, or its id with aliases joined (`credhub` takes `credhub-cli` too).
    #[arg(long, value_name = "PROJECT")]
    project: Option<String>,
    /// Only releases of this component, by its id or any of its names (`cf-cli`, `cf CLI`).
    #[arg(long, value_name = "COMPONENT")]
    component: Option<String>,
    /// Only meetings on or after this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<NaiveDate>,
    /// Only meetings on or before this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    until: Option<NaiveDate>,
    /// Say nothing on stderr but errors.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also say what was repaired while reading each note.
    #[arg(short, long)]
    verbose: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("expected YYYY-MM-DD: {e}"))?;
    // Meeting dates, as notes write them: four-digit years.
    if !(1..=9999).contains(&d.year()) {
        return Err(format!("expected a year from 1 to 9999, not {}", d.year()));
    }
    Ok(d)
}

#[derive(clap::Args)]
struct ExtractArgs {
    #[command(flatten)]
    input: Input,
    /// Write to FILE (atomically) instead of stdout (`-`: stdout, as for
    /// the input).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Yaml)]
    format: FormatArg,
}

#[derive(clap::Args)]
struct BuildArgs {
    #[command(flatten)]
    input: Input,
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    /// Lanes per chart at most: the busiest components or projects
    /// (default: rules `timeline.charts.top`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    top: Option<u16>,
}

#[derive(clap::Args)]
struct ReportArgs {
    #[command(flatten)]
    input: Input,
    /// The quarter, e.g. 2017Q3 (default: the quarter of the latest meeting).
    #[arg(long, value_name = "YYYYQN")]
    quarter: Option<String>,
    /// Folder for report-QUARTER.md and report-QUARTER.html.
    #[arg(long, value_name = "DIR", default_value = "output/reports")]
    out: PathBuf,
    /// Lanes per chart at most (default: rules `timeline.charts.top`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    top: Option<u16>,
}

#[derive(clap::Args)]
struct GraphArgs {
    #[command(flatten)]
    input: Input,
    /// dot (Graphviz) or yaml (nodes, edges, cycles, orphans).
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Dot,
    Yaml,
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// FILE:LINE to explain.
    #[arg(required_unless_present = "fact")]
    at: Option<String>,
    /// Every mention of COMPONENT@VERSION in the notes under --in.
    #[arg(long, value_name = "COMPONENT@VERSION", conflicts_with = "at")]
    fact: Option<String>,
    /// Notes for --fact.
    #[arg(long = "in", value_name = "PATH", default_value = "seeds")]
    paths: Vec<PathBuf>,
    /// Rules folder replacing the built-in rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Validate rule files; report every error at once.
    #[command(after_help = "Example:\n  roadmap rules check my-rules/\n\n".to_string() + RULES_EXIT_HELP)]
    Check {
        /// Rules folder (default: the built-in rules).
        dir: Option<PathBuf>,
    },
    /// Run every rule's examples and counter-examples.
    #[command(after_help = "Example:\n  roadmap rules test my-rules/\n\n".to_string() + RULES_EXIT_HELP)]
    Test {
        /// Rules folder (default: the built-in rules).
        dir: Option<PathBuf>,
    },
    /// Print the JSON Schema of rule files (for editors).
    #[command(after_help = "Example:\n  roadmap rules schema > rules/schema.json")]
    Schema,
    /// Score the facts against gold files: per fact type and per rule.
    #[command(after_help = "Example:\n  roadmap rules score --gold ../shared/gold/seeds seeds\n\n".to_string() + EXIT_HELP)]
    Score {
        /// Folder of gold files (facts.md format).
        #[arg(long, value_name = "DIR")]
        gold: PathBuf,
        /// Notes to extract.
        #[arg(default_value = "seeds")]
        paths: Vec<PathBuf>,
        /// Rules folder replacing the built-in rules.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Yaml,
    Json,
}

/// The way back from `dir` (where a report is written) to the current
/// folder, where the notes' relative paths start: `output/reports` → `../../`.
fn link_base(dir: &Path) -> String {
    // Both ends as real paths (`..` and symlinks resolved), so the way back
    // is right whatever `--out` looks like.
    let _ = std::fs::create_dir_all(dir);
    let (Ok(cwd), Ok(dir)) = (
        std::env::current_dir().and_then(|c| c.canonicalize()),
        dir.canonicalize(),
    ) else {
        return String::new();
    };
    match pathdiff::diff_paths(&cwd, &dir) {
        Some(p) if p.as_os_str().is_empty() => String::new(),
        Some(p) => format!("{}/", p.display()),
        None => String::new(),
    }
}

/// The rules to run: the built-in ones compiled as used, a `--rules`
/// folder checked whole first.
fn load_rules(dir: Option<&Path>) -> Result<Rules> {
    load_rules_with(dir, Rules::load_to_run)
}

/// The rules checked whole, built-in ones too (`rules check`).
fn load_rules_checked(dir: Option<&Path>) -> Result<Rules> {
    load_rules_with(dir, Rules::load)
}

fn load_rules_with(
    dir: Option<&Path>,
    load: fn(&RuleSource) -> Result<Rules, roadmap_tracker::rules::RuleErrors>,
) -> Result<Rules> {
    let source = dir.map_or(RuleSource::Embedded, |d| RuleSource::Dir(d.to_path_buf()));
    let rules = load(&source)?;
    // A folder that replaces the built-in rules but lacks some kinds finds
    // none of those facts: said, not silently empty.
    if let Some(d) = dir {
        let mut err = std::io::stderr().lock();
        for (key, what) in rules.missing() {
            let _ = writeln!(
                err,
                "roadmap: warning: {}: no `{key}` rules, so {what} (the built-in ones are in the project's rules/)",
                d.display()
            );
        }
    }
    Ok(rules)
}

/// Load the rules and run the notes of `input`, with a progress bar on a
/// terminal when there are many notes.
fn run_input(input: &Input) -> Result<(Run, Rules)> {
    let rules = load_rules(input.rules.as_deref())?;
    let mut options = Options {
        date: input.date,
        filter: Filter {
            pmc: input.pmc.clone(),
            project: input.project.clone(),
            component: input.component.clone(),
            since: input.since,
            until: input.until,
        }
        .resolved(&rules),
        progress: None,
    };
    let bar = (!input.quiet && std::io::stderr().is_terminal())
        .then(|| count_notes(&input.paths))
        .filter(|&n| n >= 50)
        .map(|n| indicatif::ProgressBar::new(n as u64));
    if let Some(b) = &bar {
        let b = b.clone();
        options.progress = Some(Arc::new(move || b.inc(1)));
    }
    let run = extract_paths_with(&input.paths, &rules, &options);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let run = checked(run, &input.paths)?;
    if !input.quiet {
        let mut err = std::io::stderr().lock();
        for m in run.facts.meetings.iter().filter(|m| m.date.is_none()) {
            let _ = writeln!(
                err,
                "roadmap: warning: {}: no meeting date in the title or the file name; \
                 its facts are undated (--date sets one)",
                m.file
            );
        }
    }
    if input.verbose {
        let mut err = std::io::stderr().lock();
        for d in &run.docs {
            for r in &d.repairs {
                let file = d.meeting.as_ref().map_or("?", |m| m.file.as_str());
                let _ = writeln!(err, "roadmap: {file}: {r}");
            }
        }
    }
    Ok((run, rules))
}

/// `-o FILE` must not be one of the notes read (`extract in.md -o in.md`
/// would replace the note with its own facts).
fn refuse_to_overwrite_a_note(out: &Path, paths: &[PathBuf]) -> Result<()> {
    let Ok(target) = out.canonicalize() else {
        return Ok(()); // not there yet: not a note
    };
    let (inputs, _) = roadmap_tracker::ingest::collect_inputs(paths);
    if let Some(i) = inputs
        .iter()
        .find(|i| i.path.canonicalize().is_ok_and(|p| p == target))
    {
        bail!(
            "-o {}: that is the note {}; refusing to overwrite an input",
            out.display(),
            i.display
        );
    }
    Ok(())
}

/// Name every note that could not be read, first (before anything is
/// written); a run that read no note at all is an error, so that nothing
/// (an earlier `output/`, a file given to `-o`) is replaced by emptiness.
fn checked(run: Run, paths: &[PathBuf]) -> Result<Run> {
    let mut err = std::io::stderr().lock();
    for e in &run.errors {
        let _ = writeln!(err, "roadmap: {e}");
    }
    if run.notes == 0 && run.read > 0 {
        let committees: Vec<&str> = run.committees.iter().map(String::as_str).collect();
        let committees = if committees.is_empty() {
            String::new()
        } else {
            format!(" (their committees: {})", committees.join(", "))
        };
        bail!(
            "{} read, none of them kept by --pmc, --since or --until{committees}: \
             nothing written",
            if run.read == 1 {
                "1 note".to_string()
            } else {
                format!("{} notes", run.read)
            },
        );
    }
    if run.notes == 0 {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        // Files were found but none could be read (named above), or none
        // was found: then say what a note is.
        let hint = if run.errors.is_empty() {
            " (notes are .md, .markdown or .txt files)"
        } else {
            ""
        };
        bail!(
            "no note read from {}{hint}: nothing written",
            shown.join(", ")
        );
    }
    Ok(run)
}

/// The closing summary and the exit code: 1 when some notes could not be
/// read (they were named first, by [`checked`]).
fn report_errors(run: &Run, quiet: bool) -> ExitCode {
    let mut err = std::io::stderr().lock();
    if !quiet {
        let _ = writeln!(
            err,
            "roadmap: {} notes: {} releases, {} transitions, {} items",
            run.notes,
            run.facts.releases.len(),
            run.facts.transitions.len(),
            run.facts.items.len()
        );
    }
    if run.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn explain(a: ExplainArgs) -> Result<ExitCode> {
    let rules = load_rules(a.rules.as_deref())?;
    let mut out = std::io::stdout().lock();
    if let Some(fact) = &a.fact {
        let (component, version) = fact
            .split_once('@')
            .context("--fact takes COMPONENT@VERSION, e.g. cf-cli@6.30.0")?;
        // By any of its names, as in the notes (`cf CLI@6.30.0`).
        let component =
            roadmap_tracker::extract::component_alias(component, &rules).unwrap_or(component);
        let want = roadmap_tracker::link::history::lenient_semver(version);
        let run = checked(extract_paths(&a.paths, &rules), &a.paths)?;
        let mut n = 0;
        for r in run.facts.releases.iter().filter(|r| {
            r.component == component
                && (r.version == version
                    || (want.is_some()
                        && roadmap_tracker::link::history::lenient_semver(&r.version) == want))
        }) {
            n += 1;
            let date = r.date.map(|d| d.to_string()).unwrap_or_default();
            writeln!(
                out,
                "{}:{} {date} {}@{} {} (rule {}, version by {})",
                r.file, r.line, r.component, r.version, r.status, r.rule, r.version_rule
            )?;
            writeln!(out, "    {}", r.text)?;
        }
        if n == 0 {
            writeln!(out, "no mention of {fact}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let at = a.at.unwrap_or_default();
    let (file, line) = at
        .rsplit_once(':')
        .and_then(|(f, l)| Some((f, l.parse::<usize>().ok().filter(|&n| n > 0)?)))
        .with_context(|| {
            format!("`{at}`: expected FILE:LINE, e.g. seeds/000_803520f23fc7e73c.txt:22")
        })?;
    let input = roadmap_tracker::ingest::InputFile {
        display: file.to_string(),
        path: PathBuf::from(file),
    };
    let doc = roadmap_tracker::ingest::read_document(&input)?;
    let text = doc
        .text
        .lines()
        .nth(line.saturating_sub(1))
        .with_context(|| format!("{file} has no line {line}"))?;
    let facts = roadmap_tracker::extract::extract_document(&doc, &rules);
    write!(
        out,
        "{}",
        roadmap_tracker::explain::explain(&facts, line, text, &rules)
    )?;
    Ok(ExitCode::SUCCESS)
}

fn rules_test(dir: Option<PathBuf>) -> Result<ExitCode> {
    let source = dir.map_or(RuleSource::Embedded, RuleSource::Dir);
    let results = ruletest::run_source(&source.texts()?)?;
    let mut failed = 0;
    let mut out = std::io::stdout().lock();
    for r in &results {
        if r.failures.is_empty() {
            writeln!(out, "ok    {} ({} examples)", r.id, r.checked)?;
        } else {
            failed += 1;
            writeln!(out, "FAIL  {}  {}:{}", r.id, r.file, r.line)?;
            for f in &r.failures {
                writeln!(out, "        {f}")?;
            }
        }
    }
    writeln!(out, "{} passed, {} failed", results.len() - failed, failed)?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

pub fn run() -> Result<ExitCode> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return Ok(ExitCode::from(code));
        }
    };
    let command = cli.command.unwrap_or_else(|| {
        Command::Build(BuildArgs {
            input: Input {
                paths: vec![PathBuf::from("seeds")],
                rules: None,
                date: None,
                pmc: None,
                project: None,
                component: None,
                since: None,
                until: None,
                quiet: false,
                verbose: false,
            },
            out: PathBuf::from("output"),
            top: None,
        })
    });
    match command {
        Command::Extract(a) => {
            // `-o -` is stdout, as `-` is stdin for the input.
            let output = a.output.as_ref().filter(|p| p.as_os_str() != "-");
            if let Some(p) = output {
                refuse_to_overwrite_a_note(p, &a.input.paths)?;
            }
            let (run, _) = run_input(&a.input)?;
            let format = match a.format {
                FormatArg::Yaml => Format::Yaml,
                FormatArg::Json => Format::Json,
            };
            match output {
                Some(p) => {
                    write_atomic_with(p, |w| render_to(&run.facts, &run.timeline, format, w))?
                }
                None => {
                    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                    render_to(&run.facts, &run.timeline, format, &mut out)?;
                    out.flush().context("writing to stdout")?;
                }
            }
            Ok(report_errors(&run, a.input.quiet))
        }
        Command::Build(a) => {
            let (run, rules) = run_input(&a.input)?;
            let top = a.top.map_or(rules.chart_top, usize::from);
            let options = RenderOptions {
                top,
                link_base: link_base(&a.out.join("reports")),
            };
            let files =
                roadmap_tracker::render::build(&run.facts, &run.timeline, &run.graph, &options)?;
            roadmap_tracker::output::write_tree(&a.out, &files)?;
            if !a.input.quiet {
                eprintln!(
                    "roadmap: wrote {} files into {} (timeline.yaml, graph.dot, charts/, reports/, exports/)",
                    files.len(),
                    a.out.display()
                );
            }
            Ok(report_errors(&run, a.input.quiet))
        }
        Command::Explain(a) => explain(a),
        Command::Report(a) => {
            let (run, rules) = run_input(&a.input)?;
            let quarter = match &a.quarter {
                Some(q) => roadmap_tracker::report::Quarter::parse(q).with_context(|| {
                    format!("--quarter `{q}`: expected a quarter such as 2017Q3")
                })?,
                None => run
                    .facts
                    .meetings
                    .iter()
                    .filter_map(|m| m.date)
                    .max()
                    .map(roadmap_tracker::report::Quarter::of)
                    .context(
                        "no dated meeting to report on (a date comes from the title or the \
                         file name; --date gives one; --pmc/--since/--until may exclude all)",
                    )?,
            };
            let in_quarter = run
                .facts
                .meetings
                .iter()
                .filter_map(|m| m.date)
                .filter(|d| quarter.start() <= *d && *d <= quarter.end())
                .count();
            if in_quarter == 0 && !a.input.quiet {
                eprintln!("roadmap: warning: no meeting in {quarter}; the report says so");
            }
            let from = a
                .input
                .since
                .unwrap_or(quarter.start())
                .max(quarter.start());
            let to = a.input.until.unwrap_or(quarter.end()).min(quarter.end());
            let top = a.top.map_or(rules.chart_top, usize::from);
            let report = roadmap_tracker::render::quarter_report(
                &run.facts,
                &run.timeline,
                quarter,
                from,
                to,
                &RenderOptions {
                    top,
                    link_base: link_base(&a.out),
                },
            )?;
            let md_path = a.out.join(format!("report-{quarter}.md"));
            write_atomic(&md_path, &report.markdown)?;
            write_atomic(&a.out.join(format!("report-{quarter}.html")), &report.html)?;
            if !a.input.quiet {
                eprintln!("roadmap: wrote {} and .html", md_path.display());
            }
            Ok(report_errors(&run, a.input.quiet))
        }
        Command::Graph(a) => {
            let (run, _) = run_input(&a.input)?;
            let text = match a.format {
                GraphFormat::Dot => run.graph.to_dot(),
                GraphFormat::Yaml => {
                    serde_norway::to_string(&run.timeline.graph).context("serialising the graph")?
                }
            };
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .context("writing to stdout")?;
            Ok(report_errors(&run, a.input.quiet))
        }
        Command::Rules(RulesCommand::Check { dir }) => {
            let rules = load_rules_checked(dir.as_deref())?;
            let n = rules.examples.len();
            writeln!(
                std::io::stdout(),
                "rules ok: {n} rule{}",
                if n == 1 { "" } else { "s" }
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules(RulesCommand::Test { dir }) => rules_test(dir),
        Command::Rules(RulesCommand::Schema) => {
            write!(
                std::io::stdout(),
                "{}",
                roadmap_tracker::rules::json_schema()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules(RulesCommand::Score { gold, paths, rules }) => {
            let rules = load_rules(rules.as_deref())?;
            let gold = score::load_gold(&gold)?;
            let run = checked(extract_paths(&paths, &rules), &paths)?;
            write!(std::io::stdout(), "{}", score::score(&gold, &run.facts))?;
            Ok(report_errors(&run, true))
        }
        Command::Completions { shell } => {
            // Generated into memory: clap_complete panics on a failed write,
            // and a closed pipe (`| head`) is no error.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "roadmap", &mut script);
            std::io::stdout().write_all(&script)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
