//! The preview's web server: the built site from its folder, with directory
//! URLs and the site's 404 page, the live-reload script and its WebSocket.
//! Every file is read while holding the rebuild gate for reading, so no
//! response mixes the pages of two builds.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::watch;

use super::live::{self, Shown};

/// What the handlers share.
#[derive(Clone)]
pub struct App {
    /// The folder the site is built into.
    pub site: Arc<PathBuf>,
    pub gate: Arc<RwLock<()>>,
    pub shown: watch::Receiver<Arc<Shown>>,
    /// Becomes true when the preview stops, ending the open WebSockets.
    pub stop: watch::Receiver<bool>,
}

pub fn router(app: App) -> Router {
    Router::new()
        .route("/__plansite/live.js", get(live_js))
        .route("/__plansite/overlay.css", get(overlay_css))
        .route("/__plansite/live", get(live_socket))
        .fallback(site_file)
        .with_state(app)
        // The page must always be the one just built: no cache anywhere.
        .layer(axum::middleware::map_response(
            |mut r: Response| async move {
                r.headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                r
            },
        ))
}

async fn live_js() -> Response {
    typed(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        live::LIVE_JS.into(),
    )
}

async fn overlay_css() -> Response {
    typed(
        StatusCode::OK,
        "text/css; charset=utf-8",
        live::OVERLAY_CSS.into(),
    )
}

async fn live_socket(ws: WebSocketUpgrade, State(app): State<App>) -> Response {
    ws.on_upgrade(move |socket| push_generations(socket, app.shown, app.stop))
}

/// Sends the current generation, then each new one, until the page or the
/// preview goes away.
async fn push_generations(
    mut socket: WebSocket,
    mut shown: watch::Receiver<Arc<Shown>>,
    mut stop: watch::Receiver<bool>,
) {
    let mut generation = shown.borrow_and_update().generation;
    loop {
        if socket
            .send(Message::Text(generation.to_string().into()))
            .await
            .is_err()
        {
            return;
        }
        tokio::select! {
            changed = shown.changed() => {
                if changed.is_err() {
                    return;
                }
                generation = shown.borrow_and_update().generation;
            }
            _ = next_close(&mut socket) => return,
            _ = async { let _ = stop.wait_for(|s| *s).await; } => {
                let _ = socket.send(Message::Close(None)).await;
                return;
            }
        }
    }
}

/// Waits until the page closes the socket (it sends nothing else).
async fn next_close(socket: &mut WebSocket) {
    loop {
        match socket.recv().await {
            None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
            Some(Ok(_)) => {}
        }
    }
}

/// What a request path found in the site folder.
enum Found {
    File(PathBuf, Vec<u8>),
    /// A folder asked for without its trailing slash.
    Folder,
    /// Nothing: the site's 404 page, if it has one.
    Missing(Option<Vec<u8>>),
}

async fn site_file(State(app): State<App>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "GET or HEAD only\n");
    }
    let uri = request.uri().clone();
    let Some(parts) = segments(uri.path()) else {
        return plain(StatusCode::BAD_REQUEST, "bad path\n");
    };
    let shown = app.shown.borrow().clone();
    if !shown.built {
        let page = shown.placeholder();
        return typed(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            page.into(),
        );
    }
    let slash = uri.path().ends_with('/');
    let (site, gate) = (app.site.clone(), app.gate.clone());
    let found = tokio::task::spawn_blocking(move || {
        // Held while looking and reading: a rebuild writing in place waits.
        let _reading = gate.read().unwrap_or_else(|e| e.into_inner());
        find(&site, &parts, slash)
    })
    .await;
    let Ok(found) = found else {
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n");
    };
    match found {
        Found::Folder => {
            let location = match uri.query() {
                Some(q) => format!("{}/?{q}", uri.path()),
                None => format!("{}/", uri.path()),
            };
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::MOVED_PERMANENTLY;
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Found::File(path, bytes) => page(StatusCode::OK, &path, bytes, &shown),
        Found::Missing(Some(bytes)) => {
            page(StatusCode::NOT_FOUND, Path::new("404.html"), bytes, &shown)
        }
        Found::Missing(None) => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// The decoded segments of a request path, or None if one could leave the
/// site folder (`..`, a separator or drive inside a segment) or is not UTF-8.
pub fn segments(path: &str) -> Option<Vec<String>> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut out = Vec::new();
    for part in decoded.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        if part == ".." || part.contains(['\\', '\0', ':']) {
            return None;
        }
        out.push(part.to_string());
    }
    Some(out)
}

fn find(site: &Path, parts: &[String], slash: bool) -> Found {
    let mut path = site.to_path_buf();
    path.extend(parts);
    if path.is_dir() {
        if !slash && !parts.is_empty() {
            return Found::Folder;
        }
        path.push("index.html");
    } else if slash {
        // `/style.css/` names no folder.
        return missing(site);
    }
    match std::fs::read(&path) {
        Ok(bytes) => Found::File(path, bytes),
        Err(_) => missing(site),
    }
}

fn missing(site: &Path) -> Found {
    Found::Missing(std::fs::read(site.join("404.html")).ok())
}

fn page(status: StatusCode, path: &Path, bytes: Vec<u8>, shown: &Shown) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let body = if is_html {
        live::inject(&bytes, &shown.markup)
    } else {
        bytes
    };
    let kind = if mime.type_() == "text" || mime.essence_str() == "application/json" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    typed(status, &kind, body.into())
}

fn typed(status: StatusCode, kind: &str, body: Body) -> Response {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(kind) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::segments;

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(segments("/a/b/"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(
            segments("/%E5%B8%82/./x"),
            Some(vec!["市".into(), "x".into()])
        );
        for bad in [
            "/../x",
            "/a/%2e%2e/b",
            "/a/..%2Fb",
            "/a%5C..",
            "/c:/x",
            "/%ff",
        ] {
            assert_eq!(segments(bad), None, "{bad}");
        }
    }
}
