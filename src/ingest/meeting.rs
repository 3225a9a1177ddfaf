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

/// The title: the first ATX heading of level 1, else the first heading.
pub fn title_of(text: &str) -> Option<String> {
    let mut first_any = None;
    let mut in_fence = false;
    for line in text.lines().take(40) {
        let t = line.trim_start();
        // Headings are not read inside fenced code (a pasted log's `# ...`).
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || line.len() - t.len() > 3 {
            continue;
        }
        if let Some(rest) = t.strip_prefix('#') {
            let level = 1 + rest.chars().take_while(|&c| c == '#').count();
            let after = rest.trim_start_matches('#');
            // CommonMark: `#tag` is not a heading; `# Title` is.
            if !(after.is_empty() || after.starts_with([' ', '\t'])) || level > 6 {
                continue;
            }
            let title = after.trim().trim_end_matches('#').trim().to_string();
            if title.is_empty() {
                continue;
            }
            if level == 1 {
                return Some(title);
            }
            first_any.get_or_insert(title);
        }
    }
    first_any
}

fn find_date(patterns: &[Pattern], text: &str) -> Option<(NaiveDate, String)> {
    for p in patterns {
        for c in p.re.captures_iter(text) {
            let num = |g: &str| c.name(g).and_then(|m| m.as_str().parse::<u32>().ok());
            let (Some(y), Some(m), Some(d)) = (num("y"), num("m"), num("d")) else {
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
    let title = title_of(text);
    let file_name = display_path.rsplit('/').next().unwrap_or(display_path);
    let (date, date_rule) = title
        .as_deref()
        .and_then(|t| find_date(&rules.title_dates, t))
        .or_else(|| find_date(&rules.file_dates, file_name))
        .map_or((None, None), |(d, r)| (Some(d), Some(r)));

    let committee_in = |s: &str| {
        rules
            .committees
            .iter()
            .find(|c| c.re.is_match(s))
            .map(|c| (c.id.clone(), c.id.clone()))
    };
    let mut pmc = title.as_deref().and_then(committee_in);
    if pmc.is_none() {
        // The folders, nearest first, then the file name; a folder that is
        // only a year is skipped.
        let mut parts: Vec<&str> = display_path.split('/').collect();
        parts.pop();
        for folder in parts.iter().rev() {
            if folder.chars().all(|c| c.is_ascii_digit()) || folder.is_empty() || *folder == "." {
                continue;
            }
            pmc = committee_in(folder).or_else(|| Some((slug(folder), "pmc.folder".to_string())));
            break;
        }
        if pmc.is_none() {
            pmc = committee_in(file_name);
        }
    }
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
            title_of("Runtime PMC notes\n```\n# 2015-01-01 build log\n```\n"),
            None
        );
        assert_eq!(
            title_of("#hashtag\n## Runtime PMC\n").as_deref(),
            Some("Runtime PMC")
        );
    }
}
