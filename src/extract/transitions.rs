//! Transitions: statements that a lifecycle or maturity status changed or is
//! to change ("no longer experimental", "will be deprecated soon").
//!
//! Each rule in `transitions` names the status it moves to; its `unless`
//! regexes, tried on the sentence, veto a status word used in passing ("the
//! deprecated endpoint"). When a rule does not fix `done` or `planned`, the
//! item decides: a transition in a finished item is `done`, in planned or
//! ongoing work it is `planned` ("*Soon* | cf-deployment GA"). A rule marked
//! `label` (`Enabled by default:`) applies to each item nested under it.

use std::ops::Range;

use crate::rules::{Rules, SectionKind, Transition as Rule};
use crate::structure::{Block, BlockKind, Outline};

use super::items::{ColumnCues, ItemState, earliest_cue};
use super::sections::{Classified, HeadingClass};
use super::text::{normalize_label, quote, sentence_at, slug};
use super::when::dated_ahead;
use super::{Base, Transition};

/// A move in a cell under a column of work to come ("Next"): done when
/// the cell's own words say so ("Locket was declared GA last week"),
/// planned otherwise.
fn cell_status(cell: &str, rules: &Rules) -> String {
    let cue = earliest_cue(
        &rules.item_cues,
        Some(&rules.prefilters.item_cues),
        cell,
        false,
    );
    // A passive past ("was declared", "got promoted") says it happened.
    let words: Vec<String> = cell.split_whitespace().map(str::to_lowercase).collect();
    let passive = words
        .windows(2)
        .any(|w| matches!(w[0].as_str(), "was" | "were" | "been" | "got") && w[1].ends_with("ed"));
    match cue.map(|(c, _)| c.status.as_str()) {
        Some("done") => "done".into(),
        _ if passive => "done".into(),
        _ => "planned".into(),
    }
}

fn status_from_item(item: Option<&ItemState>) -> String {
    match item.map(|s| s.status.as_str()) {
        Some("planned" | "in_progress") => "planned".into(),
        _ => "done".into(),
    }
}

/// Stated after its item's first sentence, a move has the tense of its own
/// sentence ("Released 2.0. Rootless will be the default next."): the status
/// of the item cue that sentence holds. `None` in the first sentence (the
/// item's status decides), including one hard-wrapped onto a later line: a
/// sentence on a later line is later only if an earlier line ended one.
fn later_sentence_tense<'r>(
    b: &Block,
    line_no: usize,
    text: &str,
    sentence: Range<usize>,
    rules: &'r Rules,
) -> Option<&'r str> {
    let later = sentence.start > 0
        || b.lines
            .iter()
            .take_while(|l| l.no < line_no)
            .any(|l| l.text.trim_end().ends_with(['.', '!', '?', ';', ':']));
    if !later {
        return None;
    }
    let (cue, _) = earliest_cue(
        &rules.item_cues,
        Some(&rules.prefilters.item_cues),
        &text[sentence],
        false,
    )?;
    Some(cue.status.as_str())
}

/// The subject of an item moved by the label above it: its words up to an
/// aside or an explanation ("cf-swagger (could be brought back)",
/// "cf-plugin-backup: last commit 10 months ago"), at most 60 characters.
fn item_subject(text: &str) -> String {
    let name = text.split(['(', ':', ';']).next().unwrap_or(text);
    slug(&name.chars().take(60).collect::<String>())
}

/// A named group that captures a transition's subject: `s`, or `s`
/// followed by digits (`s2`, `s3`: one per alternative that names it).
fn is_subject_group(name: &str) -> bool {
    name.strip_prefix('s')
        .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
}

fn starts_with_preposition(phrase: &str) -> bool {
    let first = phrase.split_whitespace().next().unwrap_or("");
    ["from", "to", "into", "out", "of", "in"]
        .iter()
        .any(|p| first.eq_ignore_ascii_case(p))
}

