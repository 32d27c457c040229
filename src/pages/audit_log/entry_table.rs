use leptos::prelude::*;
use partner_center_domain::audit::{AuditEntry, FieldChange};
use stylers::style;

use crate::format;

/// One page of log entries, newest first.
#[component]
pub fn EntryTable(
    entries: Vec<AuditEntry>,
    /// Whether to name each entry's org.
    show_org: bool,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">"Audit log entries"</caption>
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"Action"</th>
                        {show_org.then(|| view! { <th scope="col">"Organization"</th> })}
                        <th scope="col">"Target"</th>
                        <th scope="col">"Changes"</th>
                    </tr>
                </thead>
                <tbody>{entries.into_iter().map(|entry| view! { <EntryRow entry show_org /> }).collect_view()}</tbody>
            </table>
        </div>
    }
}

#[component]
fn EntryRow(entry: AuditEntry, show_org: bool) -> impl IntoView {
    let class_name = style! {
        .muted {
            display: block;
            font-size: var(--text-sm);
            color: var(--color-text-muted);
        }
        .via {
            display: inline-block;
            margin-top: var(--space-1);
            padding: 0 var(--space-2);
            border-radius: var(--radius-sm);
            background: var(--color-nav-active-bg);
            color: var(--color-nav-active-text);
            font-size: var(--text-sm);
        }
        ul {
            margin: 0;
            padding-left: var(--space-4);
        }
    };
    let when = format::local_date_time(&entry.at);
    let via = entry.via.map(|partner| view! { class=class_name, <span class="via">{format!("via {partner}")}</span> });
    let namespace = entry.actor_namespace.map(|ns| view! { class=class_name, <span class="muted">{ns}</span> });
    let changes = entry.changes.into_iter().map(|change| view! { <li>{describe(&change)}</li> }).collect_view();
    view! { class=class_name,
        <tr>
            <td data-label="When">{when}</td>
            <td data-label="Who">{entry.actor} {namespace} {via}</td>
            <td data-label="Action">{entry.action_label}</td>
            {show_org.then(|| view! { <td data-label="Organization">{entry.org_name}</td> })}
            <td data-label="Target">{entry.target}</td>
            <td data-label="Changes">
                <ul>{changes}</ul>
            </td>
        </tr>
    }
}

/// "name: Harbor View Dental → Harbor View Dental Care"; an empty value reads "(none)".
fn describe(change: &FieldChange) -> String {
    let shown = |value: &str| if value.is_empty() { "(none)".to_owned() } else { value.to_owned() };
    format!("{}: {} → {}", change.field, shown(&change.before), shown(&change.after))
}
