//! Account operations that several endpoints (and the demo data) share: invitations, sessions,
//! and the "who am I" answer.

use partner_center_domain::api::{Me, OrgRef};
use partner_center_domain::pages;
use partner_center_domain::roles::Role;
use partner_center_domain::users::{field, UserStatus};
use partner_center_domain::validation::{Email, Namespace};

use crate::auth::Actor;
use crate::db::identities::NewIdentity;
use crate::db::users::{self, MembershipRow, NewUser};
use crate::db::{identities, invitations, sessions, Conn};
use crate::error::AppError;
use crate::infra::clock::{date, rfc3339, Millis, DAY};
use crate::infra::mail::{self, EnqueueError, Mail, Sender};
use crate::infra::secrets::{new_id, new_token, token_digest};

/// How long an invitation link works.
pub const INVITATION_LIFETIME: Millis = 7 * DAY;

/// What an invitation mail needs to say.
pub struct Invitee<'a> {
    /// The user the invitation lets in.
    pub user_id: &'a str,
    pub identity_id: &'a str,
    pub email: &'a str,
    pub first_name: &'a str,
    pub org_id: &'a str,
    pub org_name: &'a str,
    /// The org whose person sends it.
    pub sender: Sender<'a>,
}

/// Creates a single-use invitation and queues its mail, in the caller's transaction.
pub async fn invite(conn: &mut Conn, invitee: &Invitee<'_>, public_url: &str, now: Millis) -> Result<(), EnqueueError> {
    let token = new_token();
    invitations::insert(
        conn,
        &token_digest(&token),
        invitee.identity_id,
        invitee.org_id,
        now,
        now + INVITATION_LIFETIME,
    )
    .await?;
    let link = pages::absolute(public_url, &pages::invitation(&token));
    let body = format!(
        "Hello {},\n\nYou have been invited to {} in Partner Center.\n\n\
         Set your password and sign in here (the link works once, for 7 days):\n{link}\n\n\
         If you did not expect this, you can ignore this message.\n",
        invitee.first_name, invitee.org_name
    );
    let subject = format!("You're invited to {} on Partner Center", invitee.org_name);
    let mail = Mail { to: invitee.email, subject: &subject, body: &body, secret: true };
    mail::enqueue_invitation(conn, invitee.sender, invitee.user_id, &mail, now).await
}

/// Who adds a person: their name (the new user's "added by") and the namespace their own
/// login lives in (which decides whether a login of the partner's namespace links at once).
#[derive(Debug, Clone, Copy)]
pub struct Adder<'a> {
    pub name: &'a str,
    pub login_namespace: &'a str,
}

/// A person to add to an org as a user.
pub struct NewMember<'a> {
    pub org_id: &'a str,
    pub org_name: &'a str,
    /// The org's own namespace, where a new login is created.
    pub org_namespace: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a Email,
    /// Link the login `email` has in this namespace instead of creating one.
    pub existing_namespace: Option<&'a Namespace>,
    pub portal_access: bool,
    pub roles: &'a [Role],
    /// The person adding them.
    pub adder: Adder<'a>,
    /// The org whose person adds them, for the mail it causes.
    pub sender: Sender<'a>,
}

