//! The server over real HTTP, on a random port, with a fresh database per test.
//!
//! SQLite by default; set `TEST_DATABASE_URL=postgres://…/postgres` to run the very same tests
//! on PostgreSQL (each test then creates and uses its own database).

mod access_requests;
mod ap_emails;
mod audit;
mod authorization;
mod billing;
mod database;
mod demo;
mod exports;
mod helpers;
mod inputs;
mod instances;
mod invitations;
mod lockouts;
mod mail;
mod maintenance;
mod matrix;
mod my_orgs;
mod openapi;
mod operations;
mod partner_access;
mod partner_orgs;
mod password_resets;
mod proxies;
mod secrets;
mod security;
mod sign_in;
mod spa;
mod statements;
mod trial_clock;
mod users;
