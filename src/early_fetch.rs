//! A page's data request, started when its address matches: beside its code module and the
//! session check, not after them (`LazyPage::preload`). The page's own request for the same
//! URL then takes the answer instead of asking again (`api::get`).
//!
//! One request is kept, for a few seconds: an answer nobody took (the page asked for something
//! else after all) must not stand in for a later request of the same URL.

use std::cell::RefCell;

use gloo_net::http::Response;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long a started request waits to be taken.
const KEPT_MS: f64 = 10_000.0;

struct Started {
    url: String,
    at_ms: f64,
    response: js_sys::Promise,
}

thread_local! {
    static STARTED: RefCell<Option<Started>> = const { RefCell::new(None) };
}

/// Starts a GET of `url` (same-origin, with the session cookie, like the API client's own).
pub fn start(url: String) {
    let response = leptos::prelude::window().fetch_with_str(&url);
    STARTED.with(|slot| *slot.borrow_mut() = Some(Started { url, at_ms: js_sys::Date::now(), response }));
}

/// The answer to a request of `url` started earlier, if one was and is still fresh: `None`
/// inside when the request failed (no answer at all).
pub fn take(url: &str) -> Option<impl std::future::Future<Output = Option<Response>>> {
    let started = STARTED.with(|slot| {
        let mut slot = slot.borrow_mut();
        let fresh = slot.as_ref().is_some_and(|started| js_sys::Date::now() - started.at_ms < KEPT_MS);
        if !fresh {
            *slot = None;
        }
        slot.take_if(|started| started.url == url)
    })?;
    Some(async move {
        let answer = JsFuture::from(started.response).await.ok()?;
        answer.dyn_into::<web_sys::Response>().ok().map(Response::from)
    })
}
