//! Partner Center's browser app: a Leptos single-page app, rendered on the client.

pub mod api;
pub mod app;
pub mod audit_view;
pub mod components;
pub mod flash;
pub mod format;
pub mod forms;
pub mod list_state;
pub mod pages;
pub mod route_params;
pub mod session;

/// Mounts the app into `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
