// What serving the built app takes beyond its files, shared by vite preview (vite.config.ts),
// the e2e subfolder server (e2e/distServer.ts) and the bench's plain server
// (bench/static-server.mjs): the content types, and the page's Content-Security-Policy,
// which must also go out as a header because a worker obeys only the header.

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * The policy in an index.html's Content-Security-Policy meta tag.
 * @param {string} html the page
 * @param {string} file where it came from, for the error
 * @returns {string}
 */
export function pagePolicyOf(html, file) {
  const policy = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  if (!policy) throw new Error(`${file} has no Content-Security-Policy meta tag`);
  return policy;
}
