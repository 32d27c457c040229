//! The org Add Org just created, carried to the org's page: the create's answer is the page's
//! data, so the page need not ask the server for it again.

use leptos::prelude::*;
use partner_center_domain::child_org::ChildOrgDetail;

#[derive(Clone, Copy)]
pub struct CreatedOrg(RwSignal<Option<ChildOrgDetail>>);

impl CreatedOrg {
    pub fn hand_over(&self, detail: ChildOrgDetail) {
        self.0.set(Some(detail));
    }

    /// Whether the created org waiting to be taken is `id`.
    pub fn holds(&self, id: &str) -> bool {
        self.0.with_untracked(|created| created.as_ref().is_some_and(|detail| detail.id == id))
    }

    /// The created org when it is `id`, once: taking it clears it, so a later visit reads afresh.
    pub fn take(&self, id: &str) -> Option<ChildOrgDetail> {
        let created = self.0.get_untracked().filter(|detail| detail.id == id);
        self.0.set(None);
        created
    }
}

pub fn provide_created_org() {
    provide_context(CreatedOrg(RwSignal::new(None)));
}

pub fn use_created_org() -> CreatedOrg {
    expect_context::<CreatedOrg>()
}
