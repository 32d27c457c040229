//! "Forgot password?": a mailed, single-use link to choose a new password.
//!
//! Asking never looks the email up: the request keeps what was typed and answers the same
//! whether or not any login uses it. The mail worker looks later (`mail_new`) and writes to
//! each login of that email that has a password; an invited login without one still uses its
//! invitation. Choosing the new password uses the link up, ends every session of the login and
//! stops its other links.

use std::net::IpAddr;

use axum::http::StatusCode;
use partner_center_domain::audit::AuditAction;
use partner_center_domain::pages;
use partner_center_domain::validation::NewPassword;

use crate::auth::throttle::Buckets;
use crate::db::password_resets::{self, ResetRow};
use crate::db::{identities, orgs, sessions, Conn, Database};
use crate::error::AppError;
use crate::infra::clock::{Millis, HOUR};
use crate::infra::mail::{self, Mail};
use crate::infra::secrets::{new_id, new_token, token_digest, Passwords};
use crate::services::audit::{self, Change, Doer};

/// How long a link works.
pub const LINK_LIFETIME: Millis = HOUR;

/// How many requests one pass of the mail worker looks at.
const MAIL_BATCH: i64 = 50;

/// Records a request for `email_normalized`, after counting it against the email's and the
/// client's limits: a flood is refused whether or not the email is known.
pub async fn request(db: &Database, email_normalized: &str, client_ip: IpAddr, now: Millis) -> Result<(), AppError> {
    let _attempt = Buckets::reset_request(email_normalized, client_ip).reserve(db, now).await?;
    password_resets::insert_request(&mut db.conn().await?, &new_id(), email_normalized, now).await?;
    Ok(())
}

/// Writes to every login with a password of each new request's email. Run by the mail worker;
/// each request is looked at once, by one worker, in its own transaction with its mail.
pub async fn mail_new(db: &Database, public_url: &str, now: Millis) -> Result<usize, crate::db::Error> {
    let new = password_resets::unmailed(&mut db.conn().await?, MAIL_BATCH).await?;
    let mut mailed = 0;
    for request in new {
        let mut tx = db.begin().await?;
        if !password_resets::mark_mailed(&mut tx, &request.id, now).await? {
            continue;
        }
        let logins = identities::find_by_email(&mut tx, &request.email_normalized).await?;
        for login in logins.into_iter().filter(|login| login.password_hash.is_some()) {
            let token = new_token();
            password_resets::insert(&mut tx, &token_digest(&token), &login.id, now, now + LINK_LIFETIME).await?;
            let link = pages::absolute(public_url, &pages::reset_password(&token));
            let body = format!(
                "Hello,\n\nSomeone asked to choose a new password for {} ({}) on Partner Center.\n\n\
                 Choose it here (the link works once, for one hour):\n{link}\n\n\
                 If it was not you, ignore this message: your password stays as it is.\n",
                login.email, login.namespace
            );
            let mail =
                Mail { to: &login.email, subject: "Choose a new Partner Center password", body: &body, secret: true };
            mail::enqueue(&mut tx, &mail, now).await?;
            // Anyone may ask for anyone's link: the log says that someone asked, not who.
            if let Some(home) = orgs::owner_of_namespace(&mut tx, &login.namespace).await? {
                let change = Change::new(&home.id, AuditAction::PasswordResetRequested, &login.email);
                audit::record(&mut tx, &Doer::anonymous(), &change, now).await?;
            }
            mailed += 1;
        }
        tx.commit().await?;
    }
    Ok(mailed)
}

/// The link behind `token`, if it can still be used.
pub async fn usable(conn: &mut Conn, token: &str, now: Millis) -> Result<ResetRow, AppError> {
    let reset = password_resets::find(conn, &token_digest(token)).await?.ok_or_else(|| {
        AppError::refused(
            StatusCode::NOT_FOUND,
            "This link is not valid. Check that you copied all of it, or ask for a new one.",
        )
    })?;
    if reset.used_at.is_some() {
        return Err(already_used());
    }
    if now >= reset.expires_at {
        return Err(AppError::refused(StatusCode::GONE, "This link has expired. Ask for a new one."));
    }
    Ok(reset)
}

/// Sets `password` as the password of the link's login, in one transaction: the link is used
/// up, the login's other links stop working, and every session of the login ends. The token is
/// checked before the password is hashed: an unknown link costs a lookup, never a hash.
pub async fn choose(
    db: &Database,
    passwords: &Passwords,
    token: &str,
    password: &NewPassword,
    client_ip: IpAddr,
    now: Millis,
) -> Result<(), AppError> {
    let buckets = Buckets::reset_link(client_ip);
    let attempt = buckets.reserve(db, now).await?;
    let sibling = {
        let mut conn = db.conn().await?;
        let reset = usable(&mut conn, token, now).await?;
        identities::sibling_hash(&mut conn, &reset.identity_id).await?
    };
    let hash = passwords.hash(password.expose().to_owned(), sibling).await?;
    let mut tx = db.begin().await?;
    let conn: &mut Conn = &mut tx;
    let reset = usable(conn, token, now).await?;
    if !password_resets::mark_used(conn, &token_digest(token), now).await? {
        return Err(already_used());
    }
    identities::set_password_hash(conn, &reset.identity_id, &hash).await?;
    password_resets::revoke_unused(conn, &reset.identity_id).await?;
    sessions::delete_all_of(conn, &reset.identity_id).await?;
    if let Some(home) = orgs::owner_of_namespace(conn, &reset.namespace).await? {
        let doer = Doer::login(&reset.identity_id, &reset.email, &reset.namespace, &home.id);
        audit::record(conn, &doer, &Change::new(&home.id, AuditAction::PasswordReset, &reset.email), now).await?;
    }
    buckets.forgive(conn, attempt).await?;
    tx.commit().await?;
    Ok(())
}

fn already_used() -> AppError {
    AppError::refused(
        StatusCode::GONE,
        "This link has already been used. Sign in with your new password, or ask for a new link.",
    )
}
