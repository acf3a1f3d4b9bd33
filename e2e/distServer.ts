// A tiny static server for the built folder (dist/), mounted under a subfolder as a course
// website would (/courses/ml/qkv/), sending the Content-Security-Policy header as
// `vite preview` does. It can "lose the network" (every connection dropped) and serve a
// changed sw.js, as after a new deployment.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CONTENT_TYPES, pagePolicyOf } from '../scripts/pageServing.mjs';

const DIST = new URL('../dist/', import.meta.url).pathname;

/** The policy of the built index.html's meta tag, sent as a header (a worker only obeys that). */
export function builtPolicy(): string {
  return pagePolicyOf(readFileSync(`${DIST}index.html`, 'utf8'), 'dist/index.html');
}

/** The service worker's precache list and version, as the build wrote them into sw.js. */
export function builtPrecache(): { version: string; files: string[] } {
  const code = readFileSync(`${DIST}sw.js`, 'utf8');
  return JSON.parse(/const PRECACHE = (\{.*\});/.exec(code)![1]);
}

export interface DistServer {
  /** The app's address, ending in the subfolder's slash. */
  url: string;
  origin: string;
  /** Paths asked for, in order (also while down). */
  requests: string[];
  /** While down, every connection is dropped unanswered: the network is gone. */
  down: boolean;
  /** Rewrites sw.js as served, e.g. to stand for a new build. */
  rewriteServiceWorker: ((code: string) => string) | null;
  close(): Promise<void>;
}

export async function serveDist(prefix = '/courses/ml/qkv/'): Promise<DistServer> {
  const policy = builtPolicy();
  const state: Omit<DistServer, 'url' | 'origin' | 'close'> = { requests: [], down: false, rewriteServiceWorker: null };

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(request.url!, 'http://x').pathname);
    state.requests.push(path);
    if (state.down) return void request.socket.destroy();
    if (path === prefix.slice(0, -1)) {
      response.writeHead(301, { Location: prefix }).end();
      return;
    }
    const inside = path.startsWith(prefix) ? normalize(path.slice(prefix.length) || 'index.html') : null;
    if (inside === null || inside.startsWith('..') || inside.startsWith(sep)) {
      response.writeHead(404).end('not found');
      return;
    }
    try {
      let body: Buffer | string = await readFile(DIST + (inside.endsWith(sep) || inside === '.' ? 'index.html' : inside));
      if (inside === 'sw.js' && state.rewriteServiceWorker) body = state.rewriteServiceWorker(body.toString('utf8'));
      response.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(inside)] ?? 'application/octet-stream',
        'Content-Security-Policy': policy,
        'Cache-Control': 'no-cache',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  }

  const server = createServer((request, response) => void answer(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url: `${origin}${prefix}`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
