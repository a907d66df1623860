//! What the team's coordinators wrote, as this device last received it
//! (catalog versions, published consultations), and the consultation
//! responses taken here that the server does not have yet. The sync
//! driver calls [`Content::exchange`] on every round.

use drempel_core::catalog::{Catalog, CatalogHistory};
use drempel_core::consultation::{Consultation, Response};
use drempel_core::sync::{plan_responses_answer, responses_to_send};
use drempel_core::wire::paths;
use drempel_core::wire::{
    ContentAnswer, MAX_RESPONSES, PROTOCOL_VERSION, ResponsesAnswer, ResponsesPush, TeamContent,
};
use leptos::prelude::*;

use super::net::{self, NetError};
use super::storage::{self, PendingResponse, StorageError};

#[derive(Clone, Copy)]
pub struct Content {
    pub team: RwSignal<TeamContent>,
    pub history: Memo<CatalogHistory>,
    /// Responses taken here, not yet on the server, oldest first.
    pub pending: RwSignal<Vec<PendingResponse>>,
    busy: StoredValue<bool>,
}

pub fn use_content() -> Content {
    expect_context::<Content>()
}

impl Content {
    pub fn provide() -> Content {
        let team = RwSignal::new(storage::load_content().ok().flatten().unwrap_or_default());
        let history = Memo::new(move |_| team.with(|t| CatalogHistory::new(t.catalogs.clone())));
        let content = Content {
            team,
            history,
            pending: RwSignal::new(storage::load_responses()),
            busy: StoredValue::new(false),
        };
        provide_context(content);
        content
    }

    /// The catalog new forms are built from.
    pub fn catalog(&self) -> Memo<Catalog> {
        let history = self.history;
        Memo::new(move |_| history.with(|h| h.current().clone()))
    }

    pub fn consultation(&self, id: &str) -> Option<Consultation> {
        self.team
            .with_untracked(|t| t.consultations.iter().find(|c| c.id == id).cloned())
    }

    /// Keeps a response until the server has it; "saved" only after the
    /// write returned.
    pub fn save_response(&self, response: Response) -> Result<(), StorageError> {
        let pending = PendingResponse {
            response,
            refused: None,
        };
        storage::save_response(&pending)?;
        self.pending.update(|all| all.push(pending));
        Ok(())
    }

    /// Sends waiting responses, then fetches the team's content if it
    /// changed. One exchange at a time; a failure leaves everything here
    /// for the next round.
    pub async fn exchange(&self, token: String) -> Result<(), NetError> {
        if self.busy.get_value() {
            return Ok(());
        }
        self.busy.set_value(true);
        let result = self.send_and_fetch(&token).await;
        self.busy.set_value(false);
        result
    }

    async fn send_and_fetch(&self, token: &str) -> Result<(), NetError> {
        loop {
            let batch = self
                .pending
                .with_untracked(|all| responses_to_send(all, MAX_RESPONSES));
            if batch.is_empty() {
                break;
            }
            let request = ResponsesPush {
                protocol: PROTOCOL_VERSION,
                responses: batch,
            };
            let answer: ResponsesAnswer =
                net::post(paths::RESPONSES, Some(token), &request).await?;
            let plan = self
                .pending
                .with_untracked(|all| plan_responses_answer(all, &answer));
            for id in &plan.remove {
                storage::remove_response(id);
            }
            for p in &plan.put {
                let _ = storage::save_response(p);
            }
            self.pending.update(|all| {
                all.retain(|p| !plan.remove.contains(&p.response.id));
                for marked in plan.put {
                    if let Some(p) = all.iter_mut().find(|p| p.response.id == marked.response.id) {
                        *p = marked;
                    }
                }
            });
            if answer.stored.is_empty() {
                break;
            }
        }
        let since = self.team.with_untracked(|t| t.revision);
        let path = paths::content(since);
        let answer: ContentAnswer = net::get(&path, Some(token)).await?;
        if let Some(content) = answer.into_newer() {
            if let Err(err) = storage::save_content(&content) {
                leptos::logging::warn!("team content not saved: {err}");
            }
            self.team.set(content);
        }
        Ok(())
    }

    /// Leaving the team: its content goes, and the count of waiting
    /// responses must be zero (the caller checks).
    pub fn clear(&self) {
        self.team.set(TeamContent::default());
    }
}
