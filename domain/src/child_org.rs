//! The Add Org form and the edits of a child org: their fields, their rules, and the shapes
//! the Partner Center API exchanges. The browser checks a form with `validate` before sending
//! it; the server runs the very same `validate` on what arrives.

use serde::{Deserialize, Deserializer, Serialize};

use crate::ap_emails::AdditionalApEmails;
use crate::api::{FieldError, FieldErrors, OrgRef};
use crate::billing::BillingMode;
use crate::catalog::{Currency, PackagePlan, PlanLength};
use crate::trial::TrialStatus;
use crate::validation::{Email, Namespace, OrgName, PersonName, ReferenceNumber, TrialDays};

/// Field names, as in the request body and in `FieldError::field`.
pub mod field {
    pub const NAME: &str = "name";
    pub const ADMIN_FIRST_NAME: &str = "adminFirstName";
    pub const ADMIN_LAST_NAME: &str = "adminLastName";
    pub const ADMIN_EMAIL: &str = "adminEmail";
    pub const NAMESPACE: &str = "namespace";
    pub const AP_EMAIL: &str = "apEmail";
    pub const TRIAL_DAYS: &str = "trialDays";
    pub const REFERENCE_NUMBER: &str = "referenceNumber";
}

/// Accepts `14`, `"14"`, `1.5` or `"abc"` alike as text, so that the one trial-days rule judges
/// every client's input, and its message is the same whatever the client sent.
fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Whole(i64),
        Fraction(f64),
    }
    Ok(match TextOrNumber::deserialize(deserializer)? {
        TextOrNumber::Text(text) => text,
        TextOrNumber::Whole(n) => n.to_string(),
        TextOrNumber::Fraction(x) => x.to_string(),
    })
}

/// `POST /api/v1/partner/orgs`: the Add Org form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", schemars(transform = crate::schema::namespace_when_linking))]
pub struct NewChildOrg {
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::ORG_NAME_MAX_CHARS), pattern(crate::validation::patterns::REQUIRED_TEXT)))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::PERSON_NAME_MAX_CHARS), pattern(crate::validation::patterns::REQUIRED_TEXT)))]
    pub admin_first_name: String,
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::PERSON_NAME_MAX_CHARS), pattern(crate::validation::patterns::REQUIRED_TEXT)))]
    pub admin_last_name: String,
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::EMAIL_MAX_CHARS), email))]
    pub admin_email: String,
    /// "Add a user from an existing namespace": link the login `admin_email` has in `namespace`
    /// instead of creating a new one.
    #[serde(default)]
    pub use_existing_namespace: bool,
    #[serde(default)]
    pub namespace: String,
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::EMAIL_MAX_CHARS), email))]
    pub ap_email: String,
    /// Up to four more addresses that receive every invoice.
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::schema::additional_ap_emails"))]
    #[serde(default)]
    pub additional_ap_emails: Vec<String>,
    #[cfg_attr(feature = "openapi", schemars(pattern(crate::validation::patterns::TRIAL_DAYS)))]
    #[serde(deserialize_with = "text_or_number")]
    pub trial_days: String,
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::REFERENCE_NUMBER_MAX_CHARS), pattern(crate::validation::patterns::PRINTABLE_TEXT)))]
    #[serde(default)]
    pub reference_number: String,
}

/// A `NewChildOrg` whose every field passed its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidNewChildOrg {
    pub name: OrgName,
    pub admin_first_name: PersonName,
    pub admin_last_name: PersonName,
    pub admin_email: Email,
    pub existing_namespace: Option<Namespace>,
    pub ap_email: Email,
    pub additional_ap_emails: AdditionalApEmails,
    pub trial_days: TrialDays,
    pub reference_number: Option<ReferenceNumber>,
}

impl NewChildOrg {
    /// The message for one field, or `None` when it passes (what the form shows on leaving it).
    pub fn field_error(&self, name: &str) -> Option<String> {
        self.validate().err()?.into_iter().find(|e| e.field == name).map(|e| e.message)
    }

