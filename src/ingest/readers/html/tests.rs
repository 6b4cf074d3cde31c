use super::meta::{clean_title, norm_date};
use super::*;

fn md(html: &str) -> String {
    read_html(html, None).expect("main text").markdown
}

fn page(body: &str) -> String {
    format!("<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>")
}

#[test]
fn sniffs_html_by_content() {
    assert!(looks_like_html(b"<!DOCTYPE html><p>x"));
    assert!(looks_like_html(
        b"\xEF\xBB\xBF  <!doctype HTML PUBLIC \"-//W3C//DTD\">"
    ));
    assert!(looks_like_html(
        b"<!-- saved from url=(0014)about:internet -->\n<html lang=\"fr\">"
    ));
    assert!(looks_like_html(
        b"<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
    ));
    assert!(looks_like_html(b"\n\n<HEAD><title>x</title>"));
    assert!(looks_like_html(b"<body>"));
    assert!(looks_like_html(b"\xFF\xFE<\0h\0t\0m\0l\0>\0"));
    assert!(!looks_like_html(b"# Title\n\n<html> later"));
    assert!(!looks_like_html(b"<htmlx>"));
    assert!(!looks_like_html(b"%PDF-1.7"));
    assert!(!looks_like_html(b"<!-- unterminated"));
    assert!(!looks_like_html(b""));
    assert!(!looks_like_html(b"<p>just a fragment</p>"));
}

#[test]
fn blocks_never_glue() {
    let html = page(
        r#"<nav><a href="/">Home</a> <a href="/about">About</a></nav>
        <div class="cookie-banner">We use cookies <button>OK</button></div>
        <article><h1>Paris Call for Trust and Security in Cyberspace</h1>
        <p>The Paris Call.</p><ul><li>Strengthen capacity</li></ul><p>Paris, 12 November 2018</p></article>
        <footer>© 2018 Site</footer>"#,
    );
    let d = read_html(&html, None).unwrap();
    let m = &d.markdown;
    assert!(
        m.contains("The Paris Call.\n\n- Strengthen capacity\n\nParis, 12 November 2018"),
        "{m}"
    );
    assert!(
        !m.contains("Home") && !m.contains("cookies") && !m.contains("© 2018"),
        "{m}"
    );
    assert!(
        d.dropped.iter().any(|x| x == "nav: Home About"),
        "{:?}",
        d.dropped
    );
    assert!(d
        .dropped
        .iter()
        .any(|x| x.starts_with("cookie banner: We use cookies")));
    assert!(d.dropped.iter().any(|x| x.starts_with("footer: © 2018")));
}

#[test]
fn a_text_size_switcher_and_a_view_counter_are_chrome() {
    let html = page(
        r#"<div class="b_fontsize_switcher"><div class="title">Размер текста</div><div class="selector">А</div><div class="selector">А</div></div>
        <article><h1>На общественное обсуждение вынесли проект</h1>
        <span class="vistas">Visto 314 veces</span>
        <p>Минтруд подготовил проект постановления о повышении минимального размера оплаты труда с 1 января.</p></article>"#,
    );
    let d = read_html(&html, None).unwrap();
    assert!(
        !d.markdown.contains("Размер текста") && !d.markdown.contains("Visto"),
        "{}",
        d.markdown
    );
    assert!(d.markdown.contains("Минтруд подготовил"), "{}", d.markdown);
    assert!(
        d.dropped
            .iter()
            .any(|x| x.starts_with("text size controls: ")),
        "{:?}",
        d.dropped
    );
    assert!(
        d.dropped.iter().any(|x| x.starts_with("view counter: ")),
        "{:?}",
        d.dropped
    );
}

/// Bold or italic text that ends (or starts) on a punctuation mark next to a word keeps
/// the mark outside its delimiters, so the page shows emphasis, not asterisks.
#[test]
fn emphasis_next_to_a_word_renders_as_emphasis() {
    let m = md(&page(
        "<p><b>Senator Murray said. &ldquo;</b>I was proud</p><p>See<i>(above)</i> and <b>this</b>.</p>",
    ));
    assert!(m.contains("**Senator Murray said**. “I was proud"), "{m}");
    assert!(m.contains("See(*above)*"), "{m}");
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&m));
    assert!(
        html.contains("<strong>Senator Murray said</strong>"),
        "{html}"
    );
    assert!(!html.contains("**"), "{html}");
}

/// A line break inside Chinese text is no space; between Latin words, or around a
/// Chinese word set among them, it is one.
#[test]
fn a_line_break_between_chinese_characters_is_no_space() {
    let m = md(&page(
        "<p>政策與原始\n碼要合捆，公開\n  程式碼 and\nmore 中文\n text</p>",
    ));
    assert_eq!(m, "政策與原始碼要合捆，公開程式碼 and more 中文 text\n");
}

#[test]
fn whitespace_collapses_like_a_browser() {
    let m = md(&page(
        "<p>Hello\n   <b>world</b>  and\t<i> you </i>.</p><p>a<br>b<br><br>c</p>",
    ));
    assert_eq!(m, "Hello **world** and *you* .\n\na\\\nb\n\nc\n");
}

#[test]
fn a_line_break_between_two_paragraphs_of_prose_parts_them() {
    let one = "Both sides of this line break hold enough words to be a paragraph of their own, as a CMS editor's shift-enter makes them.";
    let two = "The second part is just as long and starts a new thought, so a reader sees two paragraphs and the digest cites them apart.";
    let m = md(&page(&format!("<p>{one}<br/>\n{two}<br/></p>")));
    assert_eq!(m, format!("{one}\n\n{two}\n"));
    // An address, or a sentence that goes on after the break, keeps its line break.
    let m = md(&page(
        "<p>Ministry of Justice<br>Mohrenstraße 37<br>10117 Berlin</p>",
    ));
    assert_eq!(
        m,
        "Ministry of Justice\\\nMohrenstraße 37\\\n10117 Berlin\n"
    );
    let m = md(&page(&format!("<p>{one} And it goes on<br>{two}</p>")));
    assert_eq!(m, format!("{one} And it goes on\\\n{two}\n"));
}

