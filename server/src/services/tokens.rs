//! An org's API tokens, which door controllers send to report unlocks: issuing one (shown
//! once) and revoking it, each with its audit entry.

use partner_center_domain::audit::AuditAction;
use partner_center_domain::subscription::{ApiTokenSummary, CreatedApiToken};
use partner_center_domain::users::full_name;
use partner_center_domain::validation::PersonName;

use crate::auth::Actor;
use crate::db::unlocks::{self, TokenRow};
use crate::db::{Database, Error};
use crate::infra::clock::{rfc3339, Millis};
use crate::infra::secrets::{new_id, new_token, token_digest};
use crate::services::audit::{self, Change, Doer};

pub fn summary(row: TokenRow) -> ApiTokenSummary {
    ApiTokenSummary {
        id: row.id,
        name: row.name,
        created_at: rfc3339(row.created_at),
        created_by: row.created_by,
        last_used_at: row.last_used_at.map(rfc3339),
        revoked_at: row.revoked_at.map(rfc3339),
    }
}

/// A new token of the actor's acting org; the token itself is in this answer only.
pub async fn issue(db: &Database, actor: &Actor, name: &PersonName, now: Millis) -> Result<CreatedApiToken, Error> {
    let token = format!("pc_{}", new_token());
    let row = TokenRow {
        id: new_id(),
        org_id: actor.acting_org_id().to_owned(),
        name: name.as_str().to_owned(),
        created_at: now,
        created_by: full_name(&actor.user.first_name, &actor.user.last_name),
        revoked_at: None,
        last_used_at: None,
    };
    let mut tx = db.begin().await?;
    unlocks::insert_token(&mut tx, &row, &token_digest(&token)).await?;
    let change = Change::new(&row.org_id, AuditAction::ApiTokenCreated, &row.name);
    audit::record(&mut tx, &Doer::signed_in(actor), &change, now).await?;
    tx.commit().await?;
    Ok(CreatedApiToken { token, summary: summary(row) })
}

/// Revokes the acting org's token `id`: from now on it is refused. False when the org has no
/// such token, or it was revoked already.
pub async fn revoke(db: &Database, actor: &Actor, id: &str, now: Millis) -> Result<bool, Error> {
    let mut tx = db.begin().await?;
    let org_id = actor.acting_org_id();
    let name = unlocks::tokens(&mut tx, org_id).await?.into_iter().find(|t| t.id == id).map(|t| t.name);
    let (Some(name), true) = (name, unlocks::revoke(&mut tx, org_id, id, now).await?) else {
        return Ok(false);
    };
    audit::record(&mut tx, &Doer::signed_in(actor), &Change::new(org_id, AuditAction::ApiTokenRevoked, &name), now)
        .await?;
    tx.commit().await?;
    Ok(true)
}
