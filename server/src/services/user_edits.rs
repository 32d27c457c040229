//! Editing a user of an org — roles, Portal Access, suspension — under the org-wide rules:
//! nobody gives or takes a role above their own, someone always runs the org, and the
//! invitation follows the person's access.

use partner_center_domain::audit::AuditAction;
use partner_center_domain::roles::may_change_roles;
use partner_center_domain::users::{check_keeps_someone_running_the_org, full_name, InvitationChange, UserUpdate};

use crate::auth::Actor;
use crate::db::orgs::{self, OrgRow};
use crate::db::users::UserRow;
use crate::db::{invitations, users, Conn, Database};
use crate::infra::clock::Millis;
use crate::infra::mail::{EnqueueError, Outgoing};
use crate::services::accounts::{self, Invitee};
use crate::services::audit::{self, Change, Doer};
use crate::services::org_listing;

/// Why an edit was not made.
#[derive(Debug, thiserror::Error)]
pub enum EditRefusal {
    #[error("no such user in this org")]
    NotFound,
    #[error("a role above the editor's own")]
    Escalation,
    /// The message names the person.
    #[error("{0}")]
    LastOneRunningTheOrg(String),
    #[error("someone else's edit came first")]
    Stale,
    #[error(transparent)]
    Db(#[from] crate::db::Error),
    #[error(transparent)]
    Mail(#[from] EnqueueError),
}

/// Applies `update` to user `user_id` of `org`, made by `editor`, in one transaction,
/// with its audit entry. Mail it queues goes out after commit.
pub async fn apply(
    db: &Database,
    org: &OrgRow,
    user_id: &str,
    update: &UserUpdate,
    editor: &Actor,
    outgoing: Outgoing<'_>,
    now: Millis,
) -> Result<(), EditRefusal> {
    let mut tx = db.begin().await?;
    let conn: &mut Conn = &mut tx;
    // One edit of the org's users at a time: two Super Admins demoting each other at the same
    // instant must not both see the other as the remaining one.
    orgs::lock(conn, &org.id).await?;
    let target = users::find_in_org(conn, &org.id, user_id).await?.ok_or(EditRefusal::NotFound)?;
    let before = target.standing(users::roles(conn, &target.id).await?);
    let after = before.after(update, target.has_password());
    if !may_change_roles(&editor.roles, &before.roles, &after.roles) {
        return Err(EditRefusal::Escalation);
    }
    let is_last = users::active_super_admins(conn, &org.id).await? == [target.id.clone()];
    let name = full_name(&target.first_name, &target.last_name);
    check_keeps_someone_running_the_org(is_last, &after, &name).map_err(EditRefusal::LastOneRunningTheOrg)?;
    if !users::update(conn, &target.id, update.version, &after).await? {
        return Err(EditRefusal::Stale);
    }
    match before.invitation_change(&after) {
        InvitationChange::Revoke => {
            invitations::revoke_pending(conn, &target.identity_id, &org.id).await?;
        }
        InvitationChange::SendAgain => {
            accounts::invite(conn, &invitee(&target, org, outgoing), outgoing.public_url, now).await?;
        }
        InvitationChange::Keep => {}
    }
    let entry = Change::new(&org.id, AuditAction::UserEdited, &name).with(before.changes_to(&after));
    audit::record(conn, &Doer::signed_in(editor), &entry, now).await?;
    // A child org's list row names its first Super Admin.
    if org.parent_id.is_some() {
        org_listing::refresh(conn, &org.id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Why no new invitation was sent.
#[derive(Debug, thiserror::Error)]
pub enum ResendRefusal {
    #[error("no such user in this org")]
    NotFound,
    #[error("{0}")]
    NotWaiting(&'static str),
    #[error(transparent)]
    Db(#[from] crate::db::Error),
    #[error(transparent)]
    Mail(#[from] EnqueueError),
}

/// Sends user `user_id` of `org` a new invitation, in one transaction, with its audit
/// entry: the links sent before stop working, so only the newest mail counts.
pub async fn resend_invitation(
    db: &Database,
    org: &OrgRow,
    user_id: &str,
    editor: &Actor,
    outgoing: Outgoing<'_>,
    now: Millis,
) -> Result<(), ResendRefusal> {
    let mut tx = db.begin().await?;
    let conn: &mut Conn = &mut tx;
    let target = users::find_in_org(conn, &org.id, user_id).await?.ok_or(ResendRefusal::NotFound)?;
    target.standing(Vec::new()).check_may_resend_invitation().map_err(ResendRefusal::NotWaiting)?;
    invitations::revoke_pending(conn, &target.identity_id, &org.id).await?;
    accounts::invite(conn, &invitee(&target, org, outgoing), outgoing.public_url, now).await?;
    let name = full_name(&target.first_name, &target.last_name);
    let entry = Change::new(&org.id, AuditAction::InvitationResent, &name);
    audit::record(conn, &Doer::signed_in(editor), &entry, now).await?;
    tx.commit().await?;
    Ok(())
}

/// What an invitation mail to `target` in `org` says.
fn invitee<'a>(target: &'a UserRow, org: &'a OrgRow, outgoing: Outgoing<'a>) -> Invitee<'a> {
    Invitee {
        user_id: &target.id,
        identity_id: &target.identity_id,
        email: &target.email,
        first_name: &target.first_name,
        org_id: &org.id,
        org_name: &org.name,
        sender: outgoing.sender,
    }
}