#[test]
fn links_absolute_from_canonical_base_or_base_href() {
    let with_canon = r#"<html><head><link rel="canonical" href="https://ex.org/a/b.html"></head>
        <body><p>See <a href="../c">this</a> and <a href="javascript:void(0)">that</a>.</p></body></html>"#;
    assert_eq!(md(with_canon), "See [this](https://ex.org/c) and that.\n");
    let plain = r#"<html><body><p>See <a href="c.html">this</a>, <a href="https://x.org/">abs</a>.</p></body></html>"#;
    assert_eq!(md(plain), "See this, [abs](https://x.org/).\n");
    let d = read_html(plain, Some("https://ex.org/dir/page")).unwrap();
    assert_eq!(
        d.markdown,
        "See [this](https://ex.org/dir/c.html), [abs](https://x.org/).\n"
    );
    let base = r#"<html><head><base href="https://b.org/x/"></head><body><p><a href="y">y</a></p></body></html>"#;
    assert_eq!(md(base), "[y](https://b.org/x/y)\n");
    // In-page anchors become text.
    let anchor = r##"<html><body><p>Note<a href="#fn1">1</a></p></body></html>"##;
    assert_eq!(md(anchor), "Note1\n");
}

#[test]
fn markdown_characters_are_escaped() {
    let m = md(&page(
        "<p>*not emphasis* and _this_ [x](y) &lt;b&gt; a|b ~~s~~ &amp;copy; \\</p><p># not heading</p><p>1. not a list</p><p>- not a list</p>",
    ));
    assert_eq!(
        m,
        "\\*not emphasis\\* and \\_this\\_ \\[x\\](y) \\<b\\> a|b \\~\\~s\\~\\~ \\&copy; \\\\\n\n\\# not heading\n\n1\\. not a list\n\n\\- not a list\n"
    );
}

#[test]
fn entities_decoded_and_scripts_dropped() {
    let m = md(&page(
        "<script>var x = '<p>evil</p>';</script><style>p{}</style><p>caf&eacute; &amp; cr&egrave;me&nbsp;br&ucirc;l&eacute;e &#8212; ok</p><noscript>enable JS</noscript>",
    ));
    assert_eq!(m, "café & crème brûlée — ok\n");
}

#[test]
fn images_become_alt_text() {
    let m = md(&page(
        r#"<p>Logo: <img src="a.png" alt="Flag of France"> and <img src="b.png"> end <a href="https://x.org"><img src="c.png"></a></p>"#,
    ));
    assert_eq!(m, "Logo: Flag of France and end\n");
}

#[test]
fn lists_nested_and_ordered() {
    let m = md(&page(
        r#"<ol start="3"><li>three<ul><li>a</li><li>b<ol><li>deep</li></ol></li></ul></li><li>four</li></ol>"#,
    ));
    assert_eq!(m, "3. three\n   - a\n   - b\n     1. deep\n4. four\n");
}

#[test]
fn tables_become_gfm() {
    let m = md(&page(
        "<table><caption>Votes</caption><thead><tr><th>State</th><th>Vote</th></tr></thead><tbody><tr><td>France</td><td>Yes | <b>in favour</b></td></tr><tr><td colspan=2>Total</td></tr></tbody></table>",
    ));
    assert_eq!(
        m,
        "Votes\n\n| State | Vote |\n| --- | --- |\n| France | Yes \\| **in favour** |\n| Total |  |\n"
    );
}

#[test]
fn headings_quotes_code() {
    let m = md(&page(
        "<h2>Part <em>one</em></h2><blockquote><p>Quoted</p><p>twice</p></blockquote><pre><code class=\"language-rust\">fn main() {\n    *x = 1;\n}</code></pre><p>Use <code>a*b</code>.</p>",
    ));
    assert_eq!(
        m,
        "## Part *one*\n\n> Quoted\n>\n> twice\n\n```\nfn main() {\n    *x = 1;\n}\n```\n\nUse `a*b`.\n"
    );
}

#[test]
fn no_main_text() {
    let only_chrome = page(
        r#"<nav><a href="/">Home</a><a href="/about">About</a></nav><script>document.write("x")</script><footer>© 2024</footer>"#,
    );
    assert_eq!(read_html(&only_chrome, None), Err(HtmlError::NoMainText));
    assert_eq!(read_html("", None), Err(HtmlError::NoMainText));
    assert_eq!(
        read_html("<html><body>   </body></html>", None),
        Err(HtmlError::NoMainText)
    );
    let msg = HtmlError::NoMainText.to_string();
    assert!(msg.contains("save the article page itself"), "{msg}");
}

#[test]
fn bad_base_url() {
    assert!(matches!(
        read_html("<p>x</p>", Some("not a url")),
        Err(HtmlError::BadBaseUrl(_))
    ));
}

#[test]
fn metadata_from_meta_and_json_ld() {
    let html = r#"<!DOCTYPE html><html lang="fr-FR"><head>
    <title>Paris Call for Trust and Security in Cyberspace | Site Name</title>
    <meta name="author" content="Jane Doe">
    <meta property="article:author" content="https://facebook.com/janedoe">
    <meta name="description" content="About the call.">
    <meta name="keywords" content="cyber, trust">
    <meta property="article:tag" content="Paris">
    <link rel="canonical" href="/paris-call">
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
      "datePublished":"2018-11-12T09:00:00Z","author":[{"@type":"Person","name":"John Roe"},{"@type":"Person","name":"Jane Doe"}],
      "publisher":{"@type":"Organization","name":"Ministry"}}</script>
    </head><body><h1>Paris Call for Trust and Security in Cyberspace</h1><p>Text of the call.</p></body></html>"#;
    let d = read_html(html, Some("https://ex.org/news/")).unwrap();
    let m = d.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Paris Call for Trust and Security in Cyberspace")
    );
    assert_eq!(m.published.as_deref(), Some("2018-11-12"));
    assert_eq!(m.authors, vec!["Jane Doe", "John Roe"]);
    assert_eq!(m.description.as_deref(), Some("About the call."));
    assert_eq!(
        m.canonical_url.as_deref(),
        Some("https://ex.org/paris-call")
    );
    assert_eq!(m.language.as_deref(), Some("fr"));
    assert_eq!(m.publisher.as_deref(), Some("Ministry"));
    assert_eq!(m.keywords, vec!["cyber", "trust", "Paris"]);
    assert!(d.markdown.contains("Text of the call."));
}

