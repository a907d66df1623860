//! Every JSON body the server accepts, decoded as the server decodes it and,
//! when it decodes, put through the server's checks for that body: nothing
//! panics, whatever arrives. The first byte picks the body; the rest is the
//! body's bytes.
#![no_main]

use drempel_core::catalog::{Catalog, CatalogEdit};
use drempel_core::consultation::{Consultation, Report};
use drempel_core::sync::{PushRequest, ServerModel, check_push};
use drempel_core::wire::{
    EnrolRequest, LoginRequest, NewJoinLink, ResponsesPush, TeamSettings, join_code,
};
use libfuzzer_sys::fuzz_target;

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    serde_json::from_slice(bytes).ok()
}

fn published() -> Consultation {
    let mut poll = Consultation::draft("2026-11-24");
    poll.id = "c1".into();
    poll.title.nl = "Peiling".into();
    poll.questions[0].text.nl = "Vraag".into();
    for option in &mut poll.questions[0].options {
        option.nl = "Keuze".into();
    }
    poll.phase = drempel_core::consultation::Phase::Published;
    poll
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, body)) = data.split_first() else {
        return;
    };
    match kind % 9 {
        0 => {
            let _ = decode::<LoginRequest>(body);
        }
        1 => {
            if let Some(request) = decode::<EnrolRequest>(body) {
                let _ = join_code(&request.code);
            }
        }
        2 => {
            if let Some(request) = decode::<PushRequest>(body)
                && check_push(&request).is_ok()
            {
                let mut model = ServerModel::default();
                let _ = model.push("device", &request);
                let _ = model.pull(0, 1000);
            }
        }
        3 => {
            let _ = decode::<NewJoinLink>(body);
        }
        4 => {
            let _ = decode::<TeamSettings>(body);
        }
        5 => {
            if let Some(request) = decode::<ResponsesPush>(body) {
                let poll = published();
                for response in &request.responses {
                    let _ = response.validate(&poll);
                }
                let _ = drempel_core::consultation::tally(&poll, &request.responses);
            }
        }
        6 => {
            if let Some(edit) = decode::<CatalogEdit>(body) {
                let _ = Catalog::default_catalog().apply_edit(edit);
            }
        }
        7 => {
            if let Some(consultation) = decode::<Consultation>(body)
                && consultation.validate().is_ok()
            {
                let _ = consultation.keeps_answers_of(&published());
            }
        }
        _ => {
            if let Some(report) = decode::<Report>(body) {
                let _ = report.validate();
            }
        }
    }
});
