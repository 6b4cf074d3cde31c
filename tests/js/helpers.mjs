// Shared by the Node tests and the benchmark: an engine over an index folder on disk,
// counting the gzipped bytes a browser would download.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SearchEngine } from '../../themes/default/static/search/js/engine.js';

export function fileEngine(dir) {
  const log = [];
  const engine = new SearchEngine(async (path) => {
    const buf = readFileSync(join(dir, path));
    log.push({ path, bytes: buf.length, gzip: gzipSync(buf).length });
    return JSON.parse(buf.toString('utf8'));
  });
  return { engine, log };
}

export const FIXTURE = process.env.SEARCH_FIXTURE || new URL('../../target/search-fixture/search', import.meta.url).pathname;