#[test]
fn title_suffixes() {
    assert_eq!(
        clean_title("Headline here now | Site", None),
        "Headline here now"
    );
    assert_eq!(
        clean_title("A long headline - The Site", Some("The Site")),
        "A long headline"
    );
    assert_eq!(
        clean_title("The Site – A headline", Some("the site")),
        "A headline"
    );
    assert_eq!(clean_title("Short - Thing", None), "Short - Thing");
    assert_eq!(
        clean_title("Berlin confronts its colonial past | DW | 19.01.2020", None),
        "Berlin confronts its colonial past"
    );
    assert_eq!(
        clean_title("BMJV  |  Transparenz bei Preisanpassungen", None),
        "Transparenz bei Preisanpassungen"
    );
    assert_eq!(
        clean_title("Ukraine – Statement by the High Representative", None),
        "Ukraine – Statement by the High Representative"
    );
}

#[test]
fn a_blogs_name_in_its_h1_is_not_the_headline() {
    let html = "<html><head><title>Internet-Law &raquo; Verstößt der Ausschluss von Pseudonymen gegen deutsches Recht?</title></head><body><h1>Internet-Law</h1><h3>Verstößt der Ausschluss von Pseudonymen gegen deutsches Recht?</h3><p>Google verlangt seit kurzem Klarnamen von seinen Nutzern, und viele fragen sich, ob das zulässig ist.</p><p>Das Telemediengesetz sieht vor, dass Anbieter eine anonyme Nutzung ermöglichen müssen, soweit das zumutbar ist.</p></body></html>";
    let page = read_html(html, None).expect("page");
    assert_eq!(
        page.meta.title.as_deref(),
        Some("Verstößt der Ausschluss von Pseudonymen gegen deutsches Recht?")
    );
}

#[test]
fn json_ld_strings_written_html_escaped_are_decoded() {
    let html = r#"<html><head><title>Facebook is tracking me</title><script type="application/ld+json">{"@type":"NewsArticle","headline":"Facebook &#8217;s tracking","keywords":["Privacy &amp; Technology","Consumer Privacy"]}</script></head><body><p>I don't use Facebook, and yet it knows where I have been on the web for years.</p><p>Its pixel sits on millions of sites, and every page I load tells it so.</p></body></html>"#;
    let page = read_html(html, None).expect("page");
    assert_eq!(
        page.meta.keywords,
        ["Privacy & Technology", "Consumer Privacy"]
    );
    assert_eq!(page.meta.title.as_deref(), Some("Facebook ’s tracking"));
}

#[test]
fn authors_named_together_are_each_an_author() {
    for (written, names) in [
        (
            "Martin Untersinger (avec Damien Leloup et Morgane Tual)",
            vec!["Martin Untersinger", "Damien Leloup", "Morgane Tual"],
        ),
        (
            "Andrés Malamud y Martín Schapiro",
            vec!["Andrés Malamud", "Martín Schapiro"],
        ),
        ("Jane Doe", vec!["Jane Doe"]),
        (
            "Ministère de l'Europe et des Affaires étrangères",
            vec!["Ministère de l'Europe et des Affaires étrangères"],
        ),
        // A ministry's name with a comma of its own is one name (the field stage then
        // moves it to the organisations).
        (
            "Eidgenössisches Departement für Wirtschaft, Bildung und Forschung WBF",
            vec!["Eidgenössisches Departement für Wirtschaft, Bildung und Forschung WBF"],
        ),
        ("Jane Doe, John Roe", vec!["Jane Doe", "John Roe"]),
    ] {
        let html = format!("<html><head><title>Une loi sur le renseignement adoptée</title><meta name=\"author\" content=\"{written}\"></head><body><p>Le texte a été largement approuvé par les députés, et sera examiné par le Sénat.</p><p>Le Conseil constitutionnel devra ensuite se prononcer sur le texte.</p></body></html>");
        let page = read_html(&html, None).expect("page");
        assert_eq!(page.meta.authors, names, "{written}");
    }
}

#[test]
fn a_date_in_the_page_title_is_the_last_resort() {
    let html = "<html><head><title>Una solución no violenta para la cuestión mapuche - 07.12.2017 - LA NACION</title></head><body><article><h1>Una solución no violenta para la cuestión mapuche</h1><p>Los pueblos indígenas reclaman por derechos que permanecen incumplidos desde hace décadas.</p><p>Por eso es más eficiente canalizar la protesta que reprimirla, según los autores.</p></article></body></html>";
    let page = read_html(html, None).expect("page");
    assert_eq!(page.meta.published.as_deref(), Some("2017-12-07"));
    assert_eq!(norm_date("07.12.2017").as_deref(), Some("2017-12-07"));
    assert_eq!(norm_date("13.13.2017"), None);
}

#[test]
fn an_hatom_published_date_is_the_date() {
    let html = r#"<html><head><title>Décisions de l'AG Éducation</title></head><body><div class="hentry"><h1>Décisions de l'AG Éducation IDF du mardi 10 septembre</h1><abbr class="published" title="2019-09-11T12:30:39Z">11 septembre 2019</abbr><p>L'assemblée générale a voté plusieurs motions sur la rentrée universitaire.</p><p>Elle appelle à une journée de mobilisation le mois prochain.</p></div></body></html>"#;
    let page = read_html(html, None).expect("page");
    assert_eq!(page.meta.published.as_deref(), Some("2019-09-11"));
}

#[test]
fn dates_normalised() {
    assert_eq!(
        norm_date("2018-11-12T10:00:00+01:00").as_deref(),
        Some("2018-11-12")
    );
    assert_eq!(norm_date("2018/11/12").as_deref(), Some("2018-11-12"));
    assert_eq!(norm_date("2018-11").as_deref(), Some("2018-11"));
    assert_eq!(norm_date("2018").as_deref(), Some("2018"));
    assert_eq!(norm_date("20181112").as_deref(), Some("2018-11-12"));
    assert_eq!(norm_date("12 November 2018").as_deref(), Some("2018-11-12"));
    assert_eq!(norm_date("Nov. 12, 2018").as_deref(), Some("2018-11-12"));
    assert_eq!(
        norm_date("1er novembre 2018").as_deref(),
        Some("2018-11-01")
    );
    assert_eq!(norm_date("12 décembre 2018").as_deref(), Some("2018-12-12"));
    assert_eq!(norm_date("yesterday"), None);
    assert_eq!(norm_date("2018-13-01"), None);
}

