//! The JSON shapes of the `/api/v1` endpoints, shared so the client and the server cannot drift.

use serde::{Deserialize, Serialize};

use crate::roles::{Permission, Role};

/// Answer of `GET /api/v1/health` and `/health/ready`. Anyone may ask whether the server is up;
/// what it runs and on which database is told to signed-in people only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HealthReport {
    /// `ok` when every dependency answered, `degraded` otherwise.
    pub status: HealthStatus,
    /// Present for a signed-in caller only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<HealthDetails>,
}

/// What a signed-in caller also learns of the server's health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HealthDetails {
    /// The server's release version.
    pub version: String,
    pub database: DatabaseHealth,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    Ok,
    Degraded,
    /// The server is stopping: it finishes what it has and takes nothing new.
    Draining,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct DatabaseHealth {
    /// `sqlite` or `postgres`.
    pub backend: String,
    pub reachable: bool,
}

/// The body of every error response: the HTTP status again, a sentence a person can read, and,
/// for validation failures, one message per offending field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub status: u16,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_errors: Vec<FieldError>,
}

/// One page of a list, as every list endpoint answers (`limit`, `offset`, `sort`, `order`, `q`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "PageOf{T}"))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// Everything the caller may list, ignoring `q`.
    pub total_count: i64,
    /// What matches `q`.
    pub filtered_count: i64,
    /// More than `filtered_count` match: a search stops counting at `search::COUNT_CAP`.
    pub filtered_count_capped: bool,
    pub data: Vec<T>,
}

/// A validation message tied to one input field, named as in the request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_owned(), message: message.into() }
    }
}

/// Collects one message per failing field of a form, in form order.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// The parsed value, or `None` with the error kept under `field`.
    pub fn check<T, E: std::fmt::Display>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        result.map_err(|error| self.0.push(FieldError::new(field, error.to_string()))).ok()
    }

    /// Keeps a message that no single parser gives: a rule across fields.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// `valid` when no field failed, else every message.
    pub fn or<T>(self, valid: Option<T>) -> Result<T, Vec<FieldError>> {
        match valid {
            Some(valid) if self.0.is_empty() => Ok(valid),
            _ => Err(self.0),
        }
    }
}

/// `POST /api/v1/session`: sign in. `namespace` picks one identity when the email exists in
/// several namespaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignInRequest {
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::EMAIL_MAX_CHARS), email))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = crate::validation::PASSWORD_MAX_CHARS)))]
    pub password: String,
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::NAMESPACE_MAX_CHARS), pattern(crate::validation::patterns::NAMESPACE)))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// The answer to a sign-in whose credentials were right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "outcome", rename_all = "camelCase")]
#[allow(clippy::large_enum_variant, reason = "one short-lived value per sign-in; boxing buys nothing")]
pub enum SignInResponse {
    /// Signed in; the session cookie is set.
    SignedIn { me: Me },
    /// The email and password match identities in several namespaces: ask again with one.
    #[serde(rename_all = "camelCase")]
    ChooseNamespace { namespaces: Vec<String> },
}

/// `GET /api/v1/me`: who is signed in, the org they act in, and the orgs they can switch to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub email: String,
    pub namespace: String,
    pub first_name: String,
    pub last_name: String,
    pub acting_org: OrgRef,
    pub roles: Vec<Role>,
    pub permissions: Vec<Permission>,
    /// Every org where one of this person's linked users is active with Portal Access.
    pub orgs: Vec<OrgRef>,
}

impl Me {
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

/// An org as named in menus and links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrgRef {
    pub id: String,
    pub name: String,
    pub namespace: String,
    pub is_partner: bool,
}

/// `PUT /api/v1/session/org`: act in another org from now on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SwitchOrgRequest {
    pub org_id: String,
}

/// `GET /api/v1/orgs/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrgDetail {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub namespace: String,
    pub parent: Option<OrgRef>,
    pub is_partner: bool,
    pub billing_mode: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// `GET /api/v1/invitations/{token}`: what the invitation is for, before a password is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct InvitationInfo {
    pub email: String,
    pub namespace: String,
    pub org_name: String,
    pub first_name: String,
}

/// `POST /api/v1/invitations/{token}/accept`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AcceptInvitationRequest {
    #[cfg_attr(feature = "openapi", schemars(length(min = crate::validation::PASSWORD_MIN_CHARS, max = crate::validation::PASSWORD_MAX_CHARS)))]
    pub password: String,
}

/// `POST /api/v1/password-resets`: "Forgot password?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PasswordResetRequest {
    #[cfg_attr(feature = "openapi", schemars(length(max = crate::validation::EMAIL_MAX_CHARS), email))]
    pub email: String,
}

/// `GET /api/v1/password-resets/{token}`: whose password the link chooses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PasswordResetInfo {
    pub email: String,
    pub namespace: String,
}

/// `POST /api/v1/password-resets/{token}`: the new password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChooseNewPassword {
    #[cfg_attr(feature = "openapi", schemars(length(min = crate::validation::PASSWORD_MIN_CHARS, max = crate::validation::PASSWORD_MAX_CHARS)))]
    pub password: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_omits_field_errors_when_there_are_none() {
        let body = ErrorBody { status: 404, message: "Not found".into(), field_errors: vec![] };
        assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"status":404,"message":"Not found"}"#);
    }

    #[test]
    fn health_report_uses_camel_case_and_lowercase_status_and_omits_absent_details() {
        let details = HealthDetails {
            version: "1.2.3".into(),
            database: DatabaseHealth { backend: "sqlite".into(), reachable: true },
        };
        let report = HealthReport { status: HealthStatus::Ok, details: Some(details) };
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["status"], "ok");
        assert_eq!(json["details"]["database"]["reachable"], true);
        let anonymous = HealthReport { status: HealthStatus::Degraded, details: None };
        assert_eq!(serde_json::to_string(&anonymous).unwrap(), r#"{"status":"degraded"}"#);
    }

    #[test]
    fn sign_in_responses_are_tagged_by_outcome() {
        let choose = SignInResponse::ChooseNamespace { namespaces: vec!["org:a".into(), "org:b".into()] };
        assert_eq!(
            serde_json::to_string(&choose).unwrap(),
            r#"{"outcome":"chooseNamespace","namespaces":["org:a","org:b"]}"#
        );
    }
}
