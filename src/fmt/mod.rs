//! `zonefmt fmt`: a formatter for zone files that keeps every comment and never changes what
//! the zone means.
//!
//! The formatter works on a lossless [`tree::SyntaxTree`] built with the reader's own lexer:
//! printing the tree unchanged gives the input back byte for byte, so whatever the formatting
//! rules leave alone comes out exactly as it went in.

pub mod tree;
