// Chromium draws a character as a box when the web font that has it is still loading at
// the first layout and no system font has it (no CJK font installed), and does not redraw
// that text once the font arrives. So the app mounts after both faces of the bundled
// Chinese subset are loaded (preloaded by index.html, or from the service worker's cache),
// or after WAIT_MS on a slow network, whichever comes first.

const FAMILY = '"QKV Lab Noto Sans SC subset"';
const WAIT_MS = 1500;

export async function bundledFontsLoaded(): Promise<void> {
  if (typeof document === 'undefined' || !document.fonts) return;
  const faces = Promise.all([document.fonts.load(`400 1em ${FAMILY}`, '中'), document.fonts.load(`700 1em ${FAMILY}`, '中')]);
  await Promise.race([faces.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, WAIT_MS))]);
}
