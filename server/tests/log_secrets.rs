//! No token appears in any log line, at any level, from any crate. Its own test binary: a
//! log subscriber is process-wide in effect, and other tests running beside it would share it.

use std::io::Write;
use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::json;

#[path = "api/helpers.rs"]
#[allow(dead_code, reason = "the API suite's fixtures; this binary needs a few")]
mod helpers;

use helpers::{spawn_app, PASSWORD};

/// Everything logged while it is installed, at every level, from every crate.
#[derive(Clone, Default)]
struct CapturedLog(Arc<Mutex<Vec<u8>>>);

impl Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CapturedLog {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn no_invitation_or_session_token_appears_in_any_log_line() {
    let log = CapturedLog::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let app = spawn_app().await;
    let token = app.invite_someone().await;
    let client = helpers::browser();
    let shown = app.get(&client, &format!("/api/v1/invitations/{token}")).await;
    assert_eq!(shown.status(), 200);
    let accepted = app
        .send(&client, Method::POST, &format!("/api/v1/invitations/{token}/accept"), json!({ "password": PASSWORD }))
        .await;
    assert_eq!(accepted.status(), 200);
    let cookie = accepted.headers()[reqwest::header::SET_COOKIE].to_str().unwrap().to_owned();
    let session = cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_owned();
    assert_eq!(app.get(&client, "/api/v1/me").await.status(), 200);
    // The app's own pages for mailed links carry the token in the path too.
    for page in [format!("/invitations/{token}"), format!("/reset-password/{token}")] {
        app.get(&helpers::browser(), &page).await;
    }

    let text = log.text();
    assert!(text.contains("route=/api/v1/invitations/{token}"), "requests were logged by route:\n{text}");
    assert!(text.contains("route=/reset-password/***"), "a page's path, token hidden:\n{text}");
    assert!(!text.contains(&token), "the invitation token leaked into the log");
    assert!(!text.contains(&session), "the session token leaked into the log");
    assert!(!text.contains(PASSWORD), "the password leaked into the log");
}