#[test]
fn fragment_converter_keeps_code_language() {
    let m = fragment_to_markdown(
        "<pre class=\"language-rust\">let a = `b`;</pre><p><a href=\"/x\">x</a></p>",
        Some("https://ex.org/a/"),
    );
    assert_eq!(m, "```rust\nlet a = `b`;\n```\n\n[x](https://ex.org/x)\n");
}

#[test]
fn an_article_wrapped_in_a_complementary_region_is_kept() {
    // kremlin.ru sets every transcript inside <div role="complementary">; a sidebar of
    // related-story teasers (articles themselves) is still chrome.
    let speech = "President Vladimir Putin: Thank you very much. I am aware that you had very lively discussions over the last three days. ".repeat(30);
    let html = page(&format!(
        r#"<nav><a href="/">Home</a></nav><div class="read" role="complementary" aria-label="Material for reading"><article class="hentry"><h1>Meeting of the Club</h1><div itemprop="articleBody"><p>{speech}</p></div></article></div><aside class="more"><article><a href="/x">Another story</a></article></aside>"#
    ));
    let doc = read_html(&html, None).unwrap();
    assert!(
        doc.markdown.contains("lively discussions"),
        "{}",
        doc.markdown
    );
    assert!(!doc.markdown.contains("Another story"), "{}", doc.markdown);
    assert!(
        doc.dropped.iter().any(|d| d.contains("Another story")),
        "{:?}",
        doc.dropped
    );
}

#[test]
fn the_day_a_page_shows_is_read_beside_its_metadatas_timestamp() {
    // A foundation's article: the metadata's UTC timestamp is the evening before the day
    // the page shows; the shown date sits in a class named for it ("o-metadata--date").
    let html = r#"<!DOCTYPE html><html lang="de"><head><title>Kommunalwahlen</title><meta property="article:published_time" content="2021-11-04T23:00Z"></head><body><main><article><h1>Kommunalwahlen in Nordmazedonien</h1><div class="c-page-intro__meta"><span class="o-metadata o-metadata--date">5. November 2021</span><span class="o-metadata o-metadata--update">Stand: 6. November 2021</span></div><p>Am Abend des 31. Oktober veröffentlichte die Staatliche Wahlkommission die vorläufigen Wahlergebnisse des zweiten Wahlgangs der Kommunalwahlen.</p></article></main></body></html>"#;
    let doc = read_html(html, None).unwrap();
    assert_eq!(doc.meta.date_text.as_deref(), Some("5. November 2021"));
    assert!(doc
        .meta
        .published
        .as_deref()
        .is_some_and(|p| p.starts_with("2021-11-04")));
}

#[test]
fn a_standfirst_beside_the_headline_opens_the_body() {
    // The lead sits beside the headline in the page's intro, outside the article that
    // Readability takes: it is the article's first paragraph, not chrome. A hidden
    // "Navigation" h1 comes first; a related story's teaser is no standfirst.
    let paragraph = "<p>Am Abend des 31. Oktober veröffentlichte die Staatliche Wahlkommission die vorläufigen Wahlergebnisse des zweiten Wahlgangs der Kommunalwahlen, und die Beobachter der Mission bestätigten, dass die Wahlen in einer ruhigen und geordneten Atmosphäre verliefen, ohne größere Zwischenfälle in den Gemeinden.</p>";
    let html = format!(
        r#"<!DOCTYPE html><html lang="de"><head><title>Kommunalwahlen in Nordmazedonien</title><meta property="og:title" content="Kommunalwahlen in Nordmazedonien"></head><body><h1 class="hide-accessible">Navigation</h1><div class="c-page-intro"><div class="o-page-module"><h1 class="o-page-headline">Kommunalwahlen in Nordmazedonien</h1><div class="c-page-intro__author">von Daniel Braun</div><div class="c-page-intro__copy">Die Lokalwahlen endeten nicht nur mit einem großen Sieg der oppositionellen VMRO-DPMNE, sondern beendeten die Karriere des Premierministers.</div></div></div><main><article>{}</article></main><aside><div class="teaser-lead">Ein anderer Bericht über die Wahlen in Albanien und ihre Folgen für die Region und die Nachbarn.</div></aside></body></html>"#,
        paragraph.repeat(6)
    );
    // The headline's siblings give the standfirst, never the hidden h1's or a teaser.
    let page = dom_query::Document::from(html.as_str());
    let leads = super::standfirsts(&page, Some("Kommunalwahlen in Nordmazedonien"), None);
    assert_eq!(leads.len(), 1, "{leads:?}");
    assert!(
        leads[0].1.starts_with("Die Lokalwahlen endeten"),
        "{leads:?}"
    );
    // A body without it (Readability left the page's intro out, as it did on the real
    // page) gets it as its first paragraph; a body with it is left as it is.
    let body =
        "Am Abend des 31. Oktober veröffentlichte die Staatliche Wahlkommission die Ergebnisse.\n";
    let with = super::with_standfirsts(body.to_string(), &leads);
    assert!(
        with.starts_with("Die Lokalwahlen endeten") && with.ends_with(body),
        "{with}"
    );
    assert_eq!(super::with_standfirsts(with.clone(), &leads), with);
    // Read whole, the page has it once, before the article's text, and no teaser.
    let doc = read_html(&html, None).unwrap();
    let lead = doc.markdown.find("Die Lokalwahlen endeten nicht nur");
    let text = doc.markdown.find("Am Abend des 31. Oktober");
    assert!(
        lead.is_some_and(|l| text.is_some_and(|t| l < t)),
        "{}",
        doc.markdown
    );
    assert_eq!(doc.markdown.matches("Die Lokalwahlen endeten").count(), 1);
    assert!(!doc.markdown.contains("Albanien"), "{}", doc.markdown);
}

