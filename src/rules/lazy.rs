//! A rule's regex, compiled when first used.
//!
//! Why: compiling the built-in rules' several hundred regexes was nine
//! tenths of a run on one note (the common case: re-run after each new
//! meeting), and a note wakes only the rules whose words it holds (see
//! [`super::prefilter`]). The built-in rules are compiled whole by the test
//! suite and by `roadmap rules check`, so at run time they are compiled on
//! first use; rules from a `--rules` folder are compiled, and every error
//! reported, at load.

use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use regex::{Regex, RegexBuilder};

/// Largest compiled program a rule may have, so a rule cannot exhaust
/// memory (issue #6).
pub const REGEX_SIZE_LIMIT: usize = 8 << 20;

/// Compile a pattern with the limits every rule has.
pub fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(16 << 20)
        .build()
}

/// A regex of a rule: compiled already, or on first use. Clones share the
/// compiled regex. It reads as a [`Regex`] (`re.is_match(..)`).
#[derive(Clone)]
pub struct LazyRegex(Arc<Inner>);

struct Inner {
    pattern: String,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    /// A regex compiled already (its errors were reported at load).
    pub fn compiled(re: Regex) -> LazyRegex {
        let compiled = OnceLock::new();
        let pattern = re.as_str().to_string();
        let _ = compiled.set(re);
        LazyRegex(Arc::new(Inner { pattern, compiled }))
    }

    /// A pattern known to compile (a built-in rule), compiled on first use.
    pub fn on_first_use(pattern: String) -> LazyRegex {
        LazyRegex(Arc::new(Inner {
            pattern,
            compiled: OnceLock::new(),
        }))
    }

    /// The pattern, without compiling it.
    pub fn as_str(&self) -> &str {
        &self.0.pattern
    }
}

impl Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.0.compiled.get_or_init(|| {
            compile(&self.0.pattern).unwrap_or_else(|e| {
                // Only built-in rules are compiled late, and the test suite
                // compiles every one of them: this is a bug, not bad input.
                panic!("built-in rule regex does not compile: {e}")
            })
        })
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LazyRegex").field(&self.0.pattern).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_regex_matches_as_the_compiled_one_and_clones_share_it() {
        let late = LazyRegex::on_first_use(r"(?i)\bv(\d+)".to_string());
        assert!(late.0.compiled.get().is_none(), "not compiled before use");
        let twin = late.clone();
        assert!(late.is_match("shipped V7"));
        assert!(
            twin.0.compiled.get().is_some(),
            "a clone shares the compiled regex"
        );
        let now = LazyRegex::compiled(compile(r"(?i)\bv(\d+)").unwrap());
        assert_eq!(now.as_str(), late.as_str());
        assert_eq!(
            now.captures("cli v8").map(|c| c[1].to_string()),
            late.captures("cli v8").map(|c| c[1].to_string())
        );
    }
}
