//! A person's memberships of orgs: listing them, and leaving one. A membership that goes
//! takes its roles and pending invitations with it; sessions acting in that org end at their
//! next request, when the session finds no membership behind it.

use partner_center_domain::audit::AuditAction;
use partner_center_domain::users::{check_may_leave, Membership};

use crate::accounts::org_ref;
use crate::audit::{self, Change, Doer};
use crate::auth::Actor;
use crate::clock::Millis;
use crate::db::{invitations, orgs, users, Conn};

/// Every org the actor's login belongs to, whatever its standing there.
pub async fn of(conn: &mut Conn, actor: &Actor) -> Result<Vec<Membership>, sqlx::Error> {
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
    Db(#[from] sqlx::Error),
}

/// The actor leaves `org_id`, in the caller's transaction, with its audit entry.
pub async fn leave(conn: &mut Conn, actor: &Actor, org_id: &str, now: Millis) -> Result<(), LeaveRefusal> {
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
    Ok(())
}
