//! Dates: relative ones ("this week", "next quarter", "until 09/13")
//! resolved against the meeting date into a date range with its precision,
//! the way HeidelTime resolves expressions against a document's date, and
//! dates written out ("on 2020-07-31", "in January 2016"), which need no
//! meeting to resolve but say, beside it, whether what they date is to come.
//!
//! Which words mean what is in `rules/timeline.yaml` (`relative_dates`);
//! this file only knows the calendar arithmetic of each kind of expression.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::rules::Rules;

/// A resolved expression, kept on the fact that carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct When {
    /// The words as written.
    pub text: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// day, week, month, quarter, year or fuzzy.
    pub precision: String,
    pub rule: String,
}

/// The kinds of expression the resolver knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolve {
    Today,
    ThisWeek,
    NextWeek,
    ThisMonth,
    NextMonth,
    EndOfMonth,
    ThisQuarter,
    NextQuarter,
    EndOfQuarter,
    ThisYear,
    NextYear,
    /// `until 09/13`: the next such day on or after the meeting.
    Until,
    /// A span of days after the meeting (`in the next week or two`).
    Days,
    /// A date written out: named groups `y` and `m` (a number or a month's
    /// name), `d` if a day is given (`on July 31, 2020`, `in January 2016`).
    Date,
}

impl Resolve {
    pub fn parse(s: &str) -> Option<Resolve> {
        Some(match s {
            "today" => Resolve::Today,
            "this_week" => Resolve::ThisWeek,
            "next_week" => Resolve::NextWeek,
            "this_month" => Resolve::ThisMonth,
            "next_month" => Resolve::NextMonth,
            "end_of_month" => Resolve::EndOfMonth,
            "this_quarter" => Resolve::ThisQuarter,
            "next_quarter" => Resolve::NextQuarter,
            "end_of_quarter" => Resolve::EndOfQuarter,
            "this_year" => Resolve::ThisYear,
            "next_year" => Resolve::NextYear,
            "until" => Resolve::Until,
            "days" => Resolve::Days,
            "date" => Resolve::Date,
            _ => return None,
        })
    }
}

fn month_start(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).expect("valid month")
}

fn month_end(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    month_start(ny, nm) - Duration::days(1)
}

fn quarter(y: i32, q: u32) -> (NaiveDate, NaiveDate) {
    let m = (q - 1) * 3 + 1;
    (month_start(y, m), month_end(y, m + 2))
}

/// Resolve one expression against the meeting date. `days` is the span for
/// [`Resolve::Days`]; `md` the month and day for [`Resolve::Until`]. A
/// [`Resolve::Date`] needs its year too: see [`written_date`].
pub fn resolve(
    kind: Resolve,
    meeting: NaiveDate,
    days: (i64, i64),
    md: Option<(u32, u32)>,
) -> Option<(NaiveDate, NaiveDate, &'static str)> {
    let (y, m) = (meeting.year(), meeting.month());
    let q = (m - 1) / 3 + 1;
    let monday = meeting.week(Weekday::Mon).first_day();
    Some(match kind {
        Resolve::Today => (meeting, meeting, "day"),
        Resolve::ThisWeek => (monday, monday + Duration::days(6), "week"),
        Resolve::NextWeek => (
            monday + Duration::days(7),
            monday + Duration::days(13),
            "week",
        ),
        Resolve::ThisMonth => (month_start(y, m), month_end(y, m), "month"),
        Resolve::NextMonth => {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            (month_start(ny, nm), month_end(ny, nm), "month")
        }
        Resolve::EndOfMonth => (month_end(y, m), month_end(y, m), "day"),
        Resolve::ThisQuarter => {
            let (a, b) = quarter(y, q);
            (a, b, "quarter")
        }
        Resolve::NextQuarter => {
            let (ny, nq) = if q == 4 { (y + 1, 1) } else { (y, q + 1) };
            let (a, b) = quarter(ny, nq);
            (a, b, "quarter")
        }
        Resolve::EndOfQuarter => {
            let (_, b) = quarter(y, q);
            (b, b, "day")
        }
        Resolve::ThisYear => (month_start(y, 1), month_end(y, 12), "year"),
        Resolve::NextYear => (month_start(y + 1, 1), month_end(y + 1, 12), "year"),
        Resolve::Until => {
            let (mm, dd) = md?;
            // The first such day on or after the meeting, within a year
            // (a 29 February may exist only next year; one more than a year
            // away is not what "until" meant).
            let d = [y, y + 1]
                .into_iter()
                .filter_map(|y| NaiveDate::from_ymd_opt(y, mm, dd))
                .find(|d| *d >= meeting)
                .filter(|d| (*d - meeting).num_days() <= 366)?;
            (meeting, d, "day")
        }
        Resolve::Days => (
            meeting.checked_add_signed(Duration::try_days(days.0)?)?,
            meeting.checked_add_signed(Duration::try_days(days.1)?)?,
            "fuzzy",
        ),
        Resolve::Date => return None,
    })
}