/// The name a sentence opens with, right before a rule's words: one to four
/// words, the first capitalised (or shaped as a name: hyphenated, letters
/// run into digits, or known to the rules), none of them a stop word ("CF Networking"
/// in "CF Networking moved to active projects!"; not "We" or "Proposal to").
/// A speaker's tag ("[Eric] KubeCF moved …") is skipped.
fn opening_subject<'t>(before: &'t str, matched: &str, rules: &Rules) -> Option<&'t str> {
    // Who proposes or asks is not what moves ("SAP proposes to retire X").
    let asked = [
        "propos", "ask", "request", "suggest", "vot", "discuss", "want",
    ];
    let matched = matched.to_lowercase();
    if asked.iter().any(|w| matched.starts_with(w)) {
        return None;
    }
    // The name opens its own clause ("Voted yes; KubeCF enters incubation"),
    // and the verb of moving before the status is not part of it ("The
    // `bosh-softlayer-cpi` moves to retiring status").
    let before = label_before_tense(without_put_forward(without_move_verb(own_clause(before))));
    // After a label with more than words of tense ("Vote passed: Paketo
    // Buildpacks moves …"), the name opens the words after it.
    let before = match before.rsplit_once(": ") {
        Some((_, rest)) if !rest.trim().is_empty() => rest,
        _ => before,
    };
    let mut phrase = before.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '[');
    if phrase.starts_with('[')
        && let Some(close) = phrase.find(']')
    {
        phrase = phrase[close + 1..].trim_start_matches(|c: char| !c.is_alphanumeric());
    }
    let phrase = phrase.trim_end();
    // A verb of arriving after the name ("lucid64 reaches end of life").
    let phrase = match phrase.rsplit_once(' ') {
        Some((name, verb))
            if [
                "reaches", "reached", "hits", "hit", "enters", "entered", "becomes", "became",
                "gets", "got", "goes", "went",
            ]
            .contains(&verb.to_lowercase().as_str()) =>
        {
            name.trim_end()
        }
        _ => phrase,
    };
    // An article before a name ("The `bosh-softlayer-cpi` moves to …").
    let phrase = match phrase.split_once(' ') {
        Some((article, name)) if article.eq_ignore_ascii_case("the") => name.trim_start(),
        _ => phrase,
    };
    // A name with an aside after it ("`cf-console`, the old Ruby console,
    // is hereby retired"): the name.
    let phrase = match phrase.split_once(", ") {
        Some((name, rest))
            if rest.contains(',')
                && ["the ", "a ", "an ", "our ", "its ", "their "]
                    .iter()
                    .any(|a| rest.to_lowercase().starts_with(a)) =>
        {
            name
        }
        _ => phrase,
    };
    // What is the name's ("nfs-volume-release & its submodules"): the name.
    let phrase = [" & its ", " and its "]
        .iter()
        .find_map(|w| phrase.split_once(w))
        .map_or(phrase, |(name, _)| name);
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    let ok = (1..=4).contains(&words.len())
        // Capitalised, hyphenated ("cf-console"), or a name the rules
        // know ("cf-release EOL").
        && (words[0].starts_with(|c: char| c.is_uppercase())
            // A lowercase name by its shape: words joined by hyphens.
            || words[0].split('-').filter(|p| p.len() > 1).count() >= 2
            // Or letters run into digits ("lucid64", "windows2016").
            || (words[0].chars().filter(char::is_ascii_alphabetic).count() >= 3
                && words[0].chars().any(|c| c.is_ascii_digit())
                && words[0].chars().all(|c| c.is_ascii_alphanumeric()))
            || super::components::alias_of(words[0], rules).is_some())
        // "Started track", "Officially", "Discuss …": a verb or an adverb
        // opens it ("CF Networking" is a name).
        && !(first.ends_with("ed") || first.ends_with("ing") || first.ends_with("ly"))
        && !["discuss", "approve", "review", "vote", "link", "see", "read", "check"]
            .contains(&first.as_str())
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '&' | '`'))
                && !rules.name_stopwords.contains(&w.to_lowercase())
        })
        // A name by its shape ("KubeCF", "CF Networking", "cf-local") or
        // one the rules know ("Garden"), not any capitalised noun
        // ("Repository moved to …").
        && (phrase.chars().filter(|c| c.is_uppercase()).count() >= 2
            || phrase.contains(|c: char| c == '-' || c.is_ascii_digit())
            || super::components::alias_of(phrase, rules).is_some());
    ok.then_some(phrase)
}

/// `before` without words at its end that put the move forward ("X
/// proposed for migration from …", "X is up for promotion to …").
fn without_put_forward(before: &str) -> &str {
    let rest = before.trim_end();
    let Some(rest) = rest
        .strip_suffix(" for")
        .or_else(|| rest.strip_suffix(" for a"))
    else {
        return before;
    };
    let verb = last_word(rest).to_lowercase();
    if !rest.contains(char::is_whitespace)
        || ![
            "proposed",
            "nominated",
            "approved",
            "up",
            "scheduled",
            "slated",
        ]
        .contains(&verb.as_str())
    {
        return before;
    }
    let name = drop_last_word(rest);
    if !["is", "are", "was", "were", "been"].contains(&last_word(name)) {
        return name;
    }
    let name = drop_last_word(name);
    if ["has", "have"].contains(&last_word(name)) {
        drop_last_word(name)
    } else {
        name
    }
}

