//! What the Partner Center reaches: the partner org the caller acts in, and its child orgs.
//! Below the services, so every service that works on a child org checks the same way.

use partner_center_domain::roles::Permission;

use super::{Actor, Reach};
use crate::db::orgs::{self, OrgRow};
use crate::db::Conn;
use crate::error::AppError;

/// The partner org the caller acts in, when the caller may use its Partner Center.
pub async fn acting_partner(conn: &mut Conn, actor: &Actor) -> Result<OrgRow, AppError> {
    orgs::find(conn, acting_partner_id(actor)?).await?.ok_or(AppError::NotFound)
}

/// The id of the partner org the caller acts in, when the caller may use its Partner Center:
/// for reads that need no more of the org than its id (the session already joined it).
pub fn acting_partner_id(actor: &Actor) -> Result<&str, AppError> {
    actor.require_partner_center()?;
    Ok(actor.acting_org_id())
}

/// A child org of the actor's acting partner org, for the Partner Center: 404 when it does
/// not exist or is not that partner's child, 403 for a partner's user whose role falls short.
pub async fn child(conn: &mut Conn, actor: &Actor, id: &str) -> Result<OrgRow, AppError> {
    let org = orgs::find(conn, id).await?.ok_or(AppError::NotFound)?;
    actor.authorize(&org, Permission::PartnerCenter, Reach::PartnerOfChild)?;
    Ok(org)
}
