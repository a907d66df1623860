//! A random sequence of sync messages from a few devices applied to the
//! server model (the reference the real stores are held to): nothing
//! panics, acknowledgements never go back, resends change nothing, and a
//! full pull returns every record exactly once, in cursor order.
#![no_main]

use std::collections::BTreeMap;

use arbitrary::{Arbitrary, Unstructured};
use drempel_core::sync::{Change, PushRequest, ServerModel, check_push};
use drempel_core::wire::PROTOCOL_VERSION;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Message {
    /// A device sends `count` changes starting at `from`.
    Push {
        device: u8,
        from: u8,
        count: u8,
        records: Vec<(u8, u8, bool)>,
    },
    /// A device sends its last push again.
    Resend {
        device: u8,
    },
    Pull {
        cursor: u8,
        limit: u8,
    },
}

fuzz_target!(|data: &[u8]| {
    let Ok(messages) = Vec::<Message>::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    let mut model = ServerModel::default();
    let mut acknowledged: BTreeMap<u8, u64> = BTreeMap::new();
    let mut last: BTreeMap<u8, PushRequest> = BTreeMap::new();
    for message in messages.into_iter().take(64) {
        match message {
            Message::Push {
                device,
                from,
                count,
                records,
            } => {
                let device = device % 3;
                let changes: Vec<Change> = (0..u64::from(count % 8))
                    .zip(records.iter().cycle())
                    .map(|(i, &(record, value, delete))| Change {
                        seq: u64::from(from % 12) + i,
                        record: format!("r{}", record % 6),
                        base: u64::from(value % 4),
                        fields: [("notes".to_string(), serde_json::json!(value))]
                            .into_iter()
                            .collect(),
                        delete,
                    })
                    .collect();
                let request = PushRequest {
                    protocol: PROTOCOL_VERSION,
                    changes,
                };
                // The server checks the limits first, as here.
                if check_push(&request).is_err() {
                    continue;
                }
                if let Ok(answer) = model.push(&format!("d{device}"), &request) {
                    let before = acknowledged.get(&device).copied().unwrap_or(0);
                    assert!(
                        answer.applied_through >= before,
                        "acknowledgement went back"
                    );
                    acknowledged.insert(device, answer.applied_through);
                    last.insert(device, request);
                }
            }
            Message::Resend { device } => {
                let device = device % 3;
                if let Some(request) = last.get(&device) {
                    let applied = model.changes_applied();
                    let answer = model
                        .push(&format!("d{device}"), request)
                        .expect("a resend is accepted");
                    assert_eq!(answer.applied, 0, "a resend applies nothing");
                    assert_eq!(model.changes_applied(), applied);
                }
            }
            Message::Pull { cursor, limit } => {
                let page = model.pull(u64::from(cursor), usize::from(limit % 10) + 1);
                assert!(page.changes.windows(2).all(|w| w[0].cursor < w[1].cursor));
                assert!(page.changes.iter().all(|c| c.cursor > u64::from(cursor)));
            }
        }
    }
    // Paging from the start finds every record once.
    let mut cursor = 0;
    let mut seen = Vec::new();
    loop {
        let page = model.pull(cursor, 3);
        seen.extend(page.changes.iter().map(|c| c.record.clone()));
        cursor = page.next_cursor;
        if !page.has_more {
            break;
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "a record came twice");
    assert_eq!(seen.len(), model.record_count());
});
