use leptos::prelude::*;
use partner_center_domain::trial::TrialStatus;
use stylers::style;

/// An org's trial/billing state as a coloured label.
#[component]
pub fn StatusBadge(status: TrialStatus) -> impl IntoView {
    let class_name = style! {
        .badge {
            display: inline-block;
            padding: 0 var(--space-2);
            border-radius: 999px;
            font-size: var(--text-sm);
            white-space: nowrap;
            border: 1px solid var(--color-border);
            background: var(--color-bg);
            color: var(--color-text);
        }
        .badge[data-phase="trialing"] {
            background: var(--color-warning-bg);
            color: var(--color-warning);
            border-color: transparent;
        }
        .badge[data-phase="billing"] {
            background: var(--color-success-bg);
            color: var(--color-success);
            border-color: transparent;
        }
    };
    let phase = match status {
        TrialStatus::AwaitingFirstUnlock => "awaiting",
        TrialStatus::Trialing { .. } => "trialing",
        TrialStatus::Billing { .. } => "billing",
    };
    view! { class=class_name,
        <span class="badge" data-phase=phase>
            {status.label()}
        </span>
    }
}
