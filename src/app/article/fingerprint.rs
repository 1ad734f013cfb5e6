//! A fast fingerprint of what a cache was built from (a paragraph's annotations, its
//! overlays): FNV-1a, rebuilt for every paragraph after each edit.

use std::hash::{Hash, Hasher};

/// FNV-1a: the paragraph fingerprints are rebuilt for every paragraph after each edit, and
/// need to be fast rather than resistant to crafted input.
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x0100_0000_01b3);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

pub fn hash_of(items: impl Iterator<Item = impl Hash>) -> u64 {
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    for item in items {
        item.hash(&mut hasher);
    }
    hasher.finish()
}