/// The last word of `s` (trimmed at its end), as written.
fn last_word(s: &str) -> &str {
    s.rsplit(char::is_whitespace).next().unwrap_or("")
}

/// `s` without its last word, trimmed at its end.
fn drop_last_word(s: &str) -> &str {
    s[..s.rfind(char::is_whitespace).unwrap_or(0)].trim_end()
}

/// `before` without a verb of moving at its end ("moves to", "has moved
/// into the", "is going to"): what is left may be the subject's name.
fn without_move_verb(before: &str) -> &str {
    let last = |s: &str| last_word(s).to_lowercase();
    let drop_last = drop_last_word;
    let mut rest = before.trim_end();
    if last(rest) == "the" {
        rest = drop_last(rest);
    }
    if !matches!(last(rest).as_str(), "to" | "into") {
        return before;
    }
    let verb = drop_last(rest);
    if !matches!(
        last(verb).as_str(),
        "moves"
            | "moved"
            | "moving"
            | "move"
            | "goes"
            | "went"
            | "going"
            | "go"
            | "transitions"
            | "transitioned"
    ) {
        return before;
    }
    let mut name = drop_last(verb);
    if matches!(
        last(name).as_str(),
        "is" | "are" | "has" | "have" | "was" | "were" | "will" | "shall" | "to"
    ) {
        name = drop_last(name);
    }
    name
}

/// The label of `before` when only words of tense follow it ("CFCR: should
/// be" in "CFCR: should be retired"): the label names what moves.
fn label_before_tense(before: &str) -> &str {
    let Some((label, rest)) = before.rsplit_once(": ") else {
        return before;
    };
    let tense = [
        "should",
        "will",
        "would",
        "shall",
        "to",
        "be",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "been",
        "now",
        "being",
        "officially",
        "finally",
        "going",
        "soon",
    ];
    let only_tense = rest
        .split_whitespace()
        .all(|w| tense.contains(&w.to_lowercase().as_str()));
    if only_tense && !label.contains(": ") {
        label
    } else {
        before
    }
}

/// The last clause of the words before a rule's, after any semicolon: a
/// new clause has its own subject and its own tense.
fn own_clause(before: &str) -> &str {
    before.rsplit(';').next().unwrap_or(before)
}

/// The words that say a proposal or vote was carried.
const APPROVED: [&str; 5] = ["passed", "approved", "accepted", "adopted", "carried"];

/// A move put forward in its clause before the rule's words ("Proposal
/// (Julz): bring X in as an incubating project", "will vote on accepting
/// X") is planned, unless the clause says it was decided ("The proposal
/// was accepted: X is now …", "Vote on accepting X: passed"). A move whose
/// clause opens with its approval ("Vote passed to graduate X") is done.
/// An approved move of software (`to` a maturity status, not a lifecycle
/// one) is decided, still planned.
fn proposed(before: &str, after: &str, to: &str) -> Option<String> {
    proposed_only(before, after, to).or_else(|| {
        // The approval opens the clause, as a statement ("Vote passed to
        // …", "Approved: …"); not a condition ("once approved, move …").
        let clause = own_clause(before)
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let mut rest = clause.strip_prefix("the ").unwrap_or(&clause);
        for lead in [
            ["vote ", "votes ", "proposal ", "motion "],
            ["was ", "has been ", "has ", "is "],
        ] {
            rest = lead
                .iter()
                .find_map(|p| rest.strip_prefix(p))
                .unwrap_or(rest);
        }
        APPROVED
            .iter()
            .any(|w| rest.starts_with(w))
            .then(|| "done".to_string())
    })
}

