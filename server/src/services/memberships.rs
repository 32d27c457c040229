//! A person's memberships of orgs: listing them, and leaving one. A membership that goes
//! takes its roles and pending invitations with it; sessions acting in that org end at their
//! next request, when the session finds no membership behind it.

use partner_center_domain::audit::AuditAction;
use partner_center_domain::users::{
    check_keeps_someone_running_the_org, check_may_leave, full_name, Membership, Standing,
};

use crate::auth::Actor;
use crate::db::orgs::OrgRow;
use crate::db::{invitations, orgs, users, Conn, Database};
use crate::infra::clock::Millis;
use crate::services::accounts::org_ref;
use crate::services::audit::{self, Change, Doer};
use crate::services::org_listing;

/// Every org the actor's login belongs to, whatever its standing there.
pub async fn of(conn: &mut Conn, actor: &Actor) -> Result<Vec<Membership>, crate::db::Error> {
    let mut found = Vec::new();
    for row in users::memberships_of(conn, &actor.identity_id).await? {
        let mut roles = users::roles(conn, &row.user_id).await?;
        roles.sort();
        found.push(Membership {
            org: org_ref(&row),
            roles,
            status: row.status(),
            portal_access: row.portal_access(),
            acting: row.org_id == actor.acting_org_id(),
        });
    }
    Ok(found)
}

/// Why a person could not leave an org.
#[derive(Debug, thiserror::Error)]
pub enum LeaveRefusal {
    #[error("not a member")]
    NotAMember,
    #[error("the org this session acts in")]
    ActingThere,
    /// The message says why.
    #[error("{0}")]
    LastOneRunningIt(String),
    #[error(transparent)]
    Db(#[from] crate::db::Error),
}

/// The actor leaves `org_id`, in one transaction, with its audit entry and the org's list row.
pub async fn leave(db: &Database, actor: &Actor, org_id: &str, now: Millis) -> Result<(), LeaveRefusal> {
    let mut tx = db.begin().await?;
    let conn: &mut Conn = &mut tx;
    // One change of the org's users at a time, as for edits: two last Super Admins leaving at
    // the same instant must not both see the other stay.
    orgs::lock(conn, org_id).await?;
    let membership = users::membership(conn, &actor.identity_id, org_id).await?.ok_or(LeaveRefusal::NotAMember)?;
    if org_id == actor.acting_org_id() {
        return Err(LeaveRefusal::ActingThere);
    }
    let is_last = users::active_super_admins(conn, org_id).await? == [membership.user_id.clone()];
    check_may_leave(is_last, &membership.org_name).map_err(LeaveRefusal::LastOneRunningIt)?;
    invitations::revoke_pending(conn, &actor.identity_id, org_id).await?;
    users::delete(conn, &membership.user_id).await?;
    let change = Change::new(org_id, AuditAction::LeftOrg, &membership.org_name);
    audit::record(conn, &Doer::signed_in(actor), &change, now).await?;
    // A child org's list row names its first Super Admin, who may just have left.
    if orgs::find(conn, org_id).await?.is_some_and(|org| org.parent_id.is_some()) {
        org_listing::refresh(conn, org_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Why an outside member's access was not removed.
#[derive(Debug, thiserror::Error)]
pub enum RemovalRefusal {
    /// No such user in the org, or one whose login is the org's own.
    #[error("no such outside member")]
    NotFound,
    #[error("that is the remover")]
    Themselves,
    /// The message names the person.
    #[error("{0}")]
    LastOneRunningIt(String),
    #[error(transparent)]
    Db(#[from] crate::db::Error),
}

/// Removes outside member `user_id` from `org` (the actor's acting org), in one transaction,
/// with its audit entry and the org's list row. Their sessions acting in the org end at their next
/// request; nothing else of theirs changes.
pub async fn remove_outside(
    db: &Database,
    actor: &Actor,
    org: &OrgRow,
    user_id: &str,
    now: Millis,
) -> Result<(), RemovalRefusal> {
    let mut tx = db.begin().await?;
    let conn: &mut Conn = &mut tx;
    orgs::lock(conn, &org.id).await?;
    let outside = users::outside_members(conn, &org.id, &org.namespace()).await?;
    let member = outside.into_iter().find(|m| m.id == user_id).ok_or(RemovalRefusal::NotFound)?;
    if member.identity_id == actor.identity_id {
        return Err(RemovalRefusal::Themselves);
    }
    let name = full_name(&member.first_name, &member.last_name);
    let is_last = users::active_super_admins(conn, &org.id).await? == [member.id.clone()];
    let gone = Standing {
        status: partner_center_domain::users::UserStatus::Suspended,
        portal_access: false,
        roles: Vec::new(),
    };
    check_keeps_someone_running_the_org(is_last, &gone, &name).map_err(RemovalRefusal::LastOneRunningIt)?;
    invitations::revoke_pending(conn, &member.identity_id, &org.id).await?;
    users::delete(conn, &member.id).await?;
    let change = Change::new(&org.id, AuditAction::AccessRemoved, &name);
    audit::record(conn, &Doer::signed_in(actor), &change, now).await?;
    if org.parent_id.is_some() {
        org_listing::refresh(conn, &org.id).await?;
    }
    tx.commit().await?;
    Ok(())
}
