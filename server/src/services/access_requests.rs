//! Access requests: an org asks a login of an unrelated namespace to join it; the login's
//! holder accepts (the membership is created then) or declines, the org may cancel, and
//! fourteen days without an answer end it.
//!
//! Sending a request never looks the login up: the mail worker does that later (`mail_new`),
//! so the answer and the work of sending are the same whether or not the login exists.

use partner_center_domain::access_request::{
    asks_to_join, AccessRequest, IncomingAccessRequest, Linking, LIFETIME_DAYS,
};
use partner_center_domain::audit::AuditAction;
use partner_center_domain::pages;
use partner_center_domain::users::{field as user_field, full_name, ValidNewUser};
use partner_center_domain::validation::{Email, Namespace};

use crate::auth::Actor;
use crate::db::access_requests::{self, NewRequest, RequestRow};
use crate::db::{identities, orgs, users, Conn, Database};
use crate::error::AppError;
use crate::infra::clock::{date, rfc3339, Millis, DAY};
use crate::infra::mail::{self, Mail, Sender};
use crate::infra::secrets::new_id;
use crate::services::accounts::{self, Adder, MemberError, NewMember};
use crate::services::audit::{self, Change, Doer};
use crate::services::org_listing;

/// How many new requests one pass of the mail worker looks at.
const MAIL_BATCH: i64 = 50;

/// What adding a person did.
pub enum Added {
    /// Linked or created at once: the new user's id.
    User(String),
    /// Asked: the login's holder answers later.
    Requested(AccessRequest),
}

/// Add User in the actor's acting org, in one transaction: the person is added (with the
/// org's list row, when a partner's child, and the audit entry) or asked (with its record).
pub async fn add_user(
    db: &Database,
    actor: &Actor,
    valid: &ValidNewUser,
    public_url: &str,
    sender: Sender<'_>,
    now: Millis,
) -> Result<Added, AppError> {
    let mut tx = db.begin().await?;
    let org = orgs::find(&mut tx, actor.acting_org_id()).await?.ok_or(AppError::NotFound)?;
    let org_namespace = org.namespace();
    let member = NewMember {
        org_id: &org.id,
        org_name: &org.name,
        org_namespace: &org_namespace,
        first_name: valid.first_name.as_str(),
        last_name: valid.last_name.as_str(),
        email: &valid.email,
        existing_namespace: valid.existing_namespace.as_ref(),
        portal_access: valid.portal_access,
        roles: &valid.roles,
        adder: Adder {
            name: &full_name(&actor.user.first_name, &actor.user.last_name),
            login_namespace: &actor.user.login_namespace,
        },
        sender,
    };
    let partner_namespace = match &org.parent_id {
        Some(parent_id) => orgs::find(&mut tx, parent_id).await?.map(|partner| partner.namespace()),
        None => None,
    };
    let added = add_or_request(&mut tx, &member, partner_namespace.as_deref(), public_url, now)
        .await
        .map_err(|error| error.refusal(user_field::EMAIL))?;
    match &added {
        Added::User(user_id) => {
            if org.parent_id.is_some() {
                org_listing::refresh(&mut tx, &org.id).await?;
            }
            let user = users::find_in_org(&mut tx, &org.id, user_id).await?.ok_or(AppError::NotFound)?;
            let action =
                if valid.existing_namespace.is_some() { AuditAction::UserLinked } else { AuditAction::UserAdded };
            let name = full_name(&user.first_name, &user.last_name);
            audit::record(&mut tx, &Doer::signed_in(actor), &Change::new(&org.id, action, &name), now).await?;
        }
        Added::Requested(request) => record_sent(&mut tx, actor, &org.id, request, now).await?,
    }
    tx.commit().await?;
    Ok(added)
}

/// Adds the person at once when their login lives in the org's own namespace, or in its
/// partner's (`partner_namespace`) and the person adding them lives there too; asks them
/// otherwise. In the caller's transaction.
pub async fn add_or_request(
    conn: &mut Conn,
    member: &NewMember<'_>,
    partner_namespace: Option<&str>,
    public_url: &str,
    now: Millis,
) -> Result<Added, MemberError> {
    match member.existing_namespace {
        Some(namespace)
            if Linking::of(
                namespace.as_str(),
                member.org_namespace,
                partner_namespace,
                member.adder.login_namespace,
            ) == Linking::Request =>
        {
            send(conn, member, namespace, now).await.map(Added::Requested)
        }
        _ => accounts::add_member(conn, member, public_url, now).await.map(Added::User),
    }
}

