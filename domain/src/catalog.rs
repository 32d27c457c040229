//! What can be subscribed to: Package Plans, Currencies and Plan Lengths.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PackagePlan {
    Essentials,
    Professional,
    Enterprise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    #[serde(rename = "USD")]
    Usd,
    #[serde(rename = "CAD")]
    Cad,
    #[serde(rename = "EUR")]
    Eur,
    #[serde(rename = "GBP")]
    Gbp,
    #[serde(rename = "AUD")]
    Aud,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanLength {
    Monthly,
    OneYear,
    ThreeYears,
}

impl PackagePlan {
    pub const ALL: [Self; 3] = [Self::Essentials, Self::Professional, Self::Enterprise];
    /// What a new child org starts on until its partner changes it.
    pub const INITIAL: Self = Self::Essentials;

    pub fn key(self) -> &'static str {
        match self {
            Self::Essentials => "essentials",
            Self::Professional => "professional",
            Self::Enterprise => "enterprise",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Essentials => "Essentials",
            Self::Professional => "Professional",
            Self::Enterprise => "Enterprise",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }
}

impl Currency {
    pub const ALL: [Self; 5] = [Self::Usd, Self::Cad, Self::Eur, Self::Gbp, Self::Aud];

    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Usd => "USD",
            Self::Cad => "CAD",
            Self::Eur => "EUR",
            Self::Gbp => "GBP",
            Self::Aud => "AUD",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

impl PlanLength {
    pub const ALL: [Self; 3] = [Self::Monthly, Self::OneYear, Self::ThreeYears];
    pub const INITIAL: Self = Self::Monthly;

    pub fn key(self) -> &'static str {
        match self {
            Self::Monthly => "monthly",
            Self::OneYear => "one_year",
            Self::ThreeYears => "three_years",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Monthly => "Monthly",
            Self::OneYear => "1 year",
            Self::ThreeYears => "3 years",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_keys_round_trip() {
        for plan in PackagePlan::ALL {
            assert_eq!(PackagePlan::from_key(plan.key()), Some(plan));
        }
        for currency in Currency::ALL {
            assert_eq!(Currency::from_code(currency.code()), Some(currency));
            assert_eq!(serde_json::to_value(currency).unwrap(), currency.code());
        }
        for length in PlanLength::ALL {
            assert_eq!(PlanLength::from_key(length.key()), Some(length));
        }
    }
}
