//! Serves the built single-page app from memory.
//!
//! At start every file under the dist directory is read once, with gzip and brotli variants
//! made for the compressible ones, so each request is a lookup: no disk access, no compression
//! on the hot path. Files whose names carry trunk's content hash are cached for a year; the
//! rest (`index.html`, unhashed files) are revalidated by ETag on every load.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use partner_center_domain::pages::{page_at, CodeModule, PageNeeds};
use sha2::{Digest, Sha256};

use crate::http::page_hints::{self, Hint, ModuleFiles};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    fn header_value(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
        }
    }
}

struct Asset {
    content_type: String,
    cache_control: &'static str,
    etag: String,
    identity: Vec<u8>,
    gzip: Option<Vec<u8>>,
    brotli: Option<Vec<u8>>,
}

impl Asset {
    fn new(path: &str, bytes: Vec<u8>) -> Self {
        let content_type = mime_guess::from_path(path).first_or_octet_stream().essence_str().to_owned();
        // A bundle of wasm modules (scripts/bundle_modules.py) compresses as they do.
        let compressible = is_compressible(&content_type) || path.ends_with(".bundle");
        let (gzip, brotli) = if compressible {
            (smaller(gzip(&bytes), bytes.len()), smaller(brotli(&bytes), bytes.len()))
        } else {
            (None, None)
        };
        let etag = format!("\"{}\"", &hex::encode(Sha256::digest(&bytes))[..32]);
        let cache_control = if has_content_hash(path) { IMMUTABLE } else { REVALIDATE };
        Self { content_type, cache_control, etag, identity: bytes, gzip, brotli }
    }

    fn body(&self, encoding: Encoding) -> (Encoding, &[u8]) {
        match encoding {
            Encoding::Brotli if self.brotli.is_some() => (Encoding::Brotli, self.brotli.as_deref().unwrap_or_default()),
            Encoding::Brotli | Encoding::Gzip if self.gzip.is_some() => {
                (Encoding::Gzip, self.gzip.as_deref().unwrap_or_default())
            }
            _ => (Encoding::Identity, &self.identity),
        }
    }

    fn respond(&self, method: &Method, request_headers: &HeaderMap) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(self.cache_control));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Ok(etag) = HeaderValue::from_str(&self.etag) {
            headers.insert(header::ETAG, etag);
        }
        let not_modified = request_headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == self.etag || tag.trim() == "*"));
        if not_modified {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        let (encoding, bytes) = self.body(preferred_encoding(request_headers));
        if let Ok(content_type) = HeaderValue::from_str(&self.content_type) {
            headers.insert(header::CONTENT_TYPE, content_type);
        }
        if let Some(value) = encoding.header_value() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(value));
        }
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
        let body = if method == Method::HEAD { Body::empty() } else { Body::from(bytes.to_vec()) };
        (StatusCode::OK, headers, body).into_response()
    }
}

/// `index.html` as served for one kind of page: with the files that page needs named in a
/// `Link` header and in its head.
struct IndexPage {
    link: Option<HeaderValue>,
    html: Asset,
}

/// The app's files, keyed by URL path (`/index.html`, `/partner-center-0123abcd.js`, ...).
pub struct SpaAssets {
    files: HashMap<String, Asset>,
    index_pages: HashMap<PageNeeds, IndexPage>,
    /// `index.html` for an address no page has, where the app draws Not found.
    not_found_page: Option<IndexPage>,
    content_security_policy: String,
}

impl SpaAssets {
    /// Loads the dist directory; a missing directory gives an empty set (API-only mode, as when
    /// designers run `trunk serve` in front of this server).
    pub fn load(dist_dir: &Path) -> std::io::Result<Self> {
        let mut files = HashMap::new();
        if dist_dir.is_dir() {
            load_dir(dist_dir, dist_dir, &mut files)?;
        }
        let hashes = files
            .get("/index.html")
            .map(|index| inline_script_hashes(&String::from_utf8_lossy(&index.identity)))
            .unwrap_or_default();
        let content_security_policy = crate::http::security_headers::content_security_policy(&hashes);
        let (index_pages, not_found_page) = index_pages(&files)?;
        Ok(Self { files, index_pages, not_found_page, content_security_policy })
    }