fn proposed_only(before: &str, after: &str, to: &str) -> Option<String> {
    // Its own clause: "Voted yes on the proposal; KubeCF enters incubation".
    let before = own_clause(before).to_lowercase();
    // The outcome may come last ("Vote on accepting X: passed").
    let after = after.split(';').next().unwrap_or(after).to_lowercase();
    let decided = [
        "accepted", "approved", "passed", "carried", "adopted", "rejected", "declined", "voted",
    ];
    let put = [
        "propos",
        "vote on",
        "will vote",
        "to vote",
        "is up for ",
        "are up for ",
    ];
    // A project's lifecycle moves by the committee's vote: an approved
    // proposal is the move made. Software changes only when the work is
    // done: "The proposal to make Rootless the default was approved" is
    // the move decided, still planned.
    let said = |words: &[&str]| {
        words
            .iter()
            .any(|w| before.contains(w) || after.contains(w))
    };
    (put.iter().any(|w| before.contains(w))
        && (!said(&decided) || !crate::rules::LIFECYCLE.contains(&to) && said(&APPROVED)))
    .then(|| "planned".to_string())
}

/// Whether the rule's words open their sentence with a bare verb of
/// moving, an instruction ("Remove Node.js 0.8.x from the buildpack;
/// upstream has stopped patching it"): the move is to be made, whatever
/// tense a later clause has.
fn imperative(lead: &str, matched: &str) -> bool {
    const VERBS: [&str; 12] = [
        "remove",
        "deprecate",
        "drop",
        "archive",
        "retire",
        "move",
        "promote",
        "graduate",
        "sunset",
        "delete",
        "disable",
        "enable",
    ];
    lead.trim_start_matches(|c: char| !c.is_alphanumeric())
        .is_empty()
        && matched.split_whitespace().next().is_some_and(|w| {
            w.starts_with(char::is_uppercase) && VERBS.contains(&w.to_lowercase().as_str())
        })
}

/// The tense the words right before a rule's give its move: `planned`
/// after a modal ("will be", "is going to", "'ll"), `done` after a past
/// verb ("Trusty stemcells reached end of life"), but for one that says
/// the move is only intended ("planned EOL") and for "need", "agreed" and
/// the like; `past` after a past verb that says no more than that the
/// sentence is in the past ("Started putting …").
fn lead_tense(lead: &str) -> Option<&'static str> {
    let words: Vec<String> = lead
        .split_whitespace()
        .rev()
        .take(3)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                .to_lowercase()
        })
        .collect();
    let word = |k: usize| words.get(k).map_or("", String::as_str);
    let modal = |w: &str| matches!(w, "will" | "shall" | "would") || w.ends_with("'ll");
    let future = modal(word(0))
        || (word(0) == "be" && (modal(word(1)) || matches!(word(1), "to" | "soon")))
        // "will reach end of support", "will go GA": arriving, to come.
        || (matches!(word(0), "reach" | "hit" | "become" | "go" | "enter" | "get")
            && modal(word(1)))
        // "going to remove", "we plan to remove", "hopes to exit": to come.
        || (word(0) == "to"
            && matches!(
                word(1),
                "going"
                    | "about"
                    | "plan"
                    | "plans"
                    | "planning"
                    | "intend"
                    | "intends"
                    | "want"
                    | "wants"
                    | "hope"
                    | "hopes"
                    | "expect"
                    | "expects"
                    | "aim"
                    | "aims"
                    | "propose"
                    | "proposes"
            ))
        || (word(0) == "be" && word(1) == "to" && matches!(word(2), "going" | "about"));
    let intended = [
        "planned",
        "scheduled",
        "expected",
        "proposed",
        "targeted",
        "slated",
        "intended",
        "needed",
        "required",
        "supposed",
    ];
    // The word as written: "deprecated," closes a clause of its own.
    let w = lead
        .split_whitespace()
        .next_back()
        .map(str::to_lowercase)
        .unwrap_or_default();
    let past = w.ends_with("ed") && !w.ends_with("eed") && !intended.contains(&w.as_str());
    // A verb that opens work rather than ending it ("Started putting X
    // into the job by default"), or a participle of work under way ("being
    // prepared: removes …"), states no move as done.
    let begun = [
        "started",
        "continued",
        "tried",
        "attempted",
        "wanted",
        "asked",
        "requested",
        "suggested",
        "decided",
        "hoped",
        "aimed",
    ];
    // Done only with a subject or an auxiliary right before ("since it
    // reached end of life", "has hit end of support"): a word in -ed after
    // another ("Limited beta planned", "Proposed extended end of support")
    // is as often an adjective.
    let told = matches!(
        word(1),
        "it" | "they"
            | "he"
            | "she"
            | "we"
            | "which"
            | "that"
            | "who"
            | "has"
            | "have"
            | "had"
            | "already"
            | "officially"
            | "finally"
            | "just"
    );
    if future {
        Some("planned")
    } else if past && told && !begun.contains(&w.as_str()) {
        Some("done")
    } else if past {
        Some("past")
    } else {
        None
    }
}

