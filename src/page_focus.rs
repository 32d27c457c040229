//! Where focus goes after following a link to another page: to the new page's heading, as a
//! screen reader user expects, so the next Tab is in the page's content (the skip link stays
//! first on a fresh load). The first page of a visit keeps the browser's focus, and a page
//! that re-renders in place (a save, a new sort) keeps whatever has focus, and a page that
//! arrives with the outcome of a Save on the page before gives focus to that notice instead.

use leptos::html::H1;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The path whose heading last took focus.
#[derive(Clone, Copy)]
struct FocusedPage(StoredValue<String>);

/// Called once inside the router: the page it starts on has had its focus.
pub fn provide_page_focus() {
    let first = use_location().pathname.get_untracked();
    provide_context(FocusedPage(StoredValue::new(first)));
}

/// A `node_ref` for a page's `<h1 tabindex="-1">`: focused when it mounts on a path other than
/// the one whose heading took focus last.
pub fn heading_focus() -> NodeRef<H1> {
    let heading = NodeRef::<H1>::new();
    // Outside the app's router (a component test) there is no page to follow.
    let Some(FocusedPage(focused)) = use_context::<FocusedPage>() else {
        return heading;
    };
    let location = use_location();
    Effect::new(move |_| {
        let Some(element) = heading.get() else {
            return;
        };
        let path = location.pathname.get_untracked();
        if focused.with_value(|last| *last != path) {
            focused.set_value(path);
            let _ = element.focus();
        }
    });
    heading
}

/// For a control that takes the new page's focus itself (the notice of a Save on the page
/// before): calling the answer tells the page's heading, however late it mounts, to leave focus
/// where it is.
pub fn use_focus_taken() -> impl Fn() + Copy + 'static {
    // Outside the app's router (a component test) there is no page to tell.
    let page = use_context::<FocusedPage>().map(|FocusedPage(focused)| (focused, use_location().pathname));
    move || {
        if let Some((focused, pathname)) = page {
            focused.set_value(pathname.get_untracked());
        }
    }
}
