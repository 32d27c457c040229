//! Switching the org one acts in, from the header's switcher or from a row of Manage
//! Organizations: the session follows, and the person starts over on the new org's overview.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use partner_center_domain::api::Me;

use crate::api::{self, ApiError};
use crate::session::use_session;

#[derive(Clone, Copy)]
pub struct OrgSwitch {
    action: Action<String, Result<Me, ApiError>>,
    error: RwSignal<Option<String>>,
}

impl OrgSwitch {
    pub fn to(&self, org_id: String) {
        self.error.set(None);
        self.action.dispatch(org_id);
    }

    pub fn pending(&self) -> Memo<bool> {
        self.action.pending()
    }

    /// Why the last switch failed, for the person.
    pub fn error(&self) -> Signal<Option<String>> {
        self.error.into()
    }
}

pub fn use_org_switch() -> OrgSwitch {
    let session = use_session();
    let navigate = use_navigate();
    let action = Action::new_local(|org_id: &String| {
        let org_id = org_id.clone();
        async move { api::switch_org(&org_id).await }
    });
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(me)) => {
            session.signed_in(me);
            // Pages show the acting org's data; start over from the overview of the new one.
            navigate("/", Default::default());
        }
        Some(Err(failure)) => error.set(Some(format!("Could not switch: {failure}"))),
        None => {}
    });
    OrgSwitch { action, error }
}
