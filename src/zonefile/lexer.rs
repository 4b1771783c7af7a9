//! The master-file lexer: splits bytes into entries (logical lines, joined across
//! parentheses) and each entry into [`Token`]s.
//!
//! It knows only the structure of the text: blanks, line breaks, parentheses, comments, quoted
//! strings and where an escape keeps a token going. Escapes stay raw in the tokens (fields decode
//! them), quotes are removed, and every token carries its byte offset so diagnostics can point
//! at it. It never allocates per token: the caller passes one token vector that is reused for
//! every entry.
//!
//! The formatter uses the same lexer: every logical line is an [`Entry`] (blank and comment-only
//! lines too, with no tokens), an entry keeps the byte range it covers, and with a [`Trivia`]
//! vector passed to [`Lexer::next_entry`] it also reports comments, parentheses and the line
//! breaks inside parentheses.
//!
//! ```
//! use zonefmt::zonefile::lexer::{Lexed, Lexer};
//! let mut lexer = Lexer::new(b"www  IN A 192.0.2.1 ; web\n\t(AAAA\n 2001:db8::1)\n");
//! let mut tokens = Vec::new();
//! let Ok(Lexed::Entry(first)) = lexer.next_entry(&mut tokens, None) else { panic!() };
//! assert_eq!(tokens.len(), 4);
//! assert!(!first.blank_owner);
//! let Ok(Lexed::Entry(second)) = lexer.next_entry(&mut tokens, None) else { panic!() };
//! assert!(second.blank_owner);
//! assert_eq!(tokens[1].text, b"2001:db8::1");
//! assert_eq!((second.line, second.end_line), (2, 3));
//! ```

use crate::error::ErrorCode;
use crate::rr::Token;

/// The UTF-8 byte order mark, skipped at the start of a file.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Length of a byte order mark at the start of `input` (0 or 3).
pub fn bom_len(input: &[u8]) -> usize {
    if input.starts_with(BOM) {
        BOM.len()
    } else {
        0
    }
}

/// One logical line: where it is and whether its owner field is blank. Its tokens are in the
/// vector passed to [`Lexer::next_entry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Byte offset of the first byte of the entry (the start of its first line).
    pub start: usize,
    /// Byte offset just past the entry, after its final line break (or the end of input).
    pub end: usize,
    /// Line number (from 1) of the first line.
    pub line: u32,
    /// Line number of the last line (greater than `line` when parentheses span lines).
    pub end_line: u32,
    /// The line starts with a blank or a tab: the owner is the previous record's.
    pub blank_owner: bool,
}

/// What the formatter needs besides tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriviaKind {
    /// `; ...` up to the end of the line (the range excludes the line break and a final `\r`).
    Comment,
    /// `(`
    OpenParen,
    /// `)`
    CloseParen,
    /// A line break inside parentheses (the entry goes on on the next line).
    LineBreak,
}

/// A comment, parenthesis or inner line break with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trivia {
    pub kind: TriviaKind,
    pub start: usize,
    pub end: usize,
}

/// The result of asking for the next entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexed {
    /// An entry; its tokens are in the caller's vector (none for a blank or comment-only line).
    Entry(Entry),
    /// The input ends inside an entry but is not final: give the lexer more input and ask again
    /// from the same position.
    Incomplete,
    /// No more input.
    End,
}

/// A structural error. The lexer has already moved past the broken entry, so the caller can
/// report it and go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    pub code: ErrorCode,
    pub message: String,
    /// Byte offset and length of the offending text.
    pub offset: usize,
    pub len: usize,
    /// The entry that was skipped.
    pub entry: Entry,
}

// Byte classes. Everything not listed is an ordinary token byte, including NUL and bytes that
// are not UTF-8: the lexer treats them as data and leaves judging them to the fields.
const ORDINARY: u8 = 0;
const BLANK: u8 = 1;
const NEWLINE: u8 = 2;
const OPEN: u8 = 3;
const CLOSE: u8 = 4;
const SEMICOLON: u8 = 5;
const QUOTE: u8 = 6;
const BACKSLASH: u8 = 7;

const fn classify(byte: u8) -> u8 {
    match byte {
        // A carriage return is a blank: CRLF line ends work, and a stray CR separates tokens.
        b' ' | b'\t' | b'\r' => BLANK,
        b'\n' => NEWLINE,
        b'(' => OPEN,
        b')' => CLOSE,
        b';' => SEMICOLON,
        b'"' => QUOTE,
        b'\\' => BACKSLASH,
        _ => ORDINARY,
    }
}

