//! The rules' own examples: every rule in `rules/` carries text it must
//! handle (and the fact it must give) and text it must leave alone; all of
//! them run here through the whole pipeline.

use roadmap_tracker::rules::{RuleSource, Rules};
use roadmap_tracker::ruletest::{run_all, run_source};

fn rules() -> Rules {
    Rules::load(&RuleSource::Embedded).unwrap_or_else(|e| panic!("{e}"))
}

/// Every example passes, and each rule's examples fail without it.
#[test]
fn every_rule_example_passes() {
    let results = run_source(&RuleSource::Embedded.texts().unwrap()).unwrap();
    let failures: Vec<String> = results
        .iter()
        .filter(|r| !r.failures.is_empty())
        .map(|r| {
            format!(
                "{} ({}:{}):\n  {}",
                r.id,
                r.file,
                r.line,
                r.failures.join("\n  ")
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} rules fail their examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(results.len() > 50, "only {} rules loaded", results.len());
}

#[test]
fn every_rule_carries_an_example() {
    let bare: Vec<String> = rules()
        .examples
        .iter()
        .filter(|r| r.examples.is_empty())
        .map(|r| format!("{} ({}:{})", r.id, r.file, r.line))
        .collect();
    assert!(
        bare.is_empty(),
        "rules without examples: {}",
        bare.join(", ")
    );
}

/// A counter-example that the rule does fire on is reported as a failure,
/// at the counter-example's line: the harness itself can fail.
#[test]
fn a_broken_example_is_reported() {
    let text = "item_cues:\n  - id: item.shipped\n    pattern: '(?i)shipped'\n    status: done\n    examples: [{text: 'Shipped it', item: {status: done}}]\n    counter: ['We shipped it']\n";
    let rules = Rules::from_texts(&[("x.yaml".to_string(), text.to_string())]).unwrap();
    let results = run_all(&rules);
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0].failures,
        // Named at its own line (6), not the rule's (2).
        vec!["x.yaml:6: \"We shipped it\": must not fire, but did".to_string()]
    );
}

/// An example that passes with its rule disabled is reported: a new
/// component whose name is its own id is found by its name's shape anyway,
/// so only an example away from the version shows the rule at work.
#[test]
fn an_example_that_does_not_need_its_rule_is_reported() {
    let mut files = RuleSource::Embedded.texts().unwrap();
    let widget = |text: &str| {
        format!(
            "components:\n  - id: widget\n    names: [\"Widget\"]\n    examples:\n      - text: \"{text}\"\n        release: {{component: widget, version: \"1.2.3\"}}\n"
        )
    };
    files.push(("extra.yaml".to_string(), widget("Released Widget 1.2.3")));
    let results = run_source(&files).unwrap();
    let w = results.iter().find(|r| r.id == "widget").unwrap();
    assert_eq!(w.failures.len(), 1, "{:?}", w.failures);
    assert!(w.failures[0].contains("pass with this rule disabled"));

    files.pop();
    files.push(("extra.yaml".to_string(), widget("Released 1.2.3 of Widget")));
    let results = run_source(&files).unwrap();
    let w = results.iter().find(|r| r.id == "widget").unwrap();
    assert!(w.failures.is_empty(), "{:?}", w.failures);
}

/// `rules/schema.json` (for editors) is the schema the code generates:
/// `roadmap rules schema > rules/schema.json` after changing a rule type.
#[test]
fn the_committed_schema_is_the_generated_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/schema.json");
    let committed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        committed,
        roadmap_tracker::rules::json_schema(),
        "run `roadmap rules schema > rules/schema.json`"
    );
    // Strict like the loader: an unknown key is an error in the editor too.
    let v: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(v["additionalProperties"], serde_json::Value::Bool(false));
    assert_eq!(
        v["$defs"]["CueRule"]["additionalProperties"],
        serde_json::Value::Bool(false)
    );
}

/// A copy of the built-in rules in a temporary folder, with `file` replaced.
fn rules_with(file: &str, write: impl FnOnce(&std::path::Path)) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    write(&dir.path().join(file));
    let err = match Rules::load(&RuleSource::Dir(dir.path().to_path_buf())) {
        Ok(_) => panic!("the rules were accepted"),
        Err(e) => e.to_string(),
    };
    (dir, err)
}

/// A YAML alias bomb (nine anchors, each nine times the one before: 9^10
/// strings if expanded) is refused with a located error, not expanded.
#[test]
fn a_yaml_alias_bomb_is_refused() {
    let (_dir, err) = rules_with("components.yaml", |p| {
        let mut y = String::from(
            "components:\n  - id: a\n    names: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        for w in names.windows(2) {
            let refs = vec![format!("*{}", w[0]); 9].join(",");
            y.push_str(&format!(
                "  - id: {}\n    names: &{} [{refs}]\n",
                w[1], w[1]
            ));
        }
        std::fs::write(p, y).unwrap();
    });
    assert!(err.contains("components.yaml:3:"), "{err}");
    assert!(
        err.contains("invalid type: sequence, expected a string"),
        "{err}"
    );
}

/// A rules file of 1 GB (sparse: no disk is used) is refused before it is read.
#[test]
fn a_huge_rules_file_is_refused() {
    let (_dir, err) = rules_with("items.yaml", |p| {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(p)
            .unwrap();
        f.set_len(1 << 30).unwrap();
    });
    assert!(err.contains("items.yaml"), "{err}");
    assert!(
        err.contains("rules file is larger than 1048576 bytes"),
        "{err}"
    );
}

