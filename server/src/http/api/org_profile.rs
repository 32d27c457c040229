use axum::extract::{Path, State};
use axum::Json;
use partner_center_domain::api::{OrgDetail, OrgRef};
use partner_center_domain::roles::Permission;

use crate::auth::{Actor, Reach};
use crate::db::orgs;
use crate::error::AppError;
use crate::infra::clock::rfc3339;
use crate::AppState;

/// An org's information: to its own readers, and to the Super Admins of its partner.
pub async fn get_org(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<Json<OrgDetail>, AppError> {
    let mut conn = state.db.conn().await?;
    let org = orgs::find(&mut conn, &id).await?.ok_or(AppError::NotFound)?;
    actor.authorize(&org, Permission::ReadOrg, Reach::OwnOrPartnerOfChild)?;
    let parent = match &org.parent_id {
        Some(parent_id) => orgs::find(&mut conn, parent_id).await?.map(|p| OrgRef {
            namespace: p.namespace(),
            is_partner: p.is_partner(),
            id: p.id,
            name: p.name,
        }),
        None => None,
    };
    Ok(Json(OrgDetail {
        namespace: org.namespace(),
        is_partner: org.is_partner(),
        id: org.id,
        name: org.name,
        slug: org.slug.as_str().to_owned(),
        parent,
        billing_mode: org.billing_mode.key().to_owned(),
        created_at: rfc3339(org.created_at),
    }))
}