#[test]
fn a_cms_date_and_a_labelled_byline_are_read() {
    // The article's own date, not the first dated item of a sidebar; "Written by:" is a
    // label, not part of the name.
    let html = page(
        r#"<div class="facts"><div class="date">April 19, 2022</div><a href="/f">Disabilities Act</a></div><main><article class="hentry"><h1>Wide Range Of Investment Opportunities</h1><div class="date">April 26, 2022</div><div class="author"><b>Written by:</b> Charnele Henry</div><p>The Jamaica Promotions Corporation says a wide range of investment opportunities will be showcased at the conference, which opens in Montego Bay next week.</p></article></main>"#,
    );
    let doc = read_html(&html, None).unwrap();
    assert_eq!(doc.meta.date_text.as_deref(), Some("April 26, 2022"));
    let head = r#"<!DOCTYPE html><html><head><title>T</title><meta name="author" content="Written by: Charnele Henry"><meta name="publishdate" content="2017-03-10"></head><body><p>Text of the page.</p></body></html>"#;
    let doc = read_html(head, None).unwrap();
    assert_eq!(doc.meta.authors, vec!["Charnele Henry".to_string()]);
    assert_eq!(doc.meta.published.as_deref(), Some("2017-03-10"));
}

#[test]
fn ruby_readings_are_not_glued_into_the_text() {
    let html = page(
        "<p><ruby>子<rt>こ</rt></ruby>どもへの<ruby>虐待<rp>(</rp><rt>ぎゃくたい</rt><rp>)</rp></ruby>をなくすための<ruby>法律<rt>ほうりつ</rt></ruby>ができて、親が子どもを教育するために体罰をしてはいけないことが決まりました。</p>",
    );
    let m = md(&html);
    assert!(
        m.contains("子どもへの虐待をなくすための法律ができて、"),
        "{m}"
    );
}

#[test]
fn an_authors_markup_or_placeholder_is_no_name() {
    let head = r#"<!DOCTYPE html><html><head><title>T</title><meta name="author" content="&lt;a href=&quot;/eksperci/mateusz&quot;&gt;Mateusz Gniazdowski&lt;/a&gt;"><meta property="article:author" content="null"></head><body><p>Text of the page.</p></body></html>"#;
    let doc = read_html(head, None).unwrap();
    assert_eq!(doc.meta.authors, vec!["Mateusz Gniazdowski".to_string()]);
}

#[test]
fn a_title_the_page_sets_as_its_headline_keeps_its_dash_and_a_bare_site_prefix_goes() {
    let head = r#"<!DOCTYPE html><html><head><title>Rosyjskie zamachy w Czechach – kontekst krajowy, implikacje, perspektywy</title><meta property="og:title" content="Rosyjskie zamachy w Czechach – kontekst krajowy, implikacje, perspektywy"><meta property="og:site_name" content="OSW Ośrodek Studiów Wschodnich"></head><body><h1>Rosyjskie zamachy w Czechach – kontekst krajowy, implikacje, perspektywy</h1><p>Text of the analysis, long enough to be the page's main text.</p></body></html>"#;
    let doc = read_html(head, None).unwrap();
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Rosyjskie zamachy w Czechach – kontekst krajowy, implikacje, perspektywy")
    );
    assert_eq!(
        super::meta::clean_title(
            "NEWS WEB EASY|子どもへの体罰を禁止する法律ができる",
            Some("NEWS WEB EASY")
        ),
        "子どもへの体罰を禁止する法律ができる"
    );
}

#[test]
fn key_points_under_the_headline_open_the_body_and_hidden_labels_go() {
    // A press release sets its highlights in a list a few levels away from the headline,
    // before the body's first paragraph; Readability leaves them out.
    let paragraph = "<p>For the third time this year, the European Parliament adopted a resolution on the situation in Venezuela, expressing its deep concern at the severe state of emergency.</p>";
    let html = format!(
        r#"<!DOCTYPE html><html lang="en"><head><title>Venezuela: Parliament calls for sanctions</title><meta property="og:title" content="Venezuela: Parliament calls for sanctions"></head><body><div class="grid"><div class="row"><div class="col"><h1 class="title">Venezuela: Parliament calls for sanctions</h1></div></div><div class="row"><div class="col"><div class="ep-a_facts"><ul><li>Full support for the interim president and for a peaceful transition</li><li>Restrict movements, freeze the assets of those responsible</li></ul></div><figure><span class="visually-hidden">Photo</span><img src="a.jpg" alt=""></figure><div class="body">{}</div></div></div></div><div class="teaser-lead">Another story about the elections in Albania and their outcome for the region.</div></body></html>"#,
        paragraph.repeat(6)
    );
    let doc = read_html(&html, None).unwrap();
    let facts = doc
        .markdown
        .find("- Full support for the interim president");
    let text = doc.markdown.find("For the third time");
    assert!(facts.is_some() && facts < text, "{}", doc.markdown);
    assert!(!doc.markdown.contains("Photo"), "{}", doc.markdown);
    assert!(!doc.markdown.contains("Albania"), "{}", doc.markdown);
}

#[test]
fn a_shared_title_with_a_pictures_credit_gives_way_to_the_headline() {
    let html = r#"<!DOCTYPE html><html lang="ja"><head><meta property="og:title" content="米朝首脳直通電話　習氏に挑むトランプ戦術の成否（写真＝ロイター）"></head><body><article><h1><span>米朝首脳直通電話　習氏に挑むトランプ戦術の成否</span><br/><span>編集委員　中沢克二</span></h1><p>トランプ米大統領と北朝鮮の金正恩委員長の直通電話が話題になっている。米朝首脳会談の後、両首脳は直接話すことができるようになった。</p></article></body></html>"#;
    let doc = read_html(html, None).unwrap();
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("米朝首脳直通電話 習氏に挑むトランプ戦術の成否")
    );
}