    /// The policy for every response: it names the app's inline scripts by hash.
    pub fn content_security_policy(&self) -> &str {
        &self.content_security_policy
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Answers a GET or HEAD outside `/api`: the file itself, or `index.html` for client routes.
    pub fn respond(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> Response {
        if method != Method::GET && method != Method::HEAD {
            return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response();
        }
        let path = uri.path();
        if let Some(asset) = self.files.get(path) {
            return asset.respond(method, headers);
        }
        if looks_like_a_file(path) {
            return (StatusCode::NOT_FOUND, "Not found.").into_response();
        }
        let page = match page_at(path) {
            Some(needs) => self.index_pages.get(&needs),
            // The app draws Not found. (Answering it 404 would log an error in the browser's
            // console on that page.)
            None => self.not_found_page.as_ref(),
        };
        let Some(page) = page else {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "The app has not been built. Run `trunk build --release` (see README.md).",
            )
                .into_response();
        };
        let mut response = page.html.respond(method, headers);
        if let Some(link) = &page.link {
            response.headers_mut().insert(header::LINK, link.clone());
        }
        response
    }
}

/// `index.html` for every kind of page and for Not found, made once at start. Without
/// `modules.json` (a build without page modules) the hints name the main module and the
/// session only.
fn index_pages(files: &HashMap<String, Asset>) -> std::io::Result<(HashMap<PageNeeds, IndexPage>, Option<IndexPage>)> {
    let Some(index) = files.get("/index.html") else {
        return Ok((HashMap::new(), None));
    };
    let modules: ModuleFiles = match files.get("/modules.json") {
        Some(list) => serde_json::from_slice(&list.identity).map_err(std::io::Error::other)?,
        None => ModuleFiles::new(),
    };
    let html = String::from_utf8_lossy(&index.identity);
    let main = page_hints::main_module_hints(&html);
    let page = |hints: Vec<Hint>| -> std::io::Result<IndexPage> {
        let all: Vec<_> = main.iter().chain(&hints).cloned().collect();
        let link =
            page_hints::link_header(&all).map(HeaderValue::try_from).transpose().map_err(std::io::Error::other)?;
        let html = Asset::new("/index.html", page_hints::with_preload_tags(&html, &hints).into_bytes());
        Ok(IndexPage { link, html })
    };
    let mut pages = HashMap::new();
    for module in std::iter::once(None).chain(CodeModule::ALL.into_iter().map(Some)) {
        for session in [false, true] {
            let needs = PageNeeds { module, session };
            pages.insert(needs, page(page_hints::page_hints(needs, &modules))?);
        }
    }
    Ok((pages, Some(page(page_hints::not_found_hints(&modules))?)))
}

fn load_dir(root: &Path, dir: &Path, files: &mut HashMap<String, Asset>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            load_dir(root, &path, files)?;
            continue;
        }
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let url_path = format!("/{}", relative.to_string_lossy().replace('\\', "/"));
        let bytes = std::fs::read(&path)?;
        files.insert(url_path.clone(), Asset::new(&url_path, bytes));
    }
    Ok(())
}

/// CSP source expressions (`sha256-…`) for each inline `<script>` of an HTML page.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let opening = &rest[..open_end];
        let Some(close) = rest.find("</script>") else {
            break;
        };
        if !opening.contains(" src=") && close > open_end {
            let content = &rest[open_end + 1..close];
            hashes.push(format!("sha256-{}", STANDARD.encode(Sha256::digest(content.as_bytes()))));
        }
        rest = &rest[close + "</script>".len()..];
    }
    hashes
}

/// The best encoding the client accepts, by our preference: brotli, then gzip.
pub fn preferred_encoding(headers: &HeaderMap) -> Encoding {
    let accepted: Vec<String> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';');
            let name = parts.next()?.trim().to_ascii_lowercase();
            let refused =
                parts.any(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()) == Some(0.0));
            (!refused).then_some(name)
        })
        .collect();
    if accepted.iter().any(|e| e == "br") {
        Encoding::Brotli
    } else if accepted.iter().any(|e| e == "gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Trunk names built files `<stem>-<hash>.<ext>` (wasm: `<stem>-<hash>_bg.wasm`), the hash a
/// 64-bit number in hex without leading zeros.
fn has_content_hash(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn looks_like_a_file(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

fn is_compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || matches!(
            content_type,
            "application/javascript"
                | "application/json"
                | "application/wasm"
                | "image/svg+xml"
                | "application/manifest+json"
        )
}

fn smaller(compressed: Vec<u8>, original: usize) -> Option<Vec<u8>> {
    (compressed.len() < original).then_some(compressed)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let mut input = bytes;
    match brotli::BrotliCompress(&mut input, &mut out, &params) {
        Ok(_) => out,
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn brotli_is_preferred_then_gzip_and_q_zero_refuses() {
        assert_eq!(preferred_encoding(&accept("gzip, deflate, br, zstd")), Encoding::Brotli);
        assert_eq!(preferred_encoding(&accept("gzip")), Encoding::Gzip);
        assert_eq!(preferred_encoding(&accept("br;q=0, gzip;q=0.5")), Encoding::Gzip);
        assert_eq!(preferred_encoding(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn only_trunk_hashed_names_count_as_immutable() {
        assert!(has_content_hash("/partner-center-3f2a9c1d0b8e7f65.js"));
        assert!(has_content_hash("/partner-center-3f2a9c1d0b8e7f65_bg.wasm"));
        assert!(has_content_hash("/partner-center-6f52b7952953fa1.js"));
        assert!(has_content_hash("/style-00112233445566ff.css"));
        assert!(!has_content_hash("/index.html"));
        assert!(!has_content_hash("/stylers.css"));
        assert!(!has_content_hash("/partner-center-nothex0000000000.js"));
    }

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = "<script src=\"/a.js\"></script><script type=\"module\">alert(1)</script>";
        let expected = format!("sha256-{}", STANDARD.encode(Sha256::digest(b"alert(1)")));
        assert_eq!(inline_script_hashes(html), vec![expected]);
    }

    #[test]
    fn compressed_variants_round_trip() {
        let text = "let x = 1;\n".repeat(200).into_bytes();
        let asset = Asset::new("/app-0123456789abcdef.js", text.clone());
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut asset.brotli.as_deref().unwrap(), &mut decoded).unwrap();
        assert_eq!(decoded, text);
        let mut gz = flate2::read::GzDecoder::new(asset.gzip.as_deref().unwrap());
        let mut decoded = Vec::new();
        std::io::Read::read_to_end(&mut gz, &mut decoded).unwrap();
        assert_eq!(decoded, text);
    }
}
