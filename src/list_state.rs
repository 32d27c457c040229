//! What a list page shows, as carried in its URL: search, sort, page and page size. Back,
//! forward, reload and shared links all land on the same view. Manage Organizations and Users
//! share it.

use std::fmt::Debug;

use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::use_query_map;
use leptos_router::params::{Params, ParamsMap};
use partner_center_domain::child_org::ChildOrgSort;
use partner_center_domain::org_filter::OrgFilter;
use partner_center_domain::users::UserSort;

pub const PAGE_SIZES: [u32; 3] = [25, 50, 100];
const DEFAULT_PAGE_SIZE: u32 = 50;

/// A view of a paged list kept in its URL: what the shared `Pager` needs of it.
pub trait PagedView: Clone + Send + Sync + 'static {
    /// The URL of this view.
    fn href(&self) -> String;
    /// The 1-based position of the page's first row.
    fn first_row(&self) -> u32;
    fn size(&self) -> u32;
    /// `step` pages on (or back, when negative); never before the first.
    fn stepped(&self, step: i32) -> Self;
    /// The first page at another size.
    fn with_size(&self, size: u32) -> Self;
}

/// A list's filters beyond its search words, as its URL carries them.
pub trait ListFilter: Clone + Default + PartialEq + Eq + Debug + Send + Sync + 'static {
    /// Reads the URL's parameters by name; a malformed one is no filter.
    fn read(get: impl Fn(&str) -> Option<String>) -> Self;
    /// The parameters of the filters that are set.
    fn params(&self) -> Vec<(&'static str, String)>;
}

/// A list without filters.
impl ListFilter for () {
    fn read(_: impl Fn(&str) -> Option<String>) -> Self {}
    fn params(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

impl ListFilter for OrgFilter {
    fn read(get: impl Fn(&str) -> Option<String>) -> Self {
        OrgFilter::from_lookup(get)
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        OrgFilter::params(self)
    }
}

/// The sortable columns of one list, and where that list lives.
pub trait ListSort: Copy + PartialEq + Debug + Send + Sync + 'static {
    /// The path of the list's page.
    const PATH: &'static str;
    type Filter: ListFilter;
    /// The order a list opens in.
    const DEFAULT: Self;
    fn key(self) -> &'static str;
    fn from_key(key: &str) -> Option<Self>;
}

impl ListSort for ChildOrgSort {
    const PATH: &'static str = "/partner/orgs";
    type Filter = OrgFilter;
    // Needs attention first: running trials by their end, then awaiting, then billing.
    const DEFAULT: Self = Self::Status;
    fn key(self) -> &'static str {
        ChildOrgSort::key(self)
    }
    fn from_key(key: &str) -> Option<Self> {
        ChildOrgSort::from_key(key)
    }
}

impl ListSort for UserSort {
    const PATH: &'static str = "/users";
    type Filter = ();
    const DEFAULT: Self = Self::Name;
    fn key(self) -> &'static str {
        UserSort::key(self)
    }
    fn from_key(key: &str) -> Option<Self> {
        UserSort::from_key(key)
    }
}

/// A list's URL parameters as they arrive. Each is read on its own, so one malformed value
/// falls back to its default without losing the others.
#[derive(Params, Debug, Clone, Default, PartialEq)]
pub struct ListQuery {
    pub q: Option<String>,
    pub sort: Option<String>,
    pub order: Option<String>,
    pub page: Option<String>,
    pub size: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListState<S: ListSort> {
    pub q: String,
    pub sort: S,
    pub descending: bool,
    /// 1-based.
    pub page: u32,
    pub size: u32,
    pub filter: S::Filter,
}

impl<S: ListSort> Default for ListState<S> {
    fn default() -> Self {
        Self {
            q: String::new(),
            sort: S::DEFAULT,
            descending: false,
            page: 1,
            size: DEFAULT_PAGE_SIZE,
            filter: S::Filter::default(),
        }
    }
}

/// The list state of the current page's URL.
pub fn use_list_state<S: ListSort + Eq>() -> Memo<ListState<S>> {
    let params = use_query_map();
    Memo::new(move |_| params.with(ListState::from_params))
}

impl<S: ListSort> ListState<S> {
    /// The view a URL's query names; anything missing or malformed takes its default.
    pub fn from_params(params: &ParamsMap) -> Self {
        let mut state = ListQuery::from_map(params).map(|query| Self::from_query(&query)).unwrap_or_default();
        state.filter = S::Filter::read(|name| params.get(name));
        state
    }

