use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use stylers::style;

use partner_center_domain::pages::page_at;
use partner_center_domain::roles::Permission;

use crate::components::{
    ApiStatus, AppHeader, NavMenu, RequestsAnswered, RequirePermission, RequireSignIn, ToastRegion, Toasts,
};
use crate::created_org::provide_created_org;
use crate::flash::provide_flash;
use crate::lazy_pages::{preload_likely_next, LazyPage};
use crate::page_focus::provide_page_focus;
use crate::pages::{NotFound, SignIn};
use crate::route_params::is_public_page;
use crate::session::{provide_session, use_session, SessionState};
use crate::signed_in_chrome::{chrome, fetch_chrome, ChromePart};

/// The shell: header, navigation, the routed page, and the API status line.
#[component]
pub fn App() -> impl IntoView {
    let session = provide_session();
    // A signed-in page's chrome is fetched beside the session check, not after it.
    if page_at(&window().location().pathname().unwrap_or_default()).is_some_and(|needs| needs.session) {
        fetch_chrome();
    }
    provide_flash();
    provide_created_org();
    NavMenu::provide();
    Toasts::provide();
    RequestsAnswered::provide();
    // Only signing in or out changes it: news of the signed-in person keeps what is shown.
    let signed_in = Memo::new(move |_| session.me().is_some());
    Effect::new(move |_| {
        if signed_in.get() {
            preload_likely_next();
        }
    });
    let class_name = style! {
        .skip-link {
            position: absolute;
            left: var(--space-4);
            top: -4rem;
            z-index: 10;
            padding: var(--space-2) var(--space-4);
            background: var(--color-surface);
            color: var(--color-primary);
            border-radius: var(--radius-sm);
        }
        .skip-link:focus {
            top: var(--space-2);
        }
        .shell {
            display: flex;
            flex-direction: column;
            min-height: 100vh;
        }
        .workspace {
            flex: 1;
            display: flex;
        }
        .content {
            flex: 1;
            display: flex;
            flex-direction: column;
            min-width: 0;
        }
        main {
            flex: 1;
            width: 100%;
            max-width: 80rem;
            min-height: calc(100vh - var(--header-height));
            padding: var(--space-8);
        }
        main:focus {
            outline: none;
        }
        footer {
            padding: var(--space-3) var(--space-8);
            border-top: 1px solid var(--color-border);
        }
        @media (max-width: 48rem) {
            .workspace {
                flex-direction: column;
            }
            main {
                padding: var(--space-4);
            }
        }
    };
    view! { class=class_name,
        <Router>
            // rel="external" keeps the router from treating the in-page jump as a navigation.
            <a class="skip-link" href="#main" rel="external">
                "Skip to main content"
            </a>
            <div class="shell">
                <AppHeader />
                <div class="workspace">
                    <NavArea />
                    <div class="content">
                        {move || signed_in.get().then(|| chrome(ChromePart::Notices, nothing))}
                        <main id="main" tabindex="-1">
                            <AppRoutes />
                        </main> <footer>
                            <ApiStatus />
                        </footer>
                    </div>
                </div>
            </div>
            <ToastRegion />
        </Router>
    }
}

/// The main navigation of a signed-in person. While the session is still being checked on a
/// page that needs one, its space is kept, so the page does not move sideways when it arrives.
#[component]
fn NavArea() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let shown = Memo::new(move |_| match session.state() {
        SessionState::SignedIn(_) => NavShown::Links,
        SessionState::NotAsked | SessionState::Checking if !is_public_page(&location.pathname.get()) => NavShown::Space,
        _ => NavShown::Nothing,
    });
    move || match shown.get() {
        NavShown::Links => chrome(ChromePart::Nav, || view! { <NavSpace /> }.into_any()).into_any(),
        NavShown::Space => view! { <NavSpace /> }.into_any(),
        NavShown::Nothing => ().into_any(),
    }
}

/// The navigation's place, kept while it is on its way.
#[component]
fn NavSpace() -> impl IntoView {
    let class_name = style! {
        .nav-space {
            flex: 0 0 var(--nav-width);
            background: var(--color-surface);
            border-right: 1px solid var(--color-border);
        }
        @media (max-width: 48rem) {
            .nav-space {
                display: none;
            }
        }
    };
    view! { class=class_name, <div class="nav-space"></div> }
}

fn nothing() -> AnyView {
    ().into_any()
}

#[derive(Clone, Copy, PartialEq)]
enum NavShown {
    Links,
    Space,
    Nothing,
}

/// Every page of the app. Signed-in pages sit under `RequireSignIn`; groups under it add the
/// permission their pages need.
#[component]
fn AppRoutes() -> impl IntoView {
    provide_page_focus();
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/sign-in") view=SignIn />
            <Route path=path!("/invitations/:token") view=LazyPage::AcceptInvitation />
            <Route path=path!("/forgot-password") view=LazyPage::ForgotPassword />
            <Route path=path!("/reset-password/:token") view=LazyPage::ResetPassword />
            <ParentRoute path=path!("") view=RequireSignIn>
                <Route path=path!("") view=LazyPage::Home />
                <Route path=path!("/my-orgs") view=LazyPage::MyOrgs />
                <ParentRoute path=path!("") view=|| requires(Permission::PartnerCenter)>
                    <Route path=path!("/partner/orgs") view=LazyPage::ManageOrgs />
                    <Route path=path!("/partner/orgs/new") view=LazyPage::AddOrg />
                    <Route path=path!("/partner/orgs/:id") view=LazyPage::OrgDetail />
                    <Route path=path!("/invoices/:id") view=LazyPage::Invoice />
                    <Route path=path!("/partner/activity") view=LazyPage::PartnerActivity />
                    <Route path=path!("/partner/statements") view=LazyPage::Statements />
                </ParentRoute>
                <ParentRoute path=path!("") view=|| requires(Permission::ManageOrg)>
                    <Route path=path!("/settings/api-tokens") view=LazyPage::ApiTokens />
                    <Route path=path!("/partner-access") view=LazyPage::PartnerAccess />
                    <Route path=path!("/users/new") view=LazyPage::AddUser />
                    <Route path=path!("/users/:id") view=LazyPage::EditUser />
                </ParentRoute>
                <ParentRoute path=path!("") view=|| requires(Permission::ReadOrg)>
                    <Route path=path!("/users") view=LazyPage::Users />
                    <Route path=path!("/audit") view=LazyPage::AuditLog />
                </ParentRoute>
            </ParentRoute>
        </Routes>
    }
}

/// The parent route view of a group of pages that need `permission`.
fn requires(permission: Permission) -> impl IntoView {
    view! { <RequirePermission permission /> }
}
