//! The pages fetched on first use. In release builds (`--cfg wasm_split`, see
//! `scripts/build-app.sh`) each is its own wasm chunk, so a first visit loads only the shell,
//! sign-in, the home page and Not found. Debug builds (`trunk serve`, the component tests) run
//! no splitter and keep every page in the one module.

use leptos::prelude::*;
use leptos_router::{Lazy, LazyRoute};

#[cfg(wasm_split)]
use crate::components::{ChunkFailed, LoadingSkeleton};
use crate::pages;

/// Declares, for each page, a route type whose `lazy()` is the route's view and (in split builds) the
/// split point that loads its chunk.
macro_rules! lazy_pages {
    ($( $route:ident => $page:ident in $module:ident as $chunk:ident, preload $preload:ident; )*) => { $(
        pub struct $route;

        impl $route {
            /// The route's view, loaded on first use.
            pub fn lazy() -> Lazy<Self> {
                Lazy::new()
            }
        }

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

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            // The router calls this as soon as the address matches, before the parent route
            // (the sign-in check) renders: the page's code then arrives while the session is
            // asked for, not after. A failure is left to `view`, which tries again and says so.
            async fn preload() {
                #[cfg(wasm_split)]
                let _ = $preload().await;
            }

            async fn view(_: Self) -> AnyView {
                #[cfg(wasm_split)]
                {
                    $chunk().await.unwrap_or_else(|_| view! { <ChunkFailed /> }.into_any())
                }
                #[cfg(not(wasm_split))]
                {
                    view! { <pages::$page /> }.into_any()
                }
            }
        }
    )* };
}

// Pages that are used together share a module: each module also needs a small chunk for every
// set of modules that shares some code, fetched with it, and a page that needs sixty such
// fetches waits on them over a slow connection (six at a time) far longer than on the bytes.
lazy_pages! {
    AcceptInvitationRoute => AcceptInvitation in account as accept_invitation, preload preload_accept_invitation;
    ForgotPasswordRoute => ForgotPassword in account as forgot_password, preload preload_forgot_password;
    ResetPasswordRoute => ResetPassword in account as reset_password, preload preload_reset_password;
    ManageOrgsRoute => ManageOrgs in orgs as manage_orgs, preload preload_manage_orgs;
    AddOrgRoute => AddOrg in orgs as add_org, preload preload_add_org;
    OrgDetailRoute => OrgDetail in orgs as org_detail, preload preload_org_detail;
    InvoiceRoute => Invoice in orgs as invoice, preload preload_invoice;
    UsersRoute => Users in users as users, preload preload_users;
    AddUserRoute => AddUser in users as add_user, preload preload_add_user;
    EditUserRoute => EditUser in users as edit_user, preload preload_edit_user;
    ApiTokensRoute => ApiTokens in settings as api_tokens, preload preload_api_tokens;
    MyOrgsRoute => MyOrgs in settings as my_orgs, preload preload_my_orgs;
    PartnerAccessRoute => PartnerAccess in settings as partner_access, preload preload_partner_access;
    StatementsRoute => Statements in reports as statements, preload preload_statements;
    AuditLogRoute => AuditLog in reports as audit_log, preload preload_audit_log;
    PartnerActivityRoute => PartnerActivity in reports as partner_activity, preload preload_partner_activity;
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
