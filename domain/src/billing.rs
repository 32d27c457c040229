//! Who an org's invoices go to.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BillingMode {
    /// The partner is invoiced for its child org and bills its customer itself.
    PartnerInvoiced,
    /// The child org is invoiced directly, at its Accounts Payable email.
    CustomerInvoiced,
}

impl BillingMode {
    pub fn key(self) -> &'static str {
        match self {
            Self::PartnerInvoiced => "partner_invoiced",
            Self::CustomerInvoiced => "customer_invoiced",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::PartnerInvoiced, Self::CustomerInvoiced].into_iter().find(|mode| mode.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::PartnerInvoiced => "Invoice the partner",
            Self::CustomerInvoiced => "Invoice the customer directly",
        }
    }
}

crate::decode_stored_key!(BillingMode, "billing mode", BillingMode::from_key);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn billing_mode_keys_round_trip() {
        for mode in [BillingMode::PartnerInvoiced, BillingMode::CustomerInvoiced] {
            assert_eq!(BillingMode::from_key(mode.key()), Some(mode));
        }
        assert_eq!(BillingMode::from_key("barter"), None);
    }
}
