//! Structure: Markdown into an [`Outline`] of headings and blocks, each with
//! the 1-based line it starts on.
//!
//! pulldown-cmark does the parsing (its offset iterator gives every event's
//! byte range, hence its line). On top of CommonMark we apply what authors of
//! meeting notes mean rather than what they typed:
//! - nesting follows the indentation of the list marker, so ` - x` under
//!   `- y` is y's child even though CommonMark makes it a sibling, and a list
//!   broken by a pasted code block keeps its parent;
//! - a line starting `-- ` inside a list item is a nested item of its own;
//! - a paragraph ending in `:` (or all bold/italic, like `**Upcoming**`) is a
//!   label: the list right after it hangs under it, and so do the rows of a
//!   table right after one ending in `:` (a caption: "Votes concluded since
//!   the last meeting:"), but not what follows that table.
//!
//! Nothing here knows about projects or statuses; that is [`crate::extract`].

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// A heading with its level and plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub line: usize,
    pub level: u8,
    pub text: String,
    /// The nearest heading of a lower level above it.
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    ListItem,
    Paragraph,
    TableHeader,
    TableRow,
    Code,
    /// A reference-style link definition (`[label]: url`); text is the label.
    LinkDef,
}

/// One line of a block's visible text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub no: usize,
    pub text: String,
}

/// A link destination, the line it is written on, and where its link text
/// sits in that line's visible text (`[cf CLI](…/tag/v6.32.0)`: "cf CLI").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub no: usize,
    pub dest: String,
    /// Byte range of the link text in the line's visible text (empty for a
    /// link definition, whose label is the whole block).
    pub span: std::ops::Range<usize>,
}

/// A list item, paragraph, table row, code block or link definition.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub line: usize,
    /// Innermost heading above the block.
    pub heading: Option<usize>,
    /// Visible text by source line (markup removed, link text kept).
    pub lines: Vec<Line>,
    /// Link destinations with the line and link text they are written on.
    pub urls: Vec<Url>,
    /// Table cells, for table rows.
    pub cells: Vec<String>,
    /// Column of the list marker (list items), else 0.
    pub indent: usize,
    /// The item or label this block hangs under.
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Every visible character is inside bold or italic (`**Upcoming**`).
    pub emphasis_only: bool,
    /// The table this row belongs to (rows of one table share it).
    pub table: Option<usize>,
}

impl Block {
    fn new(kind: BlockKind, line: usize, heading: Option<usize>) -> Block {
        Block {
            kind,
            line,
            heading,
            lines: Vec::new(),
            urls: Vec::new(),
            cells: Vec::new(),
            indent: 0,
            parent: None,
            children: Vec::new(),
            emphasis_only: true,
            table: None,
        }
    }

    /// All visible text on one line, lines joined by a space.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            let t = l.text.trim();
            if t.is_empty() {
                continue;
            }
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(t);
        }
        s
    }

    fn push_text(&mut self, line: usize, text: &str) {
        match self.lines.last_mut() {
            Some(l) if l.no == line => l.text.push_str(text),
            _ => self.lines.push(Line {
                no: line,
                text: text.to_string(),
            }),
        }
    }

    /// Where each table cell's text starts in the row's line, for table
    /// rows: cells are looked for in order, so a cell repeating an earlier
    /// one is placed after it. `None` for a cell not found as written.
    pub fn cell_offsets(&self) -> Vec<Option<usize>> {
        let Some(line) = self.lines.first() else {
            return vec![None; self.cells.len()];
        };
        let mut from = 0;
        self.cells
            .iter()
            .map(|c| {
                let at = line.text[from..].find(c.as_str()).map(|i| from + i);
                if let Some(at) = at {
                    from = at + c.len();
                }
                at
            })
            .collect()
    }

    /// Length of the visible text written so far on source line `line`
    /// (0 when nothing is yet).
    fn text_len(&self, line: usize) -> usize {
        self.lines
            .iter()
            .rev()
            .find(|l| l.no == line)
            .map_or(0, |l| l.text.len())
    }

    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.text.trim().is_empty())
    }
}

