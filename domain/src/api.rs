//! The JSON shapes of the `/api/v1` endpoints, shared so the client and the server cannot drift.

use serde::{Deserialize, Serialize};

/// Answer of `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthReport {
    /// `ok` when every dependency answered, `degraded` otherwise.
    pub status: HealthStatus,
    /// The server's release version.
    pub version: String,
    pub database: DatabaseHealth,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    Ok,
    Degraded,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseHealth {
    /// `sqlite` or `postgres`.
    pub backend: String,
    pub reachable: bool,
}

/// The body of every error response: the HTTP status again, a sentence a person can read, and,
/// for validation failures, one message per offending field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub status: u16,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_errors: Vec<FieldError>,
}

/// A validation message tied to one input field, named as in the request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_omits_field_errors_when_there_are_none() {
        let body = ErrorBody { status: 404, message: "Not found".into(), field_errors: vec![] };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"status":404,"message":"Not found"}"#
        );
    }

    #[test]
    fn health_report_uses_camel_case_and_lowercase_status() {
        let report = HealthReport {
            status: HealthStatus::Ok,
            version: "1.2.3".into(),
            database: DatabaseHealth { backend: "sqlite".into(), reachable: true },
        };
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["status"], "ok");
        assert_eq!(json["database"]["reachable"], true);
    }
}
