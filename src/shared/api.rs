//! The typed API client as screens use it: the session's token, a
//! coordinator's data loaded into a signal, a failed request in the
//! person's language.

use drempel_core::wire::ErrorCode;
use drempel_core::{Lang, ProblemKind};
use leptos::prelude::*;

use super::i18n::{T, use_lang};
use super::net::{self, NetError};
use super::sync::use_sync;

/// A failed request, in the person's language.
pub fn net_message(err: &NetError, lang: Lang) -> String {
    let text = match err.code() {
        None if *err == NetError::Unreachable => T::NoConnection,
        Some(ErrorCode::JoinLinkExpired) => T::JoinExpired,
        Some(ErrorCode::JoinLinkRevoked) => T::JoinRevoked,
        Some(ErrorCode::JoinLinkUnknown) => T::JoinUnknown,
        Some(ErrorCode::JoinLinkUsedUp) => T::JoinUsedUp,
        Some(ErrorCode::BadLogin) => T::LoginFailed,
        Some(ErrorCode::TooManyRequests) => T::TooManyTries,
        Some(ErrorCode::SessionExpired) => T::SessionExpired,
        Some(ErrorCode::DeviceRevoked | ErrorCode::Unauthenticated) => T::SyncRevoked,
        Some(ErrorCode::Invalid) => {
            if let NetError::Api(failure) = err
                && let Some(problem) = failure.problem
            {
                return format!(
                    "{} {}",
                    T::ActionFailed.get(lang),
                    crate::shared::i18n::problem_words(problem, lang)
                );
            }
            T::ActionFailed
        }
        _ => {
            return format!(
                "{} {}",
                T::ActionFailed.get(lang),
                reason(&err.reason(), lang)
            );
        }
    };
    text.get(lang).to_string()
}

/// Why a sync round failed, from the code the driver recorded.
pub fn reason(code: &str, lang: Lang) -> &'static str {
    match code {
        "unreachable" => T::ReasonUnreachable,
        "internal" | "http_500" | "http_502" | "http_503" | "http_504" => T::ReasonServer,
        "upgrade_needed" => T::ReasonUpgrade,
        "not_yours" | "forbidden" => T::ReasonForbidden,
        "storage" => T::ReasonStorage,
        "session_expired" => T::SessionExpired,
        "device_revoked" | "unauthenticated" => T::SyncRevoked,
        _ => T::ReasonOther,
    }
    .get(lang)
}

/// The coordinator's token, for the management calls.
pub fn token() -> Option<String> {
    use_sync()
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
}

/// Loads `path` into a signal now and whenever `reload` changes.
pub fn load<T>(
    path: &'static str,
    reload: RwSignal<u32>,
) -> (RwSignal<Option<T>>, RwSignal<Option<String>>)
where
    T: serde::de::DeserializeOwned + Send + Sync + 'static,
{
    let data = RwSignal::new(None::<T>);
    let error = RwSignal::new(None::<String>);
    let token = token();
    let lang = use_lang();
    Effect::new(move |_| {
        reload.track();
        let token = token.clone();
        leptos::task::spawn_local(async move {
            match net::get::<T>(path, token.as_deref()).await {
                Ok(value) => {
                    data.set(Some(value));
                    error.set(None);
                }
                Err(err) => error.set(Some(net_message(&err, lang.get_untracked()))),
            }
        });
    });
    (data, error)
}

/// A log read a page at a time, newest first: `next` reads the page after
/// the last entry shown, `reload` starts again from the newest.
pub struct Paged<T: Send + Sync + 'static> {
    pub items: RwSignal<Option<Vec<T>>>,
    /// Whether a full page came last, so there may be more.
    pub more: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    /// A page is on its way: a second tap on "more" waits for it.
    loading: RwSignal<bool>,
    lang: RwSignal<Lang>,
    // Taken when made: `next` and `reload` may run where no context is.
    sync: super::sync::Sync,
    page: usize,
    path: fn(usize, Option<i64>) -> String,
    id: fn(&T) -> i64,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T> Paged<T>
where
    T: serde::de::DeserializeOwned + Send + Sync + 'static,
{
    /// Reads the first page now.
    pub fn new(page: usize, path: fn(usize, Option<i64>) -> String, id: fn(&T) -> i64) -> Self {
        let paged = Paged {
            items: RwSignal::new(None),
            more: RwSignal::new(false),
            error: RwSignal::new(None),
            loading: RwSignal::new(false),
            lang: use_lang(),
            sync: use_sync(),
            page,
            path,
            id,
        };
        paged.fetch(None, false);
        paged
    }

    fn fetch(self, before: Option<i64>, fresh: bool) {
        let token = self
            .sync
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
        self.loading.set(true);
        leptos::task::spawn_local(async move {
            let path = (self.path)(self.page, before);
            match net::get::<Vec<T>>(&path, token.as_deref()).await {
                Ok(page) => {
                    self.more.set(page.len() == self.page);
                    self.items.update(|all| {
                        let all = all.get_or_insert_with(Vec::new);
                        if fresh {
                            all.clear();
                        }
                        all.extend(page);
                    });
                    self.error.set(None);
                }
                Err(err) => {
                    let text = net_message(&err, self.lang.get_untracked());
                    self.error.set(Some(text));
                }
            }
            self.loading.set(false);
        });
    }

    /// Reads the page after the last entry shown.
    pub fn next(self) {
        if self.loading.get_untracked() {
            return;
        }
        let last = self
            .items
            .with_untracked(|items| items.as_ref().and_then(|i| i.last()).map(self.id));
        self.fetch(last, false);
    }

    /// Reads the newest page again, in place of all shown.
    pub fn reload(self) {
        self.fetch(None, true);
    }
}

/// "12 kB received": how far a download is.
pub fn progress_text(bytes: u64, lang: Lang) -> String {
    format!(
        "{} {} kB {}",
        T::Exporting.get(lang),
        bytes.div_ceil(1024),
        T::Received.get(lang)
    )
}

/// Which field a server or core complaint is about, in words.
/// "Check: question 2 (2 to 12 choices)": where the builder's form is
/// wrong and what is wrong, from the field and the typed problem.
pub fn problem_text(field: &str, problem: Option<ProblemKind>, lang: Lang) -> String {
    let question = field
        .strip_prefix("questions[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse::<usize>().ok());
    let what = if field.starts_with("title") {
        T::ConsultTitleLabel.get(lang).to_string()
    } else if field.starts_with("closes") || field.starts_with("opens") {
        T::DatesWrong.get(lang).to_string()
    } else if let Some(n) = question {
        let part = if field.contains("options") {
            T::OptionsOf.get(lang)
        } else {
            T::QuestionN.get(lang)
        };
        format!("{part} {}", n + 1)
    } else {
        field.to_string()
    };
    let why = match problem {
        Some(ProblemKind::Required) => T::IsRequired.get(lang).to_string(),
        Some(ProblemKind::TooLong { .. }) => T::IsTooLong.get(lang).to_string(),
        Some(ProblemKind::Count { min: 2, .. }) => T::TwoOptions.get(lang).to_string(),
        Some(problem) => format!("({})", crate::shared::i18n::problem_words(problem, lang)),
        None => String::new(),
    };
    format!("{}: {what} {why}", T::CheckThis.get(lang))
}
