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
