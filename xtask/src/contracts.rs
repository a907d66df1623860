//! The app reads the server's errors through typed contracts (error codes,
//! problem kinds); it never reads meaning from English words. These tests
//! hold `src/` to that, so rewording a message in core or the server cannot
//! silently break the Dutch interface. They also hold the module structure:
//! screens import from the shared layer only, and no server module imports
//! from the router's.

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

    /// The modules a source line reaches through `crate::` or `super::`
    /// (`super::*` in a test module is the module itself).
    fn reached(line: &str) -> Vec<String> {
        let code = line.split("//").next().unwrap_or_default();
        let mut found = Vec::new();
        for prefix in ["crate::", "super::"] {
            for (at, _) in code.match_indices(prefix) {
                let rest = &code[at + prefix.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '{' || *c == '*')
                    .collect();
                if !(prefix == "super::" && name == "*") {
                    found.push(format!("{prefix}{name}"));
                }
            }
        }
        found
    }

    /// A fault when a screen module (one file of `field/`, `coordinator/`
    /// or `report.rs`, not an app's `mod.rs`) reaches past the shared
    /// layer, or the shared layer reaches into a screen.
    fn structure_fault(path: &str, line: &str) -> Option<String> {
        let path = path.replace('\\', "/");
        let screen = (path.contains("/src/field/") || path.contains("/src/coordinator/"))
            && !path.ends_with("/mod.rs")
            && !path.ends_with("/texts.rs")
            || path.ends_with("/src/report.rs");
        let shared = path.contains("/src/shared/");
        let faults: Vec<String> = reached(line)
            .into_iter()
            .filter(|target| {
                if screen {
                    // Its app's own word list is not a screen.
                    target != "crate::shared" && target != "super::texts"
                } else if shared {
                    ["crate::field", "crate::coordinator", "crate::report"]
                        .contains(&target.as_str())
                } else {
                    false
                }
            })
            .collect();
        (!faults.is_empty()).then(|| faults.join(", "))
    }

    #[test]
    fn screens_import_only_from_the_shared_layer() {
        let mut files = Vec::new();
        sources(&crate::util::root().join("src"), &mut files);
        let found: Vec<String> = files
            .iter()
            .flat_map(|(path, text)| {
                text.lines().enumerate().filter_map(move |(i, line)| {
                    structure_fault(path, line).map(|f| format!("{path}:{}: {f}", i + 1))
                })
            })
            .collect();
        assert!(
            found.is_empty(),
            "imports across screens:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn the_structure_check_sees_a_screen_importing_a_screen() {
        let field = "/w/src/field/settings.rs";
        assert!(structure_fault(field, "use super::team::TeamCard;").is_some());
        assert!(structure_fault(field, "use crate::coordinator::x;").is_some());
        assert!(structure_fault(field, "    <crate::field::consult::X/>").is_some());
        assert!(structure_fault(field, "use crate::shared::{Records, Screen};").is_none());
        assert!(structure_fault(field, "    use super::*;").is_none());
        assert!(structure_fault(field, "use super::texts::CT;").is_none());
        assert!(structure_fault(field, "// see super::team").is_none());
        assert!(structure_fault("/w/src/report.rs", "use crate::field::x;").is_some());
        assert!(structure_fault("/w/src/shared/sync.rs", "use super::records::now_ms;").is_none());
        assert!(structure_fault("/w/src/shared/sync.rs", "crate::field::x()").is_some());
        assert!(structure_fault("/w/src/coordinator/mod.rs", "use crate::field;").is_none());
    }

    /// The server's handler modules take extractors, `audit` and limits
    /// from their own modules; only the crate root uses the router's.
    #[test]
    fn no_server_module_imports_from_the_router() {
        let mut files = Vec::new();
        sources(&crate::util::root().join("crates/server/src"), &mut files);
        assert!(files.len() > 10, "the server's sources were found");
        let found: Vec<String> = files
            .iter()
            .filter(|(path, _)| !path.ends_with("/api.rs") && !path.ends_with("/lib.rs"))
            .flat_map(|(path, text)| {
                text.lines()
                    .enumerate()
                    .filter(|(_, line)| reached(line).iter().any(|t| t == "crate::api"))
                    .map(move |(i, _)| format!("{path}:{}", i + 1))
            })
            .collect();
        assert!(
            found.is_empty(),
            "modules importing the router's:\n{}",
            found.join("\n")
        );
    }
}
