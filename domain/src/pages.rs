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
}
