// An SVG drawn as an image (for the PNG) or opened outside the app cannot use the page's
// web fonts. Where no system CJK font exists, the app's Chinese comes from its bundled
// subset (src/fonts/notoSansScSubset.css), so an export with Chinese text carries that
// subset inline (two WOFF2 faces, about 150 kB each, as data: URLs). The files come from
// the app's own origin (usually the browser's or the service worker's cache).
import { cjkCharacters } from '../fonts/cjkRanges';

const BUNDLED_FAMILY = 'QKV Lab Noto Sans SC subset';

interface FaceSource {
  url: string;
  weight: string;
}

/** The bundled faces' URLs as the build wrote them into the page's stylesheet. */
function bundledFaces(): FaceSource[] {
  const faces: FaceSource[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue; // not readable (another origin): not ours
    }
    for (const rule of Array.from(rules)) {
      if (!(rule instanceof CSSFontFaceRule)) continue;
      if (rule.style.getPropertyValue('font-family').replace(/["']/g, '').trim() !== BUNDLED_FAMILY) continue;
      const url = /url\(["']?([^"')]+)["']?\)/.exec(rule.style.getPropertyValue('src'))?.[1];
      if (url) faces.push({ url: new URL(url, sheet.href ?? document.baseURI).href, weight: rule.style.getPropertyValue('font-weight') || '400' });
    }
  }
  return faces;
}

async function dataUrl(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return `data:font/woff2;base64,${btoa(binary)}`;
}

/** The markup with the bundled CJK faces embedded when it has CJK text; unchanged otherwise (or if they cannot be read). */
export async function withBundledFonts(markup: string): Promise<string> {
  if (cjkCharacters(markup).size === 0) return markup;
  const faces = bundledFaces();
  if (faces.length === 0) return markup;
  try {
    const rules = await Promise.all(
      faces.map(async (face) => `@font-face{font-family:'${BUNDLED_FAMILY}';font-weight:${face.weight};src:url(${await dataUrl(face.url)}) format('woff2')}`),
    );
    // Right after the opening tag, so the faces are known before any text is drawn.
    return markup.replace(/^(<svg[^>]*>)/, `$1<style>${rules.join('')}</style>`);
  } catch {
    return markup; // a system font may still serve the text
  }
}
