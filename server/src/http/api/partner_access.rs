//! Organization › Partner access: who from outside the org's namespace reaches it, and
//! removing them. For the org's Super Admins; the partner cannot prevent or undo it.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use partner_center_domain::partner_access::{group_label, OutsideGroup, OutsideMember};
use partner_center_domain::roles::{Permission, Role};
use partner_center_domain::users::full_name;

use crate::auth::Actor;
use crate::db::orgs::{self, OrgRow};
use crate::db::{users, Conn};
use crate::error::AppError;
use crate::infra::clock::rfc3339;
use crate::services::memberships::{self, RemovalRefusal};
use crate::AppState;

async fn acting_org(conn: &mut Conn, actor: &Actor) -> Result<OrgRow, AppError> {
    actor.require(Permission::ManageOrg)?;
    orgs::find(conn, actor.acting_org_id()).await?.ok_or(AppError::NotFound)
}

/// `GET /api/v1/partner-access`: the acting org's outside members, by namespace.
pub async fn list(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<OutsideGroup>>, AppError> {
    let mut conn = state.db.conn().await?;
    let org = acting_org(&mut conn, &actor).await?;
    let partner = match &org.parent_id {
        Some(parent) => orgs::find(&mut conn, parent).await?.map(|p| (p.namespace(), p.name)),
        None => None,
    };
    let mut roles: HashMap<String, Vec<Role>> = HashMap::new();
    for (user_id, role) in users::roles_in_org(&mut conn, &org.id).await? {
        roles.entry(user_id).or_default().push(role);
    }
    let mut groups: Vec<OutsideGroup> = Vec::new();
    for row in users::outside_members(&mut conn, &org.id, &org.namespace()).await? {
        if groups.last().is_none_or(|group| group.namespace != row.namespace) {
            let (label, is_partner) =
                group_label(&row.namespace, partner.as_ref().map(|(ns, name)| (ns.as_str(), name.as_str())));
            groups.push(OutsideGroup { namespace: row.namespace.clone(), label, is_partner, members: Vec::new() });
        }
        let mut held = roles.remove(&row.id).unwrap_or_default();
        held.sort();
        let member = OutsideMember {
            name: full_name(&row.first_name, &row.last_name),
            user_id: row.id,
            email: row.email,
            roles: held,
            last_sign_in_at: row.last_sign_in_at.map(rfc3339),
            added_by: row.added_by,
            added_at: rfc3339(row.created_at),
        };
        if let Some(group) = groups.last_mut() {
            group.members.push(member);
        }
    }
    // The partner first: the group a customer most often looks for.
    groups.sort_by_key(|group| !group.is_partner);
    Ok(Json(groups))
}

/// `DELETE /api/v1/partner-access/{id}`: remove an outside member's access.
pub async fn remove(
    State(state): State<AppState>,
    actor: Actor,
    Path(user_id): Path<String>,
) -> Result<StatusCode, AppError> {
    let org = acting_org(&mut state.db.conn().await?, &actor).await?;
    memberships::remove_outside(&state.db, &actor, &org, &user_id, state.clock.now()).await.map_err(|refusal| {
        match refusal {
            RemovalRefusal::NotFound => AppError::NotFound,
            RemovalRefusal::Themselves => AppError::refused(
                StatusCode::CONFLICT,
                "To remove your own access, leave the organization from My organizations.",
            ),
            RemovalRefusal::LastOneRunningIt(message) => AppError::refused(StatusCode::CONFLICT, message),
            RemovalRefusal::Db(error) => error.into(),
        }
    })?;
    Ok(StatusCode::NO_CONTENT)
}
