//! What an audit log page shows, as carried in its URL: the filters, the page and its size.
//! The org's Audit log and the partner's Activity share it; each has its own path.

use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::use_query;
use leptos_router::params::Params;
use partner_center_domain::audit::{day_start, AuditAction};

use crate::list_state::{page_param, percent_encode, size_param, PagedView};

/// The page's URL parameters as they arrive; `AuditView` decides what each means.
#[derive(Params, Debug, Clone, Default, PartialEq)]
pub struct AuditParams {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<String>,
    pub size: Option<String>,
}

/// The filters a person sets; empty text filters nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilters {
    pub actor: String,
    pub action: Option<AuditAction>,
    pub target: String,
    /// `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditView {
    /// The page's path: `/audit` or `/partner/activity`.
    pub path: &'static str,
    pub filters: AuditFilters,
    pub page: u32,
    pub size: u32,
}

/// The view of the current page's URL.
pub fn use_audit_view(path: &'static str) -> Memo<AuditView> {
    let query = use_query::<AuditParams>();
    Memo::new(move |_| AuditView::from_params(path, &query.with(|q| q.clone().unwrap_or_default())))
}

/// A date the URL carries, kept only when it is one.
fn date_param(text: Option<&str>) -> String {
    text.filter(|t| day_start(t).is_some()).unwrap_or_default().to_owned()
}

impl AuditView {
    /// Reads the URL's parameters; anything malformed is left out.
    pub fn from_params(path: &'static str, params: &AuditParams) -> Self {
        let filters = AuditFilters {
            actor: params.actor.clone().unwrap_or_default().trim().to_owned(),
            action: params.action.as_deref().and_then(AuditAction::from_key),
            target: params.target.clone().unwrap_or_default().trim().to_owned(),
            from: date_param(params.from.as_deref()),
            to: date_param(params.to.as_deref()),
        };
        Self { path, filters, page: page_param(params.page.as_deref()), size: size_param(params.size.as_deref()) }
    }

    /// The same page with other filters, back on the first page.
    pub fn filtered(&self, filters: AuditFilters) -> Self {
        Self { filters, page: 1, ..self.clone() }
    }

    fn filter_pairs(&self) -> Vec<(&'static str, String)> {
        let f = &self.filters;
        [
            ("actor", f.actor.clone()),
            ("action", f.action.map(|a| a.key().to_owned()).unwrap_or_default()),
            ("target", f.target.clone()),
            ("from", f.from.clone()),
            ("to", f.to.clone()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect()
    }

    /// The log's endpoint under `/api/v1`.
    pub fn endpoint(&self) -> &'static str {
        if self.path == "/partner/activity" {
            "/partner/activity"
        } else {
            "/audit"
        }
    }

    /// The CSV of every entry these filters select (all pages).
    pub fn export_href(&self) -> String {
        let query: Vec<String> =
            self.filter_pairs().iter().map(|(key, value)| format!("{key}={}", percent_encode(value))).collect();
        format!("/api/v1{}/export?{}", self.endpoint(), query.join("&"))
    }

    /// The query string of the log endpoint for this view.
    pub fn api_query(&self) -> String {
        let mut pairs = self.filter_pairs();
        pairs.push(("limit", self.size.to_string()));
        pairs.push(("offset", (self.first_row() - 1).to_string()));
        pairs.iter().map(|(key, value)| format!("{key}={}", percent_encode(value))).collect::<Vec<_>>().join("&")
    }
}

impl PagedView for AuditView {
    /// Default values are left out to keep links short.
    fn href(&self) -> String {
        let mut pairs = self.filter_pairs();
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if self.size != size_param(None) {
            pairs.push(("size", self.size.to_string()));
        }
        if pairs.is_empty() {
            return self.path.to_owned();
        }
        let query: Vec<String> = pairs.iter().map(|(key, value)| format!("{key}={}", percent_encode(value))).collect();
        format!("{}?{}", self.path, query.join("&"))
    }

    fn first_row(&self) -> u32 {
        (self.page - 1) * self.size + 1
    }

    fn size(&self) -> u32 {
        self.size
    }

    fn stepped(&self, step: i32) -> Self {
        Self { page: self.page.saturating_add_signed(step).max(1), ..self.clone() }
    }

    fn with_size(&self, size: u32) -> Self {
        Self { size, page: 1, ..self.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> AuditParams {
        let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned());
        AuditParams {
            actor: get("actor"),
            action: get("action"),
            target: get("target"),
            from: get("from"),
            to: get("to"),
            page: get("page"),
            size: get("size"),
        }
    }

    #[test]
    fn the_url_carries_every_filter_and_leaves_defaults_out() {
        let view = AuditView::from_params("/audit", &params(&[]));
        assert_eq!(view.href(), "/audit");
        let filters = AuditFilters {
            actor: "dana@".into(),
            action: Some(AuditAction::OrgRenamed),
            target: "harbor view".into(),
            from: "2027-01-01".into(),
            to: "2027-01-31".into(),
        };
        let filtered = view.filtered(filters.clone()).stepped(2);
        assert_eq!(
            filtered.href(),
            "/audit?actor=dana%40&action=org_renamed&target=harbor%20view&from=2027-01-01&to=2027-01-31&page=3"
        );
        let back = AuditView::from_params(
            "/audit",
            &params(&[
                ("actor", "dana@"),
                ("action", "org_renamed"),
                ("target", "harbor view"),
                ("from", "2027-01-01"),
                ("to", "2027-01-31"),
                ("page", "3"),
            ]),
        );
        assert_eq!(back, filtered);
    }

    #[test]
    fn malformed_parameters_are_left_out_alone() {
        let view = AuditView::from_params(
            "/partner/activity",
            &params(&[("actor", "lee"), ("action", "deleted_everything"), ("from", "2027-02-30"), ("page", "0")]),
        );
        assert_eq!(view.filters, AuditFilters { actor: "lee".into(), ..AuditFilters::default() });
        assert_eq!(view.page, 1);
    }

    #[test]
    fn the_api_query_has_the_filters_and_the_page() {
        let view = AuditView::from_params("/audit", &params(&[("target", "a b"), ("page", "2"), ("size", "25")]));
        assert_eq!(view.api_query(), "target=a%20b&limit=25&offset=25");
        assert_eq!(view.filtered(AuditFilters::default()).page, 1, "new filters start on page 1");
    }

    #[test]
    fn the_export_carries_the_filters_but_not_the_page() {
        let view = AuditView::from_params("/partner/activity", &params(&[("actor", "dana"), ("page", "4")]));
        assert_eq!(view.export_href(), "/api/v1/partner/activity/export?actor=dana");
        assert_eq!(AuditView::from_params("/audit", &params(&[])).export_href(), "/api/v1/audit/export?");
    }
}
