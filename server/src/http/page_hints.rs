//! What the browser will fetch for a page, told before it asks: the server knows from the
//! address alone which wasm module the page's code is in and whether it asks for the session
//! (`domain::pages::page_at`), so `index.html` names those files in a `Link` header and in its
//! head, and the browser fetches them during the HTML's round trip instead of after the main
//! module has run.

use std::collections::BTreeMap;

use partner_center_domain::pages::{CodeModule, PageNeeds};

/// What a first visit to the pages of each module fetches (one bundle of its files and the
/// chrome's, for a signed-in page), as `scripts/bundle_modules.py` writes it to `modules.json`
/// beside the app.
pub type ModuleFiles = BTreeMap<String, Vec<String>>;

/// The session the signed-in pages ask for first.
const SESSION: &str = "/api/v1/me";
/// `modules.json`'s entry for an address no page has.
const NOT_FOUND: &str = "not_found";

/// One file to fetch early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub href: String,
    pub kind: HintKind,
    /// The Subresource Integrity value the app's own request carries: a preload without it
    /// does not serve that request, which then fetches the file again.
    pub integrity: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HintKind {
    /// An ES module script (`rel=modulepreload`).
    Script,
    /// The main wasm module, which the app fetches with `fetch()`.
    Wasm,
    /// A file (a bundle of wasm modules, an API answer) the app fetches with `fetch()`:
    /// same-origin, so the cookie goes along.
    Fetch,
}

impl Hint {
    /// The `Link` header's entry. `crossorigin` matches the mode and credentials of the app's
    /// own `fetch()` (same-origin), or the browser would fetch the file twice.
    fn link_entry(&self) -> String {
        let entry = match self.kind {
            HintKind::Script => format!("<{}>; rel=modulepreload; crossorigin", self.href),
            HintKind::Wasm => format!("<{}>; rel=preload; as=fetch; type=\"application/wasm\"; crossorigin", self.href),
            HintKind::Fetch => format!("<{}>; rel=preload; as=fetch; crossorigin", self.href),
        };
        match &self.integrity {
            Some(integrity) => format!("{entry}; integrity=\"{integrity}\""),
            None => entry,
        }
    }

