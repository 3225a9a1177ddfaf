//! The meeting a note records: its committee and date.
//!
//! The title is the authority ("# Runtime PMC Meeting 2017-09-05", "Notes as
//! of 2015-09-09"); the file name and folder are the fallback. Which words
//! name which committee, and which date shapes are read, are rules
//! (`rules/meetings.yaml`), so another organisation's notes need no code.

use chrono::NaiveDate;

use crate::rules::{Pattern, Rules};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingInfo {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub pmc: Option<String>,
    /// Rule ids that found the date and the committee.
    pub date_rule: Option<String>,
    pub pmc_rule: Option<String>,
}

/// The title: the first heading of level 1 in the note's first lines, else
/// its first heading, else (a note with no heading: "Foo PMC meeting, 4th
/// May 2021") the first line of its first paragraph.
/// Markdown decides what a heading is (`# Title` and a line underlined with
/// `===` are; `#tag` and a `# ...` inside fenced code are not), so
/// pulldown-cmark reads them.
pub fn title_of(text: &str) -> Option<String> {
    heads(text).into_iter().next()
}

/// The note's title, then the other lines that may say what it does not:
/// the heading of level 1, else a lead line of two words or more before any
/// heading ("Runtime PMC notes (taken by Dieu)" over "## Announcements"),
/// else the first heading, else the lead.
fn heads(text: &str) -> Vec<String> {
    let (h1, first, lead) = title_and_lead(text);
    let worded = |l: &String| l.split_whitespace().count() >= 2;
    let mut out: Vec<String> = match (h1, lead) {
        // A level-1 title is the authority; a line above it is not read.
        (Some(h1), _) => vec![h1],
        (None, Some(lead)) if worded(&lead) => [Some(lead), first].into_iter().flatten().collect(),
        (None, lead) => [first, lead].into_iter().flatten().collect(),
    };
    out.dedup();
    out
}

/// The first heading of level 1, the first heading (when there is no level
/// 1), and the first line of a paragraph before any heading.
fn title_and_lead(text: &str) -> (Option<String>, Option<String>, Option<String>) {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let head = text
        .match_indices('\n')
        .nth(TITLE_LINES)
        .map_or(text, |(i, _)| &text[..i]);
    let mut first_any: Option<String> = None;
    let mut current: Option<(HeadingLevel, String)> = None;
    // The first paragraph's first line, outside lists and quotes.
    let (mut depth, mut para, mut para_done) = (0usize, None::<String>, false);
    for event in Parser::new(head) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => current = Some((level, String::new())),
            Event::Start(Tag::Paragraph) if depth == 0 && para.is_none() && first_any.is_none() => {
                para = Some(String::new());
            }
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_)) => depth += 1,
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::Table) => {
                depth = depth.saturating_sub(1);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => {
                para_done |= para.is_some();
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, buf)) = current.as_mut() {
                    buf.push_str(&t);
                } else if let Some(buf) = para.as_mut().filter(|_| !para_done) {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, title)) = current.take() else {
                    continue;
                };
                let title = title.trim().to_string();
                if title.is_empty() {
                    continue;
                }
                if level == HeadingLevel::H1 {
                    return (Some(title), None, lead(para));
                }
                first_any.get_or_insert(title);
            }
            _ => {}
        }
    }
    (None, first_any, lead(para))
}

fn lead(para: Option<String>) -> Option<String> {
    para.map(|p| p.trim().to_string()).filter(|p| !p.is_empty())
}

/// How far into a note its title is looked for.
const TITLE_LINES: usize = 40;

fn find_date(patterns: &[Pattern], text: &str) -> Option<(NaiveDate, String)> {
    for p in patterns {
        for c in p.re.captures_iter(text) {
            let num = |g: &str| c.name(g).and_then(|m| m.as_str().parse::<u32>().ok());
            let month = num("m").or_else(|| c.name("mon").and_then(|m| month_number(m.as_str())));
            let (Some(y), Some(m), Some(d)) = (num("y"), month, num("d")) else {
                continue;
            };
            let y = if y < 100 { 2000 + y } else { y };
            if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                return Some((date, p.id.clone()));
            }
        }
    }
    None
}