/// A note's structure: headings and blocks in document order.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub blocks: Vec<Block>,
}

/// Byte offset → 1-based line.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }
    fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
    fn column(&self, offset: usize) -> usize {
        offset - self.starts[self.line(offset) - 1]
    }
}

/// Parse a note into its outline.
pub fn outline(text: &str) -> Outline {
    let idx = LineIndex::new(text);
    let mut out = Outline::default();
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut parser = Parser::new_ext(text, opts).into_offset_iter();

    // Open containers: list items (block index), and the block text goes to.
    let mut items: Vec<usize> = Vec::new();
    let mut sink: Option<usize> = None;
    let mut heading: Option<(u8, usize, String)> = None;
    let mut current_heading: Option<usize> = None;
    let mut emphasis = 0usize;
    // Links open at this moment: the block and url each will close on.
    let mut open_links: Vec<Option<(usize, usize)>> = Vec::new();
    let mut in_table: Option<usize> = None;
    let mut table_count = 0usize;
    let mut cell: Option<String> = None;
    let mut code_block: Option<usize> = None;

    for (event, range) in parser.by_ref() {
        let line = idx.line(range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, line, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, hline, text)) = heading.take() {
                    let mut parent = current_heading;
                    while let Some(p) = parent {
                        if out.headings[p].level < level {
                            break;
                        }
                        parent = out.headings[p].parent;
                    }
                    out.headings.push(Heading {
                        line: hline,
                        level,
                        text: text.trim().to_string(),
                        parent,
                    });
                    current_heading = Some(out.headings.len() - 1);
                    items.clear();
                    sink = None;
                }
            }
            Event::Start(Tag::Item) => {
                // The marker's position: pulldown's range may start at the
                // line's leading whitespace, or at the end of the line above
                // when the item is indented with a tab.
                let lead: usize = text[range.start..]
                    .chars()
                    .take_while(|c| c.is_whitespace())
                    .map(char::len_utf8)
                    .sum();
                let at = range.start + lead;
                let mut b = Block::new(BlockKind::ListItem, idx.line(at), current_heading);
                b.indent = idx.column(at);
                out.blocks.push(b);
                let i = out.blocks.len() - 1;
                items.push(i);
                sink = Some(i);
            }
            Event::End(TagEnd::Item) => {
                items.pop();
                sink = items.last().copied();
            }
            Event::Start(Tag::Paragraph) if items.is_empty() && in_table.is_none() => {
                out.blocks
                    .push(Block::new(BlockKind::Paragraph, line, current_heading));
                sink = Some(out.blocks.len() - 1);
            }
            Event::End(TagEnd::Paragraph) if items.is_empty() => {
                sink = None;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let first = match kind {
                    CodeBlockKind::Fenced(_) => line + 1,
                    CodeBlockKind::Indented => line,
                };
                out.blocks
                    .push(Block::new(BlockKind::Code, first, current_heading));
                code_block = Some(out.blocks.len() - 1);
            }
            Event::End(TagEnd::CodeBlock) => code_block = None,
            Event::Start(Tag::Table(_)) => {
                in_table = Some(table_count);
                table_count += 1;
            }
            Event::End(TagEnd::Table) => in_table = None,
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                let kind = if matches!(event, Event::Start(Tag::TableHead)) {
                    BlockKind::TableHeader
                } else {
                    BlockKind::TableRow
                };
                let mut b = Block::new(kind, line, current_heading);
                b.table = in_table;
                out.blocks.push(b);
                sink = Some(out.blocks.len() - 1);
            }
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => sink = None,
            Event::Start(Tag::TableCell) => {
                cell = Some(String::new());
                // Cells of a row read as one line, separated as written.
                if let Some(s) = sink {
                    let b = &mut out.blocks[s];
                    if b.lines
                        .last()
                        .is_some_and(|l| l.no == line && !l.text.is_empty())
                    {
                        b.push_text(line, " | ");
                    }
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let (Some(c), Some(s)) = (cell.take(), sink) {
                    out.blocks[s].cells.push(c.trim().to_string());
                }
            }
            Event::Start(Tag::Emphasis) | Event::Start(Tag::Strong) => emphasis += 1,
            Event::End(TagEnd::Emphasis) | Event::End(TagEnd::Strong) => {
                emphasis = emphasis.saturating_sub(1)
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(s) = sink {
                    let b = &mut out.blocks[s];
                    let at = b.text_len(line);
                    b.urls.push(Url {
                        no: line,
                        dest: dest_url.to_string(),
                        span: at..at,
                    });
                    open_links.push(Some((s, b.urls.len() - 1)));
                } else {
                    open_links.push(None);
                }
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if let Some(Some((s, k))) = open_links.pop() {
                    let b = &mut out.blocks[s];
                    // A link text wrapped onto later lines: its span runs to
                    // the end of the line it starts on.
                    let end = b.text_len(b.urls[k].no);
                    let u = &mut b.urls[k];
                    u.span.end = end.max(u.span.start);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push_str(&t);
                } else if let Some(c) = code_block {
                    let b = &mut out.blocks[c];
                    let start = idx.line(range.start);
                    for (k, part) in t.split('\n').enumerate() {
                        if !part.is_empty() {
                            b.push_text(start + k, part);
                        }
                    }
                    b.emphasis_only = false;
                } else if let Some(s) = sink {
                    if let Some(c) = cell.as_mut() {
                        c.push_str(&t);
                    }
                    let b = &mut out.blocks[s];
                    b.push_text(line, &t);
                    if emphasis == 0 && !t.trim().is_empty() {
                        b.emphasis_only = false;
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push(' ');
                }
            }
            _ => {}
        }
    }
    for (label, def) in parser.reference_definitions().iter() {
        let mut b = Block::new(BlockKind::LinkDef, idx.line(def.span.start), None);
        b.push_text(b.line, label);
        b.urls.push(Url {
            no: b.line,
            dest: def.dest.to_string(),
            span: 0..0,
        });
        b.emphasis_only = false;
        out.blocks.push(b);
    }
    // Link definitions were collected last; put them in document order and
    // give them their heading.
    out.blocks.sort_by_key(|b| b.line);
    for b in out
        .blocks
        .iter_mut()
        .filter(|b| b.kind == BlockKind::LinkDef)
    {
        b.heading = out.headings.iter().rposition(|h| h.line <= b.line);
    }
    out.blocks.retain(|b| {
        !b.is_empty() || matches!(b.kind, BlockKind::TableRow | BlockKind::TableHeader)
    });
    split_double_dash_items(&mut out.blocks);
    link_parents(&mut out.blocks);
    out
}

