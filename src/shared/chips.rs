//! Chips: the big toggle buttons the capture form is made of. Selected
//! chips change colour only, never size, so nothing shifts under a thumb.

use leptos::prelude::*;

/// One toggle; `pressed` says whether it is on, `toggle` flips it.
#[component]
pub fn Chip(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] pressed: Signal<bool>,
    #[prop(into)] on_toggle: Callback<()>,
    #[prop(optional, into)] testid: String,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="chip"
            data-testid=testid
            aria-pressed=move || pressed.get().to_string()
            on:click=move |_| on_toggle.run(())
        >
            {move || label.get()}
        </button>
    }
}
