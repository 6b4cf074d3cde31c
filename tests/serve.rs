//! Watch mode: incremental rebuilds give the same bytes as a fresh build, and the
//! preview server answers, streams reload events, rejects traversal and names a taken port.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dossier::serve::incremental::{Changes, LateWrites, State};

fn site_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("seeds"), &dir.path().join("seeds"));
    copy_dir(&root.join("content"), &dir.path().join("content"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let t = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&t).unwrap();
        } else {
            std::fs::copy(e.path(), &t).unwrap();
        }
    }
}

fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = if e.file_type().is_dir() {
                b"<dir>".to_vec()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (rel, bytes)
        })
        .collect();
    out.sort();
    out
}

/// After the rebuild's late files (`xref.json`) are written, the output folder is the
/// one a fresh build writes.
fn assert_same_as_fresh_build(writes: &LateWrites, root: &Path, step: &str) {
    writes.wait_all();
    let fresh = root.join("fresh");
    let site = dossier::config::Site::load(root).unwrap();
    dossier::build::build(
        &site,
        &dossier::build::Options {
            output: Some(fresh.clone()),
            drafts: false,
            verbose: false,
            skip_ingest: false,
            keep_going: false,
            ..Default::default()
        },
    )
    .unwrap();
    let a = tree(&root.join("public"));
    let b = tree(&fresh);
    let names_a: Vec<&String> = a.iter().map(|(p, _)| p).collect();
    let names_b: Vec<&String> = b.iter().map(|(p, _)| p).collect();
    assert_eq!(names_a, names_b, "after {step}: same files and folders");
    for ((p, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "after {step}: {p} differs from a fresh build");
    }
    std::fs::remove_dir_all(&fresh).unwrap();
}

/// What an editor does to a document of a generated digest.
#[derive(Debug, Clone, Copy)]
enum Edit {
    /// One of its own paragraphs again: more mentions of the themes it already names,
    /// which changes its related scores (and its neighbours') but no document's themes.
    Repeat,
    /// A paragraph more, which may mention new themes.
    Append,
    /// Every theme taken out: a body of plain words.
    Unthemed,
    /// New body and metadata under the same name.
    Rewrite,
    Create,
    Rename,
    Delete,
}

