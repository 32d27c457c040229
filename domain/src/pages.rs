//! The addresses of the app's pages, for links: the ones the app renders and the ones mail
//! carries. One place, so a page that moves cannot leave a mailed link behind (the end-to-end
//! suite follows every link of every kind of mail in a browser).

/// A tab of an org's page (`/partner/orgs/{id}?tab=…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgTab {
    Info,
    Billing,
    Subscriptions,
}

impl OrgTab {
    pub const ALL: [Self; 3] = [Self::Info, Self::Billing, Self::Subscriptions];

    pub fn key(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Billing => "billing",
            Self::Subscriptions => "subscriptions",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|tab| tab.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Info => "Organization Information",
            Self::Billing => "Billing",
            Self::Subscriptions => "Subscriptions",
        }
    }
}

pub const SIGN_IN: &str = "/sign-in";
pub const MY_ORGS: &str = "/my-orgs";

/// `text` as one path segment: ids and tokens are URL-safe already, but a link must not depend
/// on that.
fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Where a mailed invitation sets its password.
pub fn invitation(token: &str) -> String {
    format!("/invitations/{}", segment(token))
}

/// Where a mailed reset link chooses the new password.
pub fn reset_password(token: &str) -> String {
    format!("/reset-password/{}", segment(token))
}

pub fn org(id: &str) -> String {
    format!("/partner/orgs/{}", segment(id))
}

pub fn org_tab(id: &str, tab: OrgTab) -> String {
    format!("/partner/orgs/{}?tab={}", segment(id), tab.key())
}

pub fn invoice(id: &str) -> String {
    format!("/invoices/{}", segment(id))
}

/// `path` at the console's address `public_url` (with or without a trailing slash): a link
/// for mail.
pub fn absolute(public_url: &str, path: &str) -> String {
    format!("{}{path}", public_url.trim_end_matches('/'))
}

/// The wasm module a page's code is in, in release builds (the app's `lazy_pages`); pages
/// without one are drawn by the main module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeModule {
    /// The signed-in chrome (header tools, navigation, notices) and the home page: every
    /// signed-in page needs it.
    SignedIn,
    Account,
    Orgs,
    Users,
    Settings,
    Reports,
}

impl CodeModule {
    pub const ALL: [Self; 6] = [Self::SignedIn, Self::Account, Self::Orgs, Self::Users, Self::Settings, Self::Reports];

    /// The module's name, as the splitter names its file (`split_<name>-<hash>.wasm`).
    pub fn name(self) -> &'static str {
        match self {
            Self::SignedIn => "signed_in",
            Self::Account => "account",
            Self::Orgs => "orgs",
            Self::Users => "users",
            Self::Settings => "settings",
            Self::Reports => "reports",
        }
    }
}

/// What drawing one of the app's pages takes, known from its address alone: the server says it
/// to the browser before the app runs, and the app starts it as soon as the address matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageNeeds {
    pub module: Option<CodeModule>,
    /// Signed-in pages ask `/api/v1/me` first.
    pub session: bool,
}

/// What the page at `path` needs, or `None` when no page of the app has that address.
pub fn page_at(path: &str) -> Option<PageNeeds> {
    use CodeModule::*;
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (module, session) = match segments.as_slice() {
        [""] => (Some(SignedIn), true),
        ["sign-in"] => (None, false),
        ["forgot-password"] | ["invitations", _] | ["reset-password", _] => (Some(Account), false),
        ["partner", "orgs"] | ["partner", "orgs", _] | ["invoices", _] => (Some(Orgs), true),
        ["users"] | ["users", _] => (Some(Users), true),
        ["my-orgs"] | ["settings", "api-tokens"] | ["partner-access"] => (Some(Settings), true),
        ["partner", "activity"] | ["partner", "statements"] | ["audit"] => (Some(Reports), true),
        _ => return None,
    };
    if segments.iter().skip(1).any(|segment| segment.is_empty()) {
        return None;
    }
    Some(PageNeeds { module, session })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_the_apps_routes() {
        assert_eq!(org_tab("abc123", OrgTab::Subscriptions), "/partner/orgs/abc123?tab=subscriptions");
        assert_eq!(invitation("A-b_9"), "/invitations/A-b_9");
        assert_eq!(reset_password("x/y?z"), "/reset-password/x%2Fy%3Fz");
        assert_eq!(invoice("i1"), "/invoices/i1");
        assert_eq!(absolute("https://partners.example/", MY_ORGS), "https://partners.example/my-orgs");
    }

    #[test]
    fn every_tab_reads_back_from_its_key() {
        for tab in OrgTab::ALL {
            assert_eq!(OrgTab::from_key(tab.key()), Some(tab));
        }
        assert_eq!(OrgTab::from_key("subscription"), None);
    }

    #[test]
    fn every_address_the_app_builds_is_a_page() {
        for path in [
            invitation("t0k"),
            reset_password("t0k"),
            org("org_1"),
            org_tab("org_1", OrgTab::Billing),
            invoice("inv_1"),
        ] {
            let path = path.split('?').next().unwrap_or_default().to_owned();
            assert!(page_at(&path).is_some(), "{path}");
        }
        assert!(page_at(SIGN_IN).is_some());
        assert!(page_at(MY_ORGS).is_some());
    }

    #[test]
    fn signed_in_pages_ask_for_the_session_and_public_ones_do_not() {
        assert_eq!(page_at("/"), Some(PageNeeds { module: Some(CodeModule::SignedIn), session: true }));
        assert_eq!(page_at("/sign-in"), Some(PageNeeds { module: None, session: false }));
        assert_eq!(page_at("/invitations/abc"), Some(PageNeeds { module: Some(CodeModule::Account), session: false }));
        assert_eq!(page_at("/partner/orgs/new"), Some(PageNeeds { module: Some(CodeModule::Orgs), session: true }));
        assert_eq!(page_at("/audit"), Some(PageNeeds { module: Some(CodeModule::Reports), session: true }));
    }

    #[test]
    fn unknown_addresses_are_no_page() {
        for path in ["/nope", "/partner", "/partner/orgs/1/2", "/users/", "/invitations/", "/sign-in/x"] {
            assert_eq!(page_at(path), None, "{path}");
        }
    }
}
