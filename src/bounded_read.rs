//! Reading the files users give: regular files only (a link to one is fine), and no more
//! than a size bound. A FIFO, a device (`/dev/zero`, `/dev/urandom`) or a socket named like
//! an article or a set is refused with what it is, without waiting on it or reading it; a
//! file larger than the bound is refused before it is read. docs/FORMAT.md, "Limits", gives
//! the bounds.

use std::io::Read as _;
use std::path::Path;

use crate::error::FileError;

/// The largest article read: 64 MiB (about 20 times War and Peace).
pub const MAX_ARTICLE_BYTES: u64 = 64 << 20;

/// The largest annotation set, schema, patterns, rejections or import input read: 256 MiB.
pub const MAX_DATA_BYTES: u64 = 256 << 20;

/// What a file that is not a regular file is, for messages.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Why `path` is not read, when it is not a regular file (after following links): `None` for
/// a regular file or one that cannot be inspected (the read then names the error).
pub fn not_regular(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    (!meta.is_file()).then(|| {
        format!(
            "{}, not a regular file: skipped, not read",
            kind_of(meta.file_type())
        )
    })
}

/// Opens `path` for reading without ever blocking on a FIFO.
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads a whole regular file of at most `limit` bytes. The error (a [`FileError`] naming the
/// file) says what else it is, or how large it is; `NotFound` keeps its kind in
/// [`read_io`].
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    read_io(path, limit).map_err(|e| e.into_file_error(path))
}

/// Why [`read_io`] did not read a file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    NotRegular(String),
    #[error("{size} bytes, larger than the {limit} bytes ({} MiB) such a file may be; not read", limit >> 20)]
    TooLarge { size: u64, limit: u64 },
}

impl ReadError {
    /// The error as a [`FileError`] naming `path`.
    pub fn into_file_error(self, path: &Path) -> FileError {
        match self {
            ReadError::Io(e) => FileError::io(path, e),
            other => FileError::new(path, other.to_string()),
        }
    }

    /// Whether the file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// [`read`], keeping the I/O error's kind (a missing file is often no problem).
pub fn read_io(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(format!(
            "{}, not a regular file: skipped, not read",
            kind_of(meta.file_type())
        )));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A file that grows while read is cut at the bound and refused.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// [`read_io`] as UTF-8 text (the error names the first byte that is not).
pub fn read_to_string(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_io(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        ))
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("story.txt");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
        let err = read(&fifo, MAX_ARTICLE_BYTES).unwrap_err().to_string();
        assert!(err.contains("FIFO") && err.contains("story.txt"), "{err}");
    }

    #[test]
    fn devices_and_large_files_are_refused_before_reading() {
        let err = read(Path::new("/dev/zero"), MAX_ARTICLE_BYTES).unwrap_err();
        assert!(err.to_string().contains("character device"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.txt");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_ARTICLE_BYTES + 1)
            .unwrap();
        let err = read(&big, MAX_ARTICLE_BYTES).unwrap_err().to_string();
        assert!(err.contains("64 MiB"), "{err}");
        std::fs::write(&big, "fine").unwrap();
        assert_eq!(read(&big, MAX_ARTICLE_BYTES).unwrap(), b"fine");
    }
}
