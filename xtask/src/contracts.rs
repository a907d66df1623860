//! The app reads the server's errors through typed contracts (error codes,
//! problem kinds); it never reads meaning from English words. These tests
//! hold `src/` to that, so rewording a message in core or the server cannot
//! silently break the Dutch interface.

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every `.rs` file under `dir`, with its text.
    fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("src/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                out.push((path.display().to_string(), text));
            }
        }
    }

    /// What reading an error's words, or comparing a code as text, looks
    /// like in Rust.
    const FORBIDDEN: &[&str] = &[
        "message ==",
        "message.starts_with(",
        "message.ends_with(",
        "message.contains(",
        "message.split",
        ".split_once(\": \")",
        "code == \"",
        "code() == Some(\"",
        "Some(\"device_revoked\"",
        "Some(\"invalid\"",
    ];

    /// The forbidden patterns a line holds.
    fn offences_in(line: &str) -> impl Iterator<Item = &'static str> + '_ {
        FORBIDDEN
            .iter()
            .copied()
            .filter(move |pattern| line.contains(pattern))
    }

    fn offences(text: &str) -> Vec<(usize, &'static str)> {
        text.lines()
            .enumerate()
            .flat_map(|(i, line)| offences_in(line).map(move |pattern| (i + 1, pattern)))
            .collect()
    }

    /// `path:line: what` for every line of the app's sources that `what`
    /// names a fault in.
    fn app_lines(what: impl Fn(&str) -> Option<String>) -> Vec<String> {
        let mut files = Vec::new();
        sources(&crate::util::root().join("src"), &mut files);
        assert!(files.len() > 10, "the app's sources were found");
        files
            .iter()
            .flat_map(|(path, text)| {
                text.lines()
                    .enumerate()
                    .filter_map(|(i, line)| {
                        what(line).map(|fault| format!("{path}:{}: {fault}", i + 1))
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn the_app_never_reads_an_error_message_or_a_code_as_text() {
        let found = app_lines(|line| {
            let faults: Vec<&str> = offences_in(line).collect();
            (!faults.is_empty()).then(|| faults.join(", "))
        });
        assert!(
            found.is_empty(),
            "matches on error wording:\n{}",
            found.join("\n")
        );
    }

    /// Paths come from core's one list (`drempel_core::wire::paths`).
    #[test]
    fn the_app_writes_no_api_path_of_its_own() {
        let found = app_lines(|line| line.contains("\"/api/v1").then(|| "an API path".into()));
        assert!(
            found.is_empty(),
            "API paths written in the app:\n{}",
            found.join("\n")
        );
    }

    /// Limits the server enforces are constants in core; the app's form
    /// fields read them instead of typing the numbers again.
    #[test]
    fn the_app_types_no_limit_of_its_own() {
        let found = app_lines(|line| {
            (line.contains("maxlength=\"") || line.contains(" max=\"")).then(|| "a limit".into())
        });
        assert!(
            found.is_empty(),
            "limits typed in the app:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn the_check_sees_what_the_app_used_to_do() {
        let before = r#"
            Err(NetError::Api(failure)) if failure.code == "invalid" => {
                let (field, message) = failure.message.split_once(": ").unwrap();
                let why = if message == "required" { 1 } else if message.starts_with("at most") { 2 } else { 3 };
            }
        "#;
        let patterns: Vec<&str> = offences(before).into_iter().map(|(_, p)| p).collect();
        for expected in [
            "code == \"",
            "message.split",
            "message ==",
            "message.starts_with(",
        ] {
            assert!(
                patterns.contains(&expected),
                "{expected} not seen in {patterns:?}"
            );
        }
    }
}
