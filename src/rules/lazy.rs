//! A rule's regex, compiled when first used.
//!
//! Why: compiling the built-in rules' several hundred regexes was nearly
//! half the instructions of a run on one note (the common case: re-run
//! after each new meeting; the note itself was 2%), and a note wakes only
//! the rules whose words it holds (see
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

/// A regex of a rule: compiled already, or on first use. It reads as a
/// [`Regex`] (`re.is_match(..)`). A clone shares the compiled program but
/// has caches of its own, as a clone of a [`Regex`] does: the extraction
/// runs on a copy of the rules whose caches (tens of MB) go with it.
pub struct LazyRegex {
    shared: Arc<Inner>,
    /// This copy's regex: the shared program, with this copy's caches.
    local: OnceLock<Regex>,
}

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
        LazyRegex {
            shared: Arc::new(Inner { pattern, compiled }),
            local: OnceLock::new(),
        }
    }

    /// A pattern known to compile (a built-in rule), compiled on first use.
    pub fn on_first_use(pattern: String) -> LazyRegex {
        LazyRegex {
            shared: Arc::new(Inner {
                pattern,
                compiled: OnceLock::new(),
            }),
            local: OnceLock::new(),
        }
    }

    /// The pattern, without compiling it.
    pub fn as_str(&self) -> &str {
        &self.shared.pattern
    }
}

impl Clone for LazyRegex {
    fn clone(&self) -> Self {
        LazyRegex {
            shared: Arc::clone(&self.shared),
            local: OnceLock::new(),
        }
    }
}

impl Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.local.get_or_init(|| {
            self.shared
                .compiled
                .get_or_init(|| {
                    compile(&self.shared.pattern).unwrap_or_else(|e| {
                        // Only built-in rules are compiled late, and the test
                        // suite compiles every one of them: a bug, not bad input.
                        panic!(
                            "built-in rule regex does not compile (run `roadmap rules check`): {}: {e}",
                            self.shared.pattern
                        )
                    })
                })
                // A clone of a `Regex` shares its program, not its caches.
                .clone()
        })
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LazyRegex")
            .field(&self.shared.pattern)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_regex_is_compiled_once_and_each_copy_has_its_own_caches() {
        let late = LazyRegex::on_first_use(r"(?i)\bv(\d+)".to_string());
        assert!(
            late.shared.compiled.get().is_none(),
            "not compiled before use"
        );
        let twin = late.clone();
        assert!(late.is_match("shipped V7"));
        assert!(
            twin.shared.compiled.get().is_some(),
            "a copy shares the compiled program"
        );
        assert!(
            twin.local.get().is_none(),
            "a copy has not used (nor holds) the other's caches"
        );
        let now = LazyRegex::compiled(compile(r"(?i)\bv(\d+)").unwrap());
        assert_eq!(now.as_str(), late.as_str());
        assert_eq!(
            now.captures("cli v8").map(|c| c[1].to_string()),
            twin.captures("cli v8").map(|c| c[1].to_string())
        );
    }
}
