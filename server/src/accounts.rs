//! Account operations that several endpoints (and the demo data) share: invitations, sessions,
//! and the "who am I" answer.

use partner_center_domain::api::{Me, OrgRef};
use partner_center_domain::validation::Namespace;

use crate::auth::Actor;
use crate::clock::{Millis, DAY};
use crate::db::users::{self, MembershipRow};
use crate::db::{identities, invitations, sessions, Conn};
use crate::error::AppError;
use crate::mail::{self, Mail};
use crate::secrets::{new_token, token_digest};

/// How long an invitation link works.
pub const INVITATION_LIFETIME: Millis = 7 * DAY;

/// What an invitation mail needs to say.
pub struct Invitee<'a> {
    pub identity_id: &'a str,
    pub email: &'a str,
    pub first_name: &'a str,
    pub org_id: &'a str,
    pub org_name: &'a str,
}

/// Creates a single-use invitation and queues its mail, in the caller's transaction.
pub async fn invite(conn: &mut Conn, invitee: &Invitee<'_>, public_url: &str, now: Millis) -> Result<(), sqlx::Error> {
    let token = new_token();
    invitations::insert(conn, &token_digest(&token), invitee.identity_id, invitee.org_id, now, now + INVITATION_LIFETIME)
        .await?;
    let link = format!("{}/invitations/{token}", public_url.trim_end_matches('/'));
    let body = format!(
        "Hello {},\n\nYou have been invited to {} in Partner Center.\n\n\
         Set your password and sign in here (the link works once, for 7 days):\n{link}\n\n\
         If you did not expect this, you can ignore this message.\n",
        invitee.first_name, invitee.org_name
    );
    let subject = format!("You're invited to {} on Partner Center", invitee.org_name);
    mail::enqueue(conn, &Mail { to: invitee.email, subject: &subject, body: &body }, now).await
}

/// Opens a session acting in `org_id` and returns its token (for the cookie).
pub async fn start_session(conn: &mut Conn, identity_id: &str, user_id: &str, org_id: &str, now: Millis) -> Result<String, sqlx::Error> {
    let token = new_token();
    sessions::insert(conn, &token_digest(&token), identity_id, org_id, now).await?;
    users::record_sign_in(conn, user_id, now).await?;
    Ok(token)
}

pub fn org_ref(membership: &MembershipRow) -> OrgRef {
    OrgRef {
        id: membership.org_id.clone(),
        name: membership.org_name.clone(),
        namespace: format!("{}{}", Namespace::PREFIX, membership.org_slug),
        is_partner: membership.org_is_partner(),
    }
}

/// The orgs an identity may act in: active users with Portal Access.
pub async fn reachable_orgs(conn: &mut Conn, identity_id: &str) -> Result<Vec<MembershipRow>, sqlx::Error> {
    Ok(users::memberships_of(conn, identity_id).await?.into_iter().filter(MembershipRow::may_sign_in).collect())
}

pub async fn me(conn: &mut Conn, actor: &Actor) -> Result<Me, AppError> {
    let identity = identities::find(conn, &actor.identity_id).await?.ok_or(AppError::Unauthenticated)?;
    let orgs = reachable_orgs(conn, &actor.identity_id).await?.iter().map(org_ref).collect();
    Ok(Me {
        email: identity.email,
        namespace: identity.namespace,
        first_name: actor.user.first_name.clone(),
        last_name: actor.user.last_name.clone(),
        acting_org: org_ref(&actor.user),
        roles: actor.roles.clone(),
        permissions: actor.permissions(),
        orgs,
    })
}
