// Shared Chromium launch settings for e2e, bench and screenshots: the system Chromium
// when present (no browser download works on our CI machines), else Playwright's own.
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

/** Flags: software WebGPU/WebGL work headless; no background network (the sandbox has none). */
const BASE_ARGS = [
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

/**
 * The page is composited in software, as Chrome does on a machine without a usable GPU.
 * Left to itself, headless Chromium with these flags composites every frame through
 * SwiftShader: that took a whole CPU core here (≈ 21 ms per frame at 1280 × 900) and halved
 * the frame rate of any animation on these 2-core machines. WebGL and WebGPU still run on
 * SwiftShader either way.
 */
export const CHROMIUM_ARGS = [...BASE_ARGS, '--disable-gpu-compositing'];

export const launchOptions = {
  executablePath: SYSTEM_CHROMIUM,
  args: CHROMIUM_ARGS,
};

/** Headless Chromium's own choice, frames composited through SwiftShader: the bench compares. */
export const swiftShaderCompositingLaunchOptions = {
  executablePath: SYSTEM_CHROMIUM,
  args: BASE_ARGS,
};
