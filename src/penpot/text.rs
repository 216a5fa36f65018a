//! A text shape's `:content`: a tree of plain maps (not a tagged value).

use super::{Fields, RepBuilder};
use crate::types::Keyword;
use crate::value::{Map, Value};

/// Text content is a few levels deep (root, paragraph set, paragraph, leaf); this
/// bounds the reading of a hand-made value, which the decoder's depth limit does
/// not cover.
const MAX_DEPTH: usize = 64;

/// A node of a text shape's `:content`: the root (`:type "root"`, with
/// `:vertical-align`), its paragraph sets (`"paragraph-set"`), their paragraphs
/// (`"paragraph"`, with the paragraph's styles) and the text leaves (no `:type`;
/// `:text` and its styles: `:font-family`, `:font-size` as a string, `:fills`…).
/// Typed: the type, the text and the children; every other attribute is kept.
///
/// ```
/// use transit_format::penpot::TextNode;
/// use transit_format::Value;
///
/// let content: Value = transit_format::from_str(r#"{"~:type":"root","~:children":[
///   {"~:type":"paragraph-set","~:children":[
///     {"~:type":"paragraph","~:children":[{"~:text":"Hello, "},{"~:text":"world","~:font-weight":"700"}]},
///     {"~:type":"paragraph","~:children":[{"~:text":"Second line"}]}]}]}"#)?;
/// let root = TextNode::from_value(&content).unwrap();
/// assert_eq!(root.plain_text(), "Hello, world\nSecond line");
/// assert_eq!(root.paragraphs().len(), 2);
/// assert_eq!(root.to_value(), content);
/// # Ok::<(), transit_format::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TextNode {
    /// `:type`: `"root"`, `"paragraph-set"` or `"paragraph"`; absent on leaves.
    pub node_type: Option<String>,
    /// `:text`: a leaf's text.
    pub text: Option<String>,
    /// `:children`, in order; `None` when the key is absent (a leaf).
    pub children: Option<Vec<TextNode>>,
    /// Every other attribute (styles, `:key`, `:fills`…), as read.
    pub attrs: Map,
    /// The order the keys were read in (empty for a new node).
    pub key_order: Vec<Keyword>,
}

impl TextNode {
    /// Reads a node and everything under it.
    ///
    /// # Errors
    ///
    /// When a node is not a map, `:type` or `:text` is not a string, `:children`
    /// is not an array, or the tree is deeper than 64 levels.
    pub fn from_value(value: &Value) -> crate::Result<TextNode> {
        TextNode::read(value.clone(), 0).map_err(|msg| crate::Error::custom_message(&msg))
    }

    fn read(value: Value, depth: usize) -> Result<TextNode, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "text content: nested deeper than {MAX_DEPTH} levels"
            ));
        }
        let mut f = Fields::new("text content", value)?;
        let node_type = f.opt_string("type")?;
        let text = f.opt_string("text")?;
        let children = match f.take_present("children") {
            None => None,
            Some(Value::Array(items)) => Some(
                items
                    .into_vec()
                    .into_iter()
                    .map(|child| TextNode::read(child, depth + 1))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            Some(other) => {
                return Err(format!(
                    "text content: :children must be an array, found {}",
                    other.type_name()
                ))
            }
        };
        Ok(TextNode {
            key_order: f.order(),
            node_type,
            text,
            children,
            attrs: f.rest(),
        })
    }

    /// The node as the map it is written as.
    pub fn to_value(&self) -> Value {
        RepBuilder::default()
            .opt("type", self.node_type.clone())
            .opt("text", self.text.clone())
            .opt(
                "children",
                self.children
                    .as_ref()
                    .map(|c| Value::from(c.iter().map(TextNode::to_value).collect::<Vec<_>>())),
            )
            .rest(&self.attrs)
            .build_in(&self.key_order)
    }

    /// The attribute `:name` among the kept ones.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.attrs.get_keyword(name)
    }

    /// Whether this is a paragraph.
    pub fn is_paragraph(&self) -> bool {
        self.node_type.as_deref() == Some("paragraph")
    }

    /// The children (none for a leaf).
    pub fn children(&self) -> &[TextNode] {
        self.children.as_deref().unwrap_or(&[])
    }

    /// The paragraphs under this node (or this node, if it is one), in order.
    pub fn paragraphs(&self) -> Vec<&TextNode> {
        let mut found = Vec::new();
        self.collect(&mut found, &|node| node.is_paragraph());
        found
    }

    /// The text leaves under this node (or this node), in order: the nodes with
    /// a `:text`.
    pub fn leaves(&self) -> Vec<&TextNode> {
        let mut found = Vec::new();
        self.collect(&mut found, &|node| node.text.is_some());
        found
    }

    fn collect<'a>(&'a self, found: &mut Vec<&'a TextNode>, wanted: &dyn Fn(&TextNode) -> bool) {
        if wanted(self) {
            found.push(self);
        }
        for child in self.children() {
            child.collect(found, wanted);
        }
    }

    /// The text as Penpot extracts it: a node with children is its children's
    /// texts, joined with a newline in a paragraph set and with nothing elsewhere;
    /// a node without is its `:text` (or nothing). So paragraphs are separated by
    /// newlines, and the leaves of a paragraph run together.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }

    fn write_text(&self, out: &mut String) {
        match &self.children {
            Some(children) => {
                let separator = if self.node_type.as_deref() == Some("paragraph-set") {
                    "\n"
                } else {
                    ""
                };
                for (i, child) in children.iter().enumerate() {
                    if i > 0 {
                        out.push_str(separator);
                    }
                    child.write_text(out);
                }
            }
            None => out.push_str(self.text.as_deref().unwrap_or("")),
        }
    }
}
