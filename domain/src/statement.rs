//! The partner statement: every invoice of the partner's partner-invoiced child orgs issued in
//! one calendar month (UTC), with totals per currency, for reconciliation.

use serde::{Deserialize, Serialize};

use crate::api::Page;
use crate::catalog::{Currency, Money, PackagePlan, PlanLength};

pub const BAD_MONTH: &str = "Name a month as YYYY-MM, like 2027-03.";

/// What `StatementMonth::parse` accepts, for the API document: a month of 1970 to 9999.
pub const MONTH_PATTERN: &str = "^(19[7-9][0-9]|[2-9][0-9]{3})-(0[1-9]|1[0-2])$";

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar month, written `YYYY-MM` in paths and queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct StatementMonth {
    year: i32,
    month: u8,
}

impl StatementMonth {
    /// A month of the years invoices can have (1970 to 9999); `month` counts from 1.
    pub fn new(year: i32, month: u8) -> Option<Self> {
        ((1970..=9999).contains(&year) && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let (year, month) = text.split_once('-').ok_or(BAD_MONTH)?;
        let digits = |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) {
            return Err(BAD_MONTH);
        }
        let (year, month) = (year.parse().map_err(|_| BAD_MONTH)?, month.parse().map_err(|_| BAD_MONTH)?);
        Self::new(year, month).ok_or(BAD_MONTH)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 for January.
    pub fn month(self) -> u8 {
        self.month
    }

    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// "March 2027".
    pub fn label(self) -> String {
        format!("{} {}", MONTH_NAMES[usize::from(self.month - 1)], self.year)
    }

    pub fn previous(self) -> Self {
        match self.month {
            1 => Self { year: self.year - 1, month: 12 },
            month => Self { year: self.year, month: month - 1 },
        }
    }

    pub fn next(self) -> Self {
        match self.month {
            12 => Self { year: self.year + 1, month: 1 },
            month => Self { year: self.year, month: month + 1 },
        }
    }

    /// Every month from `self` back to `first`, newest first (empty when `first` is later).
    pub fn back_to(self, first: Self) -> Vec<Self> {
        let mut months = Vec::new();
        let mut month = self;
        while month >= first {
            months.push(month);
            month = month.previous();
        }
        months
    }
}

/// `GET /api/v1/partner/statements`: the months that have a statement, newest first: from the
/// month of the first partner-invoiced invoice to the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatementMonths {
    /// `YYYY-MM`.
    pub months: Vec<String>,
}

/// The month's invoices in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CurrencyTotal {
    pub currency: Currency,
    pub invoices: i64,
    pub amount: Money,
}

/// One invoice on the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatementLine {
    pub invoice_id: String,
    pub number: String,
    /// RFC 3339.
    pub issued_at: String,
    pub org_id: String,
    pub org_name: String,
    pub reference_number: Option<String>,
    pub plan: PackagePlan,
    pub length: PlanLength,
    /// RFC 3339.
    pub period_start: String,
    /// RFC 3339.
    pub period_end: String,
    pub amount: Money,
}

/// `GET /api/v1/partner/statements/{month}`: the totals of the whole month and one page of its
/// invoices, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PartnerStatement {
    /// `YYYY-MM`.
    pub month: String,
    pub partner_name: String,
    /// By currency code.
    pub totals: Vec<CurrencyTotal>,
    pub lines: Page<StatementLine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_four_digits_a_dash_and_two() {
        let march = StatementMonth::parse("2027-03").unwrap();
        assert_eq!((march.year(), march.month()), (2027, 3));
        assert_eq!(march.key(), "2027-03");
        assert_eq!(march.label(), "March 2027");
        for bad in ["2027-3", "2027-13", "2027-00", "27-03", "2027/03", "", "2027-03-01", "１２３４-01", "1969-12"]
        {
            assert_eq!(StatementMonth::parse(bad), Err(BAD_MONTH), "{bad:?}");
        }
    }

    #[test]
    fn the_published_pattern_accepts_what_parse_accepts() {
        let pattern = regex::Regex::new(MONTH_PATTERN).unwrap();
        for text in ["1970-01", "1969-12", "9999-12", "2027-00", "2027-13", "0000-01", "2027-1", "1999-07", "2000-10"] {
            assert_eq!(pattern.is_match(text), StatementMonth::parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn months_step_across_years() {
        let january = StatementMonth::new(2027, 1).unwrap();
        assert_eq!(january.previous().key(), "2026-12");
        assert_eq!(january.previous().next(), january);
    }

    #[test]
    fn the_months_back_to_the_first_are_newest_first() {
        let now = StatementMonth::new(2027, 2).unwrap();
        let first = StatementMonth::new(2026, 11).unwrap();
        let keys: Vec<String> = now.back_to(first).into_iter().map(StatementMonth::key).collect();
        assert_eq!(keys, ["2027-02", "2027-01", "2026-12", "2026-11"]);
        assert!(first.back_to(now).is_empty());
    }
}
