//! Roadmap items followed from meeting to meeting.
//!
//! The same piece of work is worded differently each time ("Rootless Mode",
//! "Rootless Containers: shipped!"), so items are matched on content: their
//! words, weighted by how rare they are in the project's notes (a word that
//! every item of the project uses says little). An item joins the earlier
//! track of its project and committee whose latest mention it resembles
//! most (cosine of the weighted word sets), if that reaches the rules'
//! threshold; otherwise it starts a track. Comparing with the latest
//! mention, not with all the words a track ever had, follows wording as it
//! drifts, and keeps a long track from drawing in every short item that
//! shares two of its many words ("Droplet upload" into a push refactor).
//! Two items that each name a version, and no version in common, are
//! different work ("Released garden-runc 1.0.0-rc9", then "-rc10"). Finding
//! candidates goes through an index from word to tracks, so the work grows
//! with the number of items, not with its square.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

// Words and ids of our own notes: a fast hash, not a DoS-proof one. (Only
// looked up, never iterated in an order that shows.)
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::extract::text::slug;
use crate::extract::{Item, Sym};
use crate::rules::TrackSettings;

use super::history::version_key;

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

/// The content words of a text in the order written: lowercase, three
/// letters or more, no stopwords, not all digits.
fn content_words<'a>(
    text: &'a str,
    stop: &'a FxHashSet<String>,
) -> impl Iterator<Item = String> + 'a {
    raw_words(text).filter_map(move |w| {
        let mut buf = String::new();
        if content_word(w, stop, &mut buf) {
            Some(buf)
        } else {
            None
        }
    })
}

/// A text cut at every character that is not a letter, digit or hyphen.
fn raw_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
}

/// Is `raw` a content word? Its lowercase form is left in `buf`.
fn content_word(raw: &str, stop: &FxHashSet<String>, buf: &mut String) -> bool {
    let w = raw.trim_matches('-');
    buf.clear();
    // Fewer than three bytes are fewer than three characters (most of the
    // pieces between spaces and punctuation).
    if w.len() < 3 {
        return false;
    }
    if w.is_ascii() {
        buf.push_str(w);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&w.to_lowercase());
        if buf.chars().count() < 3 {
            return false;
        }
    }
    !stop.contains(buf.as_str()) && !buf.bytes().all(|b| b.is_ascii_digit())
}

/// Each item's content words as ascending ids, and the number of words:
/// ids are given in alphabetical order, so that ascending ids are the order
/// the words' weights are summed in.
fn word_ids(list: &[&Item], stop: &FxHashSet<String>) -> (Vec<Vec<u32>>, usize) {
    let mut seen: FxHashMap<String, u32> = FxHashMap::default();
    let mut buf = String::new();
    let mut items: Vec<Vec<u32>> = list
        .iter()
        .map(|it| {
            let mut ids = Vec::new();
            for w in raw_words(&it.text) {
                if !content_word(w, stop, &mut buf) {
                    continue;
                }
                ids.push(match seen.get(buf.as_str()) {
                    Some(&k) => k,
                    None => {
                        let k = seen.len() as u32;
                        seen.insert(buf.clone(), k);
                        k
                    }
                });
            }
            ids
        })
        .collect();
    let mut alphabetical: Vec<(&str, u32)> = seen.iter().map(|(w, &k)| (w.as_str(), k)).collect();
    alphabetical.sort_unstable();
    let mut rank = vec![0u32; alphabetical.len()];
    for (r, (_, k)) in alphabetical.iter().enumerate() {
        rank[*k as usize] = r as u32;
    }
    for ids in &mut items {
        for k in ids.iter_mut() {
            *k = rank[*k as usize];
        }
        ids.sort_unstable();
        ids.dedup();
    }
    (items, alphabetical.len())
}

/// Dotted numbers in a text ("v6.38.0", "1.0.0-rc9", "6.41"), each as the
/// release history keys it, so that spellings of one version agree.
fn versions(text: &str) -> BTreeSet<String> {
    static DOTTED: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?:^|[^\w.])[vV]?(\d+(?:\.\d+)+(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?)(\s*(?:(?i:gb|mb|kb|tb|gib|mib|ms|s|x|k)\b|%))?")
            .expect("a valid pattern")
    });
    // A number with a unit measures ("1.5 GB"); it is no version.
    DOTTED
        .captures_iter(text)
        .filter(|c| c.get(2).is_none())
        .map(|c| version_key(&c[1], false))
        .collect()
}

struct Open {
    /// Every word the track's mentions had: the index's keys for it.
    words: FxHashSet<u32>,
    /// The words of the latest mention (ascending ids, which is the words'
    /// alphabetical order: weights are summed in a fixed order, so a score
    /// at the threshold falls the same way on every run), and the sum of
    /// their weights.
    last_words: Vec<u32>,
    last_weight: f64,
    last_versions: BTreeSet<String>,
    last_file: Sym,
    track: Track,
}