/// The month a name or number gives: `7`, `07`, `Jul`, `July`, `Sept`.
fn month_of(m: &str) -> Option<u32> {
    if let Ok(n) = m.parse::<u32>() {
        return Some(n).filter(|n| (1..=12).contains(n));
    }
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let head = m.get(..3)?.to_ascii_lowercase();
    NAMES.iter().position(|n| *n == head).map(|k| k as u32 + 1)
}

/// A date written out: its day, or its whole month when no day is given.
/// A two-digit year is this century's (`7/6/15`). `None` when there is no
/// such day (`February 30, 2019`).
pub fn written_date(
    y: &str,
    m: &str,
    d: Option<&str>,
) -> Option<(NaiveDate, NaiveDate, &'static str)> {
    let y: i32 = y.parse().ok()?;
    let y = if y < 100 { 2000 + y } else { y };
    let m = month_of(m)?;
    match d {
        Some(d) => {
            let day = NaiveDate::from_ymd_opt(y, m, d.parse().ok()?)?;
            Some((day, day, "day"))
        }
        None => {
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            Some((first, month_end(y, m), "month"))
        }
    }
}

/// The first date (relative or written out) in the first of `texts` that
/// has one, resolved against the meeting date with the rules' `relative_dates`.
pub fn find_when<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    meeting: Option<NaiveDate>,
    rules: &Rules,
) -> Option<When> {
    let meeting = meeting?;
    for text in texts {
        // Every match, leftmost first (ties: the longest, then the rule
        // listed first); the first that resolves wins, so "until 13/09"
        // does not hide a later "next week".
        let mut found: Vec<_> = rules
            .prefilters
            .relative_dates
            .which(text)
            .into_iter()
            .map(|k| &rules.relative_dates[k])
            .flat_map(|w| w.re.captures_iter(text).map(move |c| (c, w)))
            .collect();
        found.sort_by_key(|(c, _)| {
            c.get(0)
                .map_or((usize::MAX, 0), |m| (m.start(), usize::MAX - m.end()))
        });
        for (cap, w) in found {
            let resolved = match (w.kind, cap.name("y"), cap.name("m")) {
                (Resolve::Date, Some(y), Some(m)) => {
                    written_date(y.as_str(), m.as_str(), cap.name("d").map(|d| d.as_str()))
                }
                _ => {
                    let md = match (cap.name("m"), cap.name("d")) {
                        (Some(m), Some(d)) => m.as_str().parse().ok().zip(d.as_str().parse().ok()),
                        _ => None,
                    };
                    resolve(w.kind, meeting, w.days, md)
                }
            };
            if let Some((start, end, precision)) = resolved {
                return Some(When {
                    text: cap.get(0).map_or("", |m| m.as_str()).to_string(),
                    start,
                    end,
                    precision: precision.to_string(),
                    rule: w.id.clone(),
                });
            }
        }
    }
    None
}