async fn send(
    conn: &mut Conn,
    member: &NewMember<'_>,
    namespace: &Namespace,
    now: Millis,
) -> Result<AccessRequest, MemberError> {
    let email_normalized = member.email.normalized();
    // The org's own users are the org's to know: asking one of them again is refused as Add
    // User refuses it.
    if users::has_member_login(conn, member.org_id, namespace.as_str(), &email_normalized).await? {
        return Err(MemberError::AlreadyMember);
    }
    match access_requests::find_to(conn, member.org_id, namespace.as_str(), &email_normalized).await? {
        Some(pending) if pending.expires_at > now => return Err(MemberError::AlreadyRequested),
        Some(expired) => {
            access_requests::delete(conn, &expired.id).await?;
        }
        None => {}
    }
    // Once a day at most, answered or not, so nobody is pestered; and the mail it may cause
    // counts now, whether or not the login exists, so the count tells nothing either.
    let asked = access_requests::record_ask(conn, member.org_id, namespace.as_str(), &email_normalized, now).await?;
    if let Some(asked_at) = asked.filter(|asked_at| now - asked_at < DAY) {
        return Err(MemberError::AskedRecently { again_at: asked_at + DAY });
    }
    mail::count_against(conn, member.sender, now).await?;
    let id = new_id();
    let request = NewRequest {
        id: &id,
        org_id: member.org_id,
        namespace: namespace.as_str(),
        email: member.email.as_str(),
        email_normalized: &email_normalized,
        first_name: member.first_name,
        last_name: member.last_name,
        portal_access: member.portal_access,
        roles: member.roles,
        requested_by: member.adder.name,
        created_at: now,
        expires_at: now + LIFETIME_DAYS * DAY,
    };
    access_requests::insert(conn, &request).await?;
    let row = access_requests::find_to(conn, member.org_id, namespace.as_str(), &email_normalized)
        .await?
        .ok_or(crate::db::Error::RowNotFound)?;
    Ok(as_sent(row))
}

/// What the audit log names a request by: what the org typed.
fn target(first_name: &str, last_name: &str, email: &str, namespace: &str) -> String {
    format!("{} ({email} in {namespace})", full_name(first_name, last_name))
}

fn target_of(request: &RequestRow) -> String {
    target(&request.first_name, &request.last_name, &request.email, &request.namespace)
}

fn as_sent(row: RequestRow) -> AccessRequest {
    AccessRequest {
        portal_access: row.portal_access(),
        id: row.id,
        first_name: row.first_name,
        last_name: row.last_name,
        email: row.email,
        namespace: row.namespace,
        roles: row.roles.0,
        requested_by: row.requested_by,
        requested_at: rfc3339(row.created_at),
        expires_at: rfc3339(row.expires_at),
    }
}

fn as_received(row: RequestRow) -> IncomingAccessRequest {
    IncomingAccessRequest {
        id: row.id,
        org_name: row.org_name,
        roles: row.roles.0,
        requested_by: row.requested_by,
        expires_at: rfc3339(row.expires_at),
    }
}

/// Records that the actor sent `request` from `org_id`.
pub async fn record_sent(
    conn: &mut Conn,
    actor: &Actor,
    org_id: &str,
    request: &AccessRequest,
    now: Millis,
) -> Result<(), crate::db::Error> {
    let target = target(&request.first_name, &request.last_name, &request.email, &request.namespace);
    audit::record(conn, &Doer::signed_in(actor), &Change::new(org_id, AuditAction::AccessRequested, &target), now).await
}

/// The org's pending requests, as its Users page lists them.
pub async fn of_org(conn: &mut Conn, org_id: &str, now: Millis) -> Result<Vec<AccessRequest>, crate::db::Error> {
    Ok(access_requests::pending_of_org(conn, org_id, now).await?.into_iter().map(as_sent).collect())
}

/// The requests awaiting the actor's login's answer.
pub async fn to_actor(conn: &mut Conn, actor: &Actor, now: Millis) -> Result<Vec<IncomingAccessRequest>, AppError> {
    let login = identities::find(conn, &actor.identity_id).await?.ok_or(AppError::Unauthenticated)?;
    let pending = access_requests::pending_to_login(conn, &login.namespace, &login.email_normalized, now).await?;
    Ok(pending.into_iter().map(as_received).collect())
}

/// Why an answer to a request was not taken.
#[derive(Debug, thiserror::Error)]
pub enum AnswerRefusal {
    /// Not addressed to this login, answered already, cancelled or expired.
    #[error("no such pending request")]
    NotFound,
    #[error("already a user of that organization")]
    AlreadyMember,
    #[error(transparent)]
    Failed(#[from] AppError),
}

impl From<crate::db::Error> for AnswerRefusal {
    fn from(error: crate::db::Error) -> Self {
        Self::Failed(error.into())
    }
}

/// How a request is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Accept,
    Decline,
}