/// A continuation line written as a nested bullet: `-- text`, `** text`.
fn is_dash_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("-- ") || t.starts_with("** ")
}

/// `-- text` (or `** text`) on its own line inside a list item is a nested
/// item, as its author meant, though Markdown reads it as a continuation line.
fn split_double_dash_items(blocks: &mut Vec<Block>) {
    let mut out = Vec::with_capacity(blocks.len());
    for mut b in blocks.drain(..) {
        let starts: Vec<usize> = if b.kind == BlockKind::ListItem {
            (1..b.lines.len())
                .filter(|&k| is_dash_item(&b.lines[k].text))
                .collect()
        } else {
            Vec::new()
        };
        // Split from the last so the indices stay valid; children are siblings.
        let mut children = Vec::new();
        for &at in starts.iter().rev() {
            let mut child = Block::new(BlockKind::ListItem, b.lines[at].no, b.heading);
            child.indent = b.indent + 2;
            child.emphasis_only = false;
            child.lines = b.lines.split_off(at);
            let t = child.lines[0].text.trim_start();
            let kept = t.get(3..).unwrap_or("").to_string();
            let cut = child.lines[0].text.len() - kept.len();
            child.lines[0].text = kept;
            child.urls = b
                .urls
                .iter()
                .filter(|u| u.no >= child.line)
                .cloned()
                .map(|mut u| {
                    if u.no == child.line {
                        u.span = u.span.start.saturating_sub(cut)..u.span.end.saturating_sub(cut);
                    }
                    u
                })
                .collect();
            b.urls.retain(|u| u.no < child.line);
            children.push(child);
        }
        out.push(b);
        out.extend(children.into_iter().rev());
    }
    *blocks = out;
}

