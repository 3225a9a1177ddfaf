//! The graph of projects, components and versions (petgraph).
//!
//! Edges: a project `adopted` a dependency's version (postgres-release →
//! postgresql@9.6.10), a component `has` its versions, a version is
//! `followed-by` the next one in semver order, a project `releases` its own
//! component, a project `works-with` another it names in its items ("final
//! features from GrootFS", "working with CAPI"), and a track is `item-of`
//! its project. Exported as Graphviz DOT and summarised in the YAML, with
//! its cycles and orphans reported.

use std::collections::{BTreeSet, HashMap};

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use rayon::prelude::*;
use regex::Regex;
use serde::Serialize;

use super::history::{VersionHistory, version_key};
use super::projects::ProjectHistory;
use super::tracks::Track;
use crate::extract::{Item, Release};
use crate::rules::Rules;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Node {
    pub kind: String,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: String,
}

/// The graph as data: nodes, edges, and what is odd about them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GraphSummary {
    pub nodes: usize,
    pub edges: Vec<Edge>,
    /// Groups of nodes that reach each other (a dependency cycle).
    pub cycles: Vec<Vec<String>>,
    /// Projects and components with no edge at all.
    pub orphans: Vec<String>,
}

/// The built graph, for DOT export.
pub struct Graph {
    pub graph: DiGraph<Node, String>,
}

fn key(kind: &str, id: &str) -> String {
    format!("{kind}:{id}")
}

struct Builder {
    graph: DiGraph<Node, String>,
    /// Nodes by kind, then id (looked up without building a key).
    index: HashMap<&'static str, HashMap<String, NodeIndex>>,
    edges: BTreeSet<(NodeIndex, NodeIndex, String)>,
}

impl Builder {
    fn node(&mut self, kind: &'static str, id: &str) -> NodeIndex {
        let of_kind = self.index.entry(kind).or_default();
        if let Some(&i) = of_kind.get(id) {
            return i;
        }
        let i = self.graph.add_node(Node {
            kind: kind.to_string(),
            id: id.to_string(),
        });
        of_kind.insert(id.to_string(), i);
        i
    }
    fn edge(&mut self, a: NodeIndex, b: NodeIndex, kind: &str) {
        if a != b && self.edges.insert((a, b, kind.to_string())) {
            self.graph.add_edge(a, b, kind.to_string());
        }
    }
}

pub fn build(
    releases: &[Release],
    history: &[VersionHistory],
    items: &[Item],
    tracks: &[Track],
    projects: &[ProjectHistory],
    rules: &Rules,
    ids: &super::ProjectIds,
) -> (Graph, GraphSummary) {
    let mut b = Builder {
        graph: DiGraph::new(),
        index: HashMap::new(),
        edges: BTreeSet::new(),
    };
    // Every project is a node, linked or not: one with no edge is an orphan.
    for p in projects.iter().filter(|p| p.id != "pmc") {
        b.node("project", &p.id);
    }
    // Versions, in semver order within a component (history is sorted so).
    let mut prev: Option<(String, NodeIndex)> = None;
    for h in history {
        let c = b.node("component", &h.component);
        // A major line (`7.x`) is its own node, outside the succession of
        // releases.
        let v = b.node("version", &format!("{}@{}", h.component, h.label()));
        b.edge(c, v, "has");
        if h.major_line {
            continue;
        }
        if let Some((pc, pv)) = &prev
            && *pc == h.component
        {
            b.edge(*pv, v, "followed-by");
        }
        prev = Some((h.component.clone(), v));
    }
    let normal = NormalVersions::new(history);
    for r in releases {
        let Some(by) = &r.by else { continue };
        if r.status != "adopted" {
            continue;
        }
        let p = b.node("project", ids.of(by));
        let v = b.node(
            "version",
            &format!("{}@{}", r.component, normal.of(&r.version, &r.component)),
        );
        b.edge(p, v, "adopted");
    }
    // A project releases its own component when its versions are written in its section.
    for r in releases.iter().filter(|r| r.status == "released") {
        let Some(project) = &r.project else { continue };
        let project = ids.of(project);
        if project != "pmc" && crate::extract::project_component(project, rules) == r.component {
            let p = b.node("project", project);
            let c = b.node("component", &r.component);
            b.edge(p, c, "releases");
        }
    }
    // Cross-project work named in items: found in parallel (reading every
    // item is most of building the graph), added in the items' order.
    let with = Regex::new(r"(?i)\b(?:with|from)\s+(?:the\s+)?$").expect("static regex");
    // "with " or "from " in any case (ASCII: no other letter lowercases to
    // one of theirs), without a lowercased copy of every item.
    let with_or_from = Regex::new(r"(?i-u:with |from )").expect("static regex");
    let partners: Vec<(&str, &str)> = items
        .par_iter()
        .flat_map_iter(|it| {
            let project = ids.of(&it.project);
            let named = project != "pmc" && with_or_from.is_match(&it.text);
            named
                .then(|| crate::extract::component_mentions(&it.text, rules))
                .into_iter()
                .flatten()
                .filter(|m| with.is_match(&it.text[..m.start]))
                .filter_map(move |m| {
                    // The project whose component is named ("CLI team" is
                    // cf-cli, the cli project), else a project of that very
                    // name seen in the notes; a component of no project
                    // (golang) is no partner.
                    let other = rules
                        .component(&m.id)
                        .and_then(|c| c.projects.first())
                        .or_else(|| projects.iter().map(|p| &p.id).find(|p| **p == *m.id))?;
                    (other != project).then_some((project, other.as_str()))
                })
        })
        .collect();
    for (project, other) in partners {
        let p = b.node("project", project);
        let q = b.node("project", other);
        b.edge(p, q, "works-with");
    }
    for t in tracks {
        let n = b.node("track", &t.id);
        let p = b.node("project", ids.of(&t.project));
        b.edge(n, p, "item-of");
    }
    let g = &b.graph;
    let mut edges: Vec<Edge> = g
        .edge_indices()
        .filter_map(|e| {
            let (a, c) = g.edge_endpoints(e)?;
            Some(Edge {
                from: key(&g[a].kind, &g[a].id),
                to: key(&g[c].kind, &g[c].id),
                kind: g[e].clone(),
            })
        })
        .collect();
    edges.sort();
    let mut cycles: Vec<Vec<String>> = tarjan_scc(g)
        .into_iter()
        .filter(|scc| scc.len() > 1)
        .map(|scc| {
            let mut ids: Vec<String> = scc.iter().map(|&i| key(&g[i].kind, &g[i].id)).collect();
            ids.sort();
            ids
        })
        .collect();
    cycles.sort();
    let mut orphans: Vec<String> = g
        .node_indices()
        .filter(|&i| g.neighbors_undirected(i).next().is_none())
        .map(|i| key(&g[i].kind, &g[i].id))
        .collect();
    orphans.sort();
    let summary = GraphSummary {
        nodes: g.node_count(),
        edges,
        cycles,
        orphans,
    };
    (Graph { graph: b.graph }, summary)
}

