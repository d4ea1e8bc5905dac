//! Writing files so that a failure never leaves one half-written.
//!
//! Output goes to a temporary file in the target folder, which is renamed over the target only
//! once everything was written and flushed: a run that fails half-way leaves the previous
//! output intact.
//!
//! ```
//! use std::io::Write;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("themes.csv");
//! policylens::output::write_atomic(&path, |w| Ok(w.write_all("theme,share\n城市更新,0.12\n".as_bytes())?)).unwrap();
//! assert!(std::fs::read_to_string(&path).unwrap().starts_with("theme"));
//! ```

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::{Error, Result};

/// Writes `path` atomically: `write` fills a temporary file beside it, which then replaces
/// `path`. If `write` fails, `path` is untouched and the temporary file is removed.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    // Temporary files are created private (0600); the result should have the permissions the
    // file had, or those of an ordinary new file.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => default_permissions(temp.as_file())?,
    };
    temp.as_file()
        .set_permissions(permissions)
        .map_err(|e| Error::io(path, e))?;
    let mut writer = BufWriter::new(temp);
    write(&mut writer).map_err(|e| Error::io(path, e))?;
    let temp = writer
        .into_inner()
        .map_err(|e| Error::io(path, e.into_error()))?;
    temp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions(file: &std::fs::File) -> Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    let mut permissions = file
        .metadata()
        .map_err(|e| Error::io("temporary file", e))?
        .permissions();
    permissions.set_mode(0o644);
    Ok(permissions)
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> Result<std::fs::Permissions> {
    file.metadata()
        .map(|m| m.permissions())
        .map_err(|e| Error::io("temporary file", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();
        let err = write_atomic(&path, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("out.json"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_old_modes_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.csv");
        write_atomic(&new, |w| w.write_all(b"a")).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&new), 0o644);
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&new, |w| w.write_all(b"b")).unwrap();
        assert_eq!(mode(&new), 0o600);
    }

    #[test]
    fn an_unwritable_folder_is_an_error_naming_it() {
        let err = write_atomic(Path::new("/no/such/dir/x.csv"), |_| Ok(())).unwrap_err();
        assert!(err.to_string().contains("/no/such/dir"), "{err}");
    }
}

/// A folder that policylens writes a run's files into.
///
/// [`OutputDir::prepare`] refuses a folder that holds someone else's files (it is not empty
/// and has no [`MARKER`]) unless forced; [`OutputDir::write`] replaces each file atomically,
/// so a run that fails before writing leaves the previous run's files byte for byte.
///
/// ```
/// use policylens::output::OutputDir;
///
/// let tmp = tempfile::tempdir().unwrap();
/// let dir = OutputDir::prepare(&tmp.path().join("out"), false).unwrap();
/// dir.write("tables/themes.csv", "theme,share\n城市更新,0.12\n".as_bytes()).unwrap();
/// std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
/// assert!(OutputDir::prepare(tmp.path(), false).is_err());
/// ```
#[derive(Debug)]
pub struct OutputDir {
    root: std::path::PathBuf,
}

/// The file that marks a folder as written by policylens.
pub const MARKER: &str = ".policylens";

impl OutputDir {
    /// Creates `root` if needed; refuses a non-empty folder without the marker unless `force`.
    pub fn prepare(root: &Path, force: bool) -> Result<OutputDir> {
        if root.is_dir() && !force && !root.join(MARKER).exists() {
            let mut entries = std::fs::read_dir(root).map_err(|e| Error::io(root, e))?;
            if entries.next().is_some() {
                return Err(Error::Input {
                    file: root.display().to_string(),
                    message: "refusing to write here: the folder exists, is not empty and was not written by policylens (use --force)".to_string(),
                });
            }
        }
        std::fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
        write_atomic(&root.join(MARKER), |w| {
            w.write_all(b"written by policylens\n")
        })?;
        Ok(OutputDir {
            root: root.to_path_buf(),
        })
    }

    /// Writes `name` (a relative path) atomically.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        self.write_with(name, |w| w.write_all(bytes))
    }

    /// Writes `name` (a relative path) atomically, `write` filling it as [`write_atomic`]'s
    /// closure does.
    pub fn write_with(
        &self,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let path = self.root.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        write_atomic(&path, write)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.root
    }
}