/// Whether the first date `text` gives lies wholly after the meeting: what
/// it dates is still to come ("reaches end of life on 2020-07-31" in a
/// meeting of May 2020; "in January 2016" in one of December 2015).
pub fn dated_ahead(text: &str, meeting: Option<NaiveDate>, rules: &Rules) -> bool {
    find_when([text], meeting, rules).is_some_and(|w| meeting.is_some_and(|m| w.start > m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn r(kind: Resolve, meeting: &str) -> (NaiveDate, NaiveDate, &'static str) {
        resolve(kind, d(meeting), (0, 0), None).unwrap()
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        // 2017-09-05 is a Tuesday.
        assert_eq!(
            r(Resolve::ThisWeek, "2017-09-05"),
            (d("2017-09-04"), d("2017-09-10"), "week")
        );
        assert_eq!(
            r(Resolve::NextWeek, "2017-09-05"),
            (d("2017-09-11"), d("2017-09-17"), "week")
        );
        // Across a year end.
        assert_eq!(
            r(Resolve::NextWeek, "2019-12-31"),
            (d("2020-01-06"), d("2020-01-12"), "week")
        );
    }

    #[test]
    fn quarters_and_months_cross_their_boundaries() {
        assert_eq!(
            r(Resolve::ThisQuarter, "2019-01-08"),
            (d("2019-01-01"), d("2019-03-31"), "quarter")
        );
        assert_eq!(
            r(Resolve::ThisQuarter, "2018-09-30"),
            (d("2018-07-01"), d("2018-09-30"), "quarter")
        );
        assert_eq!(
            r(Resolve::NextQuarter, "2018-12-11"),
            (d("2019-01-01"), d("2019-03-31"), "quarter")
        );
        assert_eq!(
            r(Resolve::EndOfQuarter, "2018-11-13"),
            (d("2018-12-31"), d("2018-12-31"), "day")
        );
        assert_eq!(
            r(Resolve::EndOfMonth, "2020-02-04"),
            (d("2020-02-29"), d("2020-02-29"), "day")
        );
        assert_eq!(
            r(Resolve::NextMonth, "2020-12-22"),
            (d("2021-01-01"), d("2021-01-31"), "month")
        );
    }

    #[test]
    fn until_rolls_over_the_year_end() {
        let until = |m: &str, md| resolve(Resolve::Until, d(m), (0, 0), Some(md)).unwrap();
        assert_eq!(
            until("2018-09-04", (9, 13)),
            (d("2018-09-04"), d("2018-09-13"), "day")
        );
        assert_eq!(
            until("2018-12-11", (1, 8)),
            (d("2018-12-11"), d("2019-01-08"), "day")
        );
        assert!(resolve(Resolve::Until, d("2018-12-11"), (0, 0), Some((2, 30))).is_none());
    }

    #[test]
    fn written_dates_give_their_day_or_their_month() {
        assert_eq!(
            written_date("2020", "07", Some("31")),
            Some((d("2020-07-31"), d("2020-07-31"), "day"))
        );
        assert_eq!(
            written_date("15", "7", Some("6")),
            Some((d("2015-07-06"), d("2015-07-06"), "day"))
        );
        assert_eq!(
            written_date("2016", "January", None),
            Some((d("2016-01-01"), d("2016-01-31"), "month"))
        );
        assert_eq!(
            written_date("2020", "Sept", None),
            Some((d("2020-09-01"), d("2020-09-30"), "month"))
        );
        assert_eq!(written_date("2019", "February", Some("30")), None);
        assert_eq!(written_date("2019", "13", Some("1")), None);
        assert_eq!(written_date("2019", "Smarch", None), None);
    }

    #[test]
    fn spans_of_days() {
        assert_eq!(
            resolve(Resolve::Days, d("2016-03-22"), (1, 14), None).unwrap(),
            (d("2016-03-23"), d("2016-04-05"), "fuzzy")
        );
    }

    #[test]
    fn a_date_that_does_not_resolve_leaves_the_next_one() {
        let rules = crate::rules::Rules::load(&crate::rules::RuleSource::Embedded).unwrap();
        let w = find_when(
            ["frozen until 13/09, will ship next week"],
            Some(d("2017-09-05")),
            &rules,
        )
        .unwrap();
        assert_eq!((w.start, w.end), (d("2017-09-11"), d("2017-09-17")));
        assert_eq!(w.rule, "when.next-week");
    }
}