#[test]
fn a_lead_in_bold_under_the_picture_or_an_incipit_opens_the_body() {
    // A headline set as an `<h2>` styled as the page's h1, the lead under the picture
    // set wholly in bold (`<strong><p>`), as a government agency's CMS writes it.
    let prose = "<p>Die Kommission hat vorgeschlagen, Atomkraft und Erdgas unter bestimmten Bedingungen als nachhaltige Tätigkeiten einzustufen, und die Mitgliedstaaten haben vier Monate Zeit.</p>";
    let html = format!(
        r#"<html><head><title>EU-Taxonomie: Atomkraft und Erdgas sind nicht nachhaltig</title></head><body><article><div class="article-content"><h2 class="title aka-h1">EU-Taxonomie: Atomkraft und Erdgas sind nicht nachhaltig</h2><div class="content-box"><figure><img src="a.jpg" alt="EU-Fahnen"><figcaption>EU-Fahnen</figcaption></figure></div><strong><p>Der Entwurf der Europäischen Kommission für einen delegierten Rechtsakt würde verhindern, dass die Taxonomie ein wirksames Transparenzinstrument ist.</p></strong></div><div class="row"><p><strong>Browser-Hinweis: Bitte nutzen Sie einen aktuellen Browser, um diese Seite richtig zu sehen und alles zu lesen.</strong></p>{}</div></article></body></html>"#,
        prose.repeat(6)
    );
    let page = dom_query::Document::from(html.as_str());
    let leads = super::standfirsts(
        &page,
        Some("EU-Taxonomie: Atomkraft und Erdgas sind nicht nachhaltig"),
        None,
    );
    assert_eq!(leads.len(), 1, "{leads:?}");
    assert!(leads[0].0.starts_with("Der Entwurf"), "{leads:?}");
    // A standfirst named "incipit" (Le Grand Continent) is one too.
    let html = format!(
        r#"<html><head><title>Sur les migrations</title></head><body><h1>Sur les migrations</h1><div class="incipit w-full">Alors que la Méditerranée devient encore une fois la scène d'images insupportables, nous publions une conversation.</div><main>{}</main></body></html>"#,
        prose.repeat(6)
    );
    let page = dom_query::Document::from(html.as_str());
    let leads = super::standfirsts(&page, Some("Sur les migrations"), None);
    assert_eq!(leads.len(), 1, "{leads:?}");
    assert!(leads[0].0.starts_with("Alors que"), "{leads:?}");
    // A notice in bold about the reader's browser is the page's, not a lead.
    let html = format!(
        r#"<html><head><title>港特首道歉</title></head><body><h1>港特首道歉</h1><p><b>如欲取得最佳浏览效果，请使用最新的、使用串联样式表（CSS）的浏览器。虽然你可以使用目前的浏览器浏览网站，但是，你不能获得最佳视觉享受。请考虑使用最新版本的浏览器软件或启用样式表。</b></p><main>{}</main></body></html>"#,
        prose.repeat(6)
    );
    let page = dom_query::Document::from(html.as_str());
    assert!(super::standfirsts(&page, Some("港特首道歉"), None).is_empty());
}

#[test]
fn a_creator_the_page_never_prints_is_no_author() {
    let prose = "<p>Das Umweltbundesamt empfiehlt, Atomkraft und Erdgas nicht als nachhaltig einzustufen, weil beide Technologien erhebliche Risiken für Umwelt und Klima bergen.</p>";
    let page = |meta: &str, byline: &str| {
        format!(
            r#"<html><head><title>EU-Taxonomie</title>{meta}</head><body><article><h1>EU-Taxonomie</h1>{byline}{}</article></body></html>"#,
            prose.repeat(5)
        )
    };
    // A content system's Dublin Core creator, a name the page never shows.
    let unprinted = read_html(
        &page(
            r#"<meta name="dcterms.creator" content="Martin Stallmann">"#,
            "",
        ),
        None,
    )
    .unwrap();
    assert!(
        unprinted.meta.authors.is_empty(),
        "{:?}",
        unprinted.meta.authors
    );
    // The same name printed in a byline is the author.
    let printed = read_html(
        &page(
            r#"<meta name="dcterms.creator" content="Martin Stallmann">"#,
            r#"<p class="byline">Von Martin Stallmann</p>"#,
        ),
        None,
    )
    .unwrap();
    assert_eq!(printed.meta.authors, ["Martin Stallmann"]);
}

#[test]
fn a_titles_keywords_and_site_after_the_headline_are_no_part_of_it() {
    let prose = "<p>The cremation took place in Beijing on Thursday, state media reported, with leaders attending the ceremony at the cemetery in the west of the city.</p>";
    let page = |title: &str, h1: &str| {
        format!(
            r#"<html><head><title>{title}</title><meta property="og:title" content="{title}"></head><body><article><h1>{h1}</h1>{}</article></body></html>"#,
            prose.repeat(5)
        )
    };
    // Keywords a portal adds to its shared title after "_".
    let d = read_html(
        &page(
            "视频丨李克强同志遗体在京火化 习近平等到八宝山革命公墓送别_中国共产党_哀悼_前往",
            "视频丨李克强同志遗体在京火化 习近平等到八宝山革命公墓送别",
        ),
        None,
    )
    .unwrap();
    assert_eq!(
        d.meta.title.as_deref(),
        Some("视频丨李克强同志遗体在京火化 习近平等到八宝山革命公墓送别")
    );
    // A site's name after the headline, where the page has no og:site_name.
    let d = read_html(
        &page(
            "Bundesministerin Raab: Mit Ländern Rahmenbedingungen gestalten - Bundeskanzleramt Österreich",
            "Bundesministerin Raab: Mit Ländern Rahmenbedingungen gestalten",
        ),
        None,
    )
    .unwrap();
    assert_eq!(
        d.meta.site_name.as_deref(),
        Some("Bundeskanzleramt Österreich")
    );
    let d = read_html(
        &page(
            "Venezuela: Parliament calls for sanctions | News | European Parliament",
            "Venezuela: Parliament calls for sanctions",
        ),
        None,
    )
    .unwrap();
    assert_eq!(d.meta.site_name.as_deref(), Some("European Parliament"));
}

#[test]
fn a_date_kept_in_an_attribute_of_the_element_that_shows_it_dates_the_page() {
    let prose = "<p>부모를 빼앗긴 아기들, 해외 입양 비즈니스의 그늘에 대해 뉴스타파가 취재한 내용을 전합니다. 입양 기관들의 기록과 증언을 살펴봤습니다.</p>";
    let html = format!(
        r#"<html><head><title>[주간 뉴스타파] 부모를 빼앗긴 아기들</title></head><body><article><h1>[주간 뉴스타파] 부모를 빼앗긴 아기들</h1><span class="media_end_head_info_datestamp_time _ARTICLE_DATE_TIME" data-date-time="2023-11-02 20:06:13">2023.11.02. 오후 8:06</span>{}</article></body></html>"#,
        prose.repeat(5)
    );
    let d = read_html(&html, None).unwrap();
    assert_eq!(
        d.meta.published.map(|p| p.to_string()).as_deref(),
        Some("2023-11-02")
    );
}

