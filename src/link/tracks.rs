//! Roadmap items followed from meeting to meeting.
//!
//! The same piece of work is worded differently each time ("Rootless Mode",
//! "Rootless Containers: shipped!"), so items are matched on content: their
//! words, weighted by how rare they are in the project's notes (a word that
//! every item of the project uses says little). An item joins the earlier
//! track of its project and committee that shares the most weight, if that
//! share reaches the rules' threshold; otherwise it starts a track. Finding
//! candidates goes through an index from word to tracks, so the work grows
//! with the number of items, not with its square.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::extract::text::slug;
use crate::extract::{Item, Sym};
use crate::rules::TrackSettings;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub file: Sym,
    pub line: usize,
    pub date: Option<NaiveDate>,
    pub status: Sym,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Track {
    pub id: String,
    pub pmc: Option<String>,
    pub project: String,
    pub title: String,
    /// The latest status.
    pub status: Sym,
    pub first_seen: Option<NaiveDate>,
    pub last_seen: Option<NaiveDate>,
    pub slipped: bool,
    /// Statuses in order, a new entry only when it changes.
    pub history: Vec<Sym>,
    /// Days from first seen to first seen done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_time_days: Option<i64>,
    pub mentions: Vec<Mention>,
}

/// Content words of an item: lowercase, three letters or more, no stopwords.
pub fn tokens(text: &str, stop: &HashSet<String>) -> BTreeSet<String> {
    content_words(text, stop).collect()
}

/// The content words of a text in the order written.
fn content_words<'a>(
    text: &'a str,
    stop: &'a HashSet<String>,
) -> impl Iterator<Item = String> + 'a {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| {
            w.chars().count() >= 3 && !stop.contains(w) && !w.chars().all(|c| c.is_ascii_digit())
        })
}

struct Open {
    // Ordered sets: weights are summed in a fixed order, so a score at the
    // threshold falls the same way on every run.
    words: BTreeSet<String>,
    /// Sum of the weights of `words`, kept as words are added.
    weight: f64,
    last_file: Sym,
    track: Track,
}

/// Follow items across meetings. `pmc_of` gives each file's committee.
pub fn tracks(
    items: &[Item],
    pmc_of: &HashMap<String, Option<String>>,
    settings: &TrackSettings,
) -> Vec<Track> {
    let stop: HashSet<String> = settings
        .stopwords
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    // Group by committee and project, in meeting order.
    let mut groups: BTreeMap<(Option<String>, String), Vec<&Item>> = BTreeMap::new();
    for it in items.iter().filter(|i| &*i.status != "info") {
        let pmc = pmc_of.get(&*it.file).cloned().flatten();
        groups
            .entry((pmc, it.project.to_string()))
            .or_default()
            .push(it);
    }
    // Groups are independent: followed in parallel, then given unique ids
    // in group order, so the ids are the same on every run.
    let groups: Vec<_> = groups.into_iter().collect();
    let per_group: Vec<Vec<Track>> = groups
        .into_par_iter()
        .map(|((pmc, project), list)| follow(pmc, &project, list, &stop, settings))
        .collect();
    let mut out: Vec<Track> = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    for mut t in per_group.into_iter().flatten() {
        let base = std::mem::take(&mut t.id);
        let mut id = base.clone();
        let mut n = 2;
        while !used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        t.id = id;
        out.push(t);
    }
    out.sort_by(|a, b| (a.first_seen, &a.id).cmp(&(b.first_seen, &b.id)));
    out
}

