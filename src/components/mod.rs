//! Building blocks shared by the pages.

mod api_status;
mod app_header;
mod empty_state;
mod main_nav;
mod page_header;

pub use api_status::{ApiHealth, ApiStatus, ApiStatusView};
pub use app_header::AppHeader;
pub use empty_state::EmptyState;
pub use main_nav::MainNav;
pub use page_header::PageHeader;