const fn byte_classes() -> [u8; 256] {
    let mut table = [ORDINARY; 256];
    let mut rest: &mut [u8] = &mut table;
    let mut byte = 0u8;
    while let [slot, tail @ ..] = rest {
        *slot = classify(byte);
        byte = byte.wrapping_add(1);
        rest = tail;
    }
    table
}

static CLASS: [u8; 256] = byte_classes();

fn class(byte: u8) -> u8 {
    CLASS.get(usize::from(byte)).copied().unwrap_or(ORDINARY)
}

/// Length of the run of ordinary bytes at the start of `rest`, eight bytes at a time.
///
/// Every special byte (blank, line break, parenthesis, semicolon, quote, backslash) is below
/// 0x2A, or is `;` or `\\`: a word of eight bytes is tested for those three cases at once
/// with the carry tricks of "Bit Twiddling Hacks" (`hasless`, `haszero`), whose lowest flagged
/// byte is always a true match. A flagged byte that is not special after all (a control byte,
/// `!`, `#` to `'`) is checked in the table and the scan goes on after it.
fn ordinary_run(rest: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    while let Some(chunk) = rest.get(n..n + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let below = x.wrapping_sub(ONES * 0x2A) & !x;
        let semi = x ^ (ONES * u64::from(b';'));
        let semi = semi.wrapping_sub(ONES) & !semi;
        let back = x ^ (ONES * u64::from(b'\\'));
        let back = back.wrapping_sub(ONES) & !back;
        let mask = (below | semi | back) & HIGH;
        if mask == 0 {
            n += 8;
            continue;
        }
        let at = n + (mask.trailing_zeros() / 8) as usize;
        if rest.get(at).is_some_and(|&b| class(b) != ORDINARY) {
            return at;
        }
        n = at + 1;
    }
    let tail = rest.get(n..).unwrap_or_default();
    n + tail
        .iter()
        .position(|&b| class(b) != ORDINARY)
        .unwrap_or(tail.len())
}

/// High bit of each octet of `word` that may be special: below 0x2A (blanks, line break,
/// parentheses, quote, and some ordinary bytes), `;` or `\\`. Every special octet is
/// flagged; a borrow may also flag an ordinary octet above a special one, which the caller
/// finds ordinary in the table (as [`ordinary_run`] does with its first flagged octet).
fn flagged_octets(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = x.wrapping_sub(ONES * 0x2A) & !x;
    let semi = x ^ (ONES * u64::from(b';'));
    let semi = semi.wrapping_sub(ONES) & !semi;
    let back = x ^ (ONES * u64::from(b'\\'));
    let back = back.wrapping_sub(ONES) & !back;
    (below | semi | back) & HIGH
}

/// What the fast path made of a line.
enum Plain {
    /// The entry ends at this index (just past its line break, or the end of final input).
    Entry(usize, bool),
    /// The input ends inside the line and is not final.
    Incomplete,
    /// The line needs the general path (a parenthesis, comment, quote or backslash, or more
    /// tokens than the cap).
    General,
}

/// The lexer over one buffer of input.
///
/// For input read in pieces, build a lexer over what is buffered with [`Lexer::resume`], ask
/// for one entry, and on [`Lexed::Incomplete`] read more and resume from the same position.
#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    input: &'a [u8],
    /// Absolute offset of `input[0]` in the whole source.
    base: usize,
    pos: usize,
    line: u32,
    is_final: bool,
    max_tokens: usize,
    max_paren_depth: usize,
    /// Whether plain lines take [`Lexer::plain_line`] (off only in tests comparing the paths).
    fast: bool,
}

/// Default cap on tokens in one entry.
pub const DEFAULT_MAX_TOKENS: usize = 100_000;

/// Default cap on how deep parentheses nest in one entry. BIND has none; real zones use one
/// level, so 256 refuses nothing real while keeping the depth counter far from overflow.
pub const DEFAULT_MAX_PAREN_DEPTH: usize = 256;