/// An example that opens with a character of more than one byte loads
/// (finding its line once sliced inside such a character and panicked).
#[test]
fn an_example_opening_with_a_multibyte_character_loads() {
    let text = "item_cues:\n  - id: item.uber\n    pattern: '(?i)über'\n    status: done\n    examples: [{text: 'Über alles shipped', item: {status: done}}]\n    counter: ['Ünchanged Ünterwegs: nothing']\n";
    let rules = Rules::from_texts(&[("x.yaml".to_string(), text.to_string())]).unwrap();
    assert_eq!(rules.examples[0].example_lines, vec![5]);
    assert_eq!(rules.examples[0].counter_lines, vec![6]);
}

/// A rule is placed at its own `id:` line, also when an earlier rule's id
/// starts the same way (only the first 24 characters were once compared,
/// so `version.cf-cli-major-after` was placed at `version.cf-cli-major`),
/// and also in a file with CRLF line ends.
#[test]
fn a_rule_is_placed_at_its_own_id_not_at_a_longer_or_shorter_one() {
    let text = "item_cues:\n  - id: item.planned-for-the-quarter\n    pattern: '(?i)next quarter'\n    status: planned\n    examples: [{text: 'Next quarter: a thing', item: {status: planned}}]\n  - id: item.planned-for-the-quarter-after\n    pattern: '(?i)quarter after'\n    status: planned\n    examples: [{text: 'The quarter after: more', item: {status: planned}}]\n";
    for text in [text.to_string(), text.replace('\n', "\r\n")] {
        let rules = Rules::from_texts(&[("x.yaml".to_string(), text)]).unwrap();
        let placed: Vec<(usize, Vec<usize>)> = rules
            .examples
            .iter()
            .map(|e| (e.line, e.example_lines.clone()))
            .collect();
        assert_eq!(placed, vec![(2, vec![5]), (6, vec![9])]);
    }
}

/// Every error of a file at once, not one per run: a wrong type, an
/// unknown key, a bad status and a bad regex in one file are all named,
/// each at its line and column (the regex at the fault within it).
#[test]
fn every_error_of_a_file_is_reported_at_once() {
    let (_dir, err) = rules_with("items.yaml", |p| {
        std::fs::write(
            p,
            "item_label_max_words: seven\n\
             cue_labels:\n  \
               - id: label.one\n    pattern: 'done'\n    status: finished\n  \
               - id: label.two\n    colour: red\n    pattern: 'next'\n    status: planned\n  \
               - id: label.three\n    pattern: 'soon((x)'\n    status: planned\n",
        )
        .unwrap();
    });
    for expected in [
        "items.yaml:1:23: item_label_max_words: invalid type: string \"seven\"",
        "items.yaml:7:5: cue_labels[1]: unknown field `colour`",
        "items.yaml:5:5: rule `label.one`: unknown status `finished`",
        "items.yaml:11:19: rule `label.three`: invalid regex: unclosed group",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert!(err.starts_with("4 errors in rules"), "{err}");
}

/// Two rules that write the same wrong words: each error points into its
/// own rule, not both at the first.
#[test]
fn an_error_points_into_its_own_rule() {
    let (_dir, err) = rules_with("timeline.yaml", |p| {
        std::fs::write(
            p,
            "relative_dates:\n  \
               - id: when.one\n    pattern: 'one'\n    resolve: someday\n  \
               - id: when.two\n    pattern: 'two'\n    resolve: someday\n",
        )
        .unwrap();
    });
    for expected in [
        "timeline.yaml:4:5: rule `when.one`: unknown resolve `someday`",
        "timeline.yaml:7:5: rule `when.two`: unknown resolve `someday`",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

/// A broken file read piece by piece with a line of multibyte characters
/// among its entries (where the entries' indentation would cut a
/// character): errors, not a panic.
#[test]
fn a_broken_file_with_multibyte_lines_is_reported_not_panicked_on() {
    let (_dir, err) = rules_with("items.yaml", |p| {
        std::fs::write(
            p,
            "item_cues:\n  - id: a\n    pattern: x\n    status: done\n€€€\n  - id: b\n    colour: 1\n",
        )
        .unwrap();
    });
    assert!(
        err.contains("items.yaml:7:5: item_cues[1]: unknown field `colour`"),
        "{err}"
    );
}

/// Reading a broken file piece by piece invents no error and loses none:
/// a value that is not a list is one error, its entries are not split
/// (a nested list is no list of rules), and a flow list's lines at column
/// 0 are no keys.
#[test]
fn a_broken_file_read_piece_by_piece_reports_what_is_wrong_only() {
    let (_dir, err) = rules_with("timeline.yaml", |p| {
        std::fs::write(
            p,
            "timeline:\n  released_twice_dayz: 60\n  tracks:\n    stopwords:\n      - the\n      - a\n\
             cue_labels:\n  oops\n  - id: label.x\n    pattern: 'x'\n    status: done\n\
             name_stopwords: [\npre, post:x,\n]\n",
        )
        .unwrap();
    });
    assert!(err.starts_with("2 errors in rules"), "{err}");
    assert!(
        err.contains("timeline.yaml:2:3: timeline: unknown field `released_twice_dayz`"),
        "{err}"
    );
    assert!(
        err.contains("timeline.yaml:8:3: cue_labels: invalid type"),
        "{err}"
    );
}
