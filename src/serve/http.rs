//! The HTTP side of `dossier serve` (axum on tokio). Takes the output folder, the path
//! the site is mounted at and a channel of build events; serves the files with preview
//! headers (no caching), the site's 404 page, the live-reload script injected into HTML
//! and the server-sent events the script listens to.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

/// The address of the event stream (outside the site's own paths).
pub const EVENTS: &str = "/__dossier/events";

/// What the browser is told after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Pages changed: reload.
    Reload,
    /// Only stylesheets changed: swap them (JSON: the renamed files, `[old, new]` pairs;
    /// `[]` when unknown, and the page fetches itself again to find them).
    Css(String),
    /// The build failed: show the overlay (JSON with file, line, message).
    Error(String),
    /// The build is good again but nothing changed: hide the overlay.
    Ok,
}

pub struct Shared {
    /// The output folder, canonical.
    pub root: PathBuf,
    /// Where the site is mounted, `/` or `/digest/`.
    pub mount: String,
    pub events: broadcast::Sender<Event>,
    /// The current build error, for pages opened while it stands.
    pub error: Mutex<Option<String>>,
    /// Files written after the reload event (`xref.json`): a request waits for them.
    pub late: Arc<super::incremental::LateWrites>,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS, get(events))
        .fallback(get(file))
        .with_state(shared)
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let current = shared.error.lock().map(|e| e.clone()).unwrap_or_default();
    let first = tokio_stream::iter(
        std::iter::once(SseEvent::default().event("hello").data("connected"))
            .chain(current.map(|e| SseEvent::default().event("build-error").data(e)))
            .map(Ok),
    );
    let rest = BroadcastStream::new(shared.events.subscribe()).filter_map(|e| {
        let e = e.ok()?;
        Some(Ok(match e {
            Event::Reload => SseEvent::default().event("reload").data("reload"),
            Event::Css(renamed) => SseEvent::default().event("css").data(renamed),
            Event::Ok => SseEvent::default().event("ok").data("ok"),
            Event::Error(json) => SseEvent::default().event("build-error").data(json),
        }))
    });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}

async fn file(State(shared): State<Arc<Shared>>, req: Request<Body>) -> Response<Body> {
    let path = req.uri().path().to_string();
    let Some(rel) = path.strip_prefix(shared.mount.trim_end_matches('/')) else {
        return not_found(&shared).await;
    };
    if !(rel.is_empty() || rel.starts_with('/')) {
        return not_found(&shared).await;
    }
    if rel.is_empty() {
        // `/digest` -> `/digest/`, as a static host does.
        return redirect(&format!("{path}/"));
    }
    // A file being written after the rebuild (`xref.json`, pages after a stylesheet
    // rename) is served once written, never in its previous version.
    let file = crate::paths::percent_decode(rel.trim_start_matches('/'));
    let index = format!("{}/index.html", file.trim_end_matches('/'))
        .trim_start_matches('/')
        .to_string();
    for wanted in [file, index] {
        if shared.late.pending(&wanted) {
            let late = shared.late.clone();
            let _ = tokio::task::spawn_blocking(move || late.wait_for(&wanted)).await;
        }
    }
    let range = req
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    match resolve(&shared.root, rel) {
        Resolved::File(p) => serve_range(&p, range.as_deref()).await,
        Resolved::Dir => redirect(&format!("{path}/")),
        Resolved::Forbidden => plain(StatusCode::FORBIDDEN, "outside the site\n"),
        Resolved::Missing => not_found(&shared).await,
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Dir,
    /// `..` (also `%2e%2e`), `\`, `:` or NUL in a part, or a symlink leading outside the
    /// output folder.
    Forbidden,
    Missing,
}

/// Map a URL path (after the mount, starting with `/`, still percent-encoded) to a file
/// inside `root` (canonical). Folders give their `index.html`.
pub fn resolve(root: &Path, rel: &str) -> Resolved {
    let decoded = crate::paths::percent_decode(rel);
    let mut path = root.to_path_buf();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return Resolved::Forbidden,
            // `\` and `:` would be separators or drive letters on Windows.
            p if p.contains(['\\', '\0', ':']) => return Resolved::Forbidden,
            p => path.push(p),
        }
    }
    let wants_dir = decoded.ends_with('/');
    if path.is_dir() {
        if !wants_dir && path != root {
            return Resolved::Dir;
        }
        path.push("index.html");
    }
    match path.canonicalize() {
        Ok(real) if !real.starts_with(root) => Resolved::Forbidden,
        Ok(real) if real.is_file() => Resolved::File(real),
        Ok(_) => Resolved::Missing,
        Err(_) => Resolved::Missing,
    }
}

async fn not_found(shared: &Shared) -> Response<Body> {
    let page = shared.root.join("404.html");
    if page.is_file() {
        serve_file(&page, StatusCode::NOT_FOUND).await
    } else {
        plain(StatusCode::NOT_FOUND, "not found\n")
    }
}

