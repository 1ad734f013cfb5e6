//! Element names as the extractor knows them, and what each kind of element does: ends a
//! paragraph, holds raw text, closes an open `<p>`, is never article text.

/// An element's name (the few dozen that matter; every other name is [`Tag::Other`]), or a
/// text node, or the root.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Tag {
    Root,
    Text,
    /// A name not listed here (custom elements, `<time>`-like inline markup).
    Other,
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    Script,
    Style,
    Noscript,
    Template,
    Svg,
    Math,
    Iframe,
    Object,
    Canvas,
    Select,
    Option,
    Button,
    Textarea,
    Input,
    Form,
    Nav,
    Header,
    Footer,
    Aside,
    Menu,
    Main,
    Article,
    Section,
    Div,
    P,
    Br,
    Hr,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Table,
    Caption,
    Thead,
    Tbody,
    Tfoot,
    Tr,
    Td,
    Th,
    Figure,
    Figcaption,
    A,
    Img,
    Address,
    Details,
    Summary,
    Dialog,
    Label,
    Fieldset,
    Center,
    Font,
    Span,
    Time,
    /// Ruby annotations (a reading written above Chinese or Japanese characters).
    Rt,
    Rp,
    /// Other void elements (`<area>`, `<source>`, `<wbr>`, …): never opened.
    Void,
}

impl Tag {
    /// How many tags there are (for tables indexed by tag).
    pub const COUNT: usize = Tag::Void as usize + 1;

    /// The tag of a lower-case element name.
    pub fn of(name: &[u8]) -> Tag {
        match name {
            b"html" => Tag::Html,
            b"head" => Tag::Head,
            b"body" => Tag::Body,
            b"title" => Tag::Title,
            b"meta" => Tag::Meta,
            b"link" => Tag::Link,
            b"script" => Tag::Script,
            b"style" => Tag::Style,
            b"noscript" => Tag::Noscript,
            b"template" => Tag::Template,
            b"svg" => Tag::Svg,
            b"math" => Tag::Math,
            b"iframe" => Tag::Iframe,
            b"object" => Tag::Object,
            b"canvas" => Tag::Canvas,
            b"select" => Tag::Select,
            b"option" => Tag::Option,
            b"button" => Tag::Button,
            b"textarea" => Tag::Textarea,
            b"input" => Tag::Input,
            b"form" => Tag::Form,
            b"nav" => Tag::Nav,
            b"header" => Tag::Header,
            b"footer" => Tag::Footer,
            b"aside" => Tag::Aside,
            b"menu" => Tag::Menu,
            b"main" => Tag::Main,
            b"article" => Tag::Article,
            b"section" => Tag::Section,
            b"div" => Tag::Div,
            b"p" => Tag::P,
            b"br" => Tag::Br,
            b"hr" => Tag::Hr,
            b"h1" => Tag::H1,
            b"h2" => Tag::H2,
            b"h3" => Tag::H3,
            b"h4" => Tag::H4,
            b"h5" => Tag::H5,
            b"h6" => Tag::H6,
            b"ul" => Tag::Ul,
            b"ol" => Tag::Ol,
            b"li" => Tag::Li,
            b"dl" => Tag::Dl,
            b"dt" => Tag::Dt,
            b"dd" => Tag::Dd,
            b"blockquote" => Tag::Blockquote,
            b"pre" => Tag::Pre,
            b"table" => Tag::Table,
            b"caption" => Tag::Caption,
            b"thead" => Tag::Thead,
            b"tbody" => Tag::Tbody,
            b"tfoot" => Tag::Tfoot,
            b"tr" => Tag::Tr,
            b"td" => Tag::Td,
            b"th" => Tag::Th,
            b"figure" => Tag::Figure,
            b"figcaption" => Tag::Figcaption,
            b"a" => Tag::A,
            b"img" => Tag::Img,
            b"address" => Tag::Address,
            b"details" => Tag::Details,
            b"summary" => Tag::Summary,
            b"dialog" => Tag::Dialog,
            b"label" => Tag::Label,
            b"fieldset" => Tag::Fieldset,
            b"center" => Tag::Center,
            b"font" => Tag::Font,
            b"span" => Tag::Span,
            b"time" => Tag::Time,
            b"rt" => Tag::Rt,
            b"rp" => Tag::Rp,
            b"area" | b"base" | b"col" | b"embed" | b"source" | b"track" | b"wbr" | b"param"
            | b"keygen" => Tag::Void,
            _ => Tag::Other,
        }
    }

