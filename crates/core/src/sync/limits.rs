//! What one push may hold. The server refuses anything beyond these before
//! it opens a transaction, so an oversized or odd push stores nothing.

use super::PushRequest;

/// Changes per push; the app sends [`super::PAGE`] at most.
pub const MAX_PUSH_CHANGES: usize = 500;
/// Record ids are UUIDs (36 characters); some room for other clients.
pub const MAX_RECORD_ID: usize = 64;
pub const MAX_FIELDS: usize = 64;
pub const MAX_FIELD_NAME: usize = 80;
/// One field's value as JSON. The longest form field (notes) is 1,000
/// characters: even at four bytes each this leaves room.
pub const MAX_VALUE_BYTES: usize = 8 * 1024;

/// A push the server will not look at, naming the offending part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushLimit {
    TooManyChanges { count: usize },
    Invalid { field: String, message: String },
}

pub fn check_push(request: &PushRequest) -> Result<(), PushLimit> {
    if request.changes.len() > MAX_PUSH_CHANGES {
        return Err(PushLimit::TooManyChanges {
            count: request.changes.len(),
        });
    }
    let invalid = |field: String, message: &str| {
        Err(PushLimit::Invalid {
            field,
            message: message.to_string(),
        })
    };
    for (i, change) in request.changes.iter().enumerate() {
        let at = format!("changes[{i}]");
        let id = &change.record;
        let id_ok = !id.is_empty()
            && id.len() <= MAX_RECORD_ID
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !id_ok {
            return invalid(
                format!("{at}.record"),
                "must be 1 to 64 letters, digits or dashes",
            );
        }
        if change.seq == 0 {
            return invalid(format!("{at}.seq"), "sequence numbers start at 1");
        }
        if change.fields.len() > MAX_FIELDS {
            return invalid(format!("{at}.fields"), "too many fields in one change");
        }
        if change.delete && !change.fields.is_empty() {
            return invalid(format!("{at}.fields"), "a delete carries no fields");
        }
        for (name, value) in &change.fields {
            let name_ok = !name.is_empty()
                && name.len() <= MAX_FIELD_NAME
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
            if !name_ok {
                return invalid(
                    format!("{at}.fields"),
                    "field names are 1 to 80 letters, digits, '_', '.' or '-'",
                );
            }
            if value.to_string().len() > MAX_VALUE_BYTES {
                return invalid(format!("{at}.fields.{name}"), "value too long");
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
            Err(PushLimit::Invalid { field, .. }) => field,
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
