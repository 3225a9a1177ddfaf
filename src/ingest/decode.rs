//! Bytes to text: BOM, CRLF, Latin-1 fallback and double-encoding repair.
//!
//! Why not a general "fix text" crate: the ftfy ports available pull in ICU
//! and also rewrite quotes and spaces, which would move the words people
//! cite. We only undo the one accident seen in the notes: UTF-8 bytes read
//! as Windows-1252 and saved again. `encoding_rs` does the conversions.

use encoding_rs::WINDOWS_1252;

#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub repairs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes look like a binary file (the reason says why).
    Binary(String),
}

/// Decode a note's bytes into clean text, or say it looks binary.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let mut repairs = Vec::new();
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(DecodeError::Binary("contains NUL bytes".into()));
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if !head.is_empty() && controls * 10 > head.len() {
        return Err(DecodeError::Binary("mostly control characters".into()));
    }
    let mut body = bytes;
    if let Some(rest) = body.strip_prefix(b"\xEF\xBB\xBF") {
        body = rest;
        repairs.push("removed UTF-8 byte-order mark".into());
    }
    let mut text = match std::str::from_utf8(body) {
        Ok(s) => s.to_string(),
        Err(_) => {
            repairs.push("not valid UTF-8: read as Latin-1 (Windows-1252)".into());
            WINDOWS_1252
                .decode_without_bom_handling(body)
                .0
                .into_owned()
        }
    };
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
        repairs.push("normalised CRLF line ends".into());
    }
    if let Some((fixed, n)) = repair_double_encoding(&text) {
        repairs.push(format!("repaired {n} double-encoded UTF-8 sequence(s)"));
        text = fixed;
    }
    Ok(Decoded { text, repairs })
}

/// Undo UTF-8 that was decoded as Windows-1252 ("KÃ¶per" → "Köper"):
/// the repaired text and how many runs were repaired, or `None` when there
/// was nothing to repair.
///
/// Works run by run: a maximal run of non-ASCII characters that all have a
/// Windows-1252 byte is turned back into those bytes; if they form valid
/// multi-byte UTF-8, the run is replaced. Genuine text ("Köper", "é") never
/// forms valid UTF-8 that way, so it is left alone. ASCII is copied a
/// stretch at a time, and a note of ASCII alone (most are) is not copied.
pub fn repair_double_encoding(text: &str) -> Option<(String, usize)> {
    let first = text.bytes().position(|b| !b.is_ascii())?;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut repaired = 0;
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String, repaired: &mut usize| {
        if run.is_empty() {
            return;
        }
        let (bytes, _, unmappable) = WINDOWS_1252.encode(run);
        if !unmappable
            && let Ok(s) = std::str::from_utf8(&bytes)
            && s.chars().count() < run.chars().count()
        {
            out.push_str(s);
            *repaired += 1;
            run.clear();
            return;
        }
        out.push_str(run);
        run.clear();
    };
    let mut rest = &text[first..];
    while let Some(c) = rest.chars().next() {
        if c.is_ascii() {
            flush(&mut run, &mut out, &mut repaired);
            let ascii = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            out.push_str(&rest[..ascii]);
            rest = &rest[ascii..];
            continue;
        }
        if cp1252_byte(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out, &mut repaired);
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut run, &mut out, &mut repaired);
    (repaired > 0).then_some((out, repaired))
}

/// Does this character have a single byte in Windows-1252?
fn cp1252_byte(c: char) -> bool {
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    let (bytes, _, unmappable) = WINDOWS_1252.encode(s);
    !unmappable && bytes.len() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_double_encoded_name() {
        let d = decode("Dies KÃ¶per".as_bytes()).unwrap();
        assert_eq!(d.text, "Dies Köper");
    }

    #[test]
    fn leaves_real_accents_alone() {
        let d = decode("Dies Köper, café, naïve".as_bytes()).unwrap();
        assert_eq!(d.text, "Dies Köper, café, naïve");
        assert!(d.repairs.is_empty());
    }

    #[test]
    fn repairs_double_encoded_emoji() {
        let d = decode("this quarter ðŸ¤ž".as_bytes()).unwrap();
        assert_eq!(d.text, "this quarter 🤞");
    }

    #[test]
    fn repairs_runs_between_ascii_and_real_accents() {
        assert_eq!(
            repair_double_encoding("a KÃ¶per, b café, c ðŸ¤ž"),
            Some(("a Köper, b café, c 🤞".to_string(), 2))
        );
        assert_eq!(repair_double_encoding("ASCII only"), None);
        assert_eq!(repair_double_encoding("café naïve"), None);
    }

    #[test]
    fn strips_bom_and_crlf() {
        let d = decode(b"\xEF\xBB\xBF# Title\r\n- item\r\n").unwrap();
        assert_eq!(d.text, "# Title\n- item\n");
        assert_eq!(d.repairs.len(), 2);
    }

    #[test]
    fn latin1_fallback() {
        let d = decode(b"K\xf6per").unwrap();
        assert_eq!(d.text, "Köper");
        assert!(d.repairs[0].contains("Latin-1"));
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary(_))
        ));
    }

    #[test]
    fn empty_is_fine() {
        assert_eq!(decode(b"").unwrap().text, "");
    }
}
