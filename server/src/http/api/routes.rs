//! Every route of the API, declared once. The router, the OpenAPI document, the CSRF rule and
//! the authorization tests all read this one table, so none of them can fall behind another.

use std::collections::BTreeMap;

use axum::handler::Handler;
use axum::http::Method;
use axum::middleware;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::auth::csrf;
use crate::AppState;

/// Builds one schema into the OpenAPI document's generator.
pub type SchemaOf = fn(&mut SchemaGenerator) -> Schema;

fn schema_of<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// How a route's caller proves who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Nobody in particular (health, sign-in, this document).
    Public,
    /// The session cookie; the caller acts in their session's org.
    Session,
    /// An org API token as `Authorization: Bearer` (doors and automation).
    OrgToken,
    /// The token of a mailed link (an invitation, a password reset), in the path, is the
    /// credential.
    LinkToken,
}

/// What the OpenAPI document says of a route beyond its method, path and caller.
#[derive(Clone)]
pub struct Doc {
    pub summary: &'static str,
    pub request: Option<SchemaOf>,
    /// Success status and body (`None`: no body).
    pub success: (u16, Option<SchemaOf>),
    /// A second success status and body, when the route may do either of two things.
    pub other_success: Option<(u16, SchemaOf)>,
    /// Takes `limit` and `offset` (unless the answer is CSV, which is every page).
    pub paged: bool,
    /// Takes the list parameters `sort`, `order` and `q`, besides those of `paged`; `sort` from
    /// these keys.
    pub sort_keys: Option<&'static [&'static str]>,
    /// The success body is CSV (`text/csv`), not JSON.
    pub csv: bool,
    /// Takes the query parameters of this type (each property one parameter).
    pub query: Option<fn() -> Schema>,
    /// Needs an `Idempotency-Key` header.
    pub idempotency_key: bool,
    /// Error statuses particular to this route, beyond those its caller kind and body imply.
    pub errors: &'static [u16],
    /// Path parameters that must match a pattern (a month), by name; others are any text.
    pub path_patterns: &'static [(&'static str, &'static str)],
}

/// One route: what the router serves and what the document and the tests know of it.
pub struct Route {
    pub method: Method,
    /// The full path, with `{name}` for path parameters.
    pub path: &'static str,
    pub auth: Auth,
    pub doc: Doc,
    handler: MethodRouter<AppState>,
}

impl Route {
    /// Writes a browser could send with its cookies must carry the CSRF header; a route that
    /// authenticates only by a bearer token gives a forger nothing to ride on.
    pub fn csrf(&self) -> bool {
        !self.method.is_safe() && self.auth != Auth::OrgToken
    }

    /// Every error status the route can answer, sorted.
    pub fn error_statuses(&self) -> Vec<u16> {
        let mut statuses: Vec<u16> = self.doc.errors.to_vec();
        match self.auth {
            Auth::Session => statuses.extend([401, 403, 404]),
            Auth::OrgToken => statuses.push(401),
            Auth::LinkToken => statuses.extend([404, 410]),
            Auth::Public => {}
        }
        if self.csrf() {
            statuses.push(403);
        }
        if self.doc.request.is_some() {
            statuses.extend([400, 413, 415, 422]);
        }
        if self.doc.paged || self.doc.query.is_some() || self.path.contains('{') {
            statuses.push(400);
        }
        if self.doc.idempotency_key {
            statuses.extend([400, 409]);
        }
        statuses.sort_unstable();
        statuses.dedup();
        statuses
    }

    /// The path parameters, in order.
    pub fn path_params(&self) -> impl Iterator<Item = &'static str> {
        self.path.split('/').filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
    }
}

/// A route under construction: `route(Method::GET, "/api/v1/x", Auth::Session, handler)`
/// then what its document says.
pub struct RouteBuilder(Route);

pub fn route<H, T>(method: Method, path: &'static str, auth: Auth, handler: H) -> RouteBuilder
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).unwrap_or_else(|_| unreachable!("routes use standard methods"));
    let doc = Doc {
        summary: "",
        request: None,
        success: (200, None),
        other_success: None,
        paged: false,
        sort_keys: None,
        query: None,
        csv: false,
        idempotency_key: false,
        errors: &[],
        path_patterns: &[],
    };
    RouteBuilder(Route { method, path, auth, doc, handler: on(filter, handler) })
}

impl RouteBuilder {
    pub fn summary(mut self, summary: &'static str) -> Self {
        self.0.doc.summary = summary;
        self
    }

    /// A JSON request body of this type.
    pub fn request<T: JsonSchema>(mut self) -> Self {
        self.0.doc.request = Some(schema_of::<T>);
        self
    }

    /// Success with a JSON body of this type.
    pub fn ok<T: JsonSchema>(mut self, status: u16) -> Self {
        self.0.doc.success = (status, Some(schema_of::<T>));
        self
    }

    /// The other success: this status with a JSON body of this type.
    pub fn or<T: JsonSchema>(mut self, status: u16) -> Self {
        self.0.doc.other_success = Some((status, schema_of::<T>));
        self
    }

    /// Success is `200` with a CSV body (an export).
    pub fn csv(mut self) -> Self {
        self.0.doc.csv = true;
        self
    }

    /// Success without a body.
    pub fn no_content(mut self) -> Self {
        self.0.doc.success = (204, None);
        self
    }

    /// A page of a list: `limit` and `offset`.
    pub fn paged(mut self) -> Self {
        self.0.doc.paged = true;
        self
    }

    /// A page of a sortable, searchable list.
    pub fn list(mut self, sort_keys: &'static [&'static str]) -> Self {
        self.0.doc.sort_keys = Some(sort_keys);
        self.paged()
    }

    pub fn query<T: JsonSchema>(mut self) -> Self {
        self.0.doc.query = Some(|| schemars::schema_for!(T));
        self
    }

    pub fn idempotency_key(mut self) -> Self {
        self.0.doc.idempotency_key = true;
        self
    }

    /// The path parameters' patterns, by name.
    pub fn path_patterns(mut self, patterns: &'static [(&'static str, &'static str)]) -> Self {
        self.0.doc.path_patterns = patterns;
        self
    }

    pub fn errors(mut self, statuses: &'static [u16]) -> Self {
        self.0.doc.errors = statuses;
        self
    }

    pub fn done(self) -> Route {
        self.0
    }
}

/// The router serving `routes`; a route whose writes need the CSRF header gets the check
/// before anything else runs.
pub fn router(routes: Vec<Route>) -> Router<AppState> {
    let mut by_path: BTreeMap<&'static str, MethodRouter<AppState>> = BTreeMap::new();
    for route in routes {
        let handler = if route.csrf() {
            route.handler.route_layer(middleware::from_fn(csrf::require_header))
        } else {
            route.handler
        };
        let merged = match by_path.remove(route.path) {
            Some(others) => others.merge(handler),
            None => handler,
        };
        by_path.insert(route.path, merged);
    }
    by_path.into_iter().fold(Router::new(), |router, (path, handler)| router.route(path, handler))
}