/// [`Lexer::plain_line`]'s step for the byte at `at`: ends the token before it at a blank or
/// line break, gives up on any other special byte; `Some` when the line ends there.
#[inline(always)]
fn delimit<'a>(
    input: &'a [u8],
    base: usize,
    max: usize,
    tokens: &mut Vec<Token<'a>>,
    token_start: &mut usize,
    at: usize,
    byte: u8,
) -> Option<Plain> {
    match class(byte) {
        ORDINARY => return None,
        BLANK | NEWLINE => {}
        _ => return Some(Plain::General),
    }
    if at > *token_start {
        if tokens.len() >= max {
            return Some(Plain::General);
        }
        tokens.push(Token {
            text: input.get(*token_start..at).unwrap_or_default(),
            quoted: false,
            offset: base + *token_start,
        });
    }
    *token_start = at + 1;
    (byte == b'\n').then_some(Plain::Entry(at + 1, true))
}

impl<'a> Lexer<'a> {
    /// A lexer over a complete input (a leading byte order mark is skipped).
    pub fn new(input: &'a [u8]) -> Self {
        Lexer {
            input,
            base: 0,
            pos: bom_len(input),
            line: 1,
            is_final: true,
            max_tokens: DEFAULT_MAX_TOKENS,
            max_paren_depth: DEFAULT_MAX_PAREN_DEPTH,
            fast: true,
        }
    }

    /// A lexer over `input`, which starts at absolute offset `base` of the source, positioned at
    /// `pos` (an index into `input`, at the start of a line numbered `line`). `is_final` says
    /// that no input follows.
    pub fn resume(input: &'a [u8], base: usize, pos: usize, line: u32, is_final: bool) -> Self {
        Lexer {
            input,
            base,
            pos,
            line,
            is_final,
            max_tokens: DEFAULT_MAX_TOKENS,
            max_paren_depth: DEFAULT_MAX_PAREN_DEPTH,
            fast: true,
        }
    }

    /// Caps the tokens of one entry; an entry with more is reported as an error.
    pub fn with_max_tokens(mut self, max_tokens: usize) -> Self {
        self.max_tokens = max_tokens;
        self
    }

    /// Caps how deep parentheses nest; an entry that goes deeper is reported as an error
    /// (after the whole entry has been skipped, so reading goes on at the next one).
    pub fn with_max_paren_depth(mut self, max_paren_depth: usize) -> Self {
        self.max_paren_depth = max_paren_depth;
        self
    }