/// Follow the items of one committee's project, in meeting order. Track ids
/// are not yet unique across projects.
fn follow(
    pmc: Option<String>,
    project: &str,
    mut list: Vec<&Item>,
    stop: &HashSet<String>,
    settings: &TrackSettings,
) -> Vec<Track> {
    let mut out: Vec<Track> = Vec::new();
    list.sort_by(|a, b| (a.date, &a.file, a.line).cmp(&(b.date, &b.file, b.line)));
    let words: Vec<BTreeSet<String>> = list.iter().map(|i| tokens(&i.text, stop)).collect();
    // Word weights: rarer in this project's items, heavier.
    let mut df: HashMap<&str, usize> = HashMap::new();
    for w in &words {
        for t in w {
            *df.entry(t.as_str()).or_default() += 1;
        }
    }
    let n = list.len() as f64;
    let weight = |t: &str| (1.0 + n / (*df.get(t).unwrap_or(&1) as f64)).ln();
    let meetings: Vec<(Option<NaiveDate>, &str)> = {
        let mut m: Vec<_> = list.iter().map(|i| (i.date, &*i.file)).collect();
        m.dedup();
        m
    };
    let mut open: Vec<Open> = Vec::new();
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (it, ws) in list.iter().zip(&words) {
        let total: f64 = ws.iter().map(|t| weight(t)).sum();
        let mut shared: HashMap<usize, f64> = HashMap::new();
        for t in ws {
            for &k in index.get(t).map(Vec::as_slice).unwrap_or(&[]) {
                *shared.entry(k).or_default() += weight(t);
            }
        }
        let best = shared
            .into_iter()
            .filter(|(k, _)| open[*k].last_file != it.file)
            .filter(|(k, _)| {
                let last = open[*k].track.last_seen;
                match (last, it.date) {
                    (Some(l), Some(d)) => (d - l).num_days() <= settings.max_gap_days,
                    _ => true,
                }
            })
            .map(|(k, s)| (k, s / total.min(open[k].weight).max(f64::EPSILON)))
            .filter(|(_, score)| *score >= settings.similarity)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let mention = Mention {
            file: it.file.clone(),
            line: it.line,
            date: it.date,
            status: it.status.clone(),
        };
        match best {
            Some((k, _)) => {
                let o = &mut open[k];
                o.track.mentions.push(mention);
                o.track.last_seen = it.date;
                if o.track.history.last() != Some(&it.status) {
                    o.track.history.push(it.status.clone());
                }
                o.track.status = it.status.clone();
                o.last_file = it.file.clone();
                for t in ws {
                    if o.words.insert(t.clone()) {
                        o.weight += weight(t);
                        index.entry(t.clone()).or_default().push(k);
                    }
                }
            }
            None => {
                let k = open.len();
                // The first content words as written: the id does not change
                // when other notes change the words' weights. Made unique
                // across groups by the caller.
                let mut first: Vec<String> = Vec::new();
                for w in content_words(&it.text, stop) {
                    if !first.contains(&w) {
                        first.push(w);
                    }
                    if first.len() == 3 {
                        break;
                    }
                }
                let id = slug(&format!("{project} {}", first.join(" ")));
                let title: String = it.text.chars().take(80).collect();
                open.push(Open {
                    words: ws.clone(),
                    weight: total,
                    last_file: it.file.clone(),
                    track: Track {
                        id,
                        pmc: pmc.clone(),
                        project: project.to_string(),
                        title,
                        status: it.status.clone(),
                        first_seen: it.date,
                        last_seen: it.date,
                        slipped: false,
                        history: vec![it.status.clone()],
                        lead_time_days: None,
                        mentions: vec![mention],
                    },
                });
                for t in ws {
                    index.entry(t.clone()).or_default().push(k);
                }
            }
        }
    }
    for o in open {
        let mut t = o.track;
        // Only work seen before it was done has a lead time: an item first
        // seen done started at a time the notes do not give (not 0 days).
        t.lead_time_days = t
            .mentions
            .iter()
            .find(|m| &*m.status == "done")
            .filter(|_| t.mentions.first().is_some_and(|m| &*m.status != "done"))
            .and_then(|m| Some((m.date? - t.first_seen?).num_days()));
        let unfinished = matches!(&*t.status, "planned" | "in_progress");
        let later_meetings = meetings.iter().filter(|(d, _)| *d > t.last_seen).count();
        let planned_since = t
            .mentions
            .iter()
            .find(|m| &*m.status == "planned")
            .and_then(|m| m.date);
        let stale_plan = &*t.status == "planned"
            && matches!((planned_since, t.last_seen), (Some(a), Some(b)) if (b - a).num_days() > settings.planned_horizon_days);
        t.slipped = unfinished && (later_meetings >= settings.slip_after_meetings || stale_plan);
        out.push(t);
    }
    out
}
