//! Partner Center's browser app: a Leptos single-page app, rendered on the client.

pub mod api;
pub mod app;
pub mod audit_view;
pub mod components;
pub mod created_org;
pub mod early_fetch;
pub mod flash;
pub mod format;
pub mod forms;
pub mod lazy_pages;
pub mod list_state;
pub mod org_switch;
pub mod page_focus;
pub mod pages;
pub mod route_params;
pub mod session;
pub mod signed_in_chrome;
pub mod statement_view;

/// Mounts the app into `<body>`.
pub fn start() {
    // Panic messages in the console help while developing; release builds do without the
    // hook and the formatting it pulls in.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