    /// Index into the input of the next entry.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Line number of the next entry.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Reads the next entry into `tokens` (cleared first). With `trivia`, also records the
    /// comments, parentheses and inner line breaks of the entry (cleared first).
    pub fn next_entry(
        &mut self,
        tokens: &mut Vec<Token<'a>>,
        mut trivia: Option<&mut Vec<Trivia>>,
    ) -> Result<Lexed, LexError> {
        tokens.clear();
        if let Some(t) = trivia.as_deref_mut() {
            t.clear();
        }
        let input = self.input;
        let base = self.base;
        let start = self.pos;
        if start >= input.len() {
            return Ok(if self.is_final {
                Lexed::End
            } else {
                Lexed::Incomplete
            });
        }
        let blank_owner = input.get(start).is_some_and(|&c| class(c) == BLANK);
        match if self.fast {
            self.plain_line(tokens)
        } else {
            Plain::General
        } {
            Plain::Entry(end, newline) => {
                let entry = Entry {
                    start: base + start,
                    end: base + end,
                    line: self.line,
                    end_line: self.line,
                    blank_owner,
                };
                self.pos = end;
                self.line += u32::from(newline);
                return Ok(Lexed::Entry(entry));
            }
            Plain::Incomplete => return Ok(Lexed::Incomplete),
            Plain::General => tokens.clear(),
        }
        let mut line = self.line;
        let mut depth: usize = 0;
        // Offset of the `(` that opened the outermost open group, for the error at the end.
        let mut open_at = 0usize;
        let mut too_many: Option<usize> = None;
        // Offset of the first `(` past the nesting cap.
        let mut too_deep: Option<usize> = None;
        let mut i = start;

        let first_line = self.line;
        let entry_at = |end: usize, end_line: u32| Entry {
            start: base + start,
            end: base + end,
            line: first_line,
            end_line,
            blank_owner,
        };

        loop {
            let Some(&c) = input.get(i) else {
                // End of the buffer.
                if !self.is_final {
                    return Ok(Lexed::Incomplete);
                }
                if depth > 0 {
                    let entry = entry_at(i, line);
                    self.pos = i;
                    self.line = line;
                    return Err(LexError {
                        code: ErrorCode::Parentheses,
                        message: "unbalanced parentheses: \"(\" is never closed".to_string(),
                        offset: base + open_at,
                        len: 1,
                        entry,
                    });
                }
                break;
            };
            match class(c) {
                BLANK => i += 1,
                NEWLINE => {
                    i += 1;
                    if depth == 0 {
                        line += 1;
                        let entry = entry_at(i, line - 1);
                        self.pos = i;
                        self.line = line;
                        return self.finish(entry, too_many, too_deep);
                    }
                    if let Some(t) = trivia.as_deref_mut() {
                        t.push(Trivia {
                            kind: TriviaKind::LineBreak,
                            start: base + i - 1,
                            end: base + i,
                        });
                    }
                    line += 1;
                }
                OPEN => {
                    if depth == 0 {
                        open_at = i;
                    }
                    if depth >= self.max_paren_depth && too_deep.is_none() {
                        too_deep = Some(base + i);
                    }
                    depth = depth.saturating_add(1);
                    push_trivia(&mut trivia, TriviaKind::OpenParen, base + i, base + i + 1);
                    i += 1;
                }
                CLOSE => {
                    if depth == 0 {
                        return self.fail_to_line_end(
                            i,
                            line,
                            start,
                            blank_owner,
                            ErrorCode::Parentheses,
                            "unbalanced parentheses: \")\" without \"(\"".to_string(),
                            1,
                        );
                    }
                    depth -= 1;
                    push_trivia(&mut trivia, TriviaKind::CloseParen, base + i, base + i + 1);
                    i += 1;
                }
                SEMICOLON => {
                    let rest = input.get(i..).unwrap_or_default();
                    let end = match memchr::memchr(b'\n', rest) {
                        Some(n) => i + n,
                        None if self.is_final => input.len(),
                        None => return Ok(Lexed::Incomplete),
                    };
                    let mut text_end = end;
                    if text_end > i && input.get(text_end - 1) == Some(&b'\r') {
                        text_end -= 1;
                    }
                    push_trivia(&mut trivia, TriviaKind::Comment, base + i, base + text_end);
                    i = end;
                }
                QUOTE => {
                    let open = i;
                    let mut j = i + 1;
                    let mut inner_lines = 0u32;
                    loop {
                        let rest = input.get(j..).unwrap_or_default();
                        match memchr::memchr3(b'"', b'\\', b'\n', rest) {
                            None => {
                                if !self.is_final {
                                    return Ok(Lexed::Incomplete);
                                }
                                return self.fail_unterminated(open, line, start, blank_owner);
                            }
                            Some(n) => {
                                j += n;
                                match input.get(j) {
                                    Some(b'"') => break,
                                    Some(b'\\') => {
                                        // An escaped byte, even a line break, stays in the string.
                                        match input.get(j + 1) {
                                            None if !self.is_final => return Ok(Lexed::Incomplete),
                                            None => {
                                                return self.fail_unterminated(
                                                    open,
                                                    line,
                                                    start,
                                                    blank_owner,
                                                )
                                            }
                                            Some(b'\n') => inner_lines += 1,
                                            Some(_) => {}
                                        }
                                        j += 2;
                                    }
                                    _ => {
                                        // A line break ends the line, not the string: BIND
                                        // rejects quoted strings that span lines.
                                        return self.fail_unterminated(
                                            open,
                                            line,
                                            start,
                                            blank_owner,
                                        );
                                    }
                                }
                            }
                        }
                    }
                    let text = input.get(open + 1..j).unwrap_or_default();
                    push_token(
                        tokens,
                        &mut too_many,
                        self.max_tokens,
                        Token {
                            text,
                            quoted: true,
                            offset: base + open,
                        },
                    );
                    line += inner_lines;
                    i = j + 1;
                }
                _ => {
                    // An unquoted token runs to the next blank, line break, parenthesis,
                    // semicolon or quote that is not escaped.
                    let token_start = i;
                    let rest = input.get(i..).unwrap_or_default();
                    let mut n = 0;
                    loop {
                        // Runs of ordinary bytes, eight at a time.
                        n += ordinary_run(rest.get(n..).unwrap_or_default());
                        if rest.get(n) != Some(&b'\\') {
                            break;
                        }
                        n += match rest.get(n + 1) {
                            // A backslash does not join lines: it stays alone in the token
                            // (and is reported as a bad escape by the field reading it).
                            Some(b'\n') | Some(b'\r') | None => 1,
                            Some(_) => 2,
                        };
                    }
                    let j = i + n;
                    if j >= input.len() && !self.is_final {
                        return Ok(Lexed::Incomplete);
                    }
                    let j = j.min(input.len());
                    push_token(
                        tokens,
                        &mut too_many,
                        self.max_tokens,
                        Token {
                            text: input.get(token_start..j).unwrap_or_default(),
                            quoted: false,
                            offset: base + token_start,
                        },
                    );
                    i = j;
                }
            }
        }
        let entry = entry_at(i, line);
        self.pos = i;
        self.line = line;
        self.finish(entry, too_many, too_deep)
    }