/// Whether a move is told as under way, a present progressive ("X is
/// moving to the attic", "are becoming the default"): still to come, so
/// planned. A status's own word in -ing ("is retiring", "is incubating")
/// tells the state the subject is in, not a move under way.
fn under_way(lead: &str, matched: &str) -> bool {
    let be = lead
        .split_whitespace()
        .next_back()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "is" | "are" | "am"));
    let verb = matched
        .split_whitespace()
        .next()
        .map(str::to_lowercase)
        .unwrap_or_default();
    be && verb.len() > 4
        && verb.ends_with("ing")
        && verb.chars().all(|c| c.is_ascii_alphabetic())
        && !matches!(verb.as_str(), "retiring" | "incubating")
}

/// Whether `text` holds the word of status `to` (its first five letters:
/// "deprecat", "incubat", "remov"): where a phrase read across a line wrap
/// is keyed.
fn names_status(text: &str, to: &str) -> bool {
    let stem: String = to.chars().take(5).collect();
    text.to_ascii_lowercase().contains(&stem)
}

/// Whether a rule's words open in the past tense ("moved to active",
/// "graduated"): the move is told as made.
fn past_words(matched: &str) -> bool {
    matched
        .split_whitespace()
        .next()
        .is_some_and(|w| w.to_lowercase().ends_with("ed"))
}

fn vetoed(rule: &Rule, sentence: &str) -> bool {
    rule.unless.iter().any(|u| u.is_match(sentence))
}

