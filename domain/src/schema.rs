//! What the JSON Schema derive cannot say on its own (the server's OpenAPI document only).

use schemars::Schema;
use serde_json::json;

use crate::validation::{patterns, NAMESPACE_MAX_CHARS};

/// "Add a user from an existing namespace": with `useExistingNamespace`, `namespace` must name
/// one; without it, `namespace` is ignored, whatever it holds.
pub fn namespace_when_linking(schema: &mut Schema) {
    schema.insert(
        "if".to_owned(),
        json!({ "properties": { "useExistingNamespace": { "const": true } }, "required": ["useExistingNamespace"] }),
    );
    schema.insert(
        "then".to_owned(),
        json!({
            "properties": {
                "namespace": { "type": "string", "pattern": patterns::NAMESPACE, "maxLength": NAMESPACE_MAX_CHARS }
            },
            "required": ["namespace"]
        }),
    );
}

/// The addresses after the first Accounts Payable email: at most four rows, each an address or
/// blank (a row added and not filled, left out). The server also refuses an address listed
/// twice, whatever its case, or one that repeats the first.
pub fn additional_ap_emails(_: &mut schemars::SchemaGenerator) -> Schema {
    let max = crate::validation::EMAIL_MAX_CHARS;
    schemars::json_schema!({
        "type": "array",
        "maxItems": crate::ap_emails::MAX_AP_EMAILS - 1,
        "items": {
            "anyOf": [
                { "type": "string", "format": "email", "maxLength": max },
                { "type": "string", "pattern": r"^\s*$", "maxLength": max }
            ]
        }
    })
}