    /// Reads the URL's parameters; anything missing or malformed takes its default.
    pub fn from_query(query: &ListQuery) -> Self {
        let defaults = Self::default();
        Self {
            q: query.q.clone().unwrap_or_default(),
            sort: query.sort.as_deref().and_then(S::from_key).unwrap_or(defaults.sort),
            descending: query.order.as_deref() == Some("desc"),
            page: page_param(query.page.as_deref()),
            size: size_param(query.size.as_deref()),
            filter: S::Filter::default(),
        }
    }

    /// The URL of this view; default values are left out to keep links short.
    pub fn href(&self) -> String {
        let defaults = Self::default();
        let mut params = Vec::new();
        if !self.q.is_empty() {
            params.push(format!("q={}", percent_encode(&self.q)));
        }
        if self.sort != defaults.sort {
            params.push(format!("sort={}", self.sort.key()));
        }
        if self.descending {
            params.push("order=desc".to_owned());
        }
        if self.page != 1 {
            params.push(format!("page={}", self.page));
        }
        if self.size != defaults.size {
            params.push(format!("size={}", self.size));
        }
        params
            .extend(self.filter.params().into_iter().map(|(name, value)| format!("{name}={}", percent_encode(&value))));
        if params.is_empty() {
            S::PATH.to_owned()
        } else {
            format!("{}?{}", S::PATH, params.join("&"))
        }
    }

    /// The query string of the list endpoint for this page of the view.
    pub fn api_query(&self) -> String {
        format!("{}&limit={}&offset={}", self.view_query(), self.size, self.first_row() - 1)
    }

    /// The search, sort and filters, without the page: what an export of every page takes.
    pub fn view_query(&self) -> String {
        let order = if self.descending { "desc" } else { "asc" };
        let filters: String = self
            .filter
            .params()
            .into_iter()
            .map(|(name, value)| format!("&{name}={}", percent_encode(&value)))
            .collect();
        format!("q={}&sort={}&order={order}{filters}", percent_encode(&self.q), self.sort.key())
    }

    /// The first page under other filters.
    pub fn filtered(&self, filter: S::Filter) -> Self {
        Self { filter, page: 1, ..self.clone() }
    }

    /// The 1-based position of the page's first row.
    pub fn first_row(&self) -> u32 {
        (self.page - 1) * self.size + 1
    }

    /// Sorting by `column`: a new column sorts ascending, the current one flips; back to page 1.
    pub fn sorted_by(&self, column: S) -> Self {
        let descending = self.sort == column && !self.descending;
        Self { sort: column, descending, page: 1, ..self.clone() }
    }

    pub fn searching(&self, q: &str) -> Self {
        Self { q: q.trim().to_owned(), page: 1, ..self.clone() }
    }

    /// `step` pages on (or back, when negative); never before the first.
    pub fn stepped(&self, step: i32) -> Self {
        Self { page: self.page.saturating_add_signed(step).max(1), ..self.clone() }
    }

    pub fn with_size(&self, size: u32) -> Self {
        Self { size, page: 1, ..self.clone() }
    }
}

impl<S: ListSort> PagedView for ListState<S> {
    fn href(&self) -> String {
        ListState::href(self)
    }
    fn first_row(&self) -> u32 {
        ListState::first_row(self)
    }
    fn size(&self) -> u32 {
        self.size
    }
    fn stepped(&self, step: i32) -> Self {
        ListState::stepped(self, step)
    }
    fn with_size(&self, size: u32) -> Self {
        ListState::with_size(self, size)
    }
}

/// A page number from the URL: 1 or more, else the first.
pub fn page_param(text: Option<&str>) -> u32 {
    text.and_then(|p| p.parse().ok()).filter(|&p| p >= 1).unwrap_or(1)
}

/// A page size from the URL: one of `PAGE_SIZES`, else the default.
pub fn size_param(text: Option<&str>) -> u32 {
    text.and_then(|s| s.parse().ok()).filter(|s| PAGE_SIZES.contains(s)).unwrap_or(DEFAULT_PAGE_SIZE)
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass), without the browser,
/// so it is testable natively.
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use partner_center_domain::catalog::{Currency, PackagePlan};
    use partner_center_domain::org_filter::TrialPhase;