pub(crate) fn transitions(
    outline: &Outline,
    ctx: &Classified,
    states: &[Option<ItemState>],
    column_cues: &ColumnCues,
    lifecycle: &LifecycleTables<'_>,
    rules: &Rules,
    base: &Base,
) -> Vec<Transition> {
    let mut out: Vec<Transition> = Vec::new();
    for (i, b) in outline.blocks.iter().enumerate() {
        if matches!(b.kind, BlockKind::TableHeader | BlockKind::LinkDef) {
            continue;
        }
        let item = states[i].as_ref();
        // An agenda lists what is to be discussed: a move named there is
        // planned, whatever tense its words have.
        let in_agenda = b.heading.is_some_and(|h| {
            matches!(
                ctx.headings[h],
                HeadingClass::Section {
                    kind: SectionKind::Skip,
                    ..
                }
            )
        });
        let project = item
            .map(|s| s.project.clone())
            .or_else(|| ctx.of(b.heading).project.clone());
        // A lifecycle table's row: its To cell names the move, read whole.
        let read_cells = b
            .table
            .filter(|_| b.kind == BlockKind::TableRow)
            .and_then(|t| lifecycle.get(&t))
            .and_then(|cols| {
                lifecycle_row(
                    &mut out,
                    b,
                    cols,
                    (item, in_agenda),
                    project.as_deref(),
                    rules,
                    base,
                )
            });
        // A table row is read cell by cell, each without its list marker:
        // a cell is a text of its own ("| - Deprecated X" opens with its verb).
        // Each keeps its offset in the line, where found, for the quote.
        let texts: Vec<(&crate::structure::Line, &str, Option<usize>)> =
            if b.kind == BlockKind::TableRow {
                b.lines
                    .first()
                    .map(|l| {
                        b.cells
                            .iter()
                            .zip(b.cell_offsets())
                            .map(|(c, at)| {
                                let text = c.trim_start_matches(['-', '*']).trim_start();
                                (l, text, at.map(|at| at + c.len() - text.len()))
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                b.lines
                    .iter()
                    .map(|l| (l, l.text.as_str(), Some(0)))
                    .collect()
            };
        // The line before, in a paragraph or item hard-wrapped over lines:
        // a phrase broken at the wrap ("accepting the project to the⏎Cloud
        // Foundry Incubator") is read across it and keyed on the line that
        // holds its end, where the status word is.
        let mut before: Option<(&crate::structure::Line, &str)> = None;
        // A row's cell under a column headed "Now" or "Next" is work to come.
        let cues = b
            .table
            .filter(|_| b.kind == BlockKind::TableRow)
            .and_then(|t| column_cues.get(&t));
        for (cell, (line, text, at)) in texts.into_iter().enumerate() {
            if read_cells.as_ref().is_some_and(|c| c.contains(&cell)) {
                continue;
            }
            let column_planned = cues
                .and_then(|c| c.get(cell)?.as_ref().map(|(s, _)| s.as_str()))
                .is_some_and(|s| matches!(s, "planned" | "in_progress"));
            let joined = before.map(|(_, p)| format!("{p} {text}"));
            let tries = std::iter::once((text, at, 0))
                .chain(joined.as_deref().map(|j| (j, None, j.len() - text.len())));
            for (text, at, wrap) in tries {
                // Across the wrap: the line above and its text.
                let above = before.filter(|_| wrap > 0);
                let live = rules.prefilters.transitions.which(text);
                for rule in live
                    .iter()
                    .map(|&k| &rules.transitions[k])
                    .filter(|r| !r.label && !r.cell)
                {
                    for cap in rule.re.captures_iter(text) {
                        let m = cap.get(0).expect("group 0");
                        // Across the wrap, only a phrase that spans it, and of a
                        // rule the line above does not match on its own (its
                        // fact is that line's).
                        if let Some((_, p)) = above
                            && (m.end() <= wrap || m.start() >= wrap || rule.re.is_match(p))
                        {
                            continue;
                        }
                        // The fact is keyed on the line that holds its status
                        // word: the line above when only its part names it
                        // ("Deprecated X which will be⏎removed ...").
                        let line = match above {
                            Some((l, _))
                                if names_status(&text[m.start()..wrap], &rule.to)
                                    && !names_status(&text[wrap..m.end()], &rule.to) =>
                            {
                                l
                            }
                            _ => line,
                        };
                        let sentence = sentence_at(text, m.start());
                        if vetoed(rule, &text[sentence.clone()]) {
                            continue;
                        }
                        // The sentence's words before the rule's.
                        let lead = &text[sentence.start..m.start()];
                        // `s`, or a later alternative's `s2`, `s3`, … (a
                        // name may not repeat in one regex).
                        let subject = rule
                            .re
                            .capture_names()
                            .flatten()
                            .filter(|n| is_subject_group(n))
                            .find_map(|n| cap.name(n))
                            .map(|s| s.as_str())
                            // "moved from incubating to active": a phrase
                            // that opens with a preposition is no subject.
                            .filter(|s| !starts_with_preposition(s))
                            // Nor is a pronoun ("accepting it into incubation").
                            .filter(|s| {
                                !["it", "this", "that", "them", "these", "those"]
                                    .contains(&s.to_lowercase().as_str())
                            })
                            // Or the name the sentence opens with ("KubeCF
                            // moved from incubating to active projects").
                            .or_else(|| opening_subject(lead, m.as_str(), rules))
                            // Named as a project heading would be (aliases joined:
                            // "CFCR" is kubo), so the project history finds it.
                            .map(|s| super::sections::project_slug(s, rules))
                            .filter(|s| !s.is_empty())
                            .or_else(|| project.clone())
                            .unwrap_or_else(|| "unknown".into());
                        let tense = || {
                            if in_agenda {
                                return Some("planned".to_string());
                            }
                            match later_sentence_tense(b, line.no, text, sentence.clone(), rules) {
                                Some("planned" | "in_progress") => Some("planned".into()),
                                Some("done") => Some("done".into()),
                                _ => None,
                            }
                        };
                        // The words right before the rule's give its tense:
                        // "will be archived next quarter" is planned, even
                        // for a rule of a done form ("… will be deprecated
                        // in favour of …"); "since it reached end of life"
                        // is done, even in a proposal.
                        let lead_says = lead_tense(lead)
                            .or_else(|| under_way(lead, m.as_str()).then_some("planned"));
                        let stated = lead_says
                            .filter(|&s| s == "planned")
                            .or(rule.status.as_deref())
                            .or(lead_says.filter(|&s| s == "done"))
                            .map(str::to_string)
                            .or_else(|| proposed(lead, &text[m.start()..sentence.end], &rule.to))
                            // An instruction in an item that says nothing of
                            // when (a story title under "Done" is done).
                            .or_else(|| {
                                (imperative(lead, m.as_str())
                                    && item.is_none_or(|i| i.status == "info"))
                                .then(|| "planned".into())
                            })
                            // A date after the meeting: still to come
                            // ("reaches end of life on 2020-07-31"), unless
                            // the move is told as made ("Moved Eirini to
                            // active, ahead of the January 2020 review").
                            .or_else(|| {
                                (!past_words(m.as_str())
                                    && dated_ahead(&text[sentence.clone()], base.date, rules))
                                .then(|| "planned".into())
                            })
                            .or_else(tense)
                            .or_else(|| column_planned.then(|| cell_status(text, rules)));
                        // A past tense opening the rule's words ("moved to
                        // active", "graduated") states the move as done too.
                        let past =
                            past_words(m.as_str()) || matches!(lead_says, Some("done" | "past"));
                        push(
                            &mut out,
                            base,
                            line.no,
                            subject,
                            rule,
                            (
                                stated.is_some() || past,
                                stated.unwrap_or_else(|| status_from_item(item)),
                            ),
                            // A cell's fact quotes its whole row, the cue cell
                            // ("Soon | ...") included; one read across a wrap
                            // quotes its own line.
                            &match at {
                                Some(at) => quote(&line.text, at + m.start(), 600),
                                None if wrap > 0 => quote(&line.text, 0, 600),
                                None => quote(text, m.start(), 600),
                            },
                        );
                        break;
                    }
                }
            }
            if b.kind != BlockKind::TableRow {
                before = Some((line, text));
            }
            // A label line over nested items: each child changes status.
            if !b.children.is_empty() {
                for rule in rules
                    .transitions
                    .iter()
                    .filter(|r| r.label && r.re.is_match(text))
                {
                    for &c in &b.children {
                        let child = &outline.blocks[c];
                        let st = states[c].as_ref();
                        let subject = item_subject(&child.text());
                        let status = (
                            rule.status.is_some(),
                            rule.status.clone().unwrap_or_else(|| status_from_item(st)),
                        );
                        push(
                            &mut out,
                            base,
                            child.line,
                            subject,
                            rule,
                            status,
                            &child.text(),
                        );
                    }
                }
            }
        }
    }
    out
}

/// The columns of a lifecycle table (`| Project | From | To | State |`),
/// by table: the column of each row's new status and its rule, and the
/// column of its old status.
#[derive(Debug, Clone, Copy)]
pub(super) struct LifecycleColumns<'r> {
    pub to: usize,
    rule: &'r crate::rules::TransitionColumn,
    pub from: Option<usize>,
}

/// The lifecycle tables of a note, by table: read for their moves here, and
/// for their rows' status by the items (whose status cells are no cue).
pub(super) type LifecycleTables<'r> = std::collections::HashMap<usize, LifecycleColumns<'r>>;

pub(super) fn lifecycle_columns<'r>(outline: &Outline, rules: &'r Rules) -> LifecycleTables<'r> {
    use crate::rules::ColumnRole;
    outline
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableHeader)
        .filter_map(|b| {
            let columns: Vec<_> = b
                .cells
                .iter()
                .map(|c| rules.transition_column(&normalize_label(c)))
                .collect();
            let at = |role| {
                columns
                    .iter()
                    .enumerate()
                    .find_map(|(k, c)| c.filter(|c| c.role == role).map(|c| (k, c)))
            };
            let (to, rule) = at(ColumnRole::To)?;
            Some((
                b.table?,
                LifecycleColumns {
                    to,
                    rule,
                    from: at(ColumnRole::From).map(|(k, _)| k),
                },
            ))
        })
        .collect()
}

