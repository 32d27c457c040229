//! What can be subscribed to: Package Plans, Currencies and Plan Lengths.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PackagePlan {
    Essentials,
    Professional,
    Enterprise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
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

impl PlanLength {
    /// What a price is for: "per month", "per year", "per 3 years".
    pub fn per_period(self) -> &'static str {
        match self {
            Self::Monthly => "per month",
            Self::OneYear => "per year",
            Self::ThreeYears => "per 3 years",
        }
    }

    /// Months one period covers; an invoice is issued at the start of each period.
    pub fn months(self) -> u32 {
        match self {
            Self::Monthly => 1,
            Self::OneYear => 12,
            Self::ThreeYears => 36,
        }
    }
}

/// A price in integer minor units (cents, pence): money is never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Money {
    pub minor_units: i64,
    pub currency: Currency,
}

impl Money {
    /// `1234.50 USD`-style text for mail and logs, where the browser's locale formatting is
    /// not available.
    pub fn plain(&self) -> String {
        format!("{} {}", self.decimal(), self.currency.code())
    }

    /// `1234.50`: the amount alone, as a spreadsheet reads a number.
    pub fn decimal(&self) -> String {
        format!("{}.{:02}", self.minor_units / 100, self.minor_units % 100)
    }
}

/// Monthly list price of a plan in a currency, in minor units. Longer commitments are
/// discounted: 1 year pays 10 months, 3 years pay 27 months.
fn monthly_minor_units(plan: PackagePlan, currency: Currency) -> i64 {
    let usd = match plan {
        PackagePlan::Essentials => 4_900,
        PackagePlan::Professional => 12_900,
        PackagePlan::Enterprise => 29_900,
    };
    // Whole-unit list prices per currency, not conversions of the day.
    match currency {
        Currency::Usd => usd,
        Currency::Cad => usd * 135 / 100 / 100 * 100,
        Currency::Eur => usd * 92 / 100 / 100 * 100,
        Currency::Gbp => usd * 79 / 100 / 100 * 100,
        Currency::Aud => usd * 150 / 100 / 100 * 100,
    }
}

/// The price of one period of `plan` for `length` in `currency`.
pub fn price(plan: PackagePlan, currency: Currency, length: PlanLength) -> Money {
    let billed_months = match length {
        PlanLength::Monthly => 1,
        PlanLength::OneYear => 10,
        PlanLength::ThreeYears => 27,
    };
    Money { minor_units: monthly_minor_units(plan, currency) * billed_months, currency }
}

crate::decode_stored_key!(PackagePlan, "plan", PackagePlan::from_key);
crate::decode_stored_key!(Currency, "currency", Currency::from_code);
crate::decode_stored_key!(PlanLength, "plan length", PlanLength::from_key);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_price_names_its_period() {
        let named: Vec<&str> = PlanLength::ALL.map(PlanLength::per_period).to_vec();
        assert_eq!(named, ["per month", "per year", "per 3 years"]);
    }

    #[test]
    fn every_plan_currency_and_length_has_a_whole_unit_price() {
        for plan in PackagePlan::ALL {
            for currency in Currency::ALL {
                for length in PlanLength::ALL {
                    let money = price(plan, currency, length);
                    assert!(money.minor_units > 0);
                    assert_eq!(money.minor_units % 100, 0, "{plan:?} {currency:?} {length:?}");
                    assert_eq!(money.currency, currency);
                }
            }
        }
    }

    #[test]
    fn prices_are_looked_up_exactly() {
        assert_eq!(price(PackagePlan::Essentials, Currency::Usd, PlanLength::Monthly).minor_units, 4_900);
        assert_eq!(price(PackagePlan::Professional, Currency::Usd, PlanLength::OneYear).minor_units, 129_000);
        assert_eq!(price(PackagePlan::Enterprise, Currency::Gbp, PlanLength::Monthly).minor_units, 23_600);
        assert_eq!(price(PackagePlan::Essentials, Currency::Usd, PlanLength::ThreeYears).plain(), "1323.00 USD");
    }

    #[test]
    fn higher_tiers_cost_more_and_longer_terms_cost_less_per_month() {
        for currency in Currency::ALL {
            let monthly = |plan| price(plan, currency, PlanLength::Monthly).minor_units;
            assert!(monthly(PackagePlan::Essentials) < monthly(PackagePlan::Professional));
            assert!(monthly(PackagePlan::Professional) < monthly(PackagePlan::Enterprise));
            let per_month = |length: PlanLength| {
                price(PackagePlan::Professional, currency, length).minor_units / i64::from(length.months())
            };
            assert!(per_month(PlanLength::ThreeYears) < per_month(PlanLength::OneYear));
            assert!(per_month(PlanLength::OneYear) < per_month(PlanLength::Monthly));
        }
    }

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
