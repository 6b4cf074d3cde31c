//! The zlib streams a previous build wrote into the index, found again by what they
//! inflate to. Takes the previous output's index folder; gives, for the JSON of a stored
//! row or a shard, the bytes that build compressed it to, so a rebuild compresses only
//! the rows and shards that changed. Compressing all of them took about 2.4 s of CPU at
//! 10,000 documents, a sixth of a build; inflating them back takes a fraction of that.
//!
//! Two rules keep it safe:
//! - every stream is inflated and hashed as it is loaded, so it is only ever given for
//!   the very bytes it inflates to (an edited or damaged file just misses);
//! - the streams are used only if this build's compressor makes the same bytes (a
//!   sample of them is compressed again), so a rebuild stays byte for byte what a cold
//!   build makes even after dossier or its zlib changed.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use super::stored::{self, ROW_LEVEL, SHARD_LEVEL};
use super::write::FOLDERS;

/// (xxh3-128 of the inflated bytes, zlib level): what a stream is found by.
type Key = (u128, u32);

/// Key -> the stream.
type Streams = HashMap<Key, Vec<u8>>;

/// Streams from a previous build; empty for a cold one.
#[derive(Default)]
pub struct Deflated {
    streams: Mutex<Streams>,
}

impl Deflated {
    /// The rows and shards of the index in `dir` (a previous output's `search/`), or
    /// none when it has none, or another compressor made them.
    pub fn load(dir: &Path) -> Deflated {
        let folders =
            std::iter::once(("stored", ROW_LEVEL)).chain(FOLDERS.iter().map(|f| (*f, SHARD_LEVEL)));
        let mut files = Vec::new();
        for (folder, level) in folders {
            let Ok(listing) = std::fs::read_dir(dir.join(folder)) else {
                continue;
            };
            files.extend(listing.flatten().map(|e| (e.path(), level)));
        }
        let loaded: Vec<Vec<(Key, Vec<u8>)>> = files
            .par_iter()
            .map(|(path, level)| unpack(&std::fs::read(path).unwrap_or_default(), *level))
            .collect();
        // One stream of each file, compressed again: any difference and none is used.
        let same_compressor =
            loaded
                .iter()
                .filter_map(|items| items.first())
                .all(|((_, level), stream)| {
                    inflate(stream).is_some_and(|json| stored::compress(&json, *level) == *stream)
                });
        if !same_compressor {
            return Deflated::default();
        }
        Deflated {
            streams: Mutex::new(loaded.into_iter().flatten().collect()),
        }
    }

    /// `json` compressed at `level`: the previous build's stream when it had one for
    /// these bytes (each is given once), else compressed now.
    pub fn compress(&self, json: &[u8], level: u32) -> Vec<u8> {
        let key = (xxhash_rust::xxh3::xxh3_128(json), level);
        let found = self
            .streams
            .lock()
            .ok()
            .and_then(|mut streams| streams.remove(&key));
        found.unwrap_or_else(|| stored::compress(json, level))
    }

    /// How many streams are left (not given).
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.streams.lock().map(|s| s.len()).unwrap_or(0)
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The items of a pack file (`[u32 offsets][items]`, see [`stored::pack_rows`]), each
/// keyed by the hash of what it inflates to; items that do not inflate are left out.
fn unpack(bytes: &[u8], level: u32) -> Vec<(Key, Vec<u8>)> {
    let offset = |i: usize| -> Option<usize> {
        let b = bytes.get(4 * i..4 * i + 4)?;
        Some(u32::from_le_bytes(b.try_into().ok()?) as usize)
    };
    let Some(first) = offset(0) else {
        return Vec::new();
    };
    // A damaged first offset could claim billions of items; a file holds at most one
    // offset per four bytes.
    let items = (first / 4).min(bytes.len() / 4);
    (0..items.saturating_sub(1))
        .filter_map(|i| {
            let stream = bytes.get(offset(i)?..offset(i + 1)?)?;
            let json = inflate(stream)?;
            Some(((xxhash_rust::xxh3::xxh3_128(&json), level), stream.to_vec()))
        })
        .collect()
}

fn inflate(stream: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(stream.len() * 3);
    flate2::read::ZlibDecoder::new(stream)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(dir: &Path, path: &str, items: &[Vec<u8>]) {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, stored::pack_rows(items)).unwrap();
    }

    #[test]
    fn gives_a_previous_stream_for_the_same_bytes_once() {
        let tmp = tempfile::tempdir().unwrap();
        let row = br#"["documents/a/",["A"],"some text",0,0,"",""]"#.to_vec();
        let shard = br#"{"k":[1,2,3]}"#.to_vec();
        pack(
            tmp.path(),
            "stored/0.bin",
            &[stored::compress(&row, ROW_LEVEL)],
        );
        pack(
            tmp.path(),
            "terms/0.bin",
            &[stored::compress(&shard, SHARD_LEVEL)],
        );
        let d = Deflated::load(tmp.path());
        assert_eq!(d.len(), 2);
        // The same JSON at another level is not the same stream.
        assert_eq!(
            d.compress(&row, SHARD_LEVEL),
            stored::compress(&row, SHARD_LEVEL)
        );
        assert_eq!(d.len(), 2);
        assert_eq!(
            d.compress(&row, ROW_LEVEL),
            stored::compress(&row, ROW_LEVEL)
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            d.compress(&row, ROW_LEVEL),
            stored::compress(&row, ROW_LEVEL)
        );
        assert_eq!(
            d.compress(&shard, SHARD_LEVEL),
            stored::compress(&shard, SHARD_LEVEL)
        );
        assert!(d.is_empty());
    }

    #[test]
    fn streams_another_compressor_made_are_not_used() {
        let tmp = tempfile::tempdir().unwrap();
        let row = b"[\"documents/a/\",[\"A\"],\"text text text text\"]".to_vec();
        // The same JSON at another level stands for another compressor.
        pack(tmp.path(), "stored/0.bin", &[stored::compress(&row, 1)]);
        assert!(Deflated::load(tmp.path()).is_empty());
    }

    #[test]
    fn damaged_packs_and_streams_are_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let good = stored::compress(b"[1]", ROW_LEVEL);
        pack(
            tmp.path(),
            "stored/0.bin",
            &[good.clone(), b"not zlib".to_vec()],
        );
        std::fs::write(tmp.path().join("stored/1.bin"), [0xff, 0xff, 0xff, 0x7f]).unwrap();
        std::fs::write(tmp.path().join("stored/2.bin"), [1]).unwrap();
        let d = Deflated::load(tmp.path());
        assert_eq!(d.len(), 1);
        assert_eq!(d.compress(b"[1]", ROW_LEVEL), good);
    }

    proptest::proptest! {
        /// Any bytes in a pack file: no panic, and whatever is given inflates to the JSON
        /// asked for.
        #[test]
        fn any_pack_bytes_are_read_safely(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let tmp = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(tmp.path().join("stored")).unwrap();
            std::fs::write(tmp.path().join("stored/0.bin"), &bytes).unwrap();
            let d = Deflated::load(tmp.path());
            let json = b"[\"x\"]";
            let given = d.compress(json, ROW_LEVEL);
            proptest::prop_assert_eq!(inflate(&given).unwrap(), json.to_vec());
        }
    }
}
