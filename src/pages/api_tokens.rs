use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use partner_center_domain::subscription::{ApiTokenSummary, CreatedApiToken};
use partner_center_domain::validation::PersonName;

use crate::api;
use crate::components::{
    ConfirmButton, CopyableText, FormAlert, LoadingSkeleton, PageHeader, RetryBlock, SubmitButton, TextField,
};
use crate::format;

/// The acting org's API tokens: what its door controllers (or the access platform) use to
/// report unlocks to `POST /api/v1/unlocks`.
#[component]
pub fn ApiTokens() -> impl IntoView {
    let tokens = LocalResource::new(api::api_tokens);
    let alert = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<CreatedApiToken>);
    let on_created = Callback::new(move |token: CreatedApiToken| {
        created.set(Some(token));
        tokens.refetch();
    });
    let on_revoked = Callback::new(move |()| tokens.refetch());
    let list = move || {
        tokens.get().map(|result| match result {
            Err(error) => view! { <RetryBlock what="The tokens could not be loaded." error on_retry=Callback::new(move |()| tokens.refetch()) /> }
            .into_any(),
            Ok(list) if list.is_empty() => view! { <p class="form-gap">"No tokens yet."</p> }.into_any(),
            Ok(list) => view! { <TokenTable tokens=list on_revoked /> }.into_any(),
        })
    };
    view! {
        <PageHeader
            title="API Tokens"
            description="Tokens with which this organization's doors report unlocks. The first unlock starts the trial."
        />
        <FormAlert message=alert />
        {move || created.get().map(|token| view! { <CreatedToken token /> })}
        <CreateTokenForm alert on_created />
        <Transition fallback=|| view! { <LoadingSkeleton what="Loading tokens…" /> }>{list}</Transition>
    }
}

/// A new token, shown once.
#[component]
fn CreatedToken(token: CreatedApiToken) -> impl IntoView {
    view! {
        <section class="notice-line" aria-labelledby="new-token-title">
            <h2 id="new-token-title">{format!("Token “{}” created", token.summary.name)}</h2>
            <p>
                "Copy it now: it is shown only once. Send it as Authorization: Bearer <token> to POST /api/v1/unlocks."
            </p>
            <CopyableText text=token.token label="Copy token" />
        </section>
    }
}

/// Names and creates a token.
#[component]
fn CreateTokenForm(
    /// Where a failure that is not about the name is shown.
    alert: RwSignal<Option<String>>,
    on_created: Callback<CreatedApiToken>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<String>);
    let create = Action::new_local(|name: &String| {
        let name = name.clone();
        async move { api::create_api_token(&name).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(token)) => {
            name.set(String::new());
            on_created.run(token);
        }
        Some(Err(error)) => match error.field_message("name") {
            Some(message) => name_error.set(Some(message)),
            None => alert.set(Some(error.to_string())),
        },
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        let problem = PersonName::parse(&name.get_untracked()).err().map(|e| e.to_string());
        name_error.set(problem.clone());
        if problem.is_none() {
            create.dispatch(name.get_untracked());
        }
    };
    view! {
        <form class="panel-form form-gap" on:submit=on_submit novalidate>
            <TextField
                label="Token name"
                id="name"
                value=name
                error=name_error
                hint="Where it is used, e.g. Front door controller."
            />
            <SubmitButton label="Create token" pending_label="Creating…" pending=create.pending() />
        </form>
    }
}

/// Every token of the org, with *Revoke* on the live ones.
#[component]
fn TokenTable(tokens: Vec<ApiTokenSummary>, on_revoked: Callback<()>) -> impl IntoView {
    view! {
        <table class="data-table form-gap">
            <caption class="visually-hidden">"API tokens"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col">"Use"</th>
                    <th scope="col">
                        <span class="visually-hidden">"Actions"</span>
                    </th>
                </tr>
            </thead>
            <tbody>{tokens.into_iter().map(|token| view! { <TokenRow token on_revoked /> }).collect_view()}</tbody>
        </table>
    }
}

#[component]
fn TokenRow(token: ApiTokenSummary, on_revoked: Callback<()>) -> impl IntoView {
    let status = match &token.revoked_at {
        Some(at) => format!("Revoked {}", format::local_date(at)),
        None => token
            .last_used_at
            .as_deref()
            .map_or_else(|| "Never used".to_owned(), |at| format!("Last used {}", format::local_date(at))),
    };
    let revoke = token.revoked_at.is_none().then(|| {
        let id = token.id.clone();
        let action = Action::new_local(move |(): &()| {
            let id = id.clone();
            async move { api::revoke_api_token(&id).await }
        });
        view! {
            <ConfirmButton
                label="Revoke"
                aria_label=format!("Revoke {}", token.name)
                title="Revoke this token?"
                consequence=format!(
                    "Devices using “{}” can no longer report unlocks. A revoked token cannot be used again.",
                    token.name,
                )
                confirm_label="Revoke token"
                action
                on_done=on_revoked
            />
        }
    });
    view! {
        <tr>
            <td data-label="Name">{token.name.clone()}</td>
            <td data-label="Created">{format!("{} by {}", format::local_date(&token.created_at), token.created_by)}</td>
            <td data-label="Use">{status}</td>
            <td>{revoke}</td>
        </tr>
    }
}
