//! The pages fetched on first use. In release builds (`--cfg wasm_split`, see
//! `scripts/build-app.sh`) each is its own wasm chunk, so a first visit loads only the shell,
//! sign-in, the home page and Not found. Debug builds (`trunk serve`, the component tests) run
//! no splitter and keep every page in the one module.

use leptos::prelude::*;
use leptos_router::location::Url;
use leptos_router::params::ParamsMap;
use leptos_router::ChooseView;
use partner_center_domain::child_org::ChildOrgSort;
use partner_center_domain::users::UserSort;

#[cfg(wasm_split)]
use crate::components::{ChunkFailed, LoadingSkeleton};
use crate::created_org::CreatedOrg;
use crate::list_state::ListState;
use crate::{api, pages};

/// Declares `LazyPage`, one variant per page, and (in split builds) each page's split point.
/// One type serves every lazy route: a route type per page made the router's generic code
/// (choosing, preloading and building the view) once per page in the main module, about 2 KB
/// of brotli each.
macro_rules! lazy_pages {
    ($( $page:ident in $module:ident as $chunk:ident, preload $preload:ident; )*) => {
        /// A page whose code is fetched on first use: the view of its route.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum LazyPage { $( $page, )* }

        $(
            #[cfg(wasm_split)]
            #[leptos::wasm_split::wasm_split(
                $module,
                wasm_split_path = ::leptos::wasm_split,
                fallible,
                preload(#[allow(dead_code)] $preload)
            )]
            fn $chunk() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                Ok(view! { <pages::$page /> }.into_any())
            }
        )*

        impl LazyPage {
            /// The page's view, once its module is here.
            async fn view(self) -> AnyView {
                #[cfg(wasm_split)]
                {
                    let loaded = match self { $( Self::$page => $chunk().await, )* };
                    loaded.unwrap_or_else(|_| view! { <ChunkFailed /> }.into_any())
                }
                #[cfg(not(wasm_split))]
                {
                    match self { $( Self::$page => view! { <pages::$page /> }.into_any(), )* }
                }
            }

            /// The name of the module the page's code is in.
            #[cfg(test)]
            fn module(self) -> &'static str {
                match self { $( Self::$page => stringify!($module), )* }
            }

            /// Fetches the page's module. A failure is left to `view`, which tries again and
            /// says so.
            async fn fetch_code(self) {
                #[cfg(wasm_split)]
                match self { $( Self::$page => { let _ = $preload().await; } )* }
            }
        }
    };
}

// Pages that are used together share a module: each module also needs a small chunk for every
// set of modules that shares some code, fetched with it, and a page that needs sixty such
// fetches waits on them over a slow connection (six at a time) far longer than on the bytes.
lazy_pages! {
    Home in signed_in as home, preload preload_home;
    AcceptInvitation in account as accept_invitation, preload preload_accept_invitation;
    ForgotPassword in account as forgot_password, preload preload_forgot_password;
    ResetPassword in account as reset_password, preload preload_reset_password;
    ManageOrgs in orgs as manage_orgs, preload preload_manage_orgs;
    AddOrg in orgs as add_org, preload preload_add_org;
    OrgDetail in orgs as org_detail, preload preload_org_detail;
    Invoice in orgs as invoice, preload preload_invoice;
    Users in users as users, preload preload_users;
    AddUser in users as add_user, preload preload_add_user;
    EditUser in users as edit_user, preload preload_edit_user;
    ApiTokens in settings as api_tokens, preload preload_api_tokens;
    MyOrgs in settings as my_orgs, preload preload_my_orgs;
    PartnerAccess in settings as partner_access, preload preload_partner_access;
    Statements in reports as statements, preload preload_statements;
    AuditLog in reports as audit_log, preload preload_audit_log;
    PartnerActivity in reports as partner_activity, preload preload_partner_activity;
}

impl ChooseView for LazyPage {
    async fn choose(self) -> AnyView {
        self.view().await
    }

