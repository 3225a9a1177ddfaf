//! The rules' own examples: every rule in `rules/` carries text it must
//! handle (and the fact it must give) and text it must leave alone; all of
//! them run here through the whole pipeline.

use roadmap_tracker::rules::{RuleSource, Rules};
use roadmap_tracker::ruletest::run_all;

fn rules() -> Rules {
    Rules::load(&RuleSource::Embedded).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_rule_example_passes() {
    let results = run_all(&rules());
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
        .filter(|r| r.examples.is_empty() && r.counter.is_empty())
        .map(|r| format!("{} ({}:{})", r.id, r.file, r.line))
        .collect();
    assert!(
        bare.is_empty(),
        "rules without examples: {}",
        bare.join(", ")
    );
}

/// A counter-example that the rule does fire on is reported as a failure:
/// the harness itself can fail.
#[test]
fn a_broken_example_is_reported() {
    let text = "item_cues:\n  - id: item.shipped\n    pattern: '(?i)shipped'\n    status: done\n    counter: ['We shipped it']\n";
    let rules = Rules::from_texts(&[("x.yaml".to_string(), text.to_string())]).unwrap();
    let results = run_all(&rules);
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0].failures,
        vec!["\"We shipped it\": must not fire, but did".to_string()]
    );
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