/// A file, or the part a `Range: bytes=...` header asks for (as static hosts answer it:
/// the search engine reads its packs by range). HTML is always served whole, since the
/// live-reload script is injected into it.
async fn serve_range(path: &Path, range: Option<&str>) -> Response<Body> {
    let is_html = mime_guess::from_path(path)
        .first()
        .is_some_and(|m| m.essence_str() == "text/html");
    let (Some(range), false) = (range, is_html) else {
        return serve_file(path, StatusCode::OK).await;
    };
    let Ok(bytes) = std::fs::read(path) else {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    };
    let len = bytes.len() as u64;
    let mut resp = match byte_range(range, len) {
        Some(Some((start, end))) => {
            let mut resp = Response::new(Body::from(bytes[start as usize..=end as usize].to_vec()));
            *resp.status_mut() = StatusCode::PARTIAL_CONTENT;
            if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
                resp.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            resp
        }
        Some(None) => {
            let mut resp = Response::new(Body::empty());
            *resp.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                resp.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            resp
        }
        // A range form not supported here (several ranges): the whole file, as allowed.
        None => return serve_file(path, StatusCode::OK).await,
    };
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if let Ok(v) = HeaderValue::from_str(mime.essence_str()) {
        resp.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    no_cache(resp.headers_mut());
    resp
}

/// The first and last byte of a single `bytes=` range of a file of `len` bytes:
/// `Some(None)` when it cannot be satisfied, `None` when it is not a single byte range.
pub fn byte_range(header: &str, len: u64) -> Option<Option<(u64, u64)>> {
    let spec = header.trim().strip_prefix("bytes=")?.trim();
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let (first, last) = (first.trim(), last.trim());
    let parse = |s: &str| -> Option<u64> { s.parse().ok() };
    let range = match (first.is_empty(), last.is_empty()) {
        // bytes=-N: the last N bytes.
        (true, false) => {
            let n = parse(last)?;
            (n > 0 && len > 0).then(|| (len.saturating_sub(n), len - 1))
        }
        (false, _) => {
            let start = parse(first)?;
            let end = if last.is_empty() {
                len.saturating_sub(1)
            } else {
                parse(last)?.min(len.saturating_sub(1))
            };
            (start < len && start <= end).then_some((start, end))
        }
        (true, true) => return None,
    };
    Some(range)
}

async fn serve_file(path: &Path, status: StatusCode) -> Response<Body> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(_) => return plain(StatusCode::NOT_FOUND, "not found\n"),
    };
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let body = if is_html { inject(bytes) } else { bytes };
    let ty = match mime.type_() {
        mime_guess::mime::TEXT | mime_guess::mime::APPLICATION
            if mime.get_param("charset").is_none()
                && (mime.type_() == mime_guess::mime::TEXT
                    || mime.subtype() == mime_guess::mime::JAVASCRIPT
                    || mime.subtype() == mime_guess::mime::JSON
                    || mime.suffix() == Some(mime_guess::mime::XML)
                    || mime.subtype() == mime_guess::mime::XML) =>
        {
            format!("{}; charset=utf-8", mime.essence_str())
        }
        _ => mime.essence_str().to_string(),
    };
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&ty) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    no_cache(h);
    resp
}

fn no_cache(h: &mut axum::http::HeaderMap) {
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, must-revalidate"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut r = (status, text).into_response();
    no_cache(r.headers_mut());
    r
}

fn redirect(to: &str) -> Response<Body> {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::MOVED_PERMANENTLY;
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    no_cache(r.headers_mut());
    r
}

/// The live-reload script, put before `</body>` of every HTML page served (never
/// written to the output folder).
pub const SCRIPT: &str = include_str!("live.js");

fn inject(html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script>{SCRIPT}</script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn any_range_header_is_within_the_file(header in "(bytes=)?[-0-9, ]{0,12}", len in 0u64..1000) {
            if let Some(Some((start, end))) = super::byte_range(&header, len) {
                proptest::prop_assert!(start <= end && end < len);
            }
        }
    }

    #[test]
    fn byte_ranges_as_static_hosts_read_them() {
        assert_eq!(super::byte_range("bytes=0-7", 100), Some(Some((0, 7))));
        assert_eq!(super::byte_range("bytes=90-", 100), Some(Some((90, 99))));
        assert_eq!(super::byte_range("bytes=90-500", 100), Some(Some((90, 99))));
        assert_eq!(super::byte_range("bytes=-10", 100), Some(Some((90, 99))));
        assert_eq!(super::byte_range("bytes=-500", 100), Some(Some((0, 99))));
        assert_eq!(super::byte_range("bytes=100-", 100), Some(None));
        assert_eq!(super::byte_range("bytes=5-2", 100), Some(None));
        assert_eq!(super::byte_range("bytes=0-0", 0), Some(None));
        assert_eq!(super::byte_range("bytes=0-1,5-6", 100), None);
        assert_eq!(super::byte_range("items=0-1", 100), None);
        assert_eq!(super::byte_range("bytes=x-1", 100), None);
    }

    use super::*;

    #[test]
    fn resolve_rejects_traversal_and_symlink_escape() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        let root = root.canonicalize().unwrap();
        assert_eq!(resolve(&root, "/../secret.txt"), Resolved::Forbidden);
        assert_eq!(resolve(&root, "/%2e%2e/secret.txt"), Resolved::Forbidden);
        assert_eq!(resolve(&root, "/docs"), Resolved::Dir);
        assert!(matches!(resolve(&root, "/docs/"), Resolved::File(_)));
        assert_eq!(resolve(&root, "/nope.html"), Resolved::Missing);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("leak.txt"))
                .unwrap();
            assert_eq!(resolve(&root, "/leak.txt"), Resolved::Forbidden);
        }
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = inject(b"<html><body><p>x</p></body></html>".to_vec());
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("<script>"));
        assert!(s.ends_with("</script></body></html>"));
    }
}
