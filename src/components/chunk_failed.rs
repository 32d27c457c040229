use leptos::prelude::*;

/// A page whose code could not be fetched (the network dropped, or a new version replaced the
/// one this tab runs). *Try again* reloads the page, which fetches the current version anew.
#[component]
pub fn ChunkFailed() -> impl IntoView {
    let reload = move |_| {
        let _ = window().location().reload();
    };
    view! {
        <div role="alert">
            <h1>"This page could not be loaded"</h1>
            <p>"Check your connection, then try again."</p>
            <button type="button" class="button" on:click=reload>
                "Try again"
            </button>
        </div>
    }
}
