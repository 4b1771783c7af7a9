//! `multipart/form-data` bodies (RFC 7578), just enough for the import endpoint.
//!
//! Import takes a `file` part (the zone text) and a `proxied` part (`"true"`/`"false"`). Writing
//! the few lines here avoids pulling a multipart crate into every build; the one subtle point,
//! a boundary that must not occur in the content, is handled by checking and re-deriving.

/// One form field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// Set for file parts: sent as `filename=` with `Content-Type: text/plain`.
    pub filename: Option<String>,
    pub content: Vec<u8>,
}

impl Part {
    /// A plain text field.
    pub fn text(name: &str, value: &str) -> Part {
        Part {
            name: name.to_owned(),
            filename: None,
            content: value.as_bytes().to_vec(),
        }
    }

    /// A file field.
    pub fn file(name: &str, filename: &str, content: &[u8]) -> Part {
        Part {
            name: name.to_owned(),
            filename: Some(filename.to_owned()),
            content: content.to_vec(),
        }
    }
}

/// A built body with the `Content-Type` header value that announces its boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub content_type: String,
    pub body: Vec<u8>,
}

/// Encodes `parts`. The boundary is derived from the content and re-derived (a bounded number of
/// times) until it appears in no part.
pub fn encode(parts: &[Part]) -> Form {
    let mut seed = fnv1a(parts.iter().flat_map(|p| p.content.iter().copied()));
    let mut boundary = String::new();
    for _ in 0..64 {
        boundary = format!("zonefmt-boundary-{seed:016x}");
        if !parts
            .iter()
            .any(|p| contains(&p.content, boundary.as_bytes()))
        {
            break;
        }
        seed = seed.wrapping_mul(0x100_0000_01b3).wrapping_add(0x9e37_79b9);
    }
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        body.extend_from_slice(quote_param(&part.name).as_bytes());
        body.push(b'"');
        if let Some(filename) = &part.filename {
            body.extend_from_slice(b"; filename=\"");
            body.extend_from_slice(quote_param(filename).as_bytes());
            body.extend_from_slice(b"\"\r\nContent-Type: text/plain");
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(&part.content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--");
    body.extend_from_slice(boundary.as_bytes());
    body.extend_from_slice(b"--\r\n");
    Form {
        content_type: format!("multipart/form-data; boundary={boundary}"),
        body,
    }
}

/// Field names and file names go inside double quotes; RFC 7578 §2 asks for `"` and line breaks
/// to be percent-encoded there.
fn quote_param(value: &str) -> String {
    value
        .replace('%', "%25")
        .replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

fn fnv1a(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Splits a body built by [`encode`] (or any simple form) back into parts. Used by the emulator
/// and tests; returns `None` for a body that does not follow the boundary structure.
pub fn decode(content_type: &str, body: &[u8]) -> Option<Vec<Part>> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    let start = memchr::memmem::find(rest, delimiter.as_bytes())?;
    rest = rest.get(start + delimiter.len()..)?;
    // A bounded walk: each iteration consumes at least the delimiter.
    for _ in 0..10_000 {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let header_end = memchr::memmem::find(rest, b"\r\n\r\n")?;
        let headers = String::from_utf8_lossy(rest.get(..header_end)?).into_owned();
        rest = rest.get(header_end + 4..)?;
        let end = memchr::memmem::find(rest, format!("\r\n{delimiter}").as_bytes())?;
        let content = rest.get(..end)?.to_vec();
        rest = rest.get(end + 2 + delimiter.len()..)?;
        let disposition = headers
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?
            .to_owned();
        let param = |key: &str| -> Option<String> {
            let pattern = format!("{key}=\"");
            let at = disposition.find(&pattern)? + pattern.len();
            let tail = disposition.get(at..)?;
            Some(tail.get(..tail.find('"')?)?.to_owned())
        };
        parts.push(Part {
            name: param("name")?,
            filename: param("filename"),
            content,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_file_and_text_parts() {
        let form = encode(&[
            Part::file("file", "zone.txt", b"www 300 IN A 192.0.2.1\n"),
            Part::text("proxied", "false"),
        ]);
        let boundary = form
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap()
            .to_owned();
        let text = String::from_utf8(form.body.clone()).unwrap();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"zone.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nwww 300 IN A 192.0.2.1\n\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"proxied\"\r\n\r\nfalse\r\n--{b}--\r\n",
            b = boundary
        );
        assert_eq!(text, expected);
        let parts = decode(&form.content_type, &form.body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].filename.as_deref(), Some("zone.txt"));
        assert_eq!(parts[0].content, b"www 300 IN A 192.0.2.1\n");
        assert_eq!(parts[1], Part::text("proxied", "false"));
    }

    #[test]
    fn boundary_never_occurs_in_the_content() {
        // Content that contains the boundary the first derivation would pick.
        let plain = b"abc".to_vec();
        let first = encode(&[Part::text("x", "abc")]);
        let boundary = first.content_type.rsplit('=').next().unwrap().to_owned();
        let mut tricky = plain.clone();
        tricky.extend_from_slice(boundary.as_bytes());
        let form = encode(&[Part::file("file", "z", &tricky)]);
        let new_boundary = form.content_type.rsplit('=').next().unwrap();
        assert!(!contains(&tricky, new_boundary.as_bytes()));
        let parts = decode(&form.content_type, &form.body).unwrap();
        assert_eq!(parts[0].content, tricky);
    }

    #[test]
    fn decode_rejects_garbage() {
        assert!(decode("multipart/form-data; boundary=x", b"nothing here").is_none());
        assert!(decode("text/plain", b"--x\r\n").is_none());
    }
}
