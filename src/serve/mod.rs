//! `dossier serve`: builds the site, serves it on loopback, watches the sources and
//! rebuilds incrementally on every change, telling open pages to reload (or to swap
//! stylesheets, or to show the build error). Takes a site root and [`Options`]; runs
//! until Ctrl-C (SIGINT), SIGTERM or SIGHUP, leaving the output folder complete.
//!
//! - [`incremental`]: the in-memory build state and incremental rebuilds, with `docs`
//!   (the documents and catalog), `reuse` (what `build::produce` reuses) and `outputs`
//!   (the output folder and its link check);
//! - [`watch`]: debounced file watching;
//! - [`http`]: the HTTP server, live-reload script and event stream.

mod docs;
pub mod http;
pub mod incremental;
mod outputs;
mod reuse;
pub mod watch;

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::broadcast;

use crate::config::Site;
use crate::error::{Error, Result};
use http::{Event, Shared};
use incremental::{Changes, Report, State};

#[derive(Debug, Clone)]
pub struct Options {
    pub port: u16,
    pub bind: String,
    /// Serve the site under this path (and build it for it), e.g. `/digest/`.
    pub base_path: Option<String>,
    pub drafts: bool,
    /// Open the site in the default browser.
    pub open: bool,
    pub verbose: bool,
}

/// How long an exit waits for a rebuild under way to finish and its late files to be
/// written (so that the output folder is left complete).
const EXIT_WAIT: Duration = Duration::from_secs(10);

/// Build, serve and watch until Ctrl-C, SIGTERM or SIGHUP.
pub fn serve(root: &Path, opts: &Options) -> Result<()> {
    // The watcher's events name absolute paths: with a relative root (".", the default)
    // none of them would match the site's folders and no edit would be seen.
    let root = &root.canonicalize().map_err(|e| Error::io(root, e))?;
    let site = Site::load(root)?;
    let listener = bind(&opts.bind, opts.port)?;
    let addr = listener.local_addr().map_err(|e| Error::io("socket", e))?;
    let mount = match &opts.base_path {
        Some(p) => normalize_mount(p),
        None => crate::render::base_path(&site),
    };
    let host = match addr {
        SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
        SocketAddr::V4(a) => a.to_string(),
    };
    let url = format!("http://{host}{mount}");
    // With --base-path the site is built for the preview address, so its absolute
    // links (feed, canonical) work there; otherwise the output is what `build` writes.
    let base_url = opts.base_path.as_ref().map(|_| url.clone());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("tokio runtime", e))?;
    // Caught from now on: a signal during the first build ends the server right after.
    let mut signals = {
        let _entered = runtime.enter();
        Signals::new().map_err(|e| Error::io("signal handler", e))?
    };
    let mut state = State::new(root, opts.drafts, base_url)?;
    let (tx, _) = broadcast::channel(64);
    let output = state.output().to_path_buf();
    std::fs::create_dir_all(&output).map_err(|e| Error::io(&output, e))?;
    let shared = Arc::new(Shared {
        root: output.canonicalize().map_err(|e| Error::io(&output, e))?,
        mount,
        events: tx,
        error: Mutex::new(None),
        late: state.late_writes(),
    });
    let first = state.rebuild(Changes::all());
    let mut watcher = watch::Watcher::new(&site)?;
    announce(&shared, first, opts.verbose);
    println!("serving {url} (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    if opts.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }

    let rebuild_shared = shared.clone();
    let verbose = opts.verbose;
    let stopper = watcher.stopper();
    let (done, stopped) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        while let Some(batch) = watcher.next_batch() {
            let r = state.rebuild_with(batch.changes, batch.documents.as_ref());
            announce(&rebuild_shared, r, verbose);
        }
        for w in state.settle() {
            eprintln!("{w}");
        }
        let _ = done.send(());
    });

    let result = runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::io("socket", e))?;
        let listener =
            tokio::net::TcpListener::from_std(listener).map_err(|e| Error::io("socket", e))?;
        let app = http::router(shared);
        // Event streams never end, so the server is dropped on a signal rather than
        // waiting for its connections to close.
        tokio::select! {
            r = axum::serve(listener, app) => r.map_err(|e| Error::io("server", e)),
            _ = signals.recv() => Ok(()),
        }
    });
    runtime.shutdown_background();
    stopper.stop();
    let _ = stopped.recv_timeout(EXIT_WAIT);
    println!("stopped");
    result
}