/// The actor's login answers request `id`, in one transaction, with its audit entry
/// in the org that asked. Accepting creates the membership and mails its news.
pub async fn answer(
    db: &Database,
    actor: &Actor,
    id: &str,
    answer: Answer,
    public_url: &str,
    mail_per_org_hour: u32,
    now: Millis,
) -> Result<(), AnswerRefusal> {
    let mut tx = db.begin().await?;
    let conn: &mut Conn = &mut tx;
    let login = identities::find(conn, &actor.identity_id).await?.ok_or(AnswerRefusal::NotFound)?;
    let request = access_requests::pending_to_login(conn, &login.namespace, &login.email_normalized, now)
        .await?
        .into_iter()
        .find(|request| request.id == id)
        .ok_or(AnswerRefusal::NotFound)?;
    // A concurrent answer or cancellation took it first.
    if !access_requests::delete(conn, &request.id).await? {
        return Err(AnswerRefusal::NotFound);
    }
    if answer == Answer::Accept {
        join(conn, &request, &login.namespace, public_url, mail_per_org_hour, now).await?;
    }
    let action = match answer {
        Answer::Accept => AuditAction::AccessAccepted,
        Answer::Decline => AuditAction::AccessDeclined,
    };
    let doer = Doer::login(&login.id, &login.email, &login.namespace, &request.org_id);
    audit::record(conn, &doer, &Change::new(&request.org_id, action, &target_of(&request)), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates the membership a request asked for: the login's own, as the org named it.
async fn join(
    conn: &mut Conn,
    request: &RequestRow,
    namespace: &str,
    public_url: &str,
    mail_per_org_hour: u32,
    now: Millis,
) -> Result<(), AnswerRefusal> {
    let stored = |error: partner_center_domain::validation::ValidationError| {
        crate::db::Error::decode(format!("access_requests of {}", request.id), error)
    };
    let email = Email::parse(&request.email).map_err(stored)?;
    let namespace = Namespace::parse(namespace).map_err(stored)?;
    let org = orgs::find(conn, &request.org_id).await?.ok_or(AnswerRefusal::NotFound)?;
    let member = NewMember {
        org_id: &org.id,
        org_name: &org.name,
        org_namespace: &org.namespace(),
        first_name: &request.first_name,
        last_name: &request.last_name,
        email: &email,
        existing_namespace: Some(&namespace),
        portal_access: request.portal_access(),
        roles: &request.roles.0,
        // The login accepts what was asked: the linking is decided already.
        adder: Adder { name: &request.requested_by, login_namespace: namespace.as_str() },
        // The org asked: the news of its answer counts as its mail.
        sender: Sender { org_id: &request.org_id, per_hour: mail_per_org_hour },
    };
    accounts::add_member(conn, &member, public_url, now).await.map_err(|error| match error {
        MemberError::AlreadyMember => AnswerRefusal::AlreadyMember,
        MemberError::NoSuchLogin | MemberError::AlreadyRequested | MemberError::AskedRecently { .. } => {
            AnswerRefusal::NotFound
        }
        MemberError::Db(error) => error.into(),
        MemberError::Mail(error) => AnswerRefusal::Failed(error.into()),
    })?;
    // A child org's list row names its first Super Admin, who may be this person.
    if org.parent_id.is_some() {
        org_listing::refresh(conn, &org.id).await?;
    }
    Ok(())
}

/// The org (the actor's acting org) withdraws request `id`, with its audit entry.
pub async fn cancel(db: &Database, actor: &Actor, id: &str, now: Millis) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let conn: &mut Conn = &mut tx;
    let org_id = actor.acting_org_id();
    let request = access_requests::pending_of_org(conn, org_id, now)
        .await?
        .into_iter()
        .find(|request| request.id == id)
        .ok_or(AppError::NotFound)?;
    if !access_requests::delete(conn, &request.id).await? {
        return Err(AppError::NotFound);
    }
    let target = target_of(&request);
    let change = Change::new(org_id, AuditAction::AccessRequestCancelled, &target);
    audit::record(conn, &Doer::signed_in(actor), &change, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes to the login of each new request, if that login exists. Run by the mail worker; each
/// request is looked at once, by one worker, in its own transaction with its mail.
pub async fn mail_new(db: &Database, public_url: &str, now: Millis) -> Result<usize, crate::db::Error> {
    let mut conn = db.conn().await?;
    let new = access_requests::unmailed(&mut conn, now, MAIL_BATCH).await?;
    drop(conn);
    let mut mailed = 0;
    for request in new {
        let mut tx = db.begin().await?;
        if !access_requests::mark_mailed(&mut tx, &request.id, now).await? {
            continue;
        }
        let login = identities::find_by_email(&mut tx, &request.email_normalized)
            .await?
            .into_iter()
            .find(|login| login.namespace == request.namespace);
        if let Some(login) = login {
            let question = asks_to_join(&request.org_name, &request.roles.0);
            let subject = format!("{} asks you to join it on Partner Center", request.org_name);
            let body = format!(
                "Hello {},\n\n{question}. {} sent the request.\n\n\
                 Sign in to accept or decline it under My organizations:\n{}\n\n\
                 Unanswered, it ends on {}. If you do not know {}, decline it or ignore this message.\n",
                request.first_name,
                request.requested_by,
                pages::absolute(public_url, pages::MY_ORGS),
                date(request.expires_at),
                request.org_name,
            );
            let mail = Mail { to: &login.email, subject: &subject, body: &body, secret: false };
            mail::enqueue(&mut tx, &mail, now).await?;
            mailed += 1;
        }
        tx.commit().await?;
    }
    Ok(mailed)
}
