//! The command line, pinned as data: each `tests/cmd/*.toml` runs `roadmap`
//! with arguments (in the `NAME.in/` folder when there is one) and states the
//! exit code and the exact stdout and stderr (`NAME.stdout`, `NAME.stderr`).
//! `TRYCMD=overwrite cargo test --test cli` rewrites them for review.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin(
            "roadmap",
            std::path::PathBuf::from(env!("CARGO_BIN_EXE_roadmap")),
        )
        .case("tests/cmd/*.toml");
}
