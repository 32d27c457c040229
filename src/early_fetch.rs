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
    /// Cancels the request: when a newer one replaces it untaken, or when the page that took
    /// it goes away before the answer (as the API client's own requests are).
    controller: Option<web_sys::AbortController>,
}

thread_local! {
    static STARTED: RefCell<Option<Started>> = const { RefCell::new(None) };
}

/// Starts a GET of `url` (same-origin, with the session cookie, like the API client's own).
pub fn start(url: String) {
    let controller = web_sys::AbortController::new().ok();
    let init = web_sys::RequestInit::new();
    if let Some(controller) = &controller {
        init.set_signal(Some(&controller.signal()));
    }
    let response = leptos::prelude::window().fetch_with_str_and_init(&url, &init);
    let started = Started { url, at_ms: js_sys::Date::now(), response, controller };
    if let Some(replaced) = STARTED.with(|slot| slot.borrow_mut().replace(started)) {
        replaced.abort();
    }
}

impl Started {
    fn abort(&self) {
        if let Some(controller) = &self.controller {
            controller.abort();
        }
    }
}

/// The answer to a request of `url` started earlier, if one was and is still fresh: `None`
/// inside when the request failed (no answer at all). Called within the reactive owner that
/// reads it: the request is cancelled when that owner goes.
pub fn take(url: &str) -> Option<impl std::future::Future<Output = Option<Response>>> {
    let started = STARTED.with(|slot| {
        let mut slot = slot.borrow_mut();
        let fresh = slot.as_ref().is_some_and(|started| js_sys::Date::now() - started.at_ms < KEPT_MS);
        if !fresh {
            if let Some(stale) = slot.take() {
                stale.abort();
            }
        }
        slot.take_if(|started| started.url == url)
    })?;
    if let Some(controller) = started.controller.clone() {
        let controller = send_wrapper::SendWrapper::new(controller);
        leptos::prelude::on_cleanup(move || controller.abort());
    }
    Some(async move {
        let answer = JsFuture::from(started.response).await.ok()?;
        answer.dyn_into::<web_sys::Response>().ok().map(Response::from)
    })
}