    /// The common case, one line of blanks and ordinary bytes: tokens are the runs between
    /// blanks, found eight bytes at a time by walking the flagged bytes of each word (one or
    /// two per token: the blanks after it). Anything else is left to the general loop.
    ///
    /// A blank followed by another is padding (aligned zones such as the root zone pad each
    /// owner with a dozen spaces or more): the run is skipped in one tight scan instead of one
    /// flagged octet at a time, and the word scan goes on from the first byte after it. Only a
    /// blank whose next octet is flagged pays for the test, so single blanks cost nothing more.
    fn plain_line(&self, tokens: &mut Vec<Token<'a>>) -> Plain {
        let input = self.input;
        let base = self.base;
        let max = self.max_tokens;
        let mut token_start = self.pos;
        let mut at = self.pos;
        while let Some(chunk) = input.get(at..at + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let x = u64::from_le_bytes(word);
            let mut mask = flagged_octets(x);
            // The first flagged octet whose next one is flagged too: where padding may start.
            let pairs = mask & (mask >> 8);
            let run_at = if pairs == 0 {
                64
            } else {
                pairs.trailing_zeros() & !7
            };
            let mut next = at + 8;
            while mask != 0 {
                let shift = mask.trailing_zeros() & !7;
                let here = at + (shift / 8) as usize;
                let byte = (x >> shift) as u8;
                if let Some(done) = delimit(input, base, max, tokens, &mut token_start, here, byte)
                {
                    return done;
                }
                mask &= mask - 1;
                if shift == run_at && matches!(byte, b' ' | b'\t') {
                    // Every blank of the run would only move the token start past itself.
                    let mut p = here + 1;
                    while input.get(p..p + 8) == Some(b"        ".as_slice()) {
                        p += 8;
                    }
                    while matches!(input.get(p), Some(b' ' | b'\t')) {
                        p += 1;
                    }
                    token_start = p;
                    next = p;
                    break;
                }
            }
            at = next;
        }
        while let Some(&byte) = input.get(at) {
            if let Some(done) = delimit(input, base, max, tokens, &mut token_start, at, byte) {
                return done;
            }
            at += 1;
        }
        if !self.is_final {
            return Plain::Incomplete;
        }
        match delimit(input, base, max, tokens, &mut token_start, at, b' ') {
            Some(Plain::General) => Plain::General,
            _ => Plain::Entry(at, false),
        }
    }

    fn finish(
        &self,
        entry: Entry,
        too_many: Option<usize>,
        too_deep: Option<usize>,
    ) -> Result<Lexed, LexError> {
        if let Some(offset) = too_deep {
            return Err(LexError {
                code: ErrorCode::Parentheses,
                message: format!("parentheses nested more than {} deep", self.max_paren_depth),
                offset,
                len: 1,
                entry,
            });
        }
        match too_many {
            None => Ok(Lexed::Entry(entry)),
            Some(offset) => Err(LexError {
                code: ErrorCode::Limit,
                message: format!("entry has more than {} tokens", self.max_tokens),
                offset,
                len: 0,
                entry,
            }),
        }
    }

    fn fail_unterminated(
        &mut self,
        open: usize,
        line: u32,
        start: usize,
        blank_owner: bool,
    ) -> Result<Lexed, LexError> {
        self.fail_to_line_end(
            open,
            line,
            start,
            blank_owner,
            ErrorCode::UnterminatedString,
            "quoted string is not closed before the end of the line".to_string(),
            1,
        )
    }

