//! Library-wide error type. Every variant names the file (and line, where one is known)
//! and says what to do, so the CLI can print it as is.

use std::path::PathBuf;

/// A position in a source file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// YAML that does not parse or does not fit the expected shape.
    #[error("{path}:{pos}: {message}\n  hint: {hint}")]
    Yaml {
        path: PathBuf,
        pos: Pos,
        message: String,
        hint: String,
    },
    /// Any other problem with a user's file, with a suggestion.
    #[error("{path}{}: {message}\n  hint: {hint}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        path: PathBuf,
        line: Option<usize>,
        message: String,
        hint: String,
    },
    /// A problem already described in full (file, row or line, and a hint), such as a
    /// catalogue's.
    #[error("{0}")]
    Described(String),
    /// Several problems at once (e.g. every broken link of a build).
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// `Ok(())` when `errors` is empty, the one error when there is one, all of them as
    /// [`Error::Many`] otherwise: stages report every problem at once, not the first.
    pub fn all(mut errors: Vec<Error>) -> Result<()> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Many(errors)),
        }
    }

    pub fn input(
        path: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Error::Input {
            path: path.into(),
            line,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// Wrap a serde_yaml error, shifting its line by `line_offset` (the line in the file
    /// where the YAML starts, minus one) so the position points into the real file.
    pub fn yaml(
        path: impl Into<PathBuf>,
        err: &serde_yaml::Error,
        line_offset: usize,
        hint: impl Into<String>,
    ) -> Self {
        let pos = err
            .location()
            .map(|l| Pos {
                line: l.line() + line_offset,
                column: l.column(),
            })
            .unwrap_or(Pos {
                line: 1 + line_offset,
                column: 1,
            });
        // serde_yaml appends " at line X column Y" to its messages; we print our own position.
        let mut message = err.to_string();
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        Error::Yaml {
            path: path.into(),
            pos,
            message,
            hint: hint.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Read a file to bytes, naming it in the error.
pub fn read(path: &std::path::Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Write a file atomically: to a temporary sibling, then rename over the target, so a
/// crash never leaves a half-written file behind.
pub fn write_atomic(path: &std::path::Path, contents: &[u8]) -> Result<()> {
    write_atomic_with(path, |file| std::io::Write::write_all(file, contents))
}

/// [`write_atomic`] for bytes made as they are written (`write` fills the temporary
/// file; when it fails, the temporary file is removed).
pub fn write_atomic_with(
    path: &std::path::Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    if let Err(e) = std::fs::File::create(&tmp).and_then(|mut file| write(&mut file)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(&tmp, e));
    }
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// Something worth telling the user that does not stop the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "warning: {}", self.path.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        write!(f, ": {}", self.message)
    }
}
