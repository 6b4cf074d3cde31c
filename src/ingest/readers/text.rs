//! Plain text: the decoded text is the body, as it is; the rules find everything else.

use super::super::source::{Format, Source, SourceMeta};

pub fn read(text: String) -> Source {
    Source {
        format: Format::Text,
        text,
        line_offset: 0,
        meta: SourceMeta::default(),
        dropped: Vec::new(),
        warnings: Vec::new(),
    }
}
