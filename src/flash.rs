//! A one-time confirmation carried from one page to the next ("Harbor View Dental was created").

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Flash(RwSignal<Option<String>>);

impl Flash {
    pub fn set(&self, message: impl Into<String>) {
        self.0.set(Some(message.into()));
    }

    /// The message, once: reading it clears it.
    pub fn take(&self) -> Option<String> {
        let message = self.0.get_untracked();
        self.0.set(None);
        message
    }
}

pub fn provide_flash() {
    provide_context(Flash(RwSignal::new(None)));
}

pub fn use_flash() -> Flash {
    expect_context::<Flash>()
}
