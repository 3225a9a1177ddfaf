#![no_main]
//! Markdown made of the parts meeting notes are made of, so the fuzzer
//! spends its time in deep structure rather than in rejected bytes.

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use roadmap_tracker::ingest::document_from_text;

mod common;

const WORDS: &[&str] = &[
    "Released", "released", "cf CLI", "cf-d", "cf-deployment", "v4.0.0", "6.30.0", "1.0.0-rc6",
    "v232", "planned", "Also planning:", "In progress:", "Done", "will", "working on", "shipped",
    "incubation", "active", "retired", "attic", "Proposal to move", "from incubation to active",
    "this week", "next quarter", "until 09/13", "Soon", "Next", "Future", "Garden", "Diego",
    "(incubating)", "- Dies Köper", "KÃ¶per", "PostgreSQL 9.6.10", "haproxy-boshrelease 9.3.0",
    "GA", "beta", "deprecated", "http://x.y/z", "`code`", "**bold**", "_Incubating_", "|", "[a]: b",
    "\u{0}", "\u{feff}", "é", "🙂", ".", ",", ";", "?", "!", "(", ")", "2017-09-05", "Q3",
];

#[derive(Arbitrary, Debug)]
enum Block {
    Heading(u8, Vec<u8>),
    Item(u8, bool, Vec<u8>),
    Paragraph(Vec<u8>),
    Table(u8, Vec<u8>),
    Fence(Vec<u8>),
    Blank,
}

fn words(picks: &[u8]) -> String {
    picks
        .iter()
        .map(|p| WORDS[*p as usize % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn note(title: Option<u8>, blocks: &[Block]) -> String {
    let mut s = String::new();
    if let Some(t) = title {
        let pmc = ["Runtime", "Extensions", "BOSH", "Services"][t as usize % 4];
        s.push_str(&format!("# {pmc} PMC Meeting 2017-09-05\n\n"));
    }
    for b in blocks {
        match b {
            Block::Heading(level, w) => {
                s.push_str(&"#".repeat(1 + *level as usize % 6));
                s.push(' ');
                s.push_str(&words(w));
            }
            Block::Item(depth, ordered, w) => {
                s.push_str(&"  ".repeat(*depth as usize % 40));
                s.push_str(if *ordered { "1. " } else { "- " });
                s.push_str(&words(w));
            }
            Block::Paragraph(w) => s.push_str(&words(w)),
            Block::Table(cols, w) => {
                let n = 1 + *cols as usize % 5;
                s.push_str(&format!("|{}\n|{}\n|", " h |".repeat(n), "---|".repeat(n)));
                s.push_str(&words(w).replace(' ', " | "));
            }
            Block::Fence(w) => s.push_str(&format!("```\n{}\n```", words(w))),
            Block::Blank => {}
        }
        s.push('\n');
    }
    s
}

fuzz_target!(|input: (Option<u8>, Vec<Block>)| {
    let text = note(input.0, &input.1);
    common::run(&document_from_text("notes/2017-09-05-runtime.md", &text));
});