    type OrgList = ListState<ChildOrgSort>;

    fn parse(pairs: &[(&str, &str)]) -> OrgList {
        let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned());
        let mut state = ListState::from_query(&ListQuery {
            q: get("q"),
            sort: get("sort"),
            order: get("order"),
            page: get("page"),
            size: get("size"),
        });
        state.filter = OrgFilter::read(get);
        state
    }

    #[test]
    fn an_empty_url_is_the_first_page_in_the_default_order() {
        assert_eq!(OrgList::default().sort, ChildOrgSort::Status, "needs attention first");
        assert_eq!(parse(&[]), OrgList::default());
        assert_eq!(OrgList::default().href(), "/partner/orgs");
        assert_eq!(ListState::<UserSort>::default().href(), "/users");
    }

    #[test]
    fn the_url_round_trips_every_setting() {
        let filter = OrgFilter {
            state: Some(TrialPhase::Trialing),
            currency: Some(Currency::Cad),
            trial_ends_within: Some(7),
            ..OrgFilter::default()
        };
        let state = OrgList {
            q: "harbor view & co".into(),
            sort: ChildOrgSort::Plan,
            descending: true,
            page: 3,
            size: 25,
            filter,
        };
        let href = state.href();
        assert_eq!(
            href,
            "/partner/orgs?q=harbor%20view%20%26%20co&sort=plan&order=desc&page=3&size=25\
             &state=trialing&currency=CAD&trialEndsWithin=7"
        );
        let query = href.split_once('?').unwrap().1;
        let decoded: Vec<(String, String)> = query
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (k.to_owned(), v.replace("%20", " ").replace("%26", "&"))
            })
            .collect();
        let pairs: Vec<(&str, &str)> = decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(parse(&pairs), state);
    }

    #[test]
    fn one_malformed_parameter_falls_back_to_its_default_alone() {
        let state = parse(&[("q", "dental"), ("sort", "shoe"), ("page", "0"), ("size", "7"), ("order", "sideways")]);
        assert_eq!(state, OrgList { q: "dental".into(), ..OrgList::default() });
    }

    #[test]
    fn sorting_flips_the_current_column_and_resets_the_page() {
        let state = OrgList { page: 4, ..OrgList::default() };
        let by_status = state.sorted_by(ChildOrgSort::Status);
        assert!(by_status.descending);
        assert_eq!(by_status.page, 1);
        let by_plan = by_status.sorted_by(ChildOrgSort::Plan);
        assert_eq!((by_plan.sort, by_plan.descending), (ChildOrgSort::Plan, false));
    }

    #[test]
    fn a_new_filter_starts_again_at_the_first_page() {
        let state = OrgList { page: 4, ..OrgList::default() };
        let filtered = state.filtered(OrgFilter { plan: Some(PackagePlan::Enterprise), ..OrgFilter::default() });
        assert_eq!(filtered.page, 1);
        assert_eq!(filtered.api_query(), "q=&sort=status&order=asc&plan=enterprise&limit=50&offset=0");
    }

    #[test]
    fn a_page_maps_to_limit_and_offset() {
        let state = OrgList { page: 3, size: 25, q: "a b".into(), ..OrgList::default() };
        assert_eq!(state.api_query(), "q=a%20b&sort=status&order=asc&limit=25&offset=50");
    }

    #[test]
    fn stepping_never_goes_before_the_first_page() {
        let state = OrgList { page: 2, ..OrgList::default() };
        assert_eq!(state.stepped(1).page, 3);
        assert_eq!(state.stepped(-5).page, 1);
    }
}