    /// Never has content: no end tag is waited for.
    pub fn is_void(self) -> bool {
        matches!(
            self,
            Tag::Br | Tag::Hr | Tag::Img | Tag::Input | Tag::Meta | Tag::Link | Tag::Void
        )
    }

    /// Content is raw text up to the matching end tag.
    pub fn is_raw_text(self) -> bool {
        matches!(
            self,
            Tag::Script
                | Tag::Style
                | Tag::Textarea
                | Tag::Title
                | Tag::Iframe
                | Tag::Noscript
                | Tag::Template
        )
    }

    /// A start tag of these closes an open `<p>`.
    pub fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::Address
                | Tag::Article
                | Tag::Aside
                | Tag::Blockquote
                | Tag::Details
                | Tag::Dialog
                | Tag::Div
                | Tag::Dl
                | Tag::Fieldset
                | Tag::Figcaption
                | Tag::Figure
                | Tag::Footer
                | Tag::Form
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Header
                | Tag::Hr
                | Tag::Main
                | Tag::Menu
                | Tag::Nav
                | Tag::Ol
                | Tag::P
                | Tag::Pre
                | Tag::Section
                | Tag::Table
                | Tag::Ul
        )
    }

    /// May stand in `<head>`; any other start tag ends an unclosed `<head>`.
    pub fn belongs_in_head(self) -> bool {
        matches!(
            self,
            Tag::Head
                | Tag::Title
                | Tag::Meta
                | Tag::Link
                | Tag::Script
                | Tag::Style
                | Tag::Noscript
                | Tag::Template
                | Tag::Void
                | Tag::Other
        )
    }

    /// A container whose loose text (runs between its block children) is scored as
    /// paragraphs.
    pub fn holds_loose_text(self) -> bool {
        matches!(
            self,
            Tag::Div | Tag::Section | Tag::Article | Tag::Main | Tag::Td | Tag::Center
        )
    }

    /// `<h1>` to `<h6>`.
    pub fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }

    /// Never text a reader sees, or never article text (navigation, forms, ruby readings that
    /// would split the words they annotate). `<aside>` is not
    /// among them: the scorer drops it as it drops class-named boilerplate, unless it holds
    /// most of the page's text (a theme that wraps its article in one).
    pub fn is_dropped(self) -> bool {
        matches!(
            self,
            Tag::Head
                | Tag::Title
                | Tag::Meta
                | Tag::Link
                | Tag::Script
                | Tag::Style
                | Tag::Noscript
                | Tag::Template
                | Tag::Svg
                | Tag::Math
                | Tag::Iframe
                | Tag::Object
                | Tag::Canvas
                | Tag::Select
                | Tag::Option
                | Tag::Button
                | Tag::Textarea
                | Tag::Input
                | Tag::Nav
                | Tag::Footer
                | Tag::Menu
                | Tag::Dialog
                | Tag::Label
                | Tag::Fieldset
                | Tag::Rt
                | Tag::Rp
        )
    }

    /// Ends a paragraph when rendered.
    pub fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Root
                | Tag::Text
                | Tag::Other
                | Tag::A
                | Tag::Span
                | Tag::Font
                | Tag::Time
                | Tag::Rt
                | Tag::Rp
                | Tag::Img
                | Tag::Link
                | Tag::Void
                | Tag::Label
                | Tag::Input
                | Tag::Button
                | Tag::Select
                | Tag::Option
                | Tag::Body
                | Tag::Html
        )
    }

    /// Elements whose attributes the metadata reader needs (`<meta>`, `<link>`, `<time>`,
    /// `<html lang>`, `<script type="application/ld+json">`).
    pub fn keeps_attributes(self) -> bool {
        matches!(
            self,
            Tag::Html | Tag::Meta | Tag::Link | Tag::Time | Tag::Script
        )
    }
}
