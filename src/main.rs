//! The `roadmap` binary: argv in, files and exit codes out. All the work is
//! in the library; this file only wires the command line to it.
//!
//! Exit codes: 0 success; 1 some notes could not be read (the rest were
//! processed and written); 2 bad usage or bad rules.

mod cli;

/// jemalloc: faster here than the system allocator, and tunable.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read by jemalloc itself at start (its documented
/// `malloc_conf` symbol, prefixed as tikv-jemalloc-sys builds it). One
/// arena, and freed pages given back at once: the extraction threads'
/// regex caches and per-note buffers are freed before linking, and without
/// this they stay resident. Peak memory on 20x the corpus drops from about
/// 212 MB to about 160 MB, for about a tenth more time.
// SAFETY: a thin pointer to a NUL-terminated static string, which is what
// jemalloc expects this symbol to be; it is only ever read.
#[cfg(not(target_env = "msvc"))]
#[allow(unsafe_code)]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static MALLOC_CONF: &u8 = &b"narenas:1,dirty_decay_ms:0,muzzy_decay_ms:0\0"[0];

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
            // The causes, each once: a stage's error often quotes its
            // source already ("cannot read: No such file…").
            let mut message = e.to_string();
            for cause in e.chain().skip(1).map(ToString::to_string) {
                if !message.contains(&cause) {
                    message = format!("{message}: {cause}");
                }
            }
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "roadmap: {message}");
            ExitCode::from(2)
        }
    }
}
