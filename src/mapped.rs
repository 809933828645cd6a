//! Files plansite wrote itself, mapped rather than read: the parsed items a
//! rebuild remembers (`content::memo`, tens of MB at national scale) and
//! the kept plans' CSV files the site's CSV files are joined from (150 MB).
//! On machines where fresh memory is dear (docs/performance.md) reading
//! them into the heap costs more than the work they save.

use std::fs::File;
use std::path::Path;

/// The bytes of a file, read-only.
pub struct Mapped {
    #[cfg(unix)]
    ptr: std::ptr::NonNull<u8>,
    #[cfg(unix)]
    len: usize,
    #[cfg(not(unix))]
    bytes: Vec<u8>,
}

// The mapping is read-only and owned by this value alone.
#[cfg(unix)]
unsafe impl Send for Mapped {}
#[cfg(unix)]
unsafe impl Sync for Mapped {}

impl Mapped {
    #[cfg(unix)]
    pub fn open(path: &Path) -> std::io::Result<Mapped> {
        use rustix::mm::{mmap, MapFlags, ProtFlags};
        let file = File::open(path)?;
        let len = usize::try_from(file.metadata()?.len())
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidData))?;
        if len == 0 {
            return Ok(Mapped {
                ptr: std::ptr::NonNull::dangling(),
                len: 0,
            });
        }
        // SAFETY: a private read-only mapping of a whole regular file. The
        // files mapped are plansite's own (beside or inside its output), and
        // while the build holds the output's lock plansite replaces such a
        // file only by writing another and renaming it over, or by making a
        // new file, never by changing it in place. A private mapping is no
        // snapshot: another program writing into such a file while a build
        // reads it (which plansite's lock cannot prevent, as it cannot for
        // `read`) changes what the build reads, and one cutting it short
        // stops the build with SIGBUS.
        let ptr = unsafe {
            mmap(
                std::ptr::null_mut(),
                len,
                ProtFlags::READ,
                MapFlags::PRIVATE,
                &file,
                0,
            )?
        };
        let ptr = std::ptr::NonNull::new(ptr.cast::<u8>())
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidData))?;
        Ok(Mapped { ptr, len })
    }

    #[cfg(not(unix))]
    pub fn open(path: &Path) -> std::io::Result<Mapped> {
        let _ = File::open(path)?;
        Ok(Mapped {
            bytes: std::fs::read(path)?,
        })
    }

    pub fn bytes(&self) -> &[u8] {
        #[cfg(unix)]
        {
            if self.len == 0 {
                return &[];
            }
            // SAFETY: `ptr` maps `len` readable bytes until `drop`.
            unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
        }
        #[cfg(not(unix))]
        {
            &self.bytes
        }
    }
}

impl AsRef<[u8]> for Mapped {
    fn as_ref(&self) -> &[u8] {
        self.bytes()
    }
}

#[cfg(unix)]
impl Drop for Mapped {
    fn drop(&mut self) {
        if self.len > 0 {
            // SAFETY: unmaps exactly what `open` mapped, once; no slice of
            // it outlives `self`.
            unsafe {
                let _ = rustix::mm::munmap(self.ptr.as_ptr().cast(), self.len);
            }
        }
    }
}