/// `edit` made to a random document (or a new one); gives the files it touched, as the
/// watcher reports them.
fn make(
    edit: Edit,
    rng: &mut common::generated::Rng,
    sentences: &[String],
    docs: &Path,
    next: &mut usize,
) -> Vec<PathBuf> {
    let mut existing: Vec<PathBuf> = std::fs::read_dir(docs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    existing.sort();
    let pick = existing[rng.below(existing.len())].clone();
    let text = std::fs::read_to_string(&pick).unwrap();
    *next += 1;
    match edit {
        Edit::Repeat => {
            let paragraphs: Vec<&str> = text
                .split("\n\n")
                .filter(|p| p.len() > 80 && !p.starts_with('#'))
                .collect();
            let again = match paragraphs.len() {
                0 => "Nothing here names a theme.",
                n => paragraphs[rng.below(n)],
            };
            std::fs::write(&pick, format!("{text}\n\n{again}\n")).unwrap();
            vec![pick]
        }
        Edit::Append => {
            let extra = &sentences[rng.below(sentences.len())];
            std::fs::write(&pick, format!("{text}\n\n{extra}\n")).unwrap();
            vec![pick]
        }
        Edit::Unthemed => {
            let head = text
                .splitn(3, "---")
                .take(2)
                .collect::<Vec<_>>()
                .join("---");
            std::fs::write(&pick, format!("{head}---\n\nNothing here names a theme.\n")).unwrap();
            vec![pick]
        }
        Edit::Rewrite => {
            let doc = common::generated::document(rng, sentences, *next);
            std::fs::write(&pick, doc).unwrap();
            vec![pick]
        }
        Edit::Create => {
            let path = docs.join(format!("gen-{:04}.md", *next));
            std::fs::write(&path, common::generated::document(rng, sentences, *next)).unwrap();
            vec![path]
        }
        Edit::Rename => {
            let to = docs.join(format!("renamed-{:04}.md", *next));
            std::fs::rename(&pick, &to).unwrap();
            vec![pick, to]
        }
        Edit::Delete => {
            std::fs::remove_file(&pick).unwrap();
            vec![pick]
        }
    }
}

/// Watch mode on a generated digest of a few hundred documents, large enough that the
/// related lists are cut (5 a document, from at most 200 candidates): after each round
/// of edits, creates, renames and deletes, the output is the fresh build's.
#[test]
fn incremental_rebuilds_of_a_generated_digest_equal_a_fresh_build() {
    let (site, sentences) = common::generated::generated_site(260);
    let root = site.path();
    let docs = root.join("content/documents");
    let mut state = State::new(root, false, None).unwrap();
    let writes = state.late_writes();
    state.rebuild(Changes::all()).unwrap();
    assert_same_as_fresh_build(&writes, root, "first build");

    // The caps are reached: some theme is in more than 200 documents (so candidates are
    // cut), and documents list five related ones.
    let (index, documents, _) = common::xref_export(&root.join("public"));
    let widest = index["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["documents"].as_u64().unwrap())
        .max()
        .unwrap();
    assert!(widest > 200, "the widest theme is in {widest} documents");
    assert!(
        documents
            .iter()
            .any(|d| d["related"].as_array().unwrap().len() == 5),
        "no document lists five related ones"
    );

    let content = Changes {
        content: true,
        ..Changes::default()
    };
    // Each kind of edit alone (most rebuilds see one), then a few together; the
    // documents and words are random.
    use Edit::*;
    let rounds: &[&[Edit]] = &[
        &[Repeat],
        &[Repeat],
        &[Append],
        &[Repeat, Repeat],
        &[Rewrite],
        &[Unthemed],
        &[Create],
        &[Repeat],
        &[Rename],
        &[Delete],
        &[Append, Create],
        &[Repeat, Delete],
        &[Rewrite, Repeat, Rename],
    ];
    let mut rng = common::generated::Rng(2026);
    let mut next = 1000;
    for (round, edits) in rounds.iter().enumerate() {
        let mut touched = BTreeSet::new();
        for &edit in *edits {
            touched.extend(make(edit, &mut rng, &sentences, &docs, &mut next));
        }
        state.rebuild_with(content, Some(&touched)).unwrap();
        let step = format!("round {round}, {edits:?} ({touched:?})");
        assert_same_as_fresh_build(&writes, root, &step);
    }
}

/// Each document's entry in the cross-reference export (themes and related documents),
/// by slug.
fn related_lists(public: &Path) -> std::collections::BTreeMap<String, serde_json::Value> {
    let (_, documents, _) = common::xref_export(public);
    documents
        .iter()
        .map(|d| (d["slug"].as_str().unwrap().to_string(), d.clone()))
        .collect()
}

/// The slugs of the themes a document of [`related_lists`] mentions.
fn themes_of(
    docs: &std::collections::BTreeMap<String, serde_json::Value>,
    slug: &str,
) -> Vec<String> {
    let mut themes: Vec<String> = docs[slug]["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap().to_string())
        .collect();
    themes.sort();
    themes
}

/// A file of the built-in theme (`templates/theme.html`), as text.
fn builtin_text(suffix: &str) -> String {
    let (_, bytes) = dossier::assets::builtin()
        .into_iter()
        .find(|(p, _)| p.ends_with(suffix))
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn doc(root: &Path, name: &str) -> PathBuf {
    root.join("content/documents").join(name)
}

const NEW_DOC: &str = "---\ntitle: A new note on confidence-building measures\ndate: 2024-05-01\nkind: paper\n---\n\nThe OSCE CBMs and the Christchurch Call came up again.\n\n## Next steps\n\nMore on artificial intelligence.\n";

#[test]
fn incremental_rebuilds_equal_a_fresh_build() {
    let dir = site_copy();
    let root = dir.path();
    let mut state = State::new(root, false, None).unwrap();
    let writes = state.late_writes();
    state.rebuild(Changes::all()).unwrap();
    assert_same_as_fresh_build(&writes, root, "first build");
    let content = Changes {
        content: true,
        ..Changes::default()
    };

    // Edit a document.
    let first = std::fs::read_dir(root.join("content/documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .min()
        .unwrap();
    let mut text = std::fs::read_to_string(&first).unwrap();
    text.push_str("\nA late paragraph about machine learning and the Christchurch Call.\n");
    std::fs::write(&first, text).unwrap();
    state.rebuild(content).unwrap();
    assert_same_as_fresh_build(&writes, root, "edit");

    // From here on, as the server does: only the document files the watcher saw change
    // are looked at.
    let mut saw = |paths: &[&Path]| {
        let paths: BTreeSet<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
        state.rebuild_with(content, Some(&paths))
    };

    // Create, and a document linking to it (on line 6 of its file).
    std::fs::write(doc(root, "new-note.md"), NEW_DOC).unwrap();
    saw(&[&doc(root, "new-note.md")]).unwrap();
    assert!(root.join("public/documents/new-note/index.html").is_file());
    assert_same_as_fresh_build(&writes, root, "create");
    let linking = |to: &str| {
        format!("---\ntitle: A linking note\ndate: 2020-01-01\n---\n\nSee [the note](../{to}/).\n")
    };
    std::fs::write(doc(root, "linking-note.md"), linking("new-note")).unwrap();
    saw(&[&doc(root, "linking-note.md")]).unwrap();
    assert_same_as_fresh_build(&writes, root, "create a linking document");

    // Rename: the unchanged linking document now has a broken link, reported with its
    // file and line; nothing is written until it is fixed.
    let before = tree(&root.join("public"));
    std::fs::rename(doc(root, "new-note.md"), doc(root, "renamed-note.md")).unwrap();
    let err = saw(&[&doc(root, "new-note.md"), &doc(root, "renamed-note.md")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("linking-note.md:6: broken link `../new-note/`"),
        "{err}"
    );
    assert!(tree(&root.join("public")) == before, "nothing written");
    std::fs::write(doc(root, "linking-note.md"), linking("renamed-note")).unwrap();
    saw(&[&doc(root, "linking-note.md")]).unwrap();
    assert!(
        !root.join("public/documents/new-note").exists(),
        "old page gone"
    );
    assert_same_as_fresh_build(&writes, root, "rename");

    // Delete: the link to the deleted document is reported too.
    std::fs::remove_file(doc(root, "renamed-note.md")).unwrap();
    let err = saw(&[&doc(root, "renamed-note.md")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("linking-note.md:6: broken link `../renamed-note/`"),
        "{err}"
    );
    std::fs::remove_file(doc(root, "linking-note.md")).unwrap();
    saw(&[&doc(root, "linking-note.md")]).unwrap();
    assert_same_as_fresh_build(&writes, root, "delete");

    // New mentions in one document change the related lists of others (the themes they
    // share) and the theme page, whose pages were not touched.
    let ct = doc(root, "ct-tech-initiative-expert-group-meetings.md");
    let panel = root.join("public/documents/high-level-panel-on-digital-cooperation/index.html");
    let cbms = root.join("public/themes/cbms/index.html");
    let (panel_before, cbms_before) = (read(&panel), read(&cbms));
    let mut text = std::fs::read_to_string(&ct).unwrap();
    text.push_str("\nThe group also discussed confidence-building measures.\n");
    std::fs::write(&ct, text).unwrap();
    saw(&[&ct]).unwrap();
    assert!(
        read(&panel) != panel_before,
        "another document's related list"
    );
    assert!(read(&cbms) != cbms_before, "the theme page");
    assert_same_as_fresh_build(&writes, root, "new mentions");

    // More mentions of a theme it already mentions: every document mentions the same
    // themes as before, so only the lists of the documents having it as a candidate are
    // scored again; their scores with it change.
    let before = related_lists(&root.join("public"));
    let mut text = std::fs::read_to_string(&ct).unwrap();
    text.push_str(
        "
And once more: confidence-building measures, CBMs.
",
    );
    std::fs::write(&ct, text).unwrap();
    saw(&[&ct]).unwrap();
    writes.wait_all();
    let after = related_lists(&root.join("public"));
    let ct_slug = "ct-tech-initiative-expert-group-meetings";
    assert_eq!(themes_of(&before, ct_slug), themes_of(&after, ct_slug));
    let rescored: Vec<&String> = after
        .iter()
        .filter(|(slug, doc)| *slug != ct_slug && before.get(*slug) != Some(*doc))
        .map(|(slug, _)| slug)
        .collect();
    assert!(!rescored.is_empty(), "other documents' related scores");
    assert_same_as_fresh_build(&writes, root, "more mentions of the same theme");

    // A word next to a mention: same counts, but the theme page's excerpt changes.
    let conf = doc(
        root,
        "international-high-level-conference-on-countering-terrorism.md",
    );
    let call = root.join("public/themes/christchurch-call/index.html");
    let call_before = read(&call);
    let text = std::fs::read_to_string(&conf).unwrap().replace(
        "Christchurch Call - a commitment by some governments",
        "Christchurch Call - a pledge by some governments",
    );
    std::fs::write(&conf, text).unwrap();
    saw(&[&conf]).unwrap();
    assert!(read(&call) != call_before, "the excerpt on the theme page");
    assert_same_as_fresh_build(&writes, root, "excerpt");

    // A new title: the document moves in the lists, its neighbours' links and the
    // related lists of others change.
    let text = std::fs::read_to_string(&ct)
        .unwrap()
        .replacen("title: ", "title: Zz renamed, ", 1);
    std::fs::write(&ct, text).unwrap();
    saw(&[&ct]).unwrap();
    assert_same_as_fresh_build(&writes, root, "title change");

    // A theme of the catalog changes (new alias: new mentions on pages and theme page).
    let theme = root.join("content/themes/artificial-intelligence.md");
    let t = std::fs::read_to_string(&theme).unwrap().replace(
        "aliases: [artificial intelligence, machine learning]",
        "aliases: [artificial intelligence, machine learning, algorithms]",
    );
    std::fs::write(&theme, t).unwrap();
    state.rebuild(content).unwrap();
    assert_same_as_fresh_build(&writes, root, "theme change");

    // Site-level template and CSS overrides.
    std::fs::create_dir_all(root.join("templates")).unwrap();
    let robots = builtin_text("templates/robots.txt");
    std::fs::write(
        root.join("templates/robots.txt"),
        format!("{robots}\n# preview\n"),
    )
    .unwrap();
    state
        .rebuild(Changes {
            look: true,
            ..Changes::default()
        })
        .unwrap();
    assert_same_as_fresh_build(&writes, root, "template change");
    // A page template override: only the pages it renders are rendered again (the
    // theme pages: one per theme of the catalog).
    let theme_template = builtin_text("templates/theme.html");
    std::fs::write(
        root.join("templates/theme.html"),
        theme_template.replacen("{% block main %}", "{% block main %}<!-- site -->", 1),
    )
    .unwrap();
    let r = state
        .rebuild(Changes {
            look: true,
            ..Changes::default()
        })
        .unwrap();
    let themes = std::fs::read_dir(root.join("content/themes"))
        .unwrap()
        .count();
    let rendered: Vec<&String> = r
        .timings
        .iter()
        .map(|(stage, _)| stage)
        .filter(|s| s.starts_with("render"))
        .collect();
    assert_eq!(rendered, [&format!("render ({themes} pages rendered)")]);
    assert_same_as_fresh_build(&writes, root, "page template change");
    std::fs::create_dir_all(root.join("static")).unwrap();
    let style = builtin_text("static/style.css");
    std::fs::write(
        root.join("static/style.css"),
        format!("{style}\nbody {{ outline: 1px solid red }}\n"),
    )
    .unwrap();
    let r = state
        .rebuild(Changes {
            css: true,
            ..Changes::default()
        })
        .unwrap();
    assert!(r.css_only, "a CSS change is announced as CSS only");
    // The stylesheet's content-hashed name changed; pages were rewritten, not rendered.
    let [(old, new)] = &r.css_renamed[..] else {
        panic!("one stylesheet renamed: {:?}", r.css_renamed)
    };
    assert!(old.starts_with("style.") && new.starts_with("style.") && old != new);
    assert_same_as_fresh_build(&writes, root, "CSS change");
    // Again, then a document edit: the pages it does not touch come from the rewritten
    // memory of pages, and must name the newest stylesheet.
    std::fs::write(
        root.join("static/style.css"),
        format!("{style}\nbody {{ outline: 2px solid blue }}\n"),
    )
    .unwrap();
    let css = Changes {
        css: true,
        ..Changes::default()
    };
    assert_eq!(state.rebuild(css).unwrap().css_renamed.len(), 1);
    let mut text = std::fs::read_to_string(&conf).unwrap();
    text.push_str("\nEdited after the stylesheet changed.\n");
    std::fs::write(&conf, text).unwrap();
    state.rebuild(content).unwrap();
    assert_same_as_fresh_build(&writes, root, "CSS change, then a document edit");

    // A broken template fails the rebuild of a batch that also edits a document; the
    // next batch (the fix) does not name the document, which must still be updated.
    std::fs::write(
        root.join("templates/document.html"),
        "{% if %}broken{% endif %}",
    )
    .unwrap();
    let mut text = std::fs::read_to_string(&conf).unwrap();
    text.push_str("\nEdited while the template was broken.\n");
    std::fs::write(&conf, text).unwrap();
    let both = Changes {
        content: true,
        look: true,
        ..Changes::default()
    };
    let edited: BTreeSet<PathBuf> = [conf.clone()].into_iter().collect();
    assert!(state.rebuild_with(both, Some(&edited)).is_err());
    let edited: BTreeSet<PathBuf> = [ct.clone()].into_iter().collect();
    assert!(
        state.rebuild_with(content, Some(&edited)).is_err(),
        "the template is still broken"
    );
    std::fs::remove_file(root.join("templates/document.html")).unwrap();
    let look = Changes {
        look: true,
        ..Changes::default()
    };
    state.rebuild_with(look, Some(&BTreeSet::new())).unwrap();
    assert_same_as_fresh_build(&writes, root, "template fixed after a failed batch");

    // A broken file fails the rebuild and leaves the output as it was, also while
    // another file is edited (it is looked at again until it parses).
    let before = tree(&root.join("public"));
    let broken = doc(root, "broken.md");
    std::fs::write(&broken, "---\ntitle: [unclosed\n---\nbody\n").unwrap();
    let mut saw = |paths: &[&Path]| {
        let paths: BTreeSet<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
        state.rebuild_with(content, Some(&paths))
    };
    assert!(saw(&[&broken]).is_err());
    let mut text = std::fs::read_to_string(&ct).unwrap();
    text.push_str("\nOne more line.\n");
    std::fs::write(&ct, text).unwrap();
    assert!(saw(&[&ct]).is_err(), "the broken file still counts");
    assert!(
        tree(&root.join("public")) == before,
        "the last good build stays"
    );
    std::fs::remove_file(&broken).unwrap();
    saw(&[&broken]).unwrap();
    assert_same_as_fresh_build(&writes, root, "fix");
}

struct Server {
    child: Child,
    url: String,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Drop for Server {
    /// A clean stop (the server writes what is left to write), killed if it hangs.
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path, extra: &[&str]) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        .args(extra);
    launch(cmd)
}

/// `dossier serve` run from inside the site, with the default root (".").
fn start_inside(root: &Path) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.current_dir(root).args(["serve", "--port", "0"]);
    launch(cmd)
}

fn launch(mut cmd: Command) -> Server {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let err = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    let mut url = String::new();
    for _ in 0..50 {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(u) = line.strip_prefix("serving ") {
            url = u.split_whitespace().next().unwrap().to_string();
            break;
        }
    }
    assert!(!url.is_empty(), "server printed its URL");
    std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
    });
    Server {
        child,
        url,
        stderr: rx,
    }
}

fn host_of(url: &str) -> String {
    url.trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string()
}

/// (status, headers, body) of a GET, with the path sent as is.
fn get(url: &str, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(host_of(url)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head.to_lowercase(), body.to_string())
}

struct Events(BufReader<TcpStream>);

impl Events {
    fn open(url: &str) -> Events {
        let mut s = TcpStream::connect(host_of(url)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            s,
            "GET /__dossier/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut e = Events(BufReader::new(s));
        assert_eq!(e.next_event(), "hello");
        e
    }
    /// The name and data of the next event (keep-alive comments skipped).
    fn next_event_with_data(&mut self) -> (String, String) {
        let name = self.next_event();
        let mut line = String::new();
        self.0.read_line(&mut line).unwrap();
        let data = line
            .trim_end()
            .strip_prefix("data: ")
            .unwrap_or("")
            .to_string();
        (name, data)
    }

    /// The name of the next event (keep-alive comments skipped); panics on timeout.
    fn next_event(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let mut line = String::new();
            if self.0.read_line(&mut line).unwrap() == 0 {
                panic!("event stream closed");
            }
            if let Some(name) = line.trim_end().strip_prefix("event: ") {
                return name.to_string();
            }
        }
        panic!("no event in time");
    }
}

#[test]
fn server_serves_streams_and_rejects_escapes() {
    let dir = site_copy();
    let root = dir.path();
    std::fs::write(root.join("outside.txt"), "secret").unwrap();
    let s = start(root, &["--base-path", "/digest/"]);
    assert!(s.url.ends_with("/digest/"));
    let (st, head, body) = get(&s.url, "/digest/");
    assert_eq!(st, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"));
    assert!(head.contains("cache-control: no-store"));
    assert!(
        body.contains("/__dossier/events"),
        "live-reload script injected"
    );
    assert!(
        !std::fs::read_to_string(root.join("public/index.html"))
            .unwrap()
            .contains("__dossier"),
        "never on disk"
    );
    let (st, _, body) = get(&s.url, "/digest/no/such/page/");
    assert_eq!(st, 404);
    assert!(body.contains("<html"), "the site's 404 page");
    assert_eq!(get(&s.url, "/digest/../outside.txt").0, 403);
    assert_eq!(get(&s.url, "/digest/%2e%2e/outside.txt").0, 403);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("outside.txt"), root.join("public/leak.txt")).unwrap();
        assert_eq!(get(&s.url, "/digest/leak.txt").0, 403);
        std::fs::remove_file(root.join("public/leak.txt")).unwrap();
    }
    let css = std::fs::read_dir(root.join("public"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .unwrap();
    let (st, head, _) = get(&s.url, &format!("/digest/{css}"));
    assert_eq!(st, 200);
    assert!(head.contains("content-type: text/css"));

    // Edit, create, delete: each gives a reload and the pages follow.
    let mut ev = Events::open(&s.url);
    std::fs::write(doc(root, "fresh-note.md"), NEW_DOC).unwrap();
    assert_eq!(ev.next_event(), "reload");
    assert_eq!(get(&s.url, "/digest/documents/fresh-note/").0, 200);
    let edited = NEW_DOC.replace(
        "More on artificial intelligence.",
        "An edited sentence, unmistakable.",
    );
    // An editor's save: temp file, then rename over the original.
    std::fs::write(doc(root, ".fresh-note.md.swp"), &edited).unwrap();
    std::fs::rename(doc(root, ".fresh-note.md.swp"), doc(root, "fresh-note.md")).unwrap();
    assert_eq!(ev.next_event(), "reload");
    assert!(get(&s.url, "/digest/documents/fresh-note/")
        .2
        .contains("unmistakable"));
    std::fs::rename(doc(root, "fresh-note.md"), doc(root, "moved-note.md")).unwrap();
    assert_eq!(ev.next_event(), "reload");
    assert_eq!(get(&s.url, "/digest/documents/fresh-note/").0, 404);
    assert_eq!(get(&s.url, "/digest/documents/moved-note/").0, 200);

    // A broken file: an error event naming file and line; the last good build stays.
    std::fs::write(
        doc(root, "moved-note.md"),
        "---\ntitle: [unclosed\n---\nbody\n",
    )
    .unwrap();
    assert_eq!(ev.next_event(), "build-error");
    assert_eq!(get(&s.url, "/digest/documents/moved-note/").0, 200);
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut printed = false;
    while !printed && Instant::now() < deadline {
        if let Ok(l) = s.stderr.recv_timeout(Duration::from_millis(200)) {
            printed = l.contains("moved-note.md:2");
        }
    }
    assert!(printed, "the terminal names the file and line");
    std::fs::remove_file(doc(root, "moved-note.md")).unwrap();
    assert_eq!(ev.next_event(), "reload");
    assert_eq!(get(&s.url, "/digest/documents/moved-note/").0, 404);
}

#[test]
fn stylesheet_edits_are_announced_with_the_new_name_and_no_page_is_served_stale() {
    let dir = site_copy();
    let root = dir.path();
    std::fs::create_dir_all(root.join("static")).unwrap();
    let style = root.join("static/style.css");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
        &style,
    )
    .unwrap();
    let s = start(root, &[]);
    let mut ev = Events::open(&s.url);
    let page = "/documents/a-human-rights-centred-approach-to-technology-and-security/";
    let stylesheet = |html: &str| -> String {
        let at = html.find("style.").expect("a stylesheet link");
        let end = at + html[at..].find(".css").unwrap() + 4;
        html[at..end].to_string()
    };
    let (_, _, before) = get(&s.url, page);
    let old = stylesheet(&before);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&style)
        .unwrap();
    writeln!(f, "\nbody {{ outline: 3px solid rgb(1, 2, 3) }}").unwrap();
    drop(f);
    let (name, data) = ev.next_event_with_data();
    assert_eq!(name, "css");
    let renamed: Vec<(String, String)> = serde_json::from_str(&data).unwrap();
    assert_eq!(renamed.len(), 1, "{data}");
    assert_eq!(renamed[0].0, old);
    let new = &renamed[0].1;
    // Asked for at once, while the pages may still be being written: the new version.
    let (status, _, after) = get(&s.url, page);
    assert_eq!(status, 200);
    assert_eq!(&stylesheet(&after), new);
    assert!(!after.contains(&old));
    let (status, _, css) = get(&s.url, &format!("/{new}"));
    assert_eq!(status, 200);
    assert!(
        css.contains("outline"),
        "the new rule is in the new stylesheet"
    );
    assert_eq!(get(&s.url, "/xref.json").0, 200);
}

#[test]
fn edits_are_seen_when_serving_from_inside_the_site() {
    // The README's main command runs from the site's folder: the root is ".", while the
    // watcher names absolute paths.
    let dir = site_copy();
    let s = start_inside(dir.path());
    let mut ev = Events::open(&s.url);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(doc(
            dir.path(),
            "a-human-rights-centred-approach-to-technology-and-security.md",
        ))
        .unwrap();
    writeln!(f, "\nA paragraph appended while serving from inside.").unwrap();
    drop(f);
    assert_eq!(ev.next_event(), "reload");
}

#[test]
fn taken_port_is_named_with_a_suggestion() {
    let dir = site_copy();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(dir.path())
        .args(["serve", "--port", &port.to_string()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("port {port} is in use")), "{err}");
    assert!(err.contains(&format!("try --port {}", port + 1)), "{err}");
}

#[cfg(unix)]
#[test]
fn signals_stop_the_server_cleanly_with_its_output_complete() {
    for signal in ["-TERM", "-INT"] {
        let dir = site_copy();
        let root = dir.path();
        let mut s = start(root, &[]);
        let pid = s.child.id();
        let mut ev = Events::open(&s.url);
        std::fs::write(doc(root, "fresh-note.md"), NEW_DOC).unwrap();
        assert_eq!(ev.next_event(), "reload");
        // At once: `xref.json` may still be being written.
        let sent = Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = s.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "exits after {signal}");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "clean exit after {signal}: {status}");
        let leftovers: Vec<_> = walkdir::WalkDir::new(root.join("public"))
            .into_iter()
            .map(|e| e.unwrap().path().to_path_buf())
            .filter(|p| p.to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
        assert_same_as_fresh_build(&LateWrites::default(), root, signal);
    }
}

/// The preview server's path resolution, for any request path: it never panics, and a
/// file it serves is inside the output folder (never the secret beside it, nor what a
/// symlink out of the output leads to).
mod request_paths {
    use std::path::Path;

    use dossier::serve::http::{resolve, Resolved};
    use proptest::prelude::*;

    /// An output folder with a page, a folder, a symlink out, beside a secret.
    fn output() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        std::fs::create_dir_all(root.join("docs/a")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("docs/a/index.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::fs::create_dir_all(dir.path().join("other")).unwrap();
        std::fs::write(dir.path().join("other/index.html"), "other").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("leak.txt"))
                .unwrap();
            std::os::unix::fs::symlink(dir.path().join("other"), root.join("out")).unwrap();
        }
        let root = root.canonicalize().unwrap();
        (dir, root)
    }

    fn check(root: &Path, rel: &str) -> Result<(), TestCaseError> {
        match resolve(root, rel) {
            Resolved::File(p) => {
                prop_assert!(p.starts_with(root), "{rel:?} gave {}", p.display());
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                prop_assert!(
                    text != "secret" && text != "other",
                    "{rel:?} gave {}",
                    p.display()
                );
            }
            Resolved::Dir | Resolved::Forbidden | Resolved::Missing => {}
        }
        Ok(())
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("..".to_string()),
            Just("%2e%2e".to_string()),
            Just("%2E.".to_string()),
            Just(".%2e".to_string()),
            Just("%2f".to_string()),
            Just("%5c".to_string()),
            Just("\\".to_string()),
            Just("%00".to_string()),
            Just("%".to_string()),
            Just("%a".to_string()),
            Just("é".to_string()),
            Just("secret.txt".to_string()),
            Just("leak.txt".to_string()),
            Just("out".to_string()),
            Just("docs".to_string()),
            Just("a".to_string()),
            Just("index.html".to_string()),
            Just("C:".to_string()),
            Just("".to_string()),
            "\\PC{0,3}",
        ]
    }

    fn request() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::collection::vec(
                (
                    piece(),
                    prop_oneof![Just("/"), Just("%2f"), Just("%2F"), Just("\\")]
                ),
                0..8
            )
            .prop_map(|v| {
                let mut s = String::from("/");
                for (p, sep) in v {
                    s.push_str(&p);
                    s.push_str(sep);
                }
                s
            }),
            "/\\PC{0,40}",
            any::<String>().prop_map(|s| format!("/{s}")),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

        #[test]
        fn never_outside_the_output(rel in request()) {
            let (_dir, root) = output();
            check(&root, &rel)?;
        }
    }

    #[test]
    fn known_attacks() {
        let (_dir, root) = output();
        for rel in [
            "/%aé",
            "/%é",
            "/%",
            "/%%",
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/docs/..%2f..%2fsecret.txt",
            "/..\\secret.txt",
            "/%5c..%5csecret.txt",
            "/leak.txt",
            "/out/",
            "/out/index.html",
            "/C:/secret.txt",
        ] {
            check(&root, rel).unwrap();
            assert!(
                !matches!(resolve(&root, rel), Resolved::File(_)),
                "{rel:?} was served"
            );
        }
        assert!(matches!(resolve(&root, "/docs/a/"), Resolved::File(_)));
        assert!(matches!(resolve(&root, "/docs/%61/"), Resolved::File(_)));
        assert_eq!(resolve(&root, "/docs/a"), Resolved::Dir);
    }
}
