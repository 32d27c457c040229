//! The HTTP side: the route table and its handlers (`api/`), the OpenAPI document, the request
//! log, security headers, the client's address, and the built app's files.

pub mod api;
pub mod api_responses;
pub mod client;
pub mod csv;
pub mod extract;
pub mod openapi;
pub mod page_hints;
pub mod request_log;
pub mod security_headers;
pub mod spa;
