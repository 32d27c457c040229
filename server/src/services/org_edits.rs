//! Edits of a partner's child org from its page: renaming it, and its billing settings. Each
//! from the version the edit started at, in one transaction with its list row and audit entry.

use partner_center_domain::ap_emails;
use partner_center_domain::audit::{AuditAction, FieldChange};
use partner_center_domain::child_org::{check_trial_length_change, field, ChildOrgDetail, ValidBillingUpdate};
use partner_center_domain::trial::TrialStatus;
use partner_center_domain::validation::OrgName;

use crate::auth::{partner_reach, Actor};
use crate::db::billing::{self, ProfileEdit};
use crate::db::{listing, orgs, Database};
use crate::error::AppError;
use crate::infra::clock::Millis;
use crate::services::audit::{self, Change, Doer};
use crate::services::child_orgs::{self, NAME_TAKEN};
use crate::services::org_listing;

fn conflict() -> AppError {
    AppError::stale_edit("organization")
}

/// Renames the child org `id` edited from `version`.
pub async fn rename(
    db: &Database,
    actor: &Actor,
    id: &str,
    name: &OrgName,
    version: i64,
    now: Millis,
) -> Result<ChildOrgDetail, AppError> {
    let mut tx = db.begin().await?;
    let org = partner_reach::child(&mut tx, actor, id).await?;
    let parent_id = org.parent_id.clone().unwrap_or_default();
    if listing::name_taken(&mut tx, &parent_id, name.as_str(), Some(&org.id)).await? {
        return Err(AppError::conflict(field::NAME, NAME_TAKEN));
    }
    if !orgs::rename(&mut tx, &org.id, version, name.as_str()).await? {
        return Err(conflict());
    }
    org_listing::refresh(&mut tx, &org.id).await?;
    let entry = Change::new(&org.id, AuditAction::OrgRenamed, name.as_str()).with([FieldChange::of(
        "name",
        org.name.as_str(),
        name.as_str(),
    )]);
    audit::record(&mut tx, &Doer::signed_in(actor), &entry, now).await?;
    let renamed = orgs::find(&mut tx, &org.id).await?.ok_or(AppError::NotFound)?;
    let detail = child_orgs::detail(&mut tx, &renamed, now).await?;
    tx.commit().await?;
    Ok(detail)
}

/// Sets the child org's AP emails and reference number, and its trial days until the trial has
/// started, edited from `version`.
pub async fn edit_billing(
    db: &Database,
    actor: &Actor,
    id: &str,
    valid: &ValidBillingUpdate,
    version: i64,
    now: Millis,
) -> Result<ChildOrgDetail, AppError> {
    let mut tx = db.begin().await?;
    let org = partner_reach::child(&mut tx, actor, id).await?;
    let current = billing::find_profile(&mut tx, &org.id).await?.ok_or(AppError::NotFound)?;
    let trial_days = i64::from(valid.trial_days.days());
    if current.version != version {
        return Err(conflict());
    }
    let status = TrialStatus::at(current.first_unlock_at, current.trial_length(), now);
    check_trial_length_change(&status, current.trial_days, valid.trial_days)
        .map_err(|error| AppError::Conflict(vec![error]))?;
    let reference = valid.reference_number.as_ref().map(|r| r.as_str());
    let edit = ProfileEdit {
        ap_email: valid.ap_email.as_str(),
        additional_ap_emails: &valid.additional_ap_emails,
        trial_days,
        reference_number: reference,
    };
    if !billing::update_profile(&mut tx, &org.id, version, &edit).await? {
        return Err(conflict());
    }
    org_listing::refresh(&mut tx, &org.id).await?;
    let entry = Change::new(&org.id, AuditAction::BillingEdited, &org.name).with([
        FieldChange::of("apEmail", current.ap_email.as_str(), valid.ap_email.as_str()),
        FieldChange::of(
            ap_emails::ADDITIONAL_FIELD,
            current.additional_ap_emails.to_strings().join(", "),
            valid.additional_ap_emails.to_strings().join(", "),
        ),
        FieldChange::of("trialDays", current.trial_days.to_string(), trial_days.to_string()),
        FieldChange::of(
            "referenceNumber",
            current.reference_number.clone().unwrap_or_default(),
            reference.unwrap_or_default(),
        ),
    ]);
    audit::record(&mut tx, &Doer::signed_in(actor), &entry, now).await?;
    let detail = child_orgs::detail(&mut tx, &org, now).await?;
    tx.commit().await?;
    Ok(detail)
}
