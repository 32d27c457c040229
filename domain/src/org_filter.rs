//! Manage Organizations' filters: state, plan, currency and "trial ends within N days", kept in
//! the page's URL and sent as the list endpoint's query parameters. The browser reads a
//! malformed value as no filter; the server refuses it.

use serde::{Deserialize, Serialize};

use crate::catalog::{Currency, PackagePlan};

/// Where an org stands on the trial clock, as a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrialPhase {
    AwaitingFirstUnlock,
    Trialing,
    Billing,
}

impl TrialPhase {
    pub const ALL: [Self; 3] = [Self::AwaitingFirstUnlock, Self::Trialing, Self::Billing];

    /// As `TrialStatus`'s `phase` names it.
    pub fn key(self) -> &'static str {
        match self {
            Self::AwaitingFirstUnlock => "awaitingFirstUnlock",
            Self::Trialing => "trialing",
            Self::Billing => "billing",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingFirstUnlock => "Awaiting first unlock",
            Self::Trialing => "Trialing",
            Self::Billing => "Billing",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|phase| phase.key() == key)
    }
}

/// The longest "trial ends within" a filter takes, in days.
pub const MAX_TRIAL_ENDS_WITHIN: u32 = 365;

/// The list endpoint's filter parameters, as they arrive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrgFilterQuery {
    /// `awaitingFirstUnlock`, `trialing` or `billing`.
    #[cfg_attr(feature = "openapi", schemars(pattern("^(awaitingFirstUnlock|trialing|billing)$")))]
    pub state: Option<String>,
    /// A plan key: `essentials`, `professional`, `enterprise`.
    #[cfg_attr(feature = "openapi", schemars(pattern("^(essentials|professional|enterprise)$")))]
    pub plan: Option<String>,
    /// A currency code: `USD`, `CAD`, `EUR`, `GBP`, `AUD`.
    #[cfg_attr(feature = "openapi", schemars(pattern("^(USD|CAD|EUR|GBP|AUD)$")))]
    pub currency: Option<String>,
    /// Only orgs whose trial is running and ends within this many days (1 to 365).
    #[cfg_attr(feature = "openapi", schemars(range(min = 1, max = 365)))]
    pub trial_ends_within: Option<u32>,
}

/// Which child orgs the list shows, beyond its search words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrgFilter {
    pub state: Option<TrialPhase>,
    pub plan: Option<PackagePlan>,
    pub currency: Option<Currency>,
    pub trial_ends_within: Option<u32>,
}

impl OrgFilter {
    /// Strictly: a value that names nothing is an error, with the message the API answers.
    pub fn parse(query: &OrgFilterQuery) -> Result<Self, String> {
        let state = match query.state.as_deref() {
            None => None,
            Some(key) => {
                Some(TrialPhase::from_key(key).ok_or("state must be awaitingFirstUnlock, trialing or billing.")?)
            }
        };
        let plan = match query.plan.as_deref() {
            None => None,
            Some(key) => {
                Some(PackagePlan::from_key(key).ok_or("plan must be essentials, professional or enterprise.")?)
            }
        };
        let currency = match query.currency.as_deref() {
            None => None,
            Some(code) => Some(Currency::from_code(code).ok_or("currency must be USD, CAD, EUR, GBP or AUD.")?),
        };
        let trial_ends_within = match query.trial_ends_within {
            None => None,
            Some(days @ 1..=MAX_TRIAL_ENDS_WITHIN) => Some(days),
            Some(_) => return Err("trialEndsWithin must be a whole number of days from 1 to 365.".to_owned()),
        };
        Ok(Self { state, plan, currency, trial_ends_within })
    }

    /// Leniently, as the browser reads its URL: each malformed value is left out alone.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            state: get("state").as_deref().and_then(TrialPhase::from_key),
            plan: get("plan").as_deref().and_then(PackagePlan::from_key),
            currency: get("currency").as_deref().and_then(Currency::from_code),
            trial_ends_within: get("trialEndsWithin")
                .and_then(|days| days.parse().ok())
                .filter(|days| (1..=MAX_TRIAL_ENDS_WITHIN).contains(days)),
        }
    }

    /// The query parameters of the filters that are set, in a fixed order.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        [
            self.state.map(|state| ("state", state.key().to_owned())),
            self.plan.map(|plan| ("plan", plan.key().to_owned())),
            self.currency.map(|currency| ("currency", currency.code().to_owned())),
            self.trial_ends_within.map(|days| ("trialEndsWithin", days.to_string())),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_their_parameters() {
        let filter = OrgFilter {
            state: Some(TrialPhase::Trialing),
            plan: Some(PackagePlan::Professional),
            currency: Some(Currency::Cad),
            trial_ends_within: Some(7),
        };
        let params = filter.params();
        assert_eq!(
            params,
            [("state", "trialing"), ("plan", "professional"), ("currency", "CAD"), ("trialEndsWithin", "7")]
                .map(|(k, v)| (k, v.to_owned()))
        );
        let read = OrgFilter::from_lookup(|name| params.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone()));
        assert_eq!(read, filter);
    }

    #[test]
    fn the_server_refuses_what_the_browser_leaves_out() {
        let bad = OrgFilterQuery { state: Some("expired".into()), ..OrgFilterQuery::default() };
        assert!(OrgFilter::parse(&bad).unwrap_err().starts_with("state must be"));
        let too_far = OrgFilterQuery { trial_ends_within: Some(366), ..OrgFilterQuery::default() };
        assert!(OrgFilter::parse(&too_far).is_err());
        let read = OrgFilter::from_lookup(|name| (name == "state").then(|| "expired".to_owned()));
        assert!(read.is_empty());
    }
}
