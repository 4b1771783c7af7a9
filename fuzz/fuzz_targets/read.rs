//! Any bytes into the zone-file reader: errors are fine, panics and hangs are not.
//!
//! Besides not crashing, it checks what must hold for any input: every diagnostic has a
//! message and points inside the input; the reader gives the same items whether the input is
//! in memory or streamed in pieces; the formatter's lexer pass (with trivia) covers the input
//! exactly and its trivia lie inside their entry.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use zonefmt::zonefile::lexer::{Lexed, Lexer};
use zonefmt::zonefile::{Item, Reader};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let options = common::options();
    let whole: Vec<Item> = Reader::from_bytes(text, None, options.clone()).collect();
    for item in &whole {
        if let Item::Diagnostic(d) = item {
            assert!(!d.message.is_empty(), "empty message: {d:?}");
            let end = d.location.offset + u64::from(d.location.len);
            assert!(end <= text.len() as u64, "location past the input: {d:?}");
            assert!(d.location.line >= 1, "line 0: {d:?}");
        }
    }

    // Streaming in pieces gives the same items (one input in eight: a stream read costs a
    // buffer fill per piece).
    if selector % 8 == 0 {
        let piece = 1 + usize::from(selector / 8) * 61;
        let streamed: Vec<Item> =
            Reader::from_read(common::Trickle(text, piece), None, options).collect();
        assert_eq!(whole, streamed, "pieces of {piece} bytes");
    }

    // The lexer pass the formatter uses: entries tile the input and trivia stay inside them.
    let mut lexer = Lexer::new(text);
    let mut tokens = Vec::new();
    let mut trivia = Vec::new();
    let mut previous_end = zonefmt::zonefile::lexer::bom_len(text);
    loop {
        match lexer.next_entry(&mut tokens, Some(&mut trivia)) {
            Ok(Lexed::End) => break,
            Ok(Lexed::Incomplete) => panic!("Incomplete on final input"),
            Ok(Lexed::Entry(entry)) => {
                assert_eq!(entry.start, previous_end, "entries must tile the input");
                assert!(entry.end > entry.start, "empty entry {entry:?}");
                assert!(entry.end <= text.len());
                for t in &trivia {
                    assert!(entry.start <= t.start && t.start <= t.end && t.end <= entry.end);
                }
                for t in &tokens {
                    assert!(entry.start <= t.offset && t.offset + t.source_len() <= entry.end);
                }
                previous_end = entry.end;
            }
            Err(e) => {
                assert!(e.entry.end > e.entry.start || e.entry.end == text.len());
                assert!(e.offset + e.len <= text.len(), "{e:?}");
                previous_end = e.entry.end;
            }
        }
    }
    assert_eq!(previous_end, text.len().max(previous_end));
});
