//! Properties over generated input (proptest): the version grammar and the
//! resolution of relative dates.

use chrono::{Datelike, Duration, NaiveDate};
use proptest::prelude::*;

use roadmap_tracker::extract::extract_document;
use roadmap_tracker::extract::when::{Resolve, resolve};
use roadmap_tracker::ingest::document_from_text;
use roadmap_tracker::link::history::lenient_semver;
use roadmap_tracker::rules::{RuleSource, Rules};

/// A version as people write it, and the parts it stands for.
#[derive(Debug, Clone)]
struct Written {
    text: String,
    parts: (u64, u64, u64),
    rc: Option<u64>,
    build: Option<u64>,
}

fn written() -> impl Strategy<Value = Written> {
    (
        0u64..400,
        0u64..400,
        0u64..60,
        0usize..5,
        prop::option::of(1u64..20),
        any::<bool>(),
    )
        .prop_map(|(major, minor, patch, form, rc, v)| {
            let core = match form {
                0 => format!("{major}.{minor}"),
                1 => format!("{major}.{minor}.x"),
                // A build number as a fourth part.
                4 => format!("{major}.{minor}.{patch}.{}", patch * 7 + minor),
                _ => format!("{major}.{minor}.{patch}"),
            };
            let patch = if form < 2 { 0 } else { patch };
            let rc = rc.filter(|_| form >= 2);
            let pre = rc.map(|n| format!("-rc{n}")).unwrap_or_default();
            Written {
                text: format!("{}{core}{pre}", if v { "v" } else { "" }),
                parts: (major, minor, patch),
                rc,
                build: (form == 4).then_some(patch * 7 + minor),
            }
        })
}

proptest! {
    /// Normalise, print, normalise again: the same version.
    #[test]
    fn normalising_a_version_is_stable(w in written()) {
        let v = lenient_semver(&w.text).expect("a version");
        prop_assert_eq!((v.major, v.minor, v.patch), w.parts);
        let again = lenient_semver(&v.to_string()).expect("printed version parses");
        prop_assert_eq!(again, v);
    }

    /// semver's order of the normalised versions is the order of their
    /// parts, a release candidate before its release.
    #[test]
    fn semver_order_agrees_with_the_written_order(a in written(), b in written()) {
        let (va, vb) = (lenient_semver(&a.text).unwrap(), lenient_semver(&b.text).unwrap());
        let key = |w: &Written| (w.parts, w.rc.is_none(), w.rc.unwrap_or(0), w.build);
        prop_assert_eq!(va.cmp(&vb), key(&a).cmp(&key(&b)));
    }

    /// A released version written in a note comes out as that version.
    #[test]
    fn a_released_version_in_a_note_is_extracted(w in written().prop_filter("no .x line, no four parts (an IP address)", |w| !w.text.ends_with(".x") && w.build.is_none())) {
        let rules = rules();
        let text = format!("# Runtime PMC Meeting 2017-09-05\n\n### CLI\n\n- Released cf CLI {}\n", w.text);
        let doc = document_from_text("2017-09-05-runtime.md", &text);
        let facts = extract_document(&doc, rules);
        let got: Vec<_> = facts.releases.iter().filter(|r| r.component == "cf-cli").collect();
        prop_assert_eq!(got.len(), 1, "{:?}", facts.releases);
        prop_assert_eq!(&got[0].status, "released");
        prop_assert_eq!(lenient_semver(&got[0].version), lenient_semver(&w.text));
    }

    /// Every relative date resolves to a range that starts no later than
    /// it ends; "this ..." holds the meeting, "next ..." starts the day
    /// after "this ..." ends.
    #[test]
    fn relative_dates_resolve_around_the_meeting(days in 0i64..(9000 * 365)) {
        let meeting = NaiveDate::from_ymd_opt(1000, 1, 1).unwrap() + Duration::days(days);
        let r = |k| resolve(k, meeting, (7, 30), None).expect("resolves");
        for k in [Resolve::Today, Resolve::ThisWeek, Resolve::ThisMonth, Resolve::ThisQuarter, Resolve::ThisYear] {
            let (a, b, _) = r(k);
            prop_assert!(a <= meeting && meeting <= b, "{:?} {} {}..{}", k, meeting, a, b);
        }
        for (this, next) in [
            (Resolve::ThisWeek, Resolve::NextWeek),
            (Resolve::ThisMonth, Resolve::NextMonth),
            (Resolve::ThisQuarter, Resolve::NextQuarter),
            (Resolve::ThisYear, Resolve::NextYear),
        ] {
            let (_, end, _) = r(this);
            let (start, later, _) = r(next);
            prop_assert_eq!(start, end + Duration::days(1));
            prop_assert!(start <= later);
        }
        let (_, eom, _) = r(Resolve::EndOfMonth);
        prop_assert_eq!((eom + Duration::days(1)).day(), 1);
        let (_, eoq, _) = r(Resolve::EndOfQuarter);
        prop_assert_eq!(eoq, r(Resolve::ThisQuarter).1);
        let (a, b, _) = r(Resolve::Days);
        prop_assert_eq!((a - meeting).num_days(), 7);
        prop_assert_eq!((b - meeting).num_days(), 30);
    }

    /// "until MM/DD" is the next such day on or after the meeting, within a year.
    #[test]
    fn until_is_the_next_such_day(days in 0i64..(9000 * 365), month in 1u32..=12, day in 1u32..=31) {
        let meeting = NaiveDate::from_ymd_opt(1000, 1, 1).unwrap() + Duration::days(days);
        let Some((start, end, _)) = resolve(Resolve::Until, meeting, (0, 0), Some((month, day))) else {
            // Only when no such day falls within a year of the meeting
            // (31 April never; 29 February most years).
            let within = [meeting.year(), meeting.year() + 1].into_iter().any(|y| {
                NaiveDate::from_ymd_opt(y, month, day)
                    .is_some_and(|d| d >= meeting && (d - meeting).num_days() <= 366)
            });
            prop_assert!(!within, "no date for {month}/{day} after {meeting}");
            return Ok(());
        };
        prop_assert_eq!(start, meeting);
        prop_assert!(end >= meeting && (end - meeting).num_days() <= 366);
        prop_assert_eq!((end.month(), end.day()), (month, day));
    }
}

fn rules() -> &'static Rules {
    static RULES: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| Rules::load(&RuleSource::Embedded).unwrap())
}

/// The case the property above rarely draws: "until 02/29" in a meeting a
/// year before a leap day is that leap day, 365 days on.
#[test]
fn until_a_leap_day_within_a_year() {
    let meeting = NaiveDate::from_ymd_opt(2019, 3, 1).unwrap();
    let (start, end, _) = resolve(Resolve::Until, meeting, (0, 0), Some((2, 29))).unwrap();
    assert_eq!(
        (start, end),
        (meeting, NaiveDate::from_ymd_opt(2020, 2, 29).unwrap())
    );
    let later = NaiveDate::from_ymd_opt(2020, 3, 1).unwrap();
    assert_eq!(resolve(Resolve::Until, later, (0, 0), Some((2, 29))), None);
}
