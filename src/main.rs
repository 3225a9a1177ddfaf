//! The `roadmap` binary: argv in, files and exit codes out. All the work is
//! in the library; this file only wires the command line to it.
//!
//! Exit codes: 0 success; 1 some notes could not be read (the rest were
//! processed and written); 2 bad usage or bad rules.

mod cli;

/// jemalloc, tuned in `.cargo/config.toml` (why: there).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`roadmap extract | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "roadmap: {e:#}");
            ExitCode::from(2)
        }
    }
}
