//! Who is signed in, shared with every component through context.

use leptos::prelude::*;
use leptos::task::spawn_local;
use partner_center_domain::api::Me;
use partner_center_domain::roles::Permission;

use crate::api::{self, ApiError};
use crate::route_params::is_public_page;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// Not asked yet: the app opened on a page anyone may use (sign-in, a mailed link), which
    /// needs no session; the first page that does asks (`RequireSignIn`). An anonymous
    /// visitor's sign-in page so makes no request that fails.
    NotAsked,
    /// Asking the server.
    Checking,
    SignedOut,
    /// Was signed in, until the server said the session is over (idle, expired, suspended).
    Ended,
    SignedIn(Me),
    /// The server could not say (down, unreachable).
    Unknown(ApiError),
}

/// The signed-in person, or the lack of one. Copy: pass it around freely.
#[derive(Clone, Copy)]
pub struct Session(RwSignal<SessionState>);

impl Session {
    pub fn state(&self) -> SessionState {
        self.0.get()
    }

    pub fn me(&self) -> Option<Me> {
        match self.0.get() {
            SessionState::SignedIn(me) => Some(me),
            _ => None,
        }
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.0.with(|state| matches!(state, SessionState::SignedIn(me) if me.can(permission)))
    }

    pub fn signed_in(&self, me: Me) {
        self.0.set(SessionState::SignedIn(me));
    }

    /// Asks the server who is signed in. Whoever is signed in stays so until the answer comes:
    /// news about them (an org joined or left) must not close the page they are on.
    pub fn refresh(&self) {
        let state = self.0;
        if state.get_untracked() == SessionState::NotAsked {
            state.set(SessionState::Checking);
        }
        spawn_local(async move {
            state.set(match api::me().await {
                Ok(Some(me)) => SessionState::SignedIn(me),
                Ok(None) => SessionState::SignedOut,
                Err(error) => SessionState::Unknown(error),
            });
        });
    }
}

/// Creates the session for the app and starts asking the server about it.
pub fn provide_session() -> Session {
    let session = Session(RwSignal::new(SessionState::NotAsked));
    provide_context(session);
    let state = session.0;
    api::on_session_ended(move || {
        if matches!(state.get_untracked(), SessionState::SignedIn(_)) {
            state.set(SessionState::Ended);
        }
    });
    if !is_public_page(&window().location().pathname().unwrap_or_default()) {
        session.refresh();
    }
    session
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
