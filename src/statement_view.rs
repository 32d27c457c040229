//! What Partner Center › Statements shows, as carried in its URL: the month, the page and its
//! size. Without a month, the page shows the newest.

use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::use_query;
use leptos_router::params::Params;
use partner_center_domain::statement::StatementMonth;

use crate::list_state::{page_param, size_param, PagedView};

const PATH: &str = "/partner/statements";

/// The page's URL parameters as they arrive.
#[derive(Params, Debug, Clone, Default, PartialEq)]
pub struct StatementParams {
    pub month: Option<String>,
    pub page: Option<String>,
    pub size: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementView {
    /// `None`: the newest month there is.
    pub month: Option<StatementMonth>,
    pub page: u32,
    pub size: u32,
}

/// The view of the current page's URL.
pub fn use_statement_view() -> Memo<StatementView> {
    let query = use_query::<StatementParams>();
    Memo::new(move |_| StatementView::from_params(&query.with(|q| q.clone().unwrap_or_default())))
}

impl StatementView {
    /// Reads the URL's parameters; a malformed month is no month.
    pub fn from_params(params: &StatementParams) -> Self {
        Self {
            month: params.month.as_deref().and_then(|m| StatementMonth::parse(m).ok()),
            page: page_param(params.page.as_deref()),
            size: size_param(params.size.as_deref()),
        }
    }

    /// Another month, from its first page.
    pub fn of_month(&self, month: StatementMonth) -> Self {
        Self { month: Some(month), page: 1, ..*self }
    }

    /// The query of the statement endpoint for this view's page.
    pub fn api_query(&self) -> String {
        format!("limit={}&offset={}", self.size, self.first_row() - 1)
    }
}

impl PagedView for StatementView {
    /// Default values are left out to keep links short.
    fn href(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(month) = self.month {
            pairs.push(format!("month={}", month.key()));
        }
        if self.page != 1 {
            pairs.push(format!("page={}", self.page));
        }
        if self.size != size_param(None) {
            pairs.push(format!("size={}", self.size));
        }
        if pairs.is_empty() {
            PATH.to_owned()
        } else {
            format!("{PATH}?{}", pairs.join("&"))
        }
    }

    fn first_row(&self) -> u32 {
        (self.page - 1) * self.size + 1
    }

    fn size(&self) -> u32 {
        self.size
    }

    fn stepped(&self, step: i32) -> Self {
        Self { page: self.page.saturating_add_signed(step).max(1), ..*self }
    }

    fn with_size(&self, size: u32) -> Self {
        Self { size, page: 1, ..*self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(month: Option<&str>, page: Option<&str>, size: Option<&str>) -> StatementView {
        let owned = |text: Option<&str>| text.map(str::to_owned);
        StatementView::from_params(&StatementParams { month: owned(month), page: owned(page), size: owned(size) })
    }

    #[test]
    fn the_url_carries_the_month_page_and_size_and_leaves_defaults_out() {
        assert_eq!(view(None, None, None).href(), "/partner/statements");
        let march = view(Some("2027-03"), Some("2"), Some("25"));
        assert_eq!(march.href(), "/partner/statements?month=2027-03&page=2&size=25");
        assert_eq!(march.api_query(), "limit=25&offset=25");
        let april = march.of_month(StatementMonth::parse("2027-04").unwrap());
        assert_eq!(april.href(), "/partner/statements?month=2027-04&size=25");
    }

    #[test]
    fn a_malformed_month_or_page_is_the_default() {
        let view = view(Some("2027-13"), Some("0"), Some("7"));
        assert_eq!((view.month, view.page, view.size), (None, 1, 50));
    }
}