/// The signals that end the server: Ctrl-C, `kill` and a closed terminal.
#[cfg(unix)]
struct Signals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
    hangup: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    /// Must be called inside the runtime.
    fn new() -> std::io::Result<Signals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Signals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
            hangup: signal(SignalKind::hangup())?,
        })
    }

    async fn recv(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
            _ = self.hangup.recv() => {}
        }
    }
}

#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn new() -> std::io::Result<Signals> {
        Ok(Signals)
    }

    async fn recv(&mut self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Bind the port, or say which one to try instead.
fn bind(host: &str, port: u16) -> Result<TcpListener> {
    TcpListener::bind((host, port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Error::input(
                format!("{host}:{port}"),
                None,
                format!("port {port} is in use"),
                format!("try --port {}", port.wrapping_add(1).max(1)),
            )
        } else {
            Error::input(
                format!("{host}:{port}"),
                None,
                format!("cannot listen on {host}:{port}: {e}"),
                "check --bind is an address of this machine and --port is free",
            )
        }
    })
}

/// `digest` or `/digest` gives `/digest/`.
fn normalize_mount(p: &str) -> String {
    let t = p.trim_matches('/');
    if t.is_empty() {
        "/".into()
    } else {
        format!("/{t}/")
    }
}

/// Print a rebuild's outcome and tell the open pages.
fn announce(shared: &Shared, result: Result<Report>, verbose: bool) {
    match result {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("{w}");
            }
            if verbose {
                for (stage, took) in &report.timings {
                    eprintln!("  {stage:<10} {took:>10.2?}");
                }
            }
            let total: std::time::Duration = report.timings.iter().map(|(_, d)| *d).sum();
            println!(
                "rebuilt: {} files written, {} deleted in {total:.2?}",
                report.written, report.deleted
            );
            let had_error = shared.error.lock().map(|mut e| e.take()).ok().flatten();
            let event = if report.written + report.deleted == 0 {
                had_error.map(|_| Event::Ok)
            } else if report.css_only {
                Some(Event::Css(
                    serde_json::to_string(&report.css_renamed).unwrap_or_else(|_| "[]".into()),
                ))
            } else {
                Some(Event::Reload)
            };
            if let Some(e) = event {
                let _ = shared.events.send(e);
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("(still serving the last good build)");
            let json = error_json(&e);
            if let Ok(mut slot) = shared.error.lock() {
                *slot = Some(json.clone());
            }
            let _ = shared.events.send(Event::Error(json));
        }
    }
    let _ = std::io::stdout().flush();
}

/// The file, line and message of a build error, as JSON for the overlay.
pub fn error_json(e: &Error) -> String {
    let (file, line) = locate(e);
    serde_json::json!({
        "file": file.map(|p| p.display().to_string()).unwrap_or_default(),
        "line": line,
        "message": e.to_string(),
    })
    .to_string()
}

fn locate(e: &Error) -> (Option<PathBuf>, Option<usize>) {
    match e {
        Error::Io { path, .. } => (Some(path.clone()), None),
        Error::Yaml { path, pos, .. } => (Some(path.clone()), Some(pos.line)),
        Error::Input { path, line, .. } => (Some(path.clone()), *line),
        Error::Many(all) => all.first().map(locate).unwrap_or((None, None)),
        Error::Described(_) => (None, None),
    }
}
