//! The `dossier` command line: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dossier::config::Site;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Publish a curated, cross-referenced, searchable digest of policy documents"
)]
struct Cli {
    /// The site's root folder (where dossier.yaml, seeds/ and content/ live).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Print per-stage timings and every warning in full.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ingest the seeds, then render the site into public/ (or --output).
    Build {
        /// Write the site here instead of the configured output folder.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Publish the other documents when a seed cannot be read (it is reported);
        /// by default such a seed fails the build.
        #[arg(long)]
        keep_going: bool,
        /// Check the output against this host's limits (default: `hosting:` in
        /// dossier.yaml, else generic).
        #[arg(long, value_enum)]
        host: Option<dossier::hosting::Host>,
    },
    /// Build, serve on loopback and rebuild on every change, with live reload.
    Serve {
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; loopback unless you mean to share the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Serve (and build) the site under this path, e.g. /digest/.
        #[arg(long)]
        base_path: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Normalize every seed in seeds/ into content/documents/<slug>.md.
    Ingest {
        /// Overwrite documents an editor has changed by hand (a backup is kept first).
        #[arg(long)]
        force: bool,
        /// Write the ingest report (where each field came from, every dropped line and
        /// the rule that dropped it, a summary) to this file, or print it with `-`.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Ingest the readable seeds when some cannot be read (they are reported);
        /// by default such a seed makes ingest exit non-zero after the others are done.
        #[arg(long)]
        keep_going: bool,
        /// Write the documents that need an editor (no title but the file name, no date
        /// or kind) as a CSV catalogue to fill in and add under `catalogues:`.
        #[arg(long, value_name = "FILE")]
        attention: Option<PathBuf>,
        /// Move the document at this slug to the slug of its (corrected) title, leaving a
        /// page at the old URL that redirects to the new one. Repeatable.
        #[arg(long, value_name = "SLUG")]
        rename: Vec<String>,
    },
    /// Create a new page from a template: `dossier new commentary "Title"`.
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Run every validation without writing a site.
    Check {
        /// Fail when a cited passage has changed since it was cited (also when the
        /// environment has `CI=true`); otherwise that is a warning.
        #[arg(long)]
        ci: bool,
        /// Accept the passages as they are now: record every citation's text and the
        /// documents' anchors in dossier.lock.
        #[arg(long, conflicts_with = "ci")]
        fix: bool,
    },
    /// Work with the catalog of recurring themes (content/themes/).
    Themes {
        #[command(subcommand)]
        action: ThemesAction,
    },
}

#[derive(Subcommand)]
enum NewWhat {
    /// A commentary page in content/commentary/<date>-<slug>.md (never overwrites).
    Commentary {
        title: String,
        /// An author (repeat for several).
        #[arg(long = "author")]
        authors: Vec<String>,
        /// A document the page is about, by slug (repeat for several).
        #[arg(long = "document")]
        documents: Vec<String>,
        /// A theme the page is about, by slug (repeat for several).
        #[arg(long = "theme")]
        themes: Vec<String>,
        /// The page's date (default: today), YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Subcommand)]
enum ThemesAction {
    /// List candidate themes the documents share that the catalog lacks, as front matter
    /// to paste into a new content/themes/<slug>.md.
    Suggest {
        /// How many candidates to print.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

fn main() -> ExitCode {
    dossier::memory::limit_allocator_arenas();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> dossier::Result<()> {
    let site = Site::load(&cli.root)?;
    match cli.command {
        Command::Ingest {
            force,
            report,
            keep_going,
            attention,
            rename,
        } => {
            let (outcome, result) = dossier::ingest::ingest_site_keeping_warnings(
                &site,
                &dossier::ingest::Options {
                    force,
                    keep_going,
                    full: report.is_some() || attention.is_some(),
                    rename,
                },
            )?;
            if let Some(path) = attention {
                let csv = outcome.attention_csv()?;
                dossier::error::write_atomic(&path, csv.as_bytes())?;
            }
            print_warnings(&outcome.warnings);
            if let Some(path) = report {
                let text = outcome.report_text();
                if path.as_os_str() == "-" {
                    print!("{text}");
                } else {
                    dossier::error::write_atomic(&path, text.as_bytes())?;
                }
            }
            println!("{}", outcome.summary());
            result
        }
        Command::Build {
            output,
            drafts,
            keep_going,
            host,
        } => {
            let opts = dossier::build::Options {
                output,
                drafts,
                verbose: cli.verbose,
                skip_ingest: false,
                keep_going,
                host,
                ..Default::default()
            };
            let outcome = dossier::build::build(&site, &opts)?;
            print_warnings(&outcome.warnings);
            if cli.verbose {
                for (stage, took) in &outcome.timings {
                    eprintln!("  {stage:<10} {took:>10.2?}");
                }
                if let Some(mib) = dossier::memory::peak_mib() {
                    eprintln!("  peak memory {mib:.0} MiB");
                }
            }
            println!("{}", outcome.summary);
            Ok(())
        }
        Command::Serve {
            port,
            bind,
            base_path,
            drafts,
            open,
        } => dossier::serve::serve(
            &cli.root,
            &dossier::serve::Options {
                port,
                bind,
                base_path,
                drafts,
                open,
                verbose: cli.verbose,
            },
        ),
        Command::New {
            what:
                NewWhat::Commentary {
                    title,
                    authors,
                    documents,
                    themes,
                    date,
                },
        } => {
            let path = dossier::build::new_commentary(
                &site,
                &title,
                date.as_deref(),
                &authors,
                &documents,
                &themes,
            )?;
            println!("{}", path.display());
            Ok(())
        }
        Command::Check { ci, fix } => {
            let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            let drift = if fix {
                dossier::cite::Drift::Accept
            } else if ci || in_ci {
                dossier::cite::Drift::Fail
            } else {
                dossier::cite::Drift::Warn
            };
            let outcome = dossier::build::check(&site, drift)?;
            print_warnings(&outcome.warnings);
            println!("{}", outcome.summary);
            Ok(())
        }
        Command::Themes {
            action: ThemesAction::Suggest { limit },
        } => {
            for s in dossier::build::suggest_themes(&site, limit)? {
                println!("{}", s.front_matter());
            }
            Ok(())
        }
    }
}

fn print_warnings(warnings: &[dossier::Warning]) {
    for w in warnings {
        eprintln!("{w}");
    }
}
