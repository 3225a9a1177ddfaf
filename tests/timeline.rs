//! The timeline across meetings: item tracking on a small hand-made series
//! (`tests/timeline/series/`), and, where the real corpus and tag dates are
//! beside the project (`../shared`), the Extensions lifecycles and the cf CLI
//! release history checked against the real tag dates.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use roadmap_tracker::extract_paths;
use roadmap_tracker::link::VersionHistory;
use roadmap_tracker::link::history::lenient_semver;
use roadmap_tracker::rules::{RuleSource, Rules};

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_reworded_item_is_one_track_from_planned_to_done() {
    let rules = Rules::load(&RuleSource::Embedded).unwrap();
    let run = extract_paths(&[root().join("tests/timeline/series")], &rules);
    let tracks = &run.timeline.tracks;
    let rootless: Vec<_> = tracks
        .iter()
        .filter(|t| t.title.to_lowercase().contains("rootless"))
        .collect();
    assert_eq!(rootless.len(), 1, "{tracks:#?}");
    let t = rootless[0];
    assert_eq!(t.project, "garden");
    assert_eq!(
        t.history.iter().map(|s| &**s).collect::<Vec<_>>(),
        ["planned", "in_progress", "done"]
    );
    assert_eq!(&*t.status, "done");
    assert_eq!(t.first_seen, date("2019-01-08"));
    assert_eq!(t.last_seen, date("2019-02-05"));
    assert_eq!(t.lead_time_days, Some(28));
    assert_eq!(t.mentions.len(), 3);
    assert!(!t.slipped);
    // Work first seen done has no lead time (its start is not in the notes).
    let done_at_once: Vec<_> = tracks
        .iter()
        .filter(|t| t.history.first().is_some_and(|s| &**s == "done"))
        .collect();
    assert!(!done_at_once.is_empty());
    assert!(done_at_once.iter().all(|t| t.lead_time_days.is_none()));

    // Planned in the first meeting, never seen again in three later ones.
    let cpu: Vec<_> = tracks
        .iter()
        .filter(|t| t.title.contains("CPU entitlements"))
        .collect();
    assert_eq!(cpu.len(), 1);
    assert_eq!(&*cpu[0].status, "planned");
    assert!(cpu[0].slipped);

    // Unrelated work is its own track, done, not slipped.
    let flake: Vec<_> = tracks
        .iter()
        .filter(|t| t.title.contains("flake"))
        .collect();
    assert_eq!(flake.len(), 1);
    assert!(!flake[0].slipped);

    // One version planned ("Releasing v1.19 next week": not started, so
    // planned) then released ("1.19.0") is one track; the next version is
    // other work, though its words are the same.
    let runc: Vec<_> = tracks
        .iter()
        .filter(|t| t.title.contains("garden-runc"))
        .map(|t| (t.mentions.len(), t.history.iter().map(|s| &**s).collect()))
        .collect();
    let expected: Vec<(usize, Vec<&str>)> = vec![(2, vec!["planned", "done"]), (1, vec!["done"])];
    assert_eq!(runc, expected, "{tracks:#?}");
}

fn corpus() -> Option<PathBuf> {
    let p = root().join("../shared/corpus/pmc-notes");
    p.is_dir().then_some(p)
}

#[test]
fn extensions_projects_graduate_and_abacus_retires() {
    let Some(corpus) = corpus() else {
        common::skip("corpus not present");
        return;
    };
    let rules = Rules::load(&RuleSource::Embedded).unwrap();
    let run = extract_paths(&[corpus.join("Extensions")], &rules);
    let by_id: HashMap<&str, Vec<(String, Option<NaiveDate>)>> = run
        .timeline
        .projects
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                p.statuses
                    .iter()
                    .map(|s| (s.status.clone(), s.since))
                    .collect(),
            )
        })
        .collect();
    let expect = |id: &str, want: &[(&str, &str)]| {
        let got = by_id.get(id).unwrap_or_else(|| panic!("no project {id}"));
        let want: Vec<(String, Option<NaiveDate>)> =
            want.iter().map(|(s, d)| (s.to_string(), date(d))).collect();
        assert_eq!(got, &want, "{id}");
    };
    for id in ["app-autoscaler", "bbr", "buildpacks", "credhub", "kubo"] {
        expect(
            id,
            &[("incubating", "2017-09-25"), ("active", "2019-07-29")],
        );
    }
    // Named "Stratos-UI" under review first.
    expect(
        "stratos",
        &[
            ("under-review", "2017-11-27"),
            ("incubating", "2018-01-29"),
            ("active", "2019-07-29"),
        ],
    );
    let abacus = &by_id["abacus"];
    assert!(
        abacus.contains(&("retiring".to_string(), date("2019-07-29"))),
        "{abacus:?}"
    );
}

