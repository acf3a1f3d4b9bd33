// Shared Chromium launch settings for e2e, bench and screenshots: the system Chromium
// when present (no browser download works on our CI machines), else Playwright's own.
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

/** Flags: software WebGPU/WebGL work headless; no background network (the sandbox has none). */
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--ignore-gpu-blocklist',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const launchOptions = {
  executablePath: SYSTEM_CHROMIUM,
  args: CHROMIUM_ARGS,
};
