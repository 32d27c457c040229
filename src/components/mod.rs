//! Building blocks shared by the pages.

mod api_status;
mod app_header;
mod copyable_text;
mod empty_state;
mod form_alert;
mod main_nav;
mod modal_dialog;
mod org_switcher;
mod page_header;
mod pager;
mod require_sign_in;
mod role_checklist;
mod search_form;
mod status_badge;
mod switch;
mod tab_list;
mod text_field;
mod user_menu;

pub use api_status::{ApiHealth, ApiStatus, ApiStatusView};
pub use app_header::AppHeader;
pub use copyable_text::CopyableText;
pub use empty_state::EmptyState;
pub use form_alert::FormAlert;
pub use main_nav::MainNav;
pub use modal_dialog::{close_dialog, ModalDialog};
pub use org_switcher::OrgSwitcher;
pub use page_header::PageHeader;
pub use pager::Pager;
pub use require_sign_in::{safe_next, RequireSignIn};
pub use role_checklist::RoleChecklist;
pub use search_form::SearchForm;
pub use status_badge::StatusBadge;
pub use switch::Switch;
pub use tab_list::TabList;
pub use text_field::TextField;
pub use user_menu::UserMenu;
