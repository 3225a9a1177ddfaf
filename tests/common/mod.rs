//! Shared by the tests that read `../shared` (the corpus, the gold, the
//! scorer), which are not part of the project.

/// A test whose inputs are missing stops here: skipped on a developer's
/// machine, a failure where `ROADMAP_REQUIRE_SHARED` is set (CI sets it, so
/// a missing input cannot pass there unnoticed).
pub fn skip(why: &str) {
    if std::env::var_os("ROADMAP_REQUIRE_SHARED").is_some() {
        panic!("{why}, and ROADMAP_REQUIRE_SHARED is set");
    }
    eprintln!("skipped: {why}");
}
