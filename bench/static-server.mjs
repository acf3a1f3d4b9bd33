// A plain static server for the built folder (bench --static-server): the bench on a machine
// that has Node and a Chromium but not the project's dev dependencies (vite and its native
// bundler). Sends the page's Content-Security-Policy as a header, as vite preview does.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_TYPES, pagePolicyOf } from '../scripts/pageServing.mjs';


/** Serves `root` on localhost:`port`; resolves once listening, to an object with close(). */
export async function serveStatic(root, port) {
  const policy = pagePolicyOf(await readFile(join(root, 'index.html'), 'utf8'), `${root}/index.html`);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(normalize(root) + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': policy,
        'Cache-Control': 'no-cache',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, 'localhost', resolve));
  return { close: () => new Promise((resolve) => server.close(resolve)) };
}
