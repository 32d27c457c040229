//! What only a signed-in person sees around the page: the header's Menu button, org switcher
//! and user menu, the main navigation and the access-request notices. In release builds they
//! are a wasm module of their own (`signed_in`, with the home page), fetched beside
//! `/api/v1/me`: the sign-in page and the mailed-link pages paint without them.

use leptos::prelude::*;

use crate::components::{AccessRequestNotices, MainNav, MenuButton, OrgSwitcher, UserMenu};

/// One part of the signed-in chrome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChromePart {
    MenuButton,
    OrgSwitcher,
    UserMenu,
    Nav,
    Notices,
}

impl ChromePart {
    fn draw(self) -> AnyView {
        match self {
            Self::MenuButton => view! { <MenuButton /> }.into_any(),
            Self::OrgSwitcher => view! { <OrgSwitcher /> }.into_any(),
            Self::UserMenu => view! { <UserMenu /> }.into_any(),
            Self::Nav => view! { <MainNav /> }.into_any(),
            Self::Notices => view! { <AccessRequestNotices /> }.into_any(),
        }
    }
}

#[cfg(wasm_split)]
#[leptos::wasm_split::wasm_split(
    signed_in,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(preload_signed_in)
)]
fn load_part(part: ChromePart) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(part.draw())
}

/// `part`, once its module is here; `placeholder` until then (and, should the module fail to
/// arrive, for good: the page itself then says it could not be loaded).
pub fn chrome(part: ChromePart, placeholder: fn() -> AnyView) -> impl IntoView {
    #[cfg(wasm_split)]
    {
        view! {
            <Suspense fallback=placeholder>
                {Suspend::new(async move { load_part(part).await.unwrap_or_else(|_| placeholder()) })}
            </Suspense>
        }
    }
    #[cfg(not(wasm_split))]
    {
        let _ = placeholder;
        part.draw()
    }
}

/// Starts fetching the chrome's module, when the app opens on a signed-in page.
pub fn fetch_chrome() {
    #[cfg(wasm_split)]
    leptos::task::spawn_local(async {
        let _ = preload_signed_in().await;
    });
}