    /// Reports an error at `at` and skips to the start of the next line.
    #[allow(clippy::too_many_arguments)]
    fn fail_to_line_end(
        &mut self,
        at: usize,
        line: u32,
        start: usize,
        blank_owner: bool,
        code: ErrorCode,
        message: String,
        len: usize,
    ) -> Result<Lexed, LexError> {
        let rest = self.input.get(at..).unwrap_or_default();
        let end = match memchr::memchr(b'\n', rest) {
            Some(n) => at + n + 1,
            None if self.is_final => self.input.len(),
            None => return Ok(Lexed::Incomplete),
        };
        let entry = Entry {
            start: self.base + start,
            end: self.base + end,
            line: self.line,
            end_line: line,
            blank_owner,
        };
        self.pos = end;
        self.line = line + u32::from(end > at && self.input.get(end - 1) == Some(&b'\n'));
        Err(LexError {
            code,
            message,
            offset: self.base + at,
            len,
            entry,
        })
    }
}

fn push_token<'a>(
    tokens: &mut Vec<Token<'a>>,
    too_many: &mut Option<usize>,
    max: usize,
    token: Token<'a>,
) {
    if tokens.len() < max {
        tokens.push(token);
    } else if too_many.is_none() {
        *too_many = Some(token.offset);
    }
}