/// The most words a caption over a list has.
const CAPTION_WORDS: usize = 6;

/// Hang each list item under the nearest earlier item with a smaller marker
/// column in the same section, or under a label paragraph just above its list.
fn link_parents(blocks: &mut [Block]) {
    let mut stack: Vec<usize> = Vec::new();
    let mut label: Option<usize> = None;
    // A label paragraph over a table, and the table.
    let mut table_caption: Option<(usize, Option<usize>)> = None;
    let mut heading = None;
    for i in 0..blocks.len() {
        if blocks[i].heading != heading {
            heading = blocks[i].heading;
            stack.clear();
            label = None;
            table_caption = None;
        }
        match blocks[i].kind {
            BlockKind::ListItem => {
                while let Some(&top) = stack.last() {
                    if blocks[top].indent < blocks[i].indent {
                        break;
                    }
                    stack.pop();
                }
                let parent = stack.last().copied().or(label);
                if let Some(p) = parent {
                    blocks[i].parent = Some(p);
                    blocks[p].children.push(i);
                }
                stack.push(i);
            }
            BlockKind::Paragraph => {
                stack.clear();
                let t = blocks[i].text();
                let t = t.trim_end();
                // A few words on a line of their own, no sentence ended, and
                // the list right under them ("Upcoming features", "UAA 3.11.0
                // Work in progress" then "- X"). One that only names a
                // version ("garden-runc v1.19.0" over its changes) is an
                // announcement by its own shape (`item.version-only`).
                let caption = blocks[i].lines.len() == 1
                    && (1..=CAPTION_WORDS).contains(&t.split_whitespace().count())
                    && !t.ends_with(['.', '!', '?', ';', ','])
                    && blocks.get(i + 1).is_some_and(|n| {
                        n.kind == BlockKind::ListItem && n.line == blocks[i].line + 1
                    });
                label = (t.ends_with(':') || blocks[i].emphasis_only || caption).then_some(i);
            }
            // A table right under a label paragraph ("Lifecycle changes
            // approved at this meeting:") hangs its rows under it, as a
            // list there does; what follows the table does not.
            BlockKind::TableHeader => {
                stack.clear();
                table_caption = label
                    .filter(|&l| {
                        // At most a blank line between them.
                        blocks[l].lines.last().map_or(blocks[l].line, |x| x.no) + 2
                            >= blocks[i].line
                            && blocks[l].text().trim_end().ends_with(':')
                    })
                    .map(|l| (l, blocks[i].table));
                label = None;
            }
            BlockKind::TableRow => {
                stack.clear();
                if let Some((p, _)) = table_caption.filter(|&(_, t)| t == blocks[i].table) {
                    blocks[i].parent = Some(p);
                    blocks[p].children.push(i);
                }
            }
            BlockKind::Code | BlockKind::LinkDef => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(o: &Outline) -> Vec<(BlockKind, usize)> {
        o.blocks.iter().map(|b| (b.kind, b.line)).collect()
    }

    #[test]
    fn items_know_their_line_and_parent() {
        let o = outline("# T\n\n### CLI - Dies\n- one\n  - two\n- three\n");
        assert_eq!(
            kinds(&o),
            vec![
                (BlockKind::ListItem, 4),
                (BlockKind::ListItem, 5),
                (BlockKind::ListItem, 6)
            ]
        );
        assert_eq!(o.blocks[1].parent, Some(0));
        assert_eq!(o.blocks[2].parent, None);
        assert_eq!(o.headings[1].text, "CLI - Dies");
        assert_eq!(o.headings[1].parent, Some(0));
    }

    #[test]
    fn one_space_indent_nests_as_meant() {
        let o = outline("- 3.3.0 Release work\n - Generic support\n - JWT rotation\n");
        assert_eq!(o.blocks[1].parent, Some(0));
        assert_eq!(o.blocks[2].parent, Some(0));
    }

    #[test]
    fn lazy_continuation_is_part_of_the_item() {
        let o = outline("- cf-d v4.0.0 published\nEnabled by default:\n  - timestamps\n");
        assert_eq!(o.blocks.len(), 2);
        assert_eq!(o.blocks[0].lines.len(), 2);
        assert_eq!(
            o.blocks[0].lines[1],
            Line {
                no: 2,
                text: "Enabled by default:".into()
            }
        );
        assert_eq!(o.blocks[1].parent, Some(0));
    }

    #[test]
    fn a_short_caption_right_over_a_list_holds_it() {
        // A caption may name a version and a state; the list is its.
        let o = outline(
            "UAA 3.11.0 Work in progress\n- Resurrect refresh tokens\n- Strict validation\n",
        );
        assert_eq!(o.blocks[1].parent, Some(0));
        assert_eq!(o.blocks[2].parent, Some(0));
        // A sentence, or a longer line, is no caption.
        for text in [
            "The release went out.\n- A\n",
            "We spent most of the two weeks on the new scheduler work\n- A\n",
            "UAA 3.11.0 Work in progress\n\nThen a sentence that ends here.\n- A\n",
        ] {
            let o = outline(text);
            let item = o
                .blocks
                .iter()
                .find(|b| b.kind == BlockKind::ListItem)
                .unwrap();
            assert_eq!(item.parent, None, "{text:?}");
        }
    }

    #[test]
    fn double_dash_line_is_a_nested_item() {
        let o = outline("- Parent item\n-- child written with two dashes\n** and a sibling\n");
        assert_eq!(
            kinds(&o),
            vec![
                (BlockKind::ListItem, 1),
                (BlockKind::ListItem, 2),
                (BlockKind::ListItem, 3)
            ]
        );
        assert_eq!(o.blocks[1].parent, Some(0));
        assert_eq!(o.blocks[2].parent, Some(0));
        assert_eq!(o.blocks[1].text(), "child written with two dashes");
        assert_eq!(o.blocks[2].text(), "and a sibling");
    }

    #[test]
    fn tables_give_rows_with_cells() {
        let o = outline("When? | What?\n------|------\n*Soon* | - thing\n|| - other\n||\n");
        let rows: Vec<_> = o
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::TableRow)
            .collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0].cells,
            vec!["Soon".to_string(), "- thing".to_string()]
        );
        assert_eq!(rows[1].line, 4);
        assert!(rows[2].cells.iter().all(|c| c.is_empty()));
    }

    #[test]
    fn code_blocks_keep_lines() {
        let o = outline("para\n```\nHAProxy was updated to v1.8.13\n\nmore\n```\n");
        let code = o.blocks.iter().find(|b| b.kind == BlockKind::Code).unwrap();
        assert_eq!(
            code.lines[0],
            Line {
                no: 3,
                text: "HAProxy was updated to v1.8.13".into()
            }
        );
        assert_eq!(code.lines[1].no, 5);
    }

    #[test]
    fn label_paragraph_adopts_following_list() {
        let o = outline("*Notes:*\n- a\n- b\n");
        assert!(o.blocks[0].emphasis_only);
        assert_eq!(o.blocks[1].parent, Some(0));
        assert_eq!(o.blocks[0].children, vec![1, 2]);
    }

    #[test]
    fn link_definitions_are_blocks() {
        let o = outline(
            "Released [cflinuxfs2 v1.2.0].\n\n[cflinuxfs2 v1.2.0]: https://example.com/x\n",
        );
        let d = o
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::LinkDef)
            .unwrap();
        assert_eq!(d.line, 3);
        assert_eq!(d.text(), "cflinuxfs2 v1.2.0");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let s = format!("{}x\n", "- ".repeat(5000));
        let o = outline(&s);
        // Only the innermost item has text; the empty ones are not blocks.
        assert_eq!(o.blocks.len(), 1);
        assert_eq!(o.blocks[0].text(), "x");
    }
}
