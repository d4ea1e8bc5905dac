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
    let mut writer = BufWriter::new(temp);
    write(&mut writer).map_err(|e| Error::io(path, e))?;
    let temp = writer
        .into_inner()
        .map_err(|e| Error::io(path, e.into_error()))?;
    temp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
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

    #[test]
    fn an_unwritable_folder_is_an_error_naming_it() {
        let err = write_atomic(Path::new("/no/such/dir/x.csv"), |_| Ok(())).unwrap_err();
        assert!(err.to_string().contains("/no/such/dir"), "{err}");
    }
}
