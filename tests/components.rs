//! Components mounted in headless Chromium (wasm-bindgen-test). Routing is covered by the
//! Playwright suite: a whole `<Router>` does not mount under this runner.

use leptos::prelude::*;
use partner_center::api::ApiError;
use partner_center::components::{safe_next, ApiHealth, ApiStatusView};
use partner_center_domain::api::{DatabaseHealth, HealthDetails, HealthReport, HealthStatus};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount(health: ApiHealth, on_retry: Callback<()>) -> web_sys::HtmlElement {
    let document = document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let host: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(host);
    let handle = leptos::mount::mount_to(host.clone(), move || view! { <ApiStatusView health on_retry /> });
    handle.forget();
    host
}

fn status_of(host: &web_sys::HtmlElement) -> web_sys::Element {
    host.query_selector("[role=status]").unwrap().expect("a status region")
}

#[wasm_bindgen_test]
fn a_healthy_server_shows_only_the_version_and_no_retry() {
    let database = DatabaseHealth { backend: "sqlite".into(), reachable: true };
    let report =
        HealthReport { status: HealthStatus::Ok, details: Some(HealthDetails { version: "9.9.9".into(), database }) };
    let host = mount(ApiHealth::Healthy(report), Callback::new(|()| {}));
    let status = status_of(&host);
    assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(status.text_content().unwrap(), "Partner Center 9.9.9");
    assert!(host.query_selector("button").unwrap().is_none());
}

#[wasm_bindgen_test]
fn an_unreachable_server_offers_a_retry_that_calls_back() {
    let clicks = RwSignal::new(0);
    let host =
        mount(ApiHealth::Unreachable(ApiError::Unreachable), Callback::new(move |()| clicks.update(|n| *n += 1)));
    assert!(status_of(&host).text_content().unwrap().starts_with("API unreachable"));
    let button: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(host.query_selector("button").unwrap().expect("a retry button"));
    assert_eq!(button.text_content().unwrap().trim(), "Check again");
    button.click();
    assert_eq!(clicks.get_untracked(), 1);
}

#[wasm_bindgen_test]
fn the_way_back_after_sign_in_stays_on_this_origin() {
    let origin = window().location().origin().unwrap();
    let back = |next: &str| safe_next(Some(next.to_owned()));
    assert_eq!(back("/partner/orgs?page=2#top"), "/partner/orgs?page=2#top");
    assert_eq!(back(&format!("{origin}/users?q=a")), "/users?q=a", "a full address of this origin");
    for elsewhere in [
        "/\t/evil.example/phish",
        "/\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        " //evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "data:text/html,hi",
    ] {
        assert_eq!(back(elsewhere), "/", "{elsewhere:?} leads off the site");
    }
    assert_eq!(safe_next(None), "/");
}