/// The sum of the weights of the words two ascending id lists share, in
/// ascending order.
fn shared_weight(a: &[u32], b: &[u32], weight: &[f64]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += weight[a[i] as usize];
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Follow items across meetings. `pmc_of` gives each file's committee.
pub fn tracks(
    items: &[Item],
    pmc_of: &HashMap<String, Option<String>>,
    settings: &TrackSettings,
    ids: &super::ProjectIds,
) -> Vec<Track> {
    let stop: FxHashSet<String> = settings
        .stopwords
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    // Group by committee and project, in meeting order.
    let mut groups: BTreeMap<(Option<String>, String), Vec<&Item>> = BTreeMap::new();
    for it in items.iter().filter(|i| &*i.status != "info") {
        let pmc = pmc_of.get(&*it.file).cloned().flatten();
        groups
            .entry((pmc, ids.of(&it.project).to_string()))
            .or_default()
            .push(it);
    }
    // Groups are independent: followed in parallel, then given unique ids
    // in group order, so the ids are the same on every run.
    let groups: Vec<_> = groups.into_iter().collect();
    let per_group: Vec<Vec<Track>> = groups
        .into_par_iter()
        .map(|((pmc, _), list)| follow(pmc, list, &stop, settings))
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
    mut list: Vec<&Item>,
    stop: &FxHashSet<String>,
    settings: &TrackSettings,
) -> Vec<Track> {
    let mut out: Vec<Track> = Vec::new();
    list.sort_by(|a, b| (a.date, &a.file, a.line).cmp(&(b.date, &b.file, b.line)));
    let (words, vocabulary) = word_ids(&list, stop);
    // Word weights: rarer in this project's items, heavier.
    let mut df = vec![0usize; vocabulary];
    for w in words.iter().flatten() {
        df[*w as usize] += 1;
    }
    let n = list.len() as f64;
    let weight: Vec<f64> = df.iter().map(|&d| (1.0 + n / d as f64).ln()).collect();
    let meetings: Vec<(Option<NaiveDate>, &str)> = {
        let mut m: Vec<_> = list.iter().map(|i| (i.date, &*i.file)).collect();
        m.dedup();
        m
    };
    let mut open: Vec<Open> = Vec::new();
    let mut index: Vec<Vec<usize>> = vec![Vec::new(); vocabulary];
    for (it, ws) in list.iter().zip(&words) {
        let total: f64 = ws.iter().map(|&t| weight[t as usize]).sum();
        let vs = versions(&it.text);
        // A track last seen longer ago than the gap allows is over: items
        // come in date order, so it never joins again, and it leaves the
        // index as its words are looked up (years of notes would otherwise
        // be scanned for every item).
        let over = |o: &Open| match (o.track.last_seen, it.date) {
            (Some(l), Some(d)) => (d - l).num_days() > settings.max_gap_days,
            _ => false,
        };
        let mut candidates: Vec<usize> = Vec::new();
        for &t in ws {
            let posting = &mut index[t as usize];
            posting.retain(|&k| !over(&open[k]));
            candidates.extend_from_slice(posting);
        }
        candidates.sort_unstable();
        candidates.dedup();
        let best = candidates
            .into_iter()
            .filter(|k| open[*k].last_file != it.file)
            .filter(|k| {
                let theirs = &open[*k].last_versions;
                vs.is_empty() || theirs.is_empty() || !vs.is_disjoint(theirs)
            })
            .map(|k| {
                let o = &open[k];
                let shared = shared_weight(ws, &o.last_words, &weight);
                (k, shared / (total * o.last_weight).sqrt().max(f64::EPSILON))
            })
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
                o.last_words = ws.clone();
                o.last_weight = total;
                o.last_versions = vs;
                for &t in ws {
                    if o.words.insert(t) {
                        index[t as usize].push(k);
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
                // Named as its first mention names its project (the items'
                // `project`), though grouped under the joined id.
                let id = slug(&format!("{} {}", it.project, first.join(" ")));
                let title: String = it.text.chars().take(80).collect();
                open.push(Open {
                    words: ws.iter().copied().collect(),
                    last_words: ws.clone(),
                    last_weight: total,
                    last_versions: vs,
                    last_file: it.file.clone(),
                    track: Track {
                        id,
                        pmc: pmc.clone(),
                        project: it.project.to_string(),
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
                for &t in ws {
                    index[t as usize].push(k);
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
        // Meetings are in date order: those after the last mention follow
        // the last one on or before it.
        let later_meetings = meetings.len() - meetings.partition_point(|(d, _)| *d <= t.last_seen);
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

#[cfg(test)]
mod tests {
    use super::versions;

    #[test]
    fn versions_are_dotted_numbers_without_a_unit() {
        let v = versions("Released v6.38.0, then 1.0.0-rc9 and 6.41");
        assert_eq!(v.len(), 3, "{v:?}");
        assert!(v.contains("6.41.0"), "{v:?}");
        // Measures are no versions: two items about memory stay comparable.
        assert!(versions("memory down from 1.5 GB to 0.8GB, 99.5% of cells, 2.5s").is_empty());
    }
}