/// The versions as the history names them, by component and version key.
struct NormalVersions<'h>(HashMap<(&'h str, String), &'h str>);

impl<'h> NormalVersions<'h> {
    fn new(history: &'h [VersionHistory]) -> Self {
        let mut map = HashMap::new();
        for h in history.iter().filter(|h| !h.major_line) {
            let key = (h.component.as_str(), version_key(&h.version, false));
            // The first entry of a key names it.
            map.entry(key).or_insert(h.version.as_str());
        }
        NormalVersions(map)
    }

    /// The version as the history names it (`6.42` and `6.42.0` are one
    /// node; release 7.0.0 is not the line 7.x).
    fn of(&self, v: &str, component: &'h str) -> String {
        self.0
            .get(&(component, version_key(v, false)))
            .map_or_else(|| v.to_string(), |h| h.to_string())
    }
}

/// A DOT quoted string: only `\\`, `"` and line breaks are escaped (DOT
/// reads UTF-8 as it is; Rust's `{:?}` would write `\u{941}`).
fn dot_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Graph {
    /// Graphviz DOT, deterministic.
    pub fn to_dot(&self) -> String {
        let g = &self.graph;
        let mut out =
            String::from("digraph roadmap {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        let mut nodes: Vec<(String, &Node)> = g
            .node_indices()
            .map(|i| (key(&g[i].kind, &g[i].id), &g[i]))
            .collect();
        nodes.sort();
        for (k, n) in &nodes {
            let shape = match n.kind.as_str() {
                "project" => "box",
                "component" => "ellipse",
                "version" => "plaintext",
                _ => "note",
            };
            out.push_str(&format!(
                "  {} [label={}, shape={shape}];\n",
                dot_quote(k),
                dot_quote(&n.id)
            ));
        }
        let mut edges: Vec<(String, String, &String)> = g
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = g.edge_endpoints(e)?;
                Some((key(&g[a].kind, &g[a].id), key(&g[b].kind, &g[b].id), &g[e]))
            })
            .collect();
        edges.sort();
        for (a, b, kind) in edges {
            out.push_str(&format!(
                "  {} -> {} [label={}];\n",
                dot_quote(&a),
                dot_quote(&b),
                dot_quote(kind)
            ));
        }
        out.push_str("}\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::dot_quote;

    #[test]
    fn dot_strings_escape_only_what_dot_needs() {
        assert_eq!(
            dot_quote("say \"hi\" \\ हिंदी\nnext"),
            "\"say \\\"hi\\\" \\\\ हिंदी\\nnext\""
        );
    }
}