    fn html_tag(&self) -> String {
        match self.kind {
            HintKind::Script => format!(r#"<link rel="modulepreload" href="{}">"#, self.href),
            HintKind::Wasm => {
                format!(r#"<link rel="preload" href="{}" as="fetch" type="application/wasm" crossorigin>"#, self.href)
            }
            HintKind::Fetch => format!(r#"<link rel="preload" href="{}" as="fetch" crossorigin>"#, self.href),
        }
    }
}

/// The main module's files, read from the preload tags trunk and the splitter wrote into
/// `index.html`'s head.
pub fn main_module_hints(index_html: &str) -> Vec<Hint> {
    let mut hints = Vec::new();
    for tag in index_html.split("<link ").skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let Some(href) = attribute(tag, "href") else { continue };
        let kind = match (attribute(tag, "rel").as_deref(), attribute(tag, "type").as_deref()) {
            (Some("modulepreload"), _) => HintKind::Script,
            (Some("preload"), Some("application/wasm")) => HintKind::Wasm,
            _ => continue,
        };
        hints.push(Hint { href, kind, integrity: attribute(tag, "integrity") });
    }
    hints
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag
        .find(&format!(" {name}=\""))
        .map(|at| at + name.len() + 3)
        .or_else(|| tag.starts_with(&format!("{name}=\"")).then_some(name.len() + 2))?;
    let end = tag[start..].find('"')?;
    Some(tag[start..start + end].to_owned())
}

/// What a page needs beyond the main module: what a first visit to its module fetches (for a
/// signed-in page that includes the chrome's module), then the session.
pub fn page_hints(needs: PageNeeds, modules: &ModuleFiles) -> Vec<Hint> {
    let module = needs.module.or(needs.session.then_some(CodeModule::SignedIn));
    fetches(module.map(CodeModule::name), needs.session, modules)
}

/// The files `modules.json` lists under `entry`, then the session if `session`.
fn fetches(entry: Option<&str>, session: bool, modules: &ModuleFiles) -> Vec<Hint> {
    let files = entry.and_then(|entry| modules.get(entry)).into_iter().flatten();
    let mut hints: Vec<Hint> =
        files.map(|file| Hint { href: format!("/{file}"), kind: HintKind::Fetch, integrity: None }).collect();
    if session {
        hints.push(Hint { href: SESSION.to_owned(), kind: HintKind::Fetch, integrity: None });
    }
    hints
}

/// What Not found, drawn for an address no page has, needs: the chrome of whoever may be
/// signed in, and the session.
pub fn not_found_hints(modules: &ModuleFiles) -> Vec<Hint> {
    fetches(Some(NOT_FOUND), true, modules)
}

/// The `Link` header naming `hints`, or `None` when there are none.
pub fn link_header(hints: &[Hint]) -> Option<String> {
    (!hints.is_empty()).then(|| hints.iter().map(Hint::link_entry).collect::<Vec<_>>().join(", "))
}

/// `index_html` with `hints` as preload tags at the end of its head (the main module's are
/// there already).
pub fn with_preload_tags(index_html: &str, hints: &[Hint]) -> String {
    let tags: String = hints.iter().map(Hint::html_tag).collect();
    index_html.replacen("</head>", &format!("{tags}</head>"), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = concat!(
        r#"<html><head><link rel="stylesheet" href="/base-1.css"/>"#,
        r#"<link rel="modulepreload" href="/partner-center-ab.js" crossorigin="anonymous" integrity="sha384-x">"#,
        r#"<link rel="preload" href="/partner-center-ab_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm">"#,
        r#"<link rel="modulepreload" href="/__wasm_split-cd.js" crossorigin="anonymous"></head><body></body></html>"#,
    );

    fn modules() -> ModuleFiles {
        BTreeMap::from([
            ("orgs".to_owned(), vec!["bundle_orgs-1.bundle".to_owned()]),
            ("signed_in".to_owned(), vec!["bundle_signed_in-2.bundle".to_owned()]),
            ("not_found".to_owned(), vec!["bundle_not_found-3.bundle".to_owned()]),
        ])
    }

    #[test]
    fn the_main_module_is_read_from_the_preload_tags_of_index_html() {
        let hints = main_module_hints(INDEX);
        let hrefs: Vec<_> = hints.iter().map(|hint| (hint.href.as_str(), hint.kind)).collect();
        assert_eq!(
            hrefs,
            [
                ("/partner-center-ab.js", HintKind::Script),
                ("/partner-center-ab_bg.wasm", HintKind::Wasm),
                ("/__wasm_split-cd.js", HintKind::Script)
            ]
        );
        assert_eq!(
            link_header(&hints[..1]).unwrap(),
            r#"</partner-center-ab.js>; rel=modulepreload; crossorigin; integrity="sha384-x""#
        );
    }

    #[test]
    fn a_signed_in_page_names_its_bundle_and_the_session() {
        let needs = PageNeeds { module: Some(CodeModule::Orgs), session: true };
        let hints = page_hints(needs, &modules());
        assert_eq!(
            link_header(&hints).unwrap(),
            "</bundle_orgs-1.bundle>; rel=preload; as=fetch; crossorigin, </api/v1/me>; rel=preload; as=fetch; crossorigin"
        );
        let html = with_preload_tags(INDEX, &hints);
        assert!(html.contains(r#"<link rel="preload" href="/api/v1/me" as="fetch" crossorigin></head>"#));
        assert!(html.contains(r#"<link rel="preload" href="/bundle_orgs-1.bundle" as="fetch" crossorigin>"#));
    }

    #[test]
    fn the_home_page_names_the_chromes_bundle() {
        let needs = PageNeeds { module: Some(CodeModule::SignedIn), session: true };
        assert_eq!(page_hints(needs, &modules())[0].href, "/bundle_signed_in-2.bundle");
    }

    #[test]
    fn not_found_names_the_chromes_own_bundle_and_the_session() {
        let hrefs: Vec<_> = not_found_hints(&modules()).into_iter().map(|hint| hint.href).collect();
        assert_eq!(hrefs, ["/bundle_not_found-3.bundle", "/api/v1/me"]);
    }

    #[test]
    fn the_sign_in_page_needs_nothing_beyond_the_main_module() {
        let needs = PageNeeds { module: None, session: false };
        assert_eq!(page_hints(needs, &modules()), []);
        assert_eq!(link_header(&[]), None);
    }

    #[test]
    fn a_module_missing_from_the_list_is_left_to_the_app() {
        let needs = PageNeeds { module: Some(CodeModule::Users), session: false };
        assert_eq!(page_hints(needs, &modules()), []);
    }
}
