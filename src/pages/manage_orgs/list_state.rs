//! What Manage Organizations shows, as carried in its URL: search, sort, page and page size.
//! Back, forward, reload and shared links all land on the same view.

use partner_center_domain::child_org::ChildOrgSort;

use crate::api::ChildOrgQuery;

pub const PAGE_SIZES: [u32; 3] = [25, 50, 100];
const DEFAULT_PAGE_SIZE: u32 = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListState {
    pub q: String,
    pub sort: ChildOrgSort,
    pub descending: bool,
    /// 1-based.
    pub page: u32,
    pub size: u32,
}

impl Default for ListState {
    fn default() -> Self {
        Self { q: String::new(), sort: ChildOrgSort::Name, descending: false, page: 1, size: DEFAULT_PAGE_SIZE }
    }
}

impl ListState {
    /// Reads the URL's parameters; anything missing or malformed takes its default.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let defaults = Self::default();
        Self {
            q: get("q").unwrap_or_default(),
            sort: get("sort").and_then(|s| ChildOrgSort::from_key(&s)).unwrap_or(defaults.sort),
            descending: get("order").as_deref() == Some("desc"),
            page: get("page").and_then(|p| p.parse().ok()).filter(|&p| p >= 1).unwrap_or(1),
            size: get("size").and_then(|s| s.parse().ok()).filter(|s| PAGE_SIZES.contains(s)).unwrap_or(defaults.size),
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
        if params.is_empty() {
            "/partner/orgs".to_owned()
        } else {
            format!("/partner/orgs?{}", params.join("&"))
        }
    }

    pub fn query(&self) -> ChildOrgQuery {
        ChildOrgQuery {
            q: self.q.clone(),
            sort: self.sort,
            descending: self.descending,
            limit: self.size,
            offset: (self.page - 1) * self.size,
        }
    }

    /// Sorting by `column`: a new column sorts ascending, the current one flips; back to page 1.
    pub fn sorted_by(&self, column: ChildOrgSort) -> Self {
        let descending = self.sort == column && !self.descending;
        Self { sort: column, descending, page: 1, ..self.clone() }
    }

    pub fn searching(&self, q: &str) -> Self {
        Self { q: q.trim().to_owned(), page: 1, ..self.clone() }
    }

    pub fn on_page(&self, page: u32) -> Self {
        Self { page: page.max(1), ..self.clone() }
    }

    pub fn with_size(&self, size: u32) -> Self {
        Self { size, page: 1, ..self.clone() }
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass), without the browser,
/// so it is testable natively.
fn percent_encode(text: &str) -> String {
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

    fn parse(pairs: &[(&str, &str)]) -> ListState {
        ListState::from_params(|key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned()))
    }

    #[test]
    fn an_empty_url_is_the_first_page_by_name() {
        assert_eq!(parse(&[]), ListState::default());
        assert_eq!(ListState::default().href(), "/partner/orgs");
    }

    #[test]
    fn the_url_round_trips_every_setting() {
        let state =
            ListState { q: "harbor view & co".into(), sort: ChildOrgSort::Status, descending: true, page: 3, size: 25 };
        let href = state.href();
        assert_eq!(href, "/partner/orgs?q=harbor%20view%20%26%20co&sort=status&order=desc&page=3&size=25");
        let query = href.split_once('?').unwrap().1;
        let decoded: Vec<(String, String)> = query
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (k.to_owned(), v.replace("%20", " ").replace("%26", "&"))
            })
            .collect();
        let back = ListState::from_params(|key| decoded.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()));
        assert_eq!(back, state);
    }

    #[test]
    fn malformed_parameters_fall_back_to_defaults() {
        let state = parse(&[("sort", "shoe"), ("page", "0"), ("size", "7"), ("order", "sideways")]);
        assert_eq!(state, ListState::default());
    }

    #[test]
    fn sorting_flips_the_current_column_and_resets_the_page() {
        let state = ListState { page: 4, ..ListState::default() };
        let by_name = state.sorted_by(ChildOrgSort::Name);
        assert!(by_name.descending);
        assert_eq!(by_name.page, 1);
        let by_plan = by_name.sorted_by(ChildOrgSort::Plan);
        assert_eq!((by_plan.sort, by_plan.descending), (ChildOrgSort::Plan, false));
    }

    #[test]
    fn a_page_maps_to_limit_and_offset() {
        let query = ListState { page: 3, size: 25, ..ListState::default() }.query();
        assert_eq!((query.limit, query.offset), (25, 50));
    }
}
