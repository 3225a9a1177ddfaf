//! The command line (clap derive): subcommands, their help, and the glue
//! from arguments to library calls and exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use roadmap_tracker::output::{Format, render, write_atomic};
use roadmap_tracker::rules::{RuleSource, Rules};
use roadmap_tracker::{Run, extract_paths, ruletest};

const EXIT_HELP: &str = "\
Exit codes:
  0  success
  1  some notes could not be read (the rest were processed and written)
  2  bad usage or bad rules";

#[derive(Parser)]
#[command(
    name = "roadmap",
    version,
    about = "Turn project-governance meeting notes into release timelines, lifecycle histories and roadmap reports.",
    long_about = "Turn project-governance meeting notes into release timelines, lifecycle histories and \
roadmap reports. Every fact (release, status transition, roadmap item) is traced to its file, line and rule.\n\n\
With no subcommand, runs `roadmap build` on `seeds/` into `output/`.",
    after_help = EXIT_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Extract releases, transitions and items from notes as YAML (or JSON).
    #[command(after_help = "Examples:\n  roadmap extract                      # the seeds, YAML on stdout\n  \
roadmap extract notes/ -o facts.yaml # a folder, into a file\n  \
roadmap extract a.md --rules my-rules/\n\n".to_string() + EXIT_HELP)]
    Extract(ExtractArgs),
    /// Write timeline.yaml (and, later, charts and reports) into an output folder.
    #[command(after_help = "Example:\n  roadmap build ../notes --out /tmp/out\n\n".to_string() + EXIT_HELP)]
    Build(BuildArgs),
    /// Check and test rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Explain the facts of one line (FILE:LINE), or of one release everywhere (--fact).
    #[command(after_help = "Examples:\n  roadmap explain seeds/000_803520f23fc7e73c.txt:22\n  \
roadmap explain --fact cf-cli@6.30.0 ../notes\n\n".to_string() + EXIT_HELP)]
    Explain(ExplainArgs),
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// FILE:LINE to explain.
    #[arg(required_unless_present = "fact")]
    at: Option<String>,
    /// Every mention of COMPONENT@VERSION in the notes under PATHS.
    #[arg(long, value_name = "COMPONENT@VERSION", conflicts_with = "at")]
    fact: Option<String>,
    /// Notes for --fact (default: seeds).
    #[arg(long = "in", value_name = "PATH", default_value = "seeds")]
    paths: Vec<PathBuf>,
    /// Rules folder replacing the built-in rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Notes: files or folders (walked recursively for .md, .markdown, .txt).
    #[arg(default_value = "seeds")]
    paths: Vec<PathBuf>,
    /// Rules folder replacing the built-in rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Yaml)]
    format: FormatArg,
    /// Say nothing on stderr but errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(clap::Args)]
struct BuildArgs {
    /// Notes: files or folders.
    #[arg(default_value = "seeds")]
    paths: Vec<PathBuf>,
    /// Rules folder replacing the built-in rules.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Validate rule files; report every error at once.
    #[command(after_help = "Example:\n  roadmap rules check my-rules/\n\n".to_string() + EXIT_HELP)]
    Check {
        /// Rules folder (default: the built-in rules).
        dir: Option<PathBuf>,
    },
    /// Run every rule's examples and counter-examples.
    #[command(after_help = "Example:\n  roadmap rules test my-rules/\n\n".to_string() + EXIT_HELP)]
    Test {
        /// Rules folder (default: the built-in rules).
        dir: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Yaml,
    Json,
}

fn load_rules(dir: Option<&Path>) -> Result<Rules> {
    let source = dir.map_or(RuleSource::Embedded, |d| RuleSource::Dir(d.to_path_buf()));
    Ok(Rules::load(&source)?)
}

fn report_errors(run: &Run, quiet: bool) -> ExitCode {
    let mut err = std::io::stderr().lock();
    for e in &run.errors {
        let _ = writeln!(err, "roadmap: {e}");
    }
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
        let want = roadmap_tracker::link::history::lenient_semver(version);
        let run = extract_paths(&a.paths, &rules);
        let mut n = 0;
        for r in run.facts.releases.iter().filter(|r| {
            r.component == component
                && (r.version == version
                    || (want.is_some()
                        && roadmap_tracker::link::history::lenient_semver(&r.version) == want))
        }) {
            n += 1;
            writeln!(
                out,
                "{}:{} {} {}@{} {} (rule {}, version by {})",
                r.file,
                r.line,
                r.date.map(|d| d.to_string()).unwrap_or_default(),
                r.component,
                r.version,
                r.status,
                r.rule,
                r.version_rule
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
        .and_then(|(f, l)| Some((f, l.parse::<usize>().ok()?)))
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

pub fn run() -> Result<ExitCode> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return Ok(ExitCode::from(code));
        }
    };
    let command = cli.command.unwrap_or(Command::Build(BuildArgs {
        paths: vec![PathBuf::from("seeds")],
        rules: None,
        out: PathBuf::from("output"),
        quiet: false,
    }));
    match command {
        Command::Extract(a) => {
            let rules = load_rules(a.rules.as_deref())?;
            let run = extract_paths(&a.paths, &rules);
            let format = match a.format {
                FormatArg::Yaml => Format::Yaml,
                FormatArg::Json => Format::Json,
            };
            let text = render(&run.facts, &run.timeline, format)?;
            match &a.output {
                Some(p) => write_atomic(p, &text)?,
                None => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(text.as_bytes())
                        .context("writing to stdout")?;
                    out.flush().context("writing to stdout")?;
                }
            }
            Ok(report_errors(&run, a.quiet))
        }
        Command::Build(a) => {
            let rules = load_rules(a.rules.as_deref())?;
            let run = extract_paths(&a.paths, &rules);
            let text = render(&run.facts, &run.timeline, Format::Yaml)?;
            write_atomic(&a.out.join("timeline.yaml"), &text)?;
            write_atomic(&a.out.join("graph.dot"), &run.graph.to_dot())?;
            if !a.quiet {
                eprintln!("roadmap: wrote {}", a.out.join("timeline.yaml").display());
            }
            Ok(report_errors(&run, a.quiet))
        }
        Command::Explain(a) => explain(a),
        Command::Rules(RulesCommand::Check { dir }) => {
            let rules = load_rules(dir.as_deref())?;
            let n = rules.examples.len();
            println!("rules ok: {n} rules");
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules(RulesCommand::Test { dir }) => {
            let rules = load_rules(dir.as_deref())?;
            let results = ruletest::run_all(&rules);
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
    }
}
