//! Building blocks shared by the pages.

mod api_status;
mod app_header;
mod empty_state;
mod form_alert;
mod main_nav;
mod org_switcher;
mod page_header;
mod require_sign_in;
mod text_field;
mod user_menu;

pub use api_status::{ApiHealth, ApiStatus, ApiStatusView};
pub use app_header::AppHeader;
pub use empty_state::EmptyState;
pub use form_alert::FormAlert;
pub use main_nav::MainNav;
pub use org_switcher::OrgSwitcher;
pub use page_header::PageHeader;
pub use require_sign_in::{safe_next, RequireSignIn};
pub use text_field::TextField;
pub use user_menu::UserMenu;