    pub fn validate(&self) -> Result<ValidNewChildOrg, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let name = errors.check(field::NAME, OrgName::parse(&self.name));
        let first = errors.check(field::ADMIN_FIRST_NAME, PersonName::parse(&self.admin_first_name));
        let last = errors.check(field::ADMIN_LAST_NAME, PersonName::parse(&self.admin_last_name));
        let admin_email = errors.check(field::ADMIN_EMAIL, Email::parse(&self.admin_email));
        let namespace = if self.use_existing_namespace {
            errors.check(field::NAMESPACE, Namespace::parse(&self.namespace)).map(Some)
        } else {
            Some(None)
        };
        let ap_email = errors.check(field::AP_EMAIL, Email::parse(&self.ap_email));
        let additional_ap_emails = AdditionalApEmails::check(&mut errors, &self.ap_email, &self.additional_ap_emails);
        let trial_days = errors.check(field::TRIAL_DAYS, TrialDays::parse(&self.trial_days));
        let reference_number = errors.check(field::REFERENCE_NUMBER, ReferenceNumber::parse(&self.reference_number));
        let valid = (|| {
            Some(ValidNewChildOrg {
                name: name?,
                admin_first_name: first?,
                admin_last_name: last?,
                admin_email: admin_email?,
                existing_namespace: namespace?,
                ap_email: ap_email?,
                additional_ap_emails: additional_ap_emails?,
                trial_days: trial_days?,
                reference_number: reference_number?,
            })
        })();
        errors.or(valid)
    }
}

/// `PATCH /api/v1/partner/orgs/{id}`: Organization Information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrgInfoUpdate {
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::ORG_NAME_MAX_CHARS), pattern(crate::validation::patterns::REQUIRED_TEXT)))]
    pub name: String,
    /// The version the edit was based on; a newer one on the server means a conflict.
    pub version: i64,
}

/// `PATCH /api/v1/partner/orgs/{id}/billing`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BillingUpdate {
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::EMAIL_MAX_CHARS), email))]
    pub ap_email: String,
    /// Up to four more addresses that receive every invoice.
    #[cfg_attr(feature = "openapi", schemars(schema_with = "crate::schema::additional_ap_emails"))]
    #[serde(default)]
    pub additional_ap_emails: Vec<String>,
    #[cfg_attr(feature = "openapi", schemars(pattern(crate::validation::patterns::TRIAL_DAYS)))]
    #[serde(deserialize_with = "text_or_number")]
    pub trial_days: String,
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::REFERENCE_NUMBER_MAX_CHARS), pattern(crate::validation::patterns::PRINTABLE_TEXT)))]
    #[serde(default)]
    pub reference_number: String,
    pub version: i64,
}

/// The validated billing edit.
pub struct ValidBillingUpdate {
    pub ap_email: Email,
    pub additional_ap_emails: AdditionalApEmails,
    pub trial_days: TrialDays,
    pub reference_number: Option<ReferenceNumber>,
}

impl BillingUpdate {
    /// The message for one field, or `None` when it passes.
    pub fn field_error(&self, name: &str) -> Option<String> {
        self.validate().err()?.into_iter().find(|e| e.field == name).map(|e| e.message)
    }

    pub fn validate(&self) -> Result<ValidBillingUpdate, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let ap_email = errors.check(field::AP_EMAIL, Email::parse(&self.ap_email));
        let additional_ap_emails = AdditionalApEmails::check(&mut errors, &self.ap_email, &self.additional_ap_emails);
        let trial_days = errors.check(field::TRIAL_DAYS, TrialDays::parse(&self.trial_days));
        let reference_number = errors.check(field::REFERENCE_NUMBER, ReferenceNumber::parse(&self.reference_number));
        let valid = (|| {
            Some(ValidBillingUpdate {
                ap_email: ap_email?,
                additional_ap_emails: additional_ap_emails?,
                trial_days: trial_days?,
                reference_number: reference_number?,
            })
        })();
        errors.or(valid)
    }
}