/// A lifecycle table's row: the move its To cell names, of the project its
/// first other cell with a word names, from the status its From cell
/// names; planned in an agenda (a topic to discuss, as a move in running
/// text there is), else done or planned as the row's item is, else as its
/// column says (a "Proposed" column holds proposals), else done. A row its column's
/// rule vetoes ("vote failed") holds none. The cells read (To, From), for
/// the caller to leave alone; `None` when the To cell names no status.
fn lifecycle_row(
    out: &mut Vec<Transition>,
    b: &Block,
    cols: &LifecycleColumns<'_>,
    (item, in_agenda): (Option<&ItemState>, bool),
    project: Option<&str>,
    rules: &Rules,
    base: &Base,
) -> Option<Vec<usize>> {
    let cell = |k: usize| b.cells.get(k).map(|c| normalize_label(c));
    let rule = rules.cell_status(&cell(cols.to)?)?;
    let read = Some([Some(cols.to), cols.from].into_iter().flatten().collect());
    let row = b.cells.join(" | ");
    if cols.rule.unless.iter().any(|u| u.is_match(&row)) {
        return read;
    }
    let from = cols
        .from
        .and_then(cell)
        .and_then(|c| rules.cell_status(&c))
        .map(|r| r.to.clone());
    // A row whose status stays ("| Stratos | active | active |") moves nothing.
    if from.as_deref() == Some(rule.to.as_str()) {
        return read;
    }
    let subject = (0..b.cells.len())
        .filter(|&k| k != cols.to && Some(k) != cols.from)
        .find_map(|k| Some(b.cells[k].trim()).filter(|c| c.contains(char::is_alphabetic)))
        .map(|name| super::sections::project_slug(name, rules))
        .filter(|s| !s.is_empty())
        .or_else(|| project.map(str::to_string))
        .unwrap_or_else(|| "unknown".into());
    let said = item.filter(|s| s.status != "info");
    let status = match (said, &cols.rule.status) {
        _ if in_agenda => "planned".to_string(),
        (None, Some(column)) => column.clone(),
        _ => status_from_item(item),
    };
    let stated = in_agenda || said.is_some() || cols.rule.status.is_some();
    let line = b.lines.first().map_or(b.line, |l| l.no);
    let text = b.lines.first().map_or("", |l| l.text.as_str());
    let pushed = push(out, base, line, subject, rule, (stated, status), text);
    if pushed && let Some(t) = out.last_mut() {
        t.from = from.or_else(|| t.from.take());
    }
    read
}