/// Why a person could not be added; callers name the field it concerns.
#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    #[error("no login with this email exists in that namespace")]
    NoSuchLogin,
    #[error("already a user of this organization")]
    AlreadyMember,
    #[error("a request to this login is pending")]
    AlreadyRequested,
    #[error("this org asked this login less than a day ago")]
    AskedRecently { again_at: Millis },
    #[error(transparent)]
    Db(#[from] crate::db::Error),
    #[error(transparent)]
    Mail(#[from] EnqueueError),
}

impl MemberError {
    /// The answer to the form that asked, whose email field is `email_field`.
    pub fn refusal(self, email_field: &str) -> AppError {
        match self {
            Self::NoSuchLogin => AppError::conflict(field::NAMESPACE, NO_SUCH_LOGIN),
            Self::AlreadyMember => AppError::conflict(email_field, ALREADY_MEMBER),
            Self::AlreadyRequested => AppError::conflict(email_field, ALREADY_REQUESTED),
            Self::AskedRecently { again_at } => AppError::conflict(
                email_field,
                format!(
                    "Your organization asked this login less than a day ago. You can ask again after {} {} UTC.",
                    date(again_at),
                    &rfc3339(again_at)[11..16]
                ),
            ),
            Self::Db(error) => error.into(),
            Self::Mail(error) => error.into(),
        }
    }
}

const NO_SUCH_LOGIN: &str =
    "No login with this email exists in that namespace. Check both, or untick the box to invite a new user.";
const ALREADY_MEMBER: &str = "This person is already a user of this organization.";
const ALREADY_REQUESTED: &str = "A request to this login is already pending. Cancel it under Users to send a new one.";

/// Adds a user to an org, in the caller's transaction: linked to an existing login (never a
/// second identity), or with a new login in the org's namespace and, with Portal Access, an
/// invitation to set its password. Returns the new user's id.
pub async fn add_member(
    conn: &mut Conn,
    member: &NewMember<'_>,
    public_url: &str,
    now: Millis,
) -> Result<String, MemberError> {
    let namespace = member.existing_namespace.map_or(member.org_namespace, |n| n.as_str());
    let found = identities::find_by_email(conn, &member.email.normalized())
        .await?
        .into_iter()
        .find(|identity| identity.namespace == namespace);
    let (identity_id, login_email, is_new) = match (found, member.existing_namespace) {
        (Some(identity), _) => (identity.id, identity.email, false),
        (None, Some(_)) => return Err(MemberError::NoSuchLogin),
        (None, None) => {
            let id = new_id();
            let identity = NewIdentity {
                id: &id,
                namespace,
                email: member.email.as_str(),
                email_normalized: &member.email.normalized(),
                password_hash: None,
                created_at: now,
            };
            identities::insert(conn, &identity).await?;
            (id, member.email.as_str().to_owned(), true)
        }
    };
    if users::membership(conn, &identity_id, member.org_id).await?.is_some() {
        return Err(MemberError::AlreadyMember);
    }
    let has_password =
        !is_new && identities::find(conn, &identity_id).await?.is_some_and(|i| i.password_hash.is_some());
    let user_id = new_id();
    let user = NewUser {
        id: &user_id,
        org_id: member.org_id,
        identity_id: &identity_id,
        first_name: member.first_name,
        last_name: member.last_name,
        // A login that already has a password can sign in here at once; a new one is invited.
        status: if has_password { UserStatus::Active } else { UserStatus::Inactive },
        portal_access: member.portal_access,
        roles: member.roles,
        created_at: now,
        added_by: Some(member.adder.name),
    };
    users::insert(conn, &user).await?;
    if has_password {
        // Their login works here at once: tell them, and who did it.
        let roles = Role::describe(member.roles);
        let subject = format!("You now have access to {} on Partner Center", member.org_name);
        let body = format!(
            "Hello {},\n\nYou now have access to {} as {roles}, added by {}.\n\n\
             Sign in as usual and choose it in the organization switcher:\n{}\n\n\
             If you did not expect this, tell the organization or your own administrator.\n",
            member.first_name,
            member.org_name,
            member.adder.name,
            pages::absolute(public_url, pages::SIGN_IN)
        );
        let mail = Mail { to: &login_email, subject: &subject, body: &body, secret: false };
        mail::enqueue_from(conn, member.sender, &mail, now).await?;
    } else if member.portal_access {
        let invitee = Invitee {
            user_id: &user_id,
            identity_id: &identity_id,
            email: member.email.as_str(),
            first_name: member.first_name,
            org_id: member.org_id,
            org_name: member.org_name,
            sender: member.sender,
        };
        invite(conn, &invitee, public_url, now).await?;
    }
    Ok(user_id)
}

/// Opens a session acting in `org_id` and returns its token (for the cookie).
pub async fn start_session(
    conn: &mut Conn,
    identity_id: &str,
    user_id: &str,
    org_id: &str,
    now: Millis,
) -> Result<String, crate::db::Error> {
    let token = new_token();
    sessions::insert(conn, &token_digest(&token), identity_id, org_id, now).await?;
    users::record_sign_in(conn, user_id, now).await?;
    Ok(token)
}

pub fn org_ref(membership: &MembershipRow) -> OrgRef {
    OrgRef {
        id: membership.org_id.clone(),
        name: membership.org_name.clone(),
        namespace: membership.namespace(),
        is_partner: membership.org_is_partner(),
    }
}

/// The orgs an identity may act in: active users with Portal Access.
pub async fn reachable_orgs(conn: &mut Conn, identity_id: &str) -> Result<Vec<MembershipRow>, crate::db::Error> {
    Ok(users::memberships_of(conn, identity_id).await?.into_iter().filter(MembershipRow::may_sign_in).collect())
}

pub async fn me(conn: &mut Conn, actor: &Actor) -> Result<Me, AppError> {
    let orgs = reachable_orgs(conn, &actor.identity_id).await?.iter().map(org_ref).collect();
    Ok(Me {
        email: actor.user.login_email.clone(),
        namespace: actor.user.login_namespace.clone(),
        first_name: actor.user.first_name.clone(),
        last_name: actor.user.last_name.clone(),
        acting_org: org_ref(&actor.user),
        roles: actor.roles.clone(),
        permissions: actor.permissions(),
        orgs,
    })
}
