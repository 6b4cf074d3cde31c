// Shared by the Node tests and the benchmark: an engine over an index folder on disk,
// counting the gzipped bytes a browser would download.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SearchEngine } from '../../themes/default/static/search/js/engine.js';

export function fileEngine(dir) {
  const log = [];
  const load = async (path) => {
    const buf = readFileSync(join(dir, path));
    log.push({ path, bytes: buf.length, gzip: gzipSync(buf).length });
    return JSON.parse(buf.toString('utf8'));
  };
  // Ranges of stored chunks: their bytes are already compressed, and hosts send
  // application/octet-stream as it is, so the bytes on the wire are the range's.
  const files = new Map();
  load.range = async (path, start, end) => {
    if (!files.has(path)) files.set(path, readFileSync(join(dir, path)));
    const buf = files.get(path).subarray(start, end);
    log.push({ path, range: [start, end], bytes: buf.length, gzip: buf.length });
    return new Uint8Array(buf);
  };
  const engine = new SearchEngine(load);
  return { engine, log };
}

export const FIXTURE = process.env.SEARCH_FIXTURE || new URL('../../target/search-fixture/search', import.meta.url).pathname;