fn push_trivia(trivia: &mut Option<&mut Vec<Trivia>>, kind: TriviaKind, start: usize, end: usize) {
    if let Some(t) = trivia.as_deref_mut() {
        t.push(Trivia { kind, start, end });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lexes all of `input`; each entry as its token texts (quoted ones in `"…"`), or the error
    /// as `E:code@offset`.
    fn lex_all(input: &[u8]) -> Vec<Result<(Entry, Vec<String>), String>> {
        let mut lexer = Lexer::new(input);
        let mut tokens = Vec::new();
        let mut out = Vec::new();
        loop {
            match lexer.next_entry(&mut tokens, None) {
                Ok(Lexed::End) => break,
                Ok(Lexed::Incomplete) => panic!("incomplete on final input"),
                Ok(Lexed::Entry(e)) => out.push(Ok((
                    e,
                    tokens
                        .iter()
                        .map(|t| {
                            let s = String::from_utf8_lossy(t.text).into_owned();
                            if t.quoted {
                                format!("\"{s}\"")
                            } else {
                                s
                            }
                        })
                        .collect(),
                ))),
                Err(e) => out.push(Err(format!("E:{}@{}", e.code, e.offset))),
            }
        }
        out
    }

    fn texts(input: &str) -> Vec<Vec<String>> {
        lex_all(input.as_bytes())
            .into_iter()
            .map(|r| r.map(|(_, t)| t).unwrap_or_else(|e| vec![e]))
            .collect()
    }

    #[test]
    fn splits_lines_and_tokens() {
        assert_eq!(
            texts("a 1 IN A 192.0.2.1\n\tMX 10 mx\n\n; only a comment\nb TXT \"x y\" z;c\n"),
            vec![
                vec!["a", "1", "IN", "A", "192.0.2.1"],
                vec!["MX", "10", "mx"],
                vec![],
                vec![],
                vec!["b", "TXT", "\"x y\"", "z"],
            ]
        );
    }

    #[test]
    fn parentheses_join_lines_and_nest() {
        let all = lex_all(b"@ SOA ns hm (\n 1 ; serial\n 2 3 ( 4 ) 5 )\nx A 1.2.3.4");
        let (e, t) = all[0].clone().unwrap();
        assert_eq!(t, ["@", "SOA", "ns", "hm", "1", "2", "3", "4", "5"]);
        assert_eq!((e.line, e.end_line, e.start), (1, 3, 0));
        let (e, t) = all[1].clone().unwrap();
        assert_eq!(t, ["x", "A", "1.2.3.4"]);
        assert_eq!((e.line, e.end_line), (4, 4));
    }

    #[test]
    fn blank_owner_means_leading_whitespace_only() {
        let all = lex_all(b" a\n( b )\n\tc\n");
        let flags: Vec<bool> = all
            .iter()
            .map(|r| r.as_ref().unwrap().0.blank_owner)
            .collect();
        assert_eq!(flags, [true, false, true]);
    }

    #[test]
    fn escapes_keep_tokens_together() {
        assert_eq!(
            texts("a\\ b c\\;d e\\(f g\\\"h \\065 \"q\\\"r\" \\\\\n"),
            vec![vec![
                "a\\ b",
                "c\\;d",
                "e\\(f",
                "g\\\"h",
                "\\065",
                "\"q\\\"r\"",
                "\\\\"
            ]]
        );
    }

    #[test]
    fn quotes_delimit_and_keep_specials() {
        assert_eq!(
            texts("x TXT abc\"d e\"f \"(;)\"\n"),
            vec![vec!["x", "TXT", "abc", "\"d e\"", "f", "\"(;)\""]]
        );
        // An escaped line break stays inside a quoted string, and counts as a line.
        let all = lex_all(b"x TXT \"a\\\nb\"\ny A 1.2.3.4\n");
        assert_eq!(all[0].as_ref().unwrap().1[2], "\"a\\\nb\"");
        assert_eq!(all[1].as_ref().unwrap().0.line, 3);
    }

    #[test]
    fn crlf_bom_tabs_nul_and_bytes() {
        let all = lex_all(b"\xEF\xBB\xBFa\tA\t1.2.3.4\r\n\tTXT a\x00b \xff\r\n");
        let (e, t) = all[0].clone().unwrap();
        assert_eq!(t, ["a", "A", "1.2.3.4"]);
        assert_eq!(e.start, 3);
        assert!(!e.blank_owner);
        let (_, t) = all[1].clone().unwrap();
        assert_eq!(t, ["TXT", "a\u{0}b", "\u{fffd}"]);
    }

    #[test]
    fn structural_errors_and_recovery() {
        let all = texts("a A 1 )\nb A 2\nc TXT \"open\nd A 3\ne ( A\n");
        assert_eq!(
            all,
            vec![
                vec!["E:ZF0109@6".to_string()],
                vec!["b".into(), "A".into(), "2".into()],
                vec!["E:ZF0110@20".to_string()],
                vec!["d".into(), "A".into(), "3".into()],
                vec!["E:ZF0109@34".to_string()],
            ]
        );
        // Unterminated at the very end.
        assert_eq!(texts("x TXT \"abc"), vec![vec!["E:ZF0110@6".to_string()]]);
    }

    #[test]
    fn backslash_at_line_end_does_not_join() {
        assert_eq!(
            texts("x TXT abc\\\ndef A 1.2.3.4\n"),
            vec![vec!["x", "TXT", "abc\\"], vec!["def", "A", "1.2.3.4"]]
        );
    }

    #[test]
    fn token_cap() {
        let mut lexer = Lexer::new(b"a b c d\ne f\n").with_max_tokens(3);
        let mut tokens = Vec::new();
        let err = lexer.next_entry(&mut tokens, None).unwrap_err();
        assert_eq!(err.code, ErrorCode::Limit);
        assert_eq!(err.offset, 6);
        assert_eq!(err.entry.end, 8);
        assert!(matches!(
            lexer.next_entry(&mut tokens, None),
            Ok(Lexed::Entry(_))
        ));
        assert_eq!(tokens.len(), 2);
    }

    #[test]
    fn paren_depth_cap() {
        let mut lexer = Lexer::new(b"a ((( b ) ( c )))\nd (( e\n ))\nf\n").with_max_paren_depth(2);
        let mut tokens = Vec::new();
        let err = lexer.next_entry(&mut tokens, None).unwrap_err();
        assert_eq!(err.code, ErrorCode::Parentheses);
        assert_eq!((err.offset, err.len), (4, 1));
        assert_eq!(err.message, "parentheses nested more than 2 deep");
        // The whole entry was skipped; two levels spanning lines are fine.
        let Ok(Lexed::Entry(e)) = lexer.next_entry(&mut tokens, None) else {
            panic!()
        };
        assert_eq!((e.line, e.end_line, tokens.len()), (2, 3, 2));
        assert!(matches!(
            lexer.next_entry(&mut tokens, None),
            Ok(Lexed::Entry(_))
        ));
        assert_eq!(tokens[0].text, b"f");
    }

    #[test]
    fn trivia_for_the_formatter() {
        let input = b"a SOA ( ns ; first\r\n  hm ) ; end\r\n";
        let mut lexer = Lexer::new(input);
        let mut tokens = Vec::new();
        let mut trivia = Vec::new();
        let Ok(Lexed::Entry(e)) = lexer.next_entry(&mut tokens, Some(&mut trivia)) else {
            panic!()
        };
        assert_eq!(e.end, input.len());
        let kinds: Vec<(TriviaKind, &[u8])> = trivia
            .iter()
            .map(|t| (t.kind, &input[t.start..t.end]))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (TriviaKind::OpenParen, &b"("[..]),
                (TriviaKind::Comment, &b"; first"[..]),
                (TriviaKind::LineBreak, &b"\n"[..]),
                (TriviaKind::CloseParen, &b")"[..]),
                (TriviaKind::Comment, &b"; end"[..]),
            ]
        );
    }

    #[test]
    fn ordinary_runs_stop_at_every_special_byte() {
        for special in [b' ', b'\t', b'\r', b'\n', b'(', b')', b';', b'"', b'\\'] {
            for at in 0..20 {
                let mut text = vec![b'a'; 24];
                // Bytes the word test flags but the table calls ordinary come first.
                text[at / 2] = b'!';
                text[at / 3] = 0;
                text[at] = special;
                assert_eq!(ordinary_run(&text), at, "{special} at {at}");
            }
        }
        assert_eq!(ordinary_run(b"abcdefghijk#$%&'\x00\x7f\xff"), 19);
        assert_eq!(ordinary_run(b""), 0);
        for byte in 0..=255u8 {
            let text = [b'x', b'x', b'x', byte, b'x', b'x', b'x', b'x', b'x'];
            let expected = if class(byte) == ORDINARY { 9 } else { 3 };
            assert_eq!(ordinary_run(&text), expected, "byte {byte}");
        }
    }

    /// Every entry of `input` as lexed (tokens, entry, position and line after it), with or
    /// without the plain-line path, from complete input or from the first `cut` bytes.
    fn lex_trace(input: &[u8], cut: usize, fast: bool) -> Vec<String> {
        let mut lexer =
            Lexer::resume(&input[..cut], 0, 0, 1, cut == input.len()).with_max_tokens(4);
        lexer.fast = fast;
        let mut tokens = Vec::new();
        let mut out = Vec::new();
        loop {
            let lexed = lexer.next_entry(&mut tokens, None);
            out.push(format!(
                "{lexed:?} {tokens:?} {} {}",
                lexer.position(),
                lexer.line()
            ));
            if matches!(lexed, Ok(Lexed::End | Lexed::Incomplete)) {
                return out;
            }
        }
    }

    #[test]
    fn plain_lines_lex_as_the_general_path_does() {
        let pieces: [&[u8]; 18] = [
            b"a",
            // Padding: runs of blanks within and across words.
            b"          ",
            b"  \t ",
            b"www.example.",
            b" ",
            b"\t",
            b"\r",
            b"\n",
            b"\r\n",
            b"!#$%&'*",
            b"\x00\x7f\xff",
            b";c",
            b"(",
            b")",
            b"\"q\"",
            b"x\\ y",
            b"0123456789abcdefghij",
            b"*.",
        ];
        // Deterministic mixes of the pieces, long enough to cross several words.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut input = Vec::new();
            let len = (state % 24) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let piece = pieces[(state % 18) as usize];
                // Specials are rarer than plain text, so most lines stay plain.
                if state % 7 == 0 || piece.iter().all(|b| !b";()\"\\".contains(b)) {
                    input.extend_from_slice(piece);
                }
            }
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            for cut in [input.len(), input.len() / 2, input.len().saturating_sub(1)] {
                assert_eq!(
                    lex_trace(&input, cut, true),
                    lex_trace(&input, cut, false),
                    "{:?} cut at {cut}",
                    String::from_utf8_lossy(&input)
                );
            }
        }
    }

    #[test]
    fn incomplete_input_resumes() {
        let full = b"a A 1.2.3.4\nb TXT \"long string\"\n";
        // Every cut point: lex what is there, then resume on the whole input.
        for cut in 0..full.len() {
            let mut lexer = Lexer::resume(&full[..cut], 0, 0, 1, false);
            let mut tokens = Vec::new();
            let mut seen = 0;
            loop {
                match lexer.next_entry(&mut tokens, None).unwrap() {
                    Lexed::Entry(_) => seen += 1,
                    Lexed::Incomplete => break,
                    Lexed::End => unreachable!(),
                }
            }
            let mut lexer = Lexer::resume(full, 0, lexer.position(), lexer.line(), true);
            while let Lexed::Entry(_) = lexer.next_entry(&mut tokens, None).unwrap() {
                seen += 1;
            }
            assert_eq!(seen, 2, "cut at {cut}");
        }
    }
}
