//! What one push may hold. The server refuses anything beyond these before
//! it opens a transaction, so an oversized or odd push stores nothing.

use super::PushRequest;

/// Changes per push; the app sends [`super::PAGE`] at most.
pub const MAX_PUSH_CHANGES: usize = 500;
/// Record ids are UUIDs (36 characters); some room for other clients.
pub const MAX_RECORD_ID: usize = 64;

/// A record id as devices make them: 1 to [`MAX_RECORD_ID`] ASCII letters,
/// digits or hyphens.
pub fn is_record_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_RECORD_ID
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}
pub const MAX_FIELDS: usize = 64;
pub const MAX_FIELD_NAME: usize = 80;
/// One field's value as JSON. The longest form field (notes) is 1,000
/// characters: even at four bytes each this leaves room.
pub const MAX_VALUE_BYTES: usize = 8 * 1024;

/// Fields one record may hold, whatever the number of changes that put
/// them there: a contact of the richest catalog (a finding per scheme and
/// the contact's own fields) stays far below it.
pub const MAX_RECORD_FIELDS: usize = 160;
/// Bytes one record may hold: its field names and values as JSON.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// Whether a record of these fields stays within [`MAX_RECORD_FIELDS`] and
/// [`MAX_RECORD_BYTES`]. The app checks before it saves, the server before
/// it stores a push.
pub fn record_fits<'a>(
    fields: impl ExactSizeIterator<Item = (&'a String, &'a serde_json::Value)>,
) -> bool {
    if fields.len() > MAX_RECORD_FIELDS {
        return false;
    }
    let mut bytes = 0;
    for (name, value) in fields {
        bytes += name.len() + json_len(value);
        if bytes > MAX_RECORD_BYTES {
            return false;
        }
    }
    true
}

/// The length of a value as compact JSON, without building the text.
fn json_len(value: &serde_json::Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    match serde_json::to_writer(&mut count, value) {
        Ok(()) => count.0,
        Err(_) => usize::MAX / 2,
    }
}

/// A push the server will not look at, naming the offending part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushLimit {
    TooManyChanges { count: usize },
    Invalid(crate::Invalid),
}

pub fn check_push(request: &PushRequest) -> Result<(), PushLimit> {
    if request.changes.len() > MAX_PUSH_CHANGES {
        return Err(PushLimit::TooManyChanges {
            count: request.changes.len(),
        });
    }
    use crate::ProblemKind;
    let invalid = |field: String, problem: ProblemKind| {
        Err(PushLimit::Invalid(crate::invalid(field, problem)))
    };
    for (i, change) in request.changes.iter().enumerate() {
        let at = format!("changes[{i}]");
        let id = &change.record;
        if !is_record_id(id) {
            return invalid(format!("{at}.record"), ProblemKind::BadId);
        }
        if change.seq == 0 {
            return invalid(
                format!("{at}.seq"),
                ProblemKind::Range {
                    min: 1,
                    max: i64::MAX,
                },
            );
        }
        if change.fields.len() > MAX_FIELDS {
            return invalid(
                format!("{at}.fields"),
                ProblemKind::Count {
                    min: 0,
                    max: MAX_FIELDS as u32,
                },
            );
        }
        if change.delete && !change.fields.is_empty() {
            return invalid(format!("{at}.fields"), ProblemKind::MustBeEmpty);
        }
        for (name, value) in &change.fields {
            let name_ok = !name.is_empty()
                && name.len() <= MAX_FIELD_NAME
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
            if !name_ok {
                return invalid(format!("{at}.fields"), ProblemKind::BadId);
            }
            if json_len(value) > MAX_VALUE_BYTES {
                return invalid(
                    format!("{at}.fields.{name}"),
                    ProblemKind::TooBig {
                        max_bytes: MAX_VALUE_BYTES as u32,
                    },
                );
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::Change;
    use crate::wire::PROTOCOL_VERSION;
    use serde_json::json;

    fn push(changes: Vec<Change>) -> PushRequest {
        PushRequest {
            protocol: PROTOCOL_VERSION,
            changes,
        }
    }

    fn change(record: &str, fields: &[(&str, serde_json::Value)]) -> Change {
        Change {
            seq: 1,
            record: record.into(),
            base: 0,
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            delete: false,
        }
    }

    fn field_of(result: Result<(), PushLimit>) -> String {
        match result {
            Err(PushLimit::Invalid(invalid)) => invalid.field,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn an_ordinary_push_passes() {
        let c = change(
            "0190a000-0000-7000-8000-000000000001",
            &[
                ("notes", json!("belt terug")),
                ("findings.huurtoeslag", json!({"status": "uses"})),
            ],
        );
        assert_eq!(check_push(&push(vec![c])), Ok(()));
    }

    #[test]
    fn each_limit_names_its_field() {
        assert_eq!(
            field_of(check_push(&push(vec![change("", &[])]))),
            "changes[0].record"
        );
        assert_eq!(
            field_of(check_push(&push(vec![change("a/../b", &[])]))),
            "changes[0].record"
        );
        let long = "x".repeat(MAX_VALUE_BYTES);
        assert_eq!(
            field_of(check_push(&push(vec![change(
                "r",
                &[("notes", json!(long))]
            )]))),
            "changes[0].fields.notes"
        );
        assert_eq!(
            field_of(check_push(&push(vec![change(
                "r",
                &[("no spaces", json!(1))]
            )]))),
            "changes[0].fields"
        );
        let mut zero = change("r", &[]);
        zero.seq = 0;
        assert_eq!(field_of(check_push(&push(vec![zero]))), "changes[0].seq");
        let mut delete = change("r", &[("notes", json!("x"))]);
        delete.delete = true;
        assert_eq!(
            field_of(check_push(&push(vec![delete]))),
            "changes[0].fields"
        );
    }

    /// Defect 3 of the outside attack: one record grew to 2,880 fields in
    /// changes of 64 each.
    #[test]
    fn a_record_fits_within_its_field_and_byte_limits() {
        let fields = |n: usize, value: serde_json::Value| -> Vec<(String, serde_json::Value)> {
            (0..n).map(|i| (format!("f{i}"), value.clone())).collect()
        };
        let fits = |fields: &[(String, serde_json::Value)]| {
            record_fits(fields.iter().map(|(k, v)| (k, v)))
        };
        assert!(fits(&fields(MAX_RECORD_FIELDS, json!(1))));
        assert!(!fits(&fields(MAX_RECORD_FIELDS + 1, json!(1))));
        let big = json!("x".repeat(MAX_VALUE_BYTES - 2));
        let per_field = MAX_RECORD_BYTES / (MAX_VALUE_BYTES + 3);
        assert!(fits(&fields(per_field, big.clone())));
        assert!(!fits(&fields(per_field + 1, big)));
        assert_eq!(
            json_len(&json!({"a": [1, "é"]})),
            json!({"a": [1, "é"]}).to_string().len()
        );
    }

    #[test]
    fn too_many_changes_are_refused_as_a_whole() {
        let changes = (0..=MAX_PUSH_CHANGES).map(|_| change("r", &[])).collect();
        assert_eq!(
            check_push(&push(changes)),
            Err(PushLimit::TooManyChanges {
                count: MAX_PUSH_CHANGES + 1
            })
        );
    }
}