/// The number of a month named in English, in full or cut to three
/// letters or more ("Sept", "March").
fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.');
    name.parse::<chrono::Month>()
        .ok()
        .or_else(|| name.get(..3)?.parse::<chrono::Month>().ok())
        .map(|m| m.number_from_month())
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Date and committee of a note, from its title, else its path.
pub fn meeting_info(text: &str, display_path: &str, rules: &Rules) -> MeetingInfo {
    // What the title does not say, a lead or a heading may.
    let heads = heads(text);
    let title = heads.first().cloned();
    let heads = || heads.iter();
    let file_name = display_path.rsplit('/').next().unwrap_or(display_path);
    let (date, date_rule) = heads()
        .find_map(|t| find_date(&rules.title_dates, t))
        .or_else(|| find_date(&rules.file_dates, file_name))
        .map_or((None, None), |(d, r)| (Some(d), Some(r)));

    // A rule with a group `name` reads the committee's name from the
    // text (another organisation's "SIG Node", "Apache Foo PMC"); the others
    // are committees of their own.
    let committee_in = |s: &str, named: bool| {
        rules.committees.iter().find_map(|c| {
            if c.named != named {
                return None;
            }
            let caps = c.re.captures(s)?;
            match caps.name("name") {
                Some(n) => Some((slug(n.as_str()), c.id.clone())).filter(|(p, _)| !p.is_empty()),
                None => Some((c.id.clone(), c.id.clone())),
            }
        })
    };
    // The title; else a committee the rules know in the folders (nearest
    // first) or the file name (`2021-01-12-runtime.md` in `notes/`); else
    // the nearest folder's name. A folder that is only a year, `.` or `..`
    // says nothing.
    let mut folders: Vec<&str> = display_path.split('/').collect();
    folders.pop();
    folders.retain(|f| !f.chars().all(|c| c.is_ascii_digit()) && !slug(f).is_empty());
    // The committees the rules name come first, from any of these; a rule
    // that reads a name (`SIG Node`) only when none does ("# CF PMC
    // Meeting" in `Runtime/` is runtime, not cf).
    let pmc = heads()
        .find_map(|t| committee_in(t, false))
        .or_else(|| folders.iter().rev().find_map(|f| committee_in(f, false)))
        // Its parts may be joined by `_` ("BOSH_PMC_2018_06_05.md"), a word
        // character to a regex: read as spaces.
        .or_else(|| committee_in(&file_name.replace('_', " "), false))
        .or_else(|| heads().find_map(|t| committee_in(t, true)))
        .or_else(|| folders.last().map(|f| (slug(f), "pmc.folder".to_string())));
    let (pmc, pmc_rule) = pmc.map_or((None, None), |(p, r)| (Some(p), Some(r)));
    MeetingInfo {
        title,
        date,
        pmc,
        date_rule,
        pmc_rule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_markdown_headings_only() {
        assert_eq!(
            title_of("# Runtime PMC Meeting 2017-09-05\n").as_deref(),
            Some("Runtime PMC Meeting 2017-09-05")
        );
        assert_eq!(
            title_of("Runtime PMC notes\n```\n# 2015-01-01 build log\n```\n").as_deref(),
            Some("Runtime PMC notes"),
            "a heading in fenced code is none; with no heading, the first line is the title"
        );
        assert_eq!(
            heads("Runtime PMC notes (by Dieu)\n\n## Announcements\n- x\n"),
            ["Runtime PMC notes (by Dieu)", "Announcements"],
            "a lead before the first heading is the title, the heading is looked at too"
        );
        assert_eq!(
            title_of("- Attendees: A, B\n\nFoo PMC meeting, 4th May 2021\nmore text\n").as_deref(),
            Some("Foo PMC meeting, 4th May 2021"),
            "the first paragraph outside lists, its first line only"
        );
        assert_eq!(
            title_of("#hashtag\n## Runtime PMC\n").as_deref(),
            Some("Runtime PMC")
        );
        assert_eq!(
            title_of("Runtime PMC Meeting 2019-01-08\n=====\n\n### CLI - X\n").as_deref(),
            Some("Runtime PMC Meeting 2019-01-08")
        );
    }

    #[test]
    fn a_committee_named_anywhere_beats_a_folder_name() {
        let rules = crate::rules::Rules::load(&crate::rules::RuleSource::Embedded).unwrap();
        let cases = [
            // In the file name, when the folder is only a folder.
            (
                "# Meeting 2021-01-12\n",
                "notes/2021-01-12-runtime.md",
                "runtime",
            ),
            // In a lead line over the first heading.
            (
                "BOSH PMC notes, by Dieu\n\n## Announcements\n- x\n",
                "misc/a.md",
                "bosh",
            ),
            // A name read from the title ("CF PMC" gives cf) yields to a
            // committee the rules know in the folder.
            (
                "# CF PMC Meeting 2020-06-10\n",
                "Runtime/2020-06-10.md",
                "runtime",
            ),
            // Nowhere: the nearest folder.
            ("# Meeting 2021-01-12\n", "minutes/2021-01-12.md", "minutes"),
        ];
        for (text, path, pmc) in cases {
            let m = meeting_info(text, path, &rules);
            assert_eq!(m.pmc.as_deref(), Some(pmc), "{path}");
        }
        let m = meeting_info(cases[1].0, cases[1].1, &rules);
        assert_eq!(m.title.as_deref(), Some("BOSH PMC notes, by Dieu"));
        // A line above a level-1 title is not read for the date.
        let text = "Recording from 2019-02-01 is linked below\n\n# Runtime PMC Meeting\n";
        let m = meeting_info(text, "Runtime/2019-01-07.md", &rules);
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2019-01-07"));
    }

    #[test]
    fn a_parent_folder_in_the_path_names_no_committee() {
        let rules = crate::rules::Rules::load(&crate::rules::RuleSource::Embedded).unwrap();
        let text = "# PMC Meeting 2020-06-09\n";
        for path in [
            "../runtime-notes.md",
            "runtime-notes.md",
            "./runtime-notes.md",
        ] {
            let m = meeting_info(text, path, &rules);
            assert_eq!(m.pmc.as_deref(), Some("runtime"), "{path}");
        }
    }
}
