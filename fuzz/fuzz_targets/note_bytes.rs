#![no_main]
//! Arbitrary bytes as a meeting note.

use libfuzzer_sys::fuzz_target;
use roadmap_tracker::ingest::document_from_bytes;

mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = document_from_bytes("Runtime/2017-09-05-runtime.md", data) {
        common::run(&doc);
    }
});