/// How the cf CLI history of the corpus agrees with the real tag dates:
/// (agreeing, checked) for released, planned and shipping windows, each
/// with the tolerance issue 3 gives its kind of mention (a released
/// mention may come up to a day before the tag, a planned one up to 7 days
/// after it), and the windows once more with no tolerance at all; `None`
/// where the corpus or the tag dates are missing.
fn cf_cli_against_tags() -> Option<[(usize, usize); 4]> {
    let (Some(corpus), true) = (
        corpus(),
        root().join("../shared/truth/cf-cli-tags.csv").is_file(),
    ) else {
        common::skip("corpus or tag dates not present");
        return None;
    };
    let csv = std::fs::read_to_string(root().join("../shared/truth/cf-cli-tags.csv")).unwrap();
    let tags: HashMap<semver::Version, NaiveDate> = csv
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Some((lenient_semver(f.get(1)?)?, date(f.get(2)?)?))
        })
        .collect();
    let rules = Rules::load(&RuleSource::Embedded).unwrap();
    let run = extract_paths(&[corpus], &rules);
    let cli: Vec<_> = run
        .timeline
        .history
        .iter()
        // Tags are x.y.z releases; a bare major line ("V7 CLI") is not one.
        .filter(|h| h.component == "cf-cli" && h.version.contains('.'))
        .filter_map(|h| Some((h, *tags.get(&lenient_semver(&h.version)?)?)))
        .collect();
    let day = chrono::Duration::days(1);
    // The tolerances of issue 3: released by the meeting (+1 day), planned
    // after it (-7 days). A window runs from a planned mention to a
    // released one, so each end keeps its own kind's tolerance.
    let released_agrees = |tag: NaiveDate, meeting: NaiveDate| tag <= meeting + day;
    let planned_agrees =
        |tag: NaiveDate, meeting: NaiveDate| tag > meeting - chrono::Duration::days(7);
    let count = |ok: &dyn Fn(&(&VersionHistory, NaiveDate)) -> Option<bool>| {
        let checked: Vec<bool> = cli.iter().filter_map(ok).collect();
        (checked.iter().filter(|b| **b).count(), checked.len())
    };
    let released = count(&|(h, tag)| Some(released_agrees(*tag, h.first_released?)));
    let planned = count(&|(h, tag)| Some(planned_agrees(*tag, h.first_planned?)));
    let windows = count(&|(h, tag)| {
        let [Some(from), Some(by)] = h.window else {
            return None;
        };
        Some(planned_agrees(*tag, from) && released_agrees(*tag, by))
    });
    let strict_windows = count(&|(h, tag)| {
        let [Some(from), Some(by)] = h.window else {
            return None;
        };
        Some(from <= *tag && *tag <= by)
    });
    Some([released, planned, windows, strict_windows])
}

/// Issue 3's bars on the cf CLI: 98% of released versions were tagged by
/// the meeting, 90% of planned ones after it, and 90% of shipping windows
/// hold the tag date.
#[test]
fn cf_cli_history_agrees_with_the_real_tag_dates() {
    let Some(
        [
            (released_ok, released),
            (planned_ok, planned),
            (windows_ok, windows),
            (strict_ok, _),
        ],
    ) = cf_cli_against_tags()
    else {
        return;
    };
    eprintln!(
        "cf-cli: released {released_ok}/{released}, planned {planned_ok}/{planned}, \
         windows {windows_ok}/{windows} (with no tolerance at either end: {strict_ok}/{windows})"
    );
    assert!(released >= 20 && planned >= 10 && windows >= 10);
    assert!(released_ok as f64 >= 0.98 * released as f64);
    assert!(planned_ok as f64 >= 0.90 * planned as f64);
    assert!(
        windows_ok as f64 >= 0.90 * windows as f64,
        "windows {windows_ok}/{windows}"
    );
    // With no tolerance, 13 of 15 (the notes call 6.36.0 and 6.37.0
    // "releasing soon" 1 and 4 days after their tags): a floor against
    // regressions, not a bar.
    assert!(strict_ok as f64 >= 0.85 * windows as f64);
}

