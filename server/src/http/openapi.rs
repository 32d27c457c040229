//! The OpenAPI document of `/api/v1`, built from the route table it is given (`api::routes`,
//! which serves it) and the domain crate's types (the very ones both sides use), so it cannot
//! drift from the router or the code.

use partner_center_domain::api::ErrorBody;
use partner_center_domain::search::QUERY_MAX_CHARS;
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use crate::auth::session::COOKIE;
use crate::db::idempotency::{KEY_MAX_CHARS, KEY_PATTERN};
use crate::http::api::routes::{Auth, Route};

fn parameters(route: &Route) -> Vec<Value> {
    let mut found: Vec<Value> = route
        .path_params()
        .map(|name| {
            let schema = match route.doc.path_patterns.iter().find(|(param, _)| *param == name) {
                Some((_, pattern)) => json!({ "type": "string", "pattern": pattern }),
                None => json!({ "type": "string", "minLength": 1 }),
            };
            json!({ "name": name, "in": "path", "required": true, "schema": schema })
        })
        .collect();
    // A CSV answer is every page: it takes the view, not a page of it.
    if route.doc.paged && !route.doc.csv {
        found.extend([
            json!({ "name": "limit", "in": "query", "description": "Page size (default 50)",
                    "schema": { "type": "integer", "minimum": 1, "maximum": 100 } }),
            json!({ "name": "offset", "in": "query", "description": "Rows to skip",
                    "schema": { "type": "integer", "minimum": 0, "maximum": i64::MAX } }),
        ]);
    }
    if let Some(sort_keys) = route.doc.sort_keys {
        found.extend([
            json!({ "name": "sort", "in": "query", "description": "Column to sort on",
                    "schema": { "type": "string", "enum": sort_keys } }),
            json!({ "name": "order", "in": "query", "schema": { "type": "string", "enum": ["asc", "desc"] } }),
            json!({ "name": "q", "in": "query",
                    "description": "Search text: word prefixes, at most 10 words (runs of letters or digits)",
                    "schema": { "type": "string", "maxLength": QUERY_MAX_CHARS,
                                "pattern": "^[^A-Za-z0-9]*([A-Za-z]+|[0-9]+)?([^A-Za-z0-9]*([A-Za-z]+|[0-9]+)){0,9}[^A-Za-z0-9]*$" } }),
        ]);
    }
    if let Some(query) = route.doc.query {
        let schema = query().to_value();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let mut property = property.clone();
                let description = property.as_object_mut().and_then(|fields| fields.remove("description"));
                let mut parameter = json!({ "name": name, "in": "query",
                    "schema": without_null(inline_definitions(property, &schema)) });
                if let Some(description) = description {
                    parameter["description"] = description;
                }
                found.push(parameter);
            }
        }
    }
    if route.doc.idempotency_key {
        found.push(json!({
            "name": "Idempotency-Key", "in": "header", "required": true,
            "description": "A new random value per new resource; a retry with the same key and body answers the first result",
            "schema": { "type": "string", "minLength": 1, "maxLength": KEY_MAX_CHARS, "pattern": KEY_PATTERN }
        }));
    }
    if route.csrf() {
        found.push(json!({
            "name": "X-CSRF-Protection", "in": "header", "required": true,
            "description": "Any value (the app sends 1): proves the request did not come from a form on another site",
            "schema": { "type": "string" }
        }));
    }
    found
}

/// A query parameter's schema, with a reference to a type of the query (an enum) replaced by
/// that type's schema: parameters cannot point into the query type's own definitions.
fn inline_definitions(property: Value, query: &Value) -> Value {
    match property {
        Value::Object(mut fields) => {
            if let Some(Value::String(reference)) = fields.get("$ref") {
                let name = reference.rsplit('/').next().unwrap_or_default();
                if let Some(definition) = query.get("$defs").and_then(|defs| defs.get(name)) {
                    return inline_definitions(definition.clone(), query);
                }
            }
            for value in fields.values_mut() {
                *value = inline_definitions(value.take(), query);
            }
            Value::Object(fields)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|item| inline_definitions(item, query)).collect()),
        other => other,
    }
}

/// A query parameter is optional by being left out; it has no `null`. Drops the `null` that
/// an `Option` adds to the type (`["string", "null"]`, or an `anyOf` alternative).
fn without_null(mut schema: Value) -> Value {
    if let Some(Value::Array(types)) = schema.get("type") {
        let kept: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        schema["type"] = if kept.len() == 1 { kept[0].clone() } else { Value::Array(kept) };
    }
    if let Some(Value::Array(options)) = schema.get("anyOf") {
        let kept: Vec<Value> = options.iter().filter(|o| o.get("type") != Some(&json!("null"))).cloned().collect();
        if let [only] = kept.as_slice() {
            return only.clone();
        }
    }
    schema
}

fn reason(status: u16) -> &'static str {
    axum::http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error")
}

fn operation(route: &Route, generator: &mut schemars::SchemaGenerator, error: &Value) -> Value {
    let mut responses = Map::new();
    let (status, body) = route.doc.success;
    responses.insert(
        status.to_string(),
        match body {
            _ if route.doc.csv => {
                json!({ "description": reason(status), "content": { "text/csv": { "schema": { "type": "string" } } } })
            }
            Some(schema) => json!({ "description": reason(status), "content": { "application/json": { "schema": schema(generator) } } }),
            None => json!({ "description": reason(status) }),
        },
    );
    if let Some((status, schema)) = route.doc.other_success {
        responses.insert(
            status.to_string(),
            json!({ "description": reason(status), "content": { "application/json": { "schema": schema(generator) } } }),
        );
    }
    for status in route.error_statuses() {
        responses.insert(
            status.to_string(),
            json!({ "description": reason(status), "content": { "application/json": { "schema": error } } }),
        );
    }
    let mut entry = json!({
        "summary": route.doc.summary,
        "operationId": format!("{} {}", route.method, route.path),
        "parameters": parameters(route),
        "responses": responses,
        "security": match route.auth {
            Auth::Public | Auth::LinkToken => json!([]),
            Auth::Session => json!([{ "session": [] }]),
            Auth::OrgToken => json!([{ "orgToken": [] }]),
        },
    });
    if let Some(request) = route.doc.request {
        entry["requestBody"] =
            json!({ "required": true, "content": { "application/json": { "schema": request(generator) } } });
    }
    entry
}

fn document(routes: Vec<Route>) -> Value {
    let mut generator = SchemaSettings::openapi3().into_generator();
    let error = generator.subschema_for::<ErrorBody>().to_value();
    let mut paths: Map<String, Value> = Map::new();
    for route in routes {
        let entry = operation(&route, &mut generator, &error);
        let methods = paths.entry(route.path).or_insert_with(|| json!({}));
        methods[route.method.as_str().to_ascii_lowercase()] = entry;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Partner Center API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Writes a browser could send need the X-CSRF-Protection header. Errors share one shape: ErrorBody."
        },
        "paths": paths,
        "components": {
            "schemas": generator.take_definitions(true),
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": COOKIE,
                             "description": "The session cookie sign-in sets (named __Host-pc_session over HTTPS)" },
                "orgToken": { "type": "http", "scheme": "bearer", "description": "An org API token" }
            }
        }
    })
}

/// The document of `routes`, serialised.
pub fn document_json(routes: Vec<Route>) -> Vec<u8> {
    document(routes).to_string().into_bytes()
}
