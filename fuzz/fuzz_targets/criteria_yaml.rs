#![no_main]
//! Any UTF-8 text as a criteria YAML file: parsing may refuse it, but must not panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parindex::criteria::Criteria::parse(text, "f.yaml");
    }
});