/// Tracks against people's judgement: for six Runtime projects over a year
/// (cli, garden, uaa, diego and routing in 2018, loggregator in 2017),
/// readers blind to the tracker grouped the item mentions that are the same
/// work (`tests/timeline/judged/`, file and line only: the notes are not
/// ours to commit). Every pair of mentions counts: linked by both, by the
/// tracker only, by the reader only. The tracker links little but links it
/// right; readers also join the steps of an epic whose wording shares few
/// words ("BPM" work as the road to "rootless"), which word overlap misses.
#[test]
fn tracks_agree_with_people_on_which_mentions_are_the_same_work() {
    let Some(corpus) = corpus() else {
        common::skip("corpus not present");
        return;
    };
    let rules = Rules::load(&RuleSource::Embedded).unwrap();
    let run = extract_paths(&[corpus.join("Runtime")], &rules);
    let prefix = format!("{}/", corpus.display());
    let track_of: HashMap<(String, usize), &str> = run
        .timeline
        .tracks
        .iter()
        .flat_map(|t| {
            t.mentions.iter().map(|m| {
                let file = m.file.strip_prefix(&prefix).unwrap_or(&m.file).to_string();
                ((file, m.line), t.id.as_str())
            })
        })
        .collect();
    let (mut both, mut tracker, mut people) = (0usize, 0usize, 0usize);
    let mut dir: Vec<_> = std::fs::read_dir(root().join("tests/timeline/judged"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dir.sort();
    for path in dir {
        let text = std::fs::read_to_string(&path).unwrap();
        let rows: Vec<(Option<&str>, &str)> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("file\t"))
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let key = (f[0].to_string(), f[1].parse::<usize>().unwrap());
                (track_of.get(&key).copied(), f[2])
            })
            .collect();
        let unmatched = rows.iter().filter(|r| r.0.is_none()).count();
        assert_eq!(
            unmatched,
            0,
            "{}: judged mentions not tracked",
            path.display()
        );
        let (mut b, mut t, mut p) = (0, 0, 0);
        for (i, a) in rows.iter().enumerate() {
            for c in &rows[i + 1..] {
                let (ours, theirs) = (a.0 == c.0, a.1 == c.1);
                b += usize::from(ours && theirs);
                t += usize::from(ours);
                p += usize::from(theirs);
            }
        }
        eprintln!(
            "{}: pairs linked by people {p}, by the tracker {t}, by both {b}",
            path.file_name().unwrap().to_string_lossy()
        );
        (both, tracker, people) = (both + b, tracker + t, people + p);
    }
    let precision = both as f64 / tracker as f64;
    let recall = both as f64 / people as f64;
    eprintln!("tracks vs people: precision {precision:.3}, recall {recall:.3}");
    // Measured 0.853 and 0.229: a floor against regressions. (The word-union
    // matcher before it: 0.802 and 0.174 on the same six sets.)
    assert!(precision >= 0.8, "precision {precision:.3}");
    assert!(recall >= 0.2, "recall {recall:.3}");
}

/// The YAML written in pieces, in parallel, is byte for byte the whole
/// report serialised at once, whatever the size of the pieces.
#[test]
fn yaml_in_pieces_is_the_whole_report() {
    use roadmap_tracker::output::{Report, yaml_in_pieces};
    let rules = Rules::load(&RuleSource::Embedded).unwrap();
    let run = extract_paths(
        &[root().join("seeds"), root().join("tests/timeline/series")],
        &rules,
    );
    let report = Report {
        facts: &run.facts,
        timeline: &run.timeline,
    };
    let whole = serde_norway::to_string(&report).unwrap();
    assert!(run.facts.items.len() > 100 && !run.timeline.tracks.is_empty());
    for chunk in [1, 2, 7, 1024] {
        let mut pieces = Vec::new();
        yaml_in_pieces(&report, &mut pieces, chunk).unwrap();
        assert!(String::from_utf8(pieces).unwrap() == whole, "chunk {chunk}");
    }
}