pub const TRIAL_LENGTH_FIXED: &str = "The trial has already started; its length can no longer change.";

/// The trial's length may change until the trial starts: after that, its end (and the start of
/// billing) has been told to the customer.
pub fn check_trial_length_change(status: &TrialStatus, current_days: i64, wanted: TrialDays) -> Result<(), FieldError> {
    if status.trial_length_fixed() && i64::from(wanted.days()) != current_days {
        return Err(FieldError::new(field::TRIAL_DAYS, TRIAL_LENGTH_FIXED));
    }
    Ok(())
}

/// `GET /api/v1/partner`: what the Add Org form pre-fills from the partner's own org.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PartnerInfo {
    pub org: OrgRef,
    /// The partner's setting that every new child org's billing mode follows.
    pub billing_mode: BillingMode,
}

/// A person as lists show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PersonRef {
    pub name: String,
    pub email: String,
}

/// One row of Manage Organizations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChildOrgSummary {
    pub id: String,
    pub name: String,
    /// `org:<slug>`, which a login of this org signs in with.
    pub namespace: String,
    pub super_admin: Option<PersonRef>,
    pub status: TrialStatus,
    pub plan: PackagePlan,
    pub reference_number: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A child org as its page shows it. `version`s guard concurrent edits of each part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChildOrgDetail {
    pub id: String,
    pub name: String,
    pub namespace: String,
    pub parent: OrgRef,
    pub created_at: String,
    pub version: i64,
    pub super_admin: Option<PersonRef>,
    pub billing: BillingDetail,
    pub subscription: SubscriptionDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BillingDetail {
    pub mode: BillingMode,
    pub ap_email: String,
    pub additional_ap_emails: Vec<String>,
    pub trial_days: i64,
    pub reference_number: Option<String>,
    pub status: TrialStatus,
    /// What started the trial: "Bench test by <name>", or the door (or API token) that
    /// reported the first unlock. `None` until then.
    pub trial_started_by: Option<String>,
    /// The trial's one extension, once granted.
    pub trial_extension: Option<crate::trial_extension::TrialExtensionView>,
    /// Reminders that the trial ends soon, newest first.
    pub reminders: Vec<crate::trial_reminder::SentReminder>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionDetail {
    pub plan: PackagePlan,
    pub currency: Currency,
    pub length: PlanLength,
}

/// The columns Manage Organizations sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildOrgSort {
    Name,
    SuperAdmin,
    /// Needs attention first (the list's default): running trials by their end, soonest
    /// first; then orgs awaiting their first unlock (by name); then billing orgs, the most
    /// recent to start billing first. Descending is the exact reverse.
    Status,
    Plan,
    Created,
}

impl ChildOrgSort {
    pub const ALL: [Self; 5] = [Self::Name, Self::SuperAdmin, Self::Status, Self::Plan, Self::Created];
    /// Every `key()`, in the order of `ALL` (the API document lists them).
    pub const KEYS: &'static [&'static str] = &["name", "superAdmin", "status", "plan", "created"];

    /// The value of the `sort` query parameter.
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::SuperAdmin => "superAdmin",
            Self::Status => "status",
            Self::Plan => "plan",
            Self::Created => "created",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sort_keys_list_every_column() {
        assert_eq!(ChildOrgSort::ALL.map(ChildOrgSort::key), ChildOrgSort::KEYS);
    }

    fn valid() -> NewChildOrg {
        NewChildOrg {
            name: "Harbor View Dental".into(),
            admin_first_name: "Priya".into(),
            admin_last_name: "Raman".into(),
            admin_email: "priya@harborview.example".into(),
            use_existing_namespace: false,
            namespace: String::new(),
            ap_email: "ap@harborview.example".into(),
            additional_ap_emails: Vec::new(),
            trial_days: "14".into(),
            reference_number: String::new(),
        }
    }

    #[test]
    fn the_form_checks_every_additional_ap_email_against_the_first() {
        let form = NewChildOrg {
            additional_ap_emails: vec!["AP@harborview.example".into(), "billing@harborview.example".into()],
            ..valid()
        };
        assert_eq!(fields(&form), ["additionalApEmails.0"]);
        let form = NewChildOrg { additional_ap_emails: vec!["billing@harborview.example".into()], ..valid() };
        let valid = form.validate().unwrap();
        assert_eq!(valid.additional_ap_emails.to_strings(), ["billing@harborview.example"]);
    }

    fn fields(form: &NewChildOrg) -> Vec<String> {
        form.validate().err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_form_is_valid() {
        let valid = valid().validate().unwrap();
        assert_eq!(valid.trial_days.days(), 14);
        assert_eq!(valid.existing_namespace, None);
        assert_eq!(valid.reference_number, None);
    }

    #[test]
    fn every_failing_field_is_named_in_form_order() {
        let form = NewChildOrg { name: " ".into(), ap_email: "nope".into(), trial_days: "22".into(), ..valid() };
        assert_eq!(fields(&form), ["name", "apEmail", "trialDays"]);
        assert_eq!(form.field_error("trialDays").unwrap(), "Enter a whole number of days from 1 to 21.");
        assert_eq!(form.field_error("adminEmail"), None);
    }

    #[test]
    fn the_namespace_is_checked_only_when_linking_an_existing_login() {
        let ignored = NewChildOrg { namespace: "garbage".into(), ..valid() };
        assert!(ignored.validate().is_ok());
        let linking = NewChildOrg { use_existing_namespace: true, namespace: "garbage".into(), ..valid() };
        assert_eq!(fields(&linking), ["namespace"]);
        let linked =
            NewChildOrg { use_existing_namespace: true, namespace: "org:northwind-security".into(), ..valid() };
        assert_eq!(linked.validate().unwrap().existing_namespace.unwrap().as_str(), "org:northwind-security");
    }

    #[test]
    fn trial_days_arrive_as_text_or_as_numbers_and_meet_the_same_rule() {
        for (json, ok) in [
            ("14", true),
            ("\"21\"", true),
            ("0", false),
            ("22", false),
            ("-3", false),
            ("1.5", false),
            ("\"abc\"", false),
            ("\"\"", false),
        ] {
            let body = format!(
                r#"{{"name":"A","adminFirstName":"B","adminLastName":"C","adminEmail":"b@c.example","apEmail":"d@c.example","trialDays":{json}}}"#
            );
            let form: NewChildOrg = serde_json::from_str(&body).unwrap();
            assert_eq!(form.validate().is_ok(), ok, "{json}");
        }
    }

    #[test]
    fn sort_keys_round_trip() {
        for sort in ChildOrgSort::ALL {
            assert_eq!(ChildOrgSort::from_key(sort.key()), Some(sort));
        }
    }

    #[test]
    fn the_trial_length_changes_freely_until_the_trial_starts_then_is_fixed() {
        let days = |n: &str| TrialDays::parse(n).unwrap();
        assert_eq!(check_trial_length_change(&TrialStatus::AwaitingFirstUnlock, 14, days("21")), Ok(()));
        let trialing = TrialStatus::Trialing { days_left: 3, ends_at: 0 };
        let billing = TrialStatus::Billing { since: 0 };
        for started in [trialing, billing] {
            assert_eq!(check_trial_length_change(&started, 14, days("14")), Ok(()), "unchanged is no change");
            let refused = check_trial_length_change(&started, 14, days("15")).unwrap_err();
            assert_eq!(refused, FieldError::new(field::TRIAL_DAYS, TRIAL_LENGTH_FIXED));
        }
    }
}
