//! Ingest: paths in, decoded meeting notes out.
//!
//! Notes were written over years in many editors, so reading them is not
//! `read_to_string`: a BOM, CRLF line ends, Latin-1 files and UTF-8 that was
//! decoded as Windows-1252 and saved again ("KÃ¶per") all occur. A file that
//! cannot be read, or looks binary, is reported and skipped; it never stops
//! the run. The meeting's date and committee are found here too (see
//! [`meeting`]), because they come from the title or, failing that, the path.

mod decode;
mod meeting;
mod walk;

pub use decode::{DecodeError, decode};
pub use meeting::{MeetingInfo, meeting_info, title_of};
pub use walk::{InputFile, collect_inputs};

use std::path::PathBuf;

/// One note, decoded, with where it came from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as reached from the command-line argument (`seeds/000.txt`).
    pub display: String,
    pub path: PathBuf,
    /// Decoded text: UTF-8, `\n` line ends, no BOM.
    pub text: String,
    /// What was repaired while decoding (for `-v`).
    pub repairs: Vec<String>,
}

/// A note that could not be read; the run goes on without it.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: skipped: looks binary ({reason})")]
    Binary { path: String, reason: String },
    #[error("{path}: skipped: {message}")]
    Walk { path: String, message: String },
}

/// Read and decode one input file.
pub fn read_document(input: &InputFile) -> Result<Document, IngestError> {
    // `-` is standard input: a note piped in.
    let read = |p: &std::path::Path| -> std::io::Result<Vec<u8>> {
        if p.as_os_str() == "-" {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)?;
            Ok(buf)
        } else {
            std::fs::read(p)
        }
    };
    let bytes = read(&input.path).map_err(|source| IngestError::Read {
        path: input.display.clone(),
        source,
    })?;
    let mut doc = document_from_bytes(&input.display, &bytes)?;
    doc.path = input.path.clone();
    Ok(doc)
}

/// Decode the bytes of a note (`display` names it in facts and errors).
pub fn document_from_bytes(display: &str, bytes: &[u8]) -> Result<Document, IngestError> {
    let decoded = decode(bytes).map_err(|e| match e {
        DecodeError::Binary(reason) => IngestError::Binary {
            path: display.to_string(),
            reason,
        },
    })?;
    Ok(Document {
        display: display.to_string(),
        path: PathBuf::from(display),
        text: decoded.text,
        repairs: decoded.repairs,
    })
}

/// A document made from text in memory (stdin, tests, rule examples).
pub fn document_from_text(display: &str, text: &str) -> Document {
    let decoded = decode(text.as_bytes()).unwrap_or_else(|_| decode::Decoded {
        text: text.to_string(),
        repairs: vec![],
    });
    Document {
        display: display.to_string(),
        path: PathBuf::from(display),
        text: decoded.text,
        repairs: decoded.repairs,
    }
}