    // The router calls this as soon as the address matches, before the parent route (the
    // sign-in check) renders: the page's code then arrives while the session is asked for,
    // not after.
    async fn preload(&self) {
        if let Some(path) = self.first_read() {
            api::start_early(&path);
        }
        self.fetch_code().await;
    }
}

impl LazyPage {
    /// The API read the page makes first, from the address being opened (which the router
    /// provides while it preloads): started now, it runs beside the page's code and the
    /// session check.
    fn first_read(self) -> Option<String> {
        let url = use_context::<ArcRwSignal<Url>>()?.get_untracked();
        let id = || use_context::<ArcMemo<ParamsMap>>().and_then(|params| params.get_untracked().get("id"));
        match self {
            Self::ManageOrgs => {
                Some(api::child_orgs_path(&ListState::<ChildOrgSort>::from_params(url.search_params())))
            }
            Self::Users => Some(api::users_path(&ListState::<UserSort>::from_params(url.search_params()))),
            // Straight from Add Org the page has its data already (`CreatedOrg`).
            Self::OrgDetail => id()
                .filter(|id| !use_context::<CreatedOrg>().is_some_and(|created| created.holds(id)))
                .map(|id| api::child_org_path(&id)),
            _ => None,
        }
    }
}

/// The partner's part of the home page (most of what that page weighs), fetched like a page.
pub fn partner_home_panel() -> impl IntoView {
    #[cfg(wasm_split)]
    {
        #[leptos::wasm_split::wasm_split(partner_home, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn partner_home() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
            Ok(view! { <pages::PartnerHomePanel /> }.into_any())
        }
        view! {
            <Suspense fallback=|| {
                view! { <LoadingSkeleton what="Loading your overview…" /> }
            }>
                {Suspend::new(async { partner_home().await.unwrap_or_else(|_| view! { <ChunkFailed /> }.into_any()) })}
            </Suspense>
        }
    }
    #[cfg(not(wasm_split))]
    {
        view! { <pages::PartnerHomePanel /> }
    }
}

/// Fetches the chunks a signed-in person most likely opens next (Manage Organizations, Users),
/// once the browser is idle, so following a link does not wait on the network. Failures are
/// left for the page itself to report when it is opened.
pub fn preload_likely_next() {
    #[cfg(wasm_split)]
    {
        use wasm_bindgen::JsCast;
        let preload = wasm_bindgen::closure::Closure::once_into_js(|| {
            leptos::task::spawn_local(async {
                let _ = preload_manage_orgs().await;
                let _ = preload_users().await;
            });
        });
        let _ = window().request_idle_callback(preload.unchecked_ref());
    }
}

#[cfg(test)]
mod tests {
    use partner_center_domain::pages::page_at;

    use super::LazyPage;

    /// The server names a page's module from its address (`page_at`) before the app runs; it
    /// must name the module the page's code is in, or the browser fetches the wrong one.
    #[test]
    fn the_server_names_the_module_each_page_is_in() {
        use LazyPage::*;
        for (page, path) in [
            (Home, "/"),
            (AcceptInvitation, "/invitations/t"),
            (ForgotPassword, "/forgot-password"),
            (ResetPassword, "/reset-password/t"),
            (ManageOrgs, "/partner/orgs"),
            (AddOrg, "/partner/orgs/new"),
            (OrgDetail, "/partner/orgs/o"),
            (Invoice, "/invoices/i"),
            (Users, "/users"),
            (AddUser, "/users/new"),
            (EditUser, "/users/u"),
            (ApiTokens, "/settings/api-tokens"),
            (MyOrgs, "/my-orgs"),
            (PartnerAccess, "/partner-access"),
            (Statements, "/partner/statements"),
            (AuditLog, "/audit"),
            (PartnerActivity, "/partner/activity"),
        ] {
            let named = page_at(path).and_then(|needs| needs.module).map(|module| module.name());
            assert_eq!(named, Some(page.module()), "{path}");
        }
    }
}
