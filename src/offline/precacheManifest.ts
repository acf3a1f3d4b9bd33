// What the service worker precaches, decided at build time from the files of the built
// folder (scripts/vite-plugin-service-worker.ts): every file the app may need offline,
// and a version that changes whenever any of them does.
import { createHash } from 'node:crypto';

export const SERVICE_WORKER_FILE = 'sw.js';

export interface BuiltFile {
  /** Path inside the built folder, with forward slashes, no leading slash. */
  path: string;
  content: Uint8Array;
}

export interface PrecacheManifest {
  /** Names the cache: a new build gets a new cache and the old one is deleted. */
  version: string;
  /** Paths relative to the service worker's scope (the app's base folder). */
  files: string[];
}

/**
 * Everything but the service worker itself and what no browser with service workers
 * fetches: KaTeX lists each font as woff2, then woff, then ttf, and every such browser
 * takes the woff2.
 */
export function shouldPrecache(path: string): boolean {
  if (path === SERVICE_WORKER_FILE) return false;
  return !/\.(woff|ttf|map)$/.test(path);
}

export function precacheManifest(files: readonly BuiltFile[]): PrecacheManifest {
  const kept = files.filter((file) => shouldPrecache(file.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash('sha256');
  for (const file of kept) hash.update(file.path).update('\0').update(file.content).update('\0');
  return { version: hash.digest('hex').slice(0, 16), files: kept.map((file) => file.path) };
}
