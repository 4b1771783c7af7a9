//! `$ORIGIN`, `$TTL` and `$INCLUDE` (sandboxed). `$GENERATE` is in `generate.rs`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::ErrorCode;
use crate::rr::{FieldError, Token};

use super::entry::{name_field, Action, Context};
use super::{Input, Source};

impl Context<'_, '_, '_> {
    /// Runs the directive the entry starts with.
    pub(crate) fn directive(&mut self) -> Action<'static> {
        let tokens = self.tokens;
        let Some(name) = tokens.first() else {
            return Action::None;
        };
        let args = tokens.get(1..).unwrap_or_default();
        let result = if name.text.eq_ignore_ascii_case(b"$ORIGIN") {
            self.origin_directive(name, args).map(|()| Action::None)
        } else if name.text.eq_ignore_ascii_case(b"$TTL") {
            self.ttl_directive(name, args).map(|()| Action::None)
        } else if name.text.eq_ignore_ascii_case(b"$INCLUDE") {
            self.include(name, args)
        } else if name.text.eq_ignore_ascii_case(b"$GENERATE") {
            self.generate(name, args)
        } else {
            Err(FieldError::at(
                name,
                ErrorCode::UnknownDirective,
                format!(
                    "unknown directive \"{}\" (expected $ORIGIN, $TTL, $INCLUDE or $GENERATE)",
                    name.display()
                ),
            ))
        };
        result.unwrap_or_else(|e| {
            self.fail(e);
            Action::None
        })
    }

    fn origin_directive(&mut self, name: &Token<'_>, args: &[Token<'_>]) -> Result<(), FieldError> {
        let arg = one_argument(name, args, 1, "a domain name")?;
        // A relative $ORIGIN is relative to the current origin, as in BIND.
        let origin = name_field(&arg, self.origin.as_ref(), "$ORIGIN name")?;
        *self.origin = Some(origin);
        self.state.origin_changed = true;
        Ok(())
    }

    fn ttl_directive(&mut self, name: &Token<'_>, args: &[Token<'_>]) -> Result<(), FieldError> {
        let arg = one_argument(name, args, 1, "a TTL")?;
        let ttl = self.ttl_value(&arg)?;
        self.state.default_ttl = Some(ttl);
        Ok(())
    }

    fn include(
        &mut self,
        name: &Token<'_>,
        args: &[Token<'_>],
    ) -> Result<Action<'static>, FieldError> {
        let file_token = one_argument(name, args, 2, "a file name")?;
        let Some(root) = self.options.include_root.as_deref() else {
            let mut e = FieldError::at(
                name,
                ErrorCode::IncludeNotAllowed,
                format!(
                    "$INCLUDE \"{}\" refused: reading other files is off unless a directory is granted",
                    file_token.display()
                ),
            );
            e.message.push_str(
                " (grant one with --include-root DIR, or ReaderOptions::include_root in the library)",
            );
            return Err(e);
        };
        let origin = match args.get(1) {
            Some(t) => Some(name_field(t, self.origin.as_ref(), "$INCLUDE origin")?),
            None => self.origin.clone(),
        };
        if self.open_paths.len() > self.options.max_include_depth {
            return Err(FieldError::at(
                &file_token,
                ErrorCode::IncludeDepth,
                format!(
                    "$INCLUDE nested more than {} deep",
                    self.options.max_include_depth
                ),
            ));
        }
        let bytes = crate::text::unescape(file_token.text).map_err(|_| {
            FieldError::at(
                &file_token,
                ErrorCode::BadEscape,
                format!(
                    "invalid escape in $INCLUDE file name \"{}\"",
                    file_token.display()
                ),
            )
        })?;
        let written = String::from_utf8(bytes).map_err(|_| {
            FieldError::at(
                &file_token,
                ErrorCode::Syntax,
                "$INCLUDE file name is not valid UTF-8",
            )
        })?;
        let path = match &self.options.include_base {
            Some(base) => base.join(&written),
            None => PathBuf::from(&written),
        };
        let canonical = sandboxed_path(root, &path)
            .map_err(|(code, message)| FieldError::at(&file_token, code, message))?;
        if self.open_paths.iter().flatten().any(|p| p == &canonical) {
            return Err(FieldError::at(
                &file_token,
                ErrorCode::IncludeDepth,
                format!(
                    "$INCLUDE \"{written}\" is already being read (a file that includes itself)"
                ),
            ));
        }
        let file = std::fs::File::open(&canonical).map_err(|e| {
            FieldError::at(
                &file_token,
                ErrorCode::Io,
                format!("cannot read $INCLUDE file \"{written}\": {e}"),
            )
        })?;
        let mut source = Source::new(
            Input::stream(Box::new(file)),
            Some(Arc::from(path.display().to_string())),
            origin,
        );
        // After the included file, blank owners refer to the owner before the $INCLUDE.
        source.restore_owner = Some(self.state.last_owner.clone());
        if args.get(1).is_some() {
            self.state.origin_changed = true;
        }
        Ok(Action::Include(Box::new(source), canonical))
    }
}

/// Checks the argument count of a directive (`1..=max`) and returns the first argument.
fn one_argument<'a>(
    name: &Token<'_>,
    args: &[Token<'a>],
    max: usize,
    what: &str,
) -> Result<Token<'a>, FieldError> {
    let Some(first) = args.first().copied() else {
        return Err(FieldError {
            code: ErrorCode::MissingField,
            message: format!("{} needs {what}", name.display()),
            at: Some((name.offset + name.source_len(), 0)),
        });
    };
    if let Some(extra) = args.get(max) {
        return Err(FieldError::at(
            extra,
            ErrorCode::TrailingData,
            format!(
                "unexpected \"{}\" after {}",
                extra.display(),
                name.display()
            ),
        ));
    }
    Ok(first)
}

/// Returns the canonical form of `path` (relative paths are relative to the working directory)
/// if it is a regular file inside `root`. Nothing is opened before the check passes.
pub(crate) fn sandboxed_path(root: &Path, path: &Path) -> Result<PathBuf, (ErrorCode, String)> {
    let root = std::fs::canonicalize(root).map_err(|e| {
        (
            ErrorCode::IncludeNotAllowed,
            format!(
                "the directory granted for $INCLUDE (\"{}\") cannot be used: {e}",
                root.display()
            ),
        )
    })?;
    let shown = path.display();
    let outside = || {
        (
            ErrorCode::IncludeOutsideRoot,
            format!(
                "$INCLUDE \"{shown}\" refused: it is outside the granted directory \"{}\"",
                root.display()
            ),
        )
    };
    let canonical = match std::fs::canonicalize(path) {
        Ok(canonical) => canonical,
        Err(e) => {
            // Say "outside" rather than "not found" for a path that is outside anyway, so a zone
            // file cannot probe which files exist elsewhere.
            let lexical = std::env::current_dir()
                .map(|cwd| lexical_normalize(&cwd.join(path)))
                .unwrap_or_default();
            if !lexical.starts_with(&root) {
                return Err(outside());
            }
            return Err((
                ErrorCode::Io,
                format!("cannot read $INCLUDE file \"{shown}\": {e}"),
            ));
        }
    };
    if !canonical.starts_with(&root) {
        return Err(outside());
    }
    if !canonical.is_file() {
        return Err((
            ErrorCode::Io,
            format!("cannot read $INCLUDE file \"{shown}\": not a regular file"),
        ));
    }
    Ok(canonical)
}

/// `path` with `.` and `..` components resolved without looking at the file system.
fn lexical_normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}