fn push(
    out: &mut Vec<Transition>,
    base: &Base,
    line: usize,
    subject: String,
    rule: &Rule,
    (stated, status): (bool, String),
    text: &str,
) -> bool {
    if out.iter().any(|t| t.line == line && t.to == rule.to) {
        return false;
    }
    out.push(Transition {
        file: base.file.to_string(),
        line,
        subject,
        from: rule.from.clone(),
        to: rule.to.clone(),
        status,
        date: base.date,
        rule: rule.id.clone(),
        text: text.trim().to_string(),
        when: None,
        stated,
    });
    true
}

#[cfg(test)]
mod tests {
    use super::{label_before_tense, lead_tense, under_way, without_move_verb};

    #[test]
    fn a_move_under_way_is_to_come() {
        assert!(under_way("bosh-softlayer-cpi is ", "moving to the attic"));
        assert!(under_way("Both plugins are ", "becoming the default"));
        // Not after another verb, nor the state's own word.
        assert!(!under_way("We discussed ", "moving to the attic"));
        assert!(!under_way("Garden is ", "retiring"));
        assert!(!under_way("Garden is ", "now the default"));
    }

    #[test]
    fn a_verb_of_moving_is_not_part_of_the_subject() {
        assert_eq!(without_move_verb("The `x-cpi` moves to "), "The `x-cpi`");
        assert_eq!(without_move_verb("Garden has moved into the "), "Garden");
        assert_eq!(without_move_verb("KubeCF is going to "), "KubeCF");
        // Anything else is left as it is.
        assert_eq!(without_move_verb("Proposal to "), "Proposal to ");
        assert_eq!(without_move_verb("CF Networking "), "CF Networking ");
    }

    #[test]
    fn a_label_before_words_of_tense_names_what_moves() {
        assert_eq!(label_before_tense("CFCR: should be "), "CFCR");
        assert_eq!(label_before_tense("Perm: "), "Perm");
        // Other words after the label are a sentence of their own.
        assert_eq!(
            label_before_tense("Update: we voted to "),
            "Update: we voted to "
        );
        assert_eq!(label_before_tense("no label here "), "no label here ");
    }

    #[test]
    fn the_words_before_a_move_tell_its_tense() {
        // A modal, alone or before "be" or a verb of arriving: to come.
        assert_eq!(lead_tense("This broker will be "), Some("planned"));
        assert_eq!(lead_tense("the v6 CLI will reach "), Some("planned"));
        assert_eq!(lead_tense("Diego'll go "), Some("planned"));
        assert_eq!(lead_tense("Heads up: we plan to "), Some("planned"));
        // A verb of arriving without a modal says nothing of when.
        assert_eq!(lead_tense("the v6 CLI reach "), None);
        // A past verb after a subject or an auxiliary: done.
        assert_eq!(lead_tense("since it reached "), Some("done"));
        assert_eq!(lead_tense("Garden has reached "), Some("done"));
        // After another word it may be an adjective: only "past".
        assert_eq!(lead_tense("Limited "), Some("past"));
        // A verb that opens work states nothing as done.
        assert_eq!(lead_tense("We started "), Some("past"));
    }
}