#[test]
fn a_headings_permalink_sign_is_no_text_of_it() {
    // Argentina's open-data decree on its MkDocs site.
    let html = r##"<html><head><title>Decreto 117/2016 "Plan de Apertura de Datos" - Paquete de Apertura</title></head><body><article><h1 id="d"><a class="toclink" href="#d">Decreto 117/2016 "Plan de Apertura de Datos"</a><a class="headerlink" href="#d" title="Permanent link">&#128279;</a></h1><h2 id="c">CONSIDERANDO<a class="headerlink" href="#c">¶</a></h2><p>Que el Plan de Apertura de Datos tiene por objeto la publicación de datos en formatos abiertos.</p><p>Que la <a href="#anexo">§ 3</a> del Anexo lo establece, como lo dispone el artículo 1°.</p></article></body></html>"##;
    let page = read_html(html, None).expect("page");
    assert_eq!(
        page.meta.title.as_deref(),
        Some(r#"Decreto 117/2016 "Plan de Apertura de Datos""#)
    );
    assert!(
        page.markdown.contains("## CONSIDERANDO\n"),
        "{}",
        page.markdown
    );
    assert!(!page.markdown.contains('🔗'), "{}", page.markdown);
    // A link to a place on the page with words in it stays.
    assert!(page.markdown.contains("§ 3"), "{}", page.markdown);
}

#[test]
fn a_description_of_the_whole_site_is_no_summary_of_the_page() {
    let html = r#"<html><head><title>Murray, Cantwell Applaud Advancement of Key Provision</title><meta name="description" content="Official website of U.S. Senator Patty Murray, Senator for Washington State, Democratic Party"></head><body><article><h1>Murray, Cantwell Applaud Advancement of Key Provision</h1><p>U.S. Senators Patty Murray and Maria Cantwell applauded the advancement of a provision to help the state's farmers.</p><p>The provision passed the committee today with support from both parties.</p></article></body></html>"#;
    let page = read_html(html, None).expect("page");
    assert_eq!(page.meta.description, None);
    let own = html.replace(
        "Official website of U.S. Senator Patty Murray, Senator for Washington State, Democratic Party",
        "Senators applaud a provision that helps farmers.",
    );
    let page = read_html(&own, None).expect("page");
    assert_eq!(
        page.meta.description.as_deref(),
        Some("Senators applaud a provision that helps farmers.")
    );
}

#[test]
fn a_byline_under_the_headline_names_the_author_whatever_its_class() {
    // PolitiFact's "article__meta" paragraph: Readability knows a byline by "byline" or
    // "author" in its classes and misses it. The headline says more than the title.
    let html = r#"<!DOCTYPE html><html><head><title>Guide to tariffs and trade</title><meta property="og:title" content="Guide to tariffs and trade"></head><body><article><h1 class="article__title">Guide to understanding tariffs and international trade</h1><p class="article__meta">By <a href="/staff/lj/">Louis Jacobson</a> on Monday, November 18th, 2019 at 11:04 a.m.</p><p>Breaking with decades of United States policy favoring free trade, the administration has pursued an agenda favoring tariffs as weapons in a widening trade war.</p><p>By most accounts, the trade war has hurt farmers.</p></article></body></html>"#;
    let doc = read_html(html, None).unwrap();
    assert_eq!(doc.meta.authors, vec!["Louis Jacobson".to_string()]);
    assert_eq!(doc.meta.published.as_deref(), Some("2019-11-18"));
    // A sentence of the body that opens on "By" is no byline: the body's first paragraph
    // of prose ends the search.
    let html = r#"<!DOCTYPE html><html><head><title>Guide</title></head><body><article><h1>Guide</h1><p>Breaking with decades of United States policy favoring free trade, the administration has pursued an agenda.</p><p>By Tuesday the talks had failed.</p></article></body></html>"#;
    assert!(read_html(html, None).unwrap().meta.authors.is_empty());
}

#[test]
fn a_fact_checks_claim_and_verdict_are_kept_above_the_article() {
    // Polygraph's claim box sits above the article, apart from its body: Readability
    // leaves it out. The page's ClaimReview names the claim and the verdict it prints.
    let ld = r#"{"@context":"https://schema.org","@type":"ClaimReview","claimReviewed":"“U.S.-controlled bandit formations continue to prevent the evacuation of the Syrian civilians from the camp.”","reviewRating":{"@type":"Rating","alternateName":"False"}}"#;
    let page = |verdict: &str| {
        format!(
            r#"<!DOCTYPE html><html><head><title>Russia and Syria: Forces Blocking Refugee Return</title><script type="application/ld+json">{ld}</script></head><body><header><nav><a href="/">Home</a></nav></header><div class="fc"><div class="fc__body"><div class="statement"><h4 class="author">The Russian and Syrian defense ministries</h4><div class="statement-content"><p>“U.S.-controlled bandit formations continue to prevent the evacuation of the Syrian civilians from the camp.”</p></div><div class="statement-source"><a href="https://example.org/s">Source: Russian Defense Ministry, October 25, 2019</a></div></div><div class="verdict"><span>{verdict}</span><div class="intro">Information from multiple sources disputes the claims</div></div></div></div><div id="article-content"><h1>Russia and Syria: Forces Blocking Refugee Return</h1><p>In a joint statement published Oct. 25, the Russian and Syrian defense ministries accused U.S. forces in southern Syria of controlling bandit formations and disrupting a United Nations plan to return people in the camp to their homes.</p><p>The Pentagon rejected these accusations as patently false, and both independent analysts and sources in the camp told Polygraph.info the claims are false.</p><p>Charles Simpson, program administrator for the Refugees in Towns Project at Tufts University, said the allegations are false and that residents fear the government.</p></div></body></html>"#
        )
    };
    let m = md(&page("False"));
    let claim = m.find("> “U.S.-controlled bandit formations").expect(&m);
    assert!(
        m.contains("> The Russian and Syrian defense ministries\n>\n"),
        "{m}"
    );
    assert!(m.contains("> False\n"), "{m}");
    assert!(claim < m.find("In a joint statement").unwrap(), "{m}");
    // A box that does not print the verdict the review names is not the claim box.
    assert!(!md(&page("Mostly true")).contains("> “U.S.-controlled"));
}

#[test]
fn a_figures_alt_text_is_not_said_again_by_its_caption() {
    let html = page(
        r#"<article><p>The Commission wrote to the member states about return centres outside the union this week.</p><figure><img alt="A camp for migrants in Shengjin, Albania, on 1 August 2024." src="a.jpg"><figcaption><span>A camp for migrants in Shengjin, Albania, on 1 August 2024.</span> <span>Alketa Misja (dpa)</span></figcaption></figure><figure><img alt="Police at the camp" src="b.jpg"><figcaption>Officers watch the cameras.</figcaption></figure><p>The letter follows a call by fifteen member states for new solutions to irregular migration.</p></article>"#,
    );
    let m = md(&html);
    assert_eq!(
        m.matches("A camp for migrants in Shengjin").count(),
        1,
        "{m}"
    );
    // An alt text the caption does not say stays.
    assert!(m.contains("Police at the camp"), "{m}");
}

#[test]
fn a_records_speakers_in_headers_of_their_own_are_kept() {
    // A parliament's record heads every contribution with the member's name, in a
    // `div.header` that is all one link: Readability drops both kinds.
    let turn = |name: &str, seat: &str, said: &str| {
        format!(
            r##"<div class="contribution"><div class="header"><div class="attributed-to"><a href="/member/1"><div class="primary-text">{name}</div><div class="secondary-text">{seat}</div></a></div><div class="share"><a href="#">Share</a></div></div><div class="content"><p>{said}</p></div></div>"##
        )
    };
    let body = [
        turn("Andy Carter", "(Warrington South) (Con)", "How will my right hon. Friend ensure that small businesses, which have been the engine of growth in my constituency, are able to share in the benefits of leaving?"),
        turn("Steve Barclay", "(North East Cambridgeshire) (Con)", "Before coming to the House, my hon. Friend was a champion of small businesses in Warrington, and I know he will continue to be so during his time in this place."),
        turn("Kate Griffiths", "(Burton) (Con)", "Does my right hon. Friend agree that to mark our leaving the European Union, our fantastic local breweries in Burton-on-Trent should brew a celebratory beer?"),
    ]
    .concat();
    let html = format!(
        r#"<!DOCTYPE html><html><head><title>Commons Chamber</title></head><body><header class="site"><nav><a href="/">Hansard</a></nav></header><main><h1>Commons Chamber</h1>{body}</main></body></html>"#
    );
    let m = md(&html);
    for name in [
        "Andy Carter (Warrington South) (Con)",
        "Steve Barclay",
        "Kate Griffiths (Burton) (Con)",
    ] {
        assert!(m.contains(name), "{name}: {m}");
    }
    assert!(!m.contains("Share"), "{m}");
}

#[test]
fn a_heading_whose_id_speaks_of_authority_is_no_byline() {
    let html = page(
        r#"<article><h2>Trust model</h2><p>Within the wallet ecosystem, many interactions take place between parties in which one party requests another to release data.</p><h4 id="611-authentication-and-authorization">6.1.1 Authentication and authorization</h4><p>A relying party may ask a user to release an attestation, and the wallet must authenticate the relying party first.</p><h4 id="supervisory-authority">Supervisory authority</h4><p>Each member state designates a supervisory body that oversees the providers of wallets and attestations.</p></article>"#,
    );
    let doc = read_html(&html, None).unwrap();
    assert!(doc.meta.authors.is_empty(), "{:?}", doc.meta.authors);
    assert!(
        doc.markdown
            .contains("6.1.1 Authentication and authorization"),
        "{}",
        doc.markdown
    );
    assert!(
        doc.markdown.contains("Supervisory authority"),
        "{}",
        doc.markdown
    );
}

#[test]
fn a_date_labelled_in_an_element_of_its_own_is_read() {
    let html = page(
        r#"<main><h1>Il cambiamento della Pubblica Amministrazione</h1><div class="row"><div class="col"><span class="caption">Data</span> <span>22 agosto 2020</span></div><div class="col"><span class="caption">Tipologia</span> <span>Intervento</span></div></div><p>Saluto gli illustri relatori che hanno parlato prima di me e ringrazio gli organizzatori del Meeting per avermi invitato.</p></main>"#,
    );
    let doc = read_html(&html, None).unwrap();
    assert_eq!(doc.meta.date_text.as_deref(), Some("22 agosto 2020"));
}

#[test]
fn a_sites_own_description_and_a_posted_line() {
    let head = |site: &str, description: &str| {
        format!(
            r#"<!DOCTYPE html><html><head><title>How to Save Net Neutrality in Europe</title><meta property="og:site_name" content="{site}"><meta name="description" content="{description}"></head><body><article><h1>How to Save Net Neutrality in Europe</h1><span class="date">Posted 12:40 EDT on October 22, 2015</span><p>On Tuesday, October 27, the European Parliament will vote on rules intended to protect network neutrality in the European Union.</p></article></body></html>"#
        )
    };
    let page = read_html(
        &head(
            "Fight for the Future",
            "Fight for the Future is dedicated to protecting and expanding the Internet's transformative power.",
        ),
        None,
    )
    .unwrap();
    assert_eq!(page.meta.description, None);
    assert_eq!(
        page.meta
            .date_text
            .as_deref()
            .and_then(super::day_in)
            .as_deref(),
        Some("2015-10-22")
    );
    // A description in another script, shorter in bytes than the site's name at a
    // character's middle, is read whole (it had panicked).
    let page = read_html(
        &head("日本経済新聞の電子版", "６月12日の歴史的な米朝首脳会談"),
        None,
    )
    .unwrap();
    assert!(page.meta.description.is_some());
    let page = read_html(
        &head(
            "European Central Bank",
            "The European Central Bank (ECB) is the central bank of the European Union countries which have adopted the euro.",
        ),
        None,
    )
    .unwrap();
    assert_eq!(page.meta.description, None);
}

#[test]
fn a_published_on_line_dates_the_page_before_a_teasers_time() {
    let html = page(
        r#"<main><h1>Bank Rate maintained at 4%</h1><div class="published-date">Published on 06 November 2025</div><p>The Monetary Policy Committee sets monetary policy to meet the 2% inflation target, and in a way that helps to sustain growth and employment.</p><aside class="teasers"><a href="/x"><time datetime="2026-03-19">19 March 2026</time> Next decision</a></aside></main>"#,
    );
    let doc = read_html(&html, None).unwrap();
    assert_eq!(doc.meta.published.as_deref(), Some("2025-11-06"));
}
