// Shared Chromium launch settings for e2e, bench and screenshots: the system Chromium
// when present (no browser download works on our CI machines), else Playwright's own.
// QKV_CHROMIUM names another binary (a Chromium carried to a machine without one).
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM =
  process.env.QKV_CHROMIUM || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

/** Flags every launch shares: WebGPU enabled, no background network (the sandbox has none). */
const COMMON_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--ignore-gpu-blocklist',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Software WebGPU/WebGL: headless Chromium on a machine without a GPU. */
const BASE_ARGS = [...COMMON_ARGS, '--use-angle=swiftshader'];

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

/**
 * A machine with a real GPU and no display (bench --gpu): WebGL through ANGLE on Vulkan,
 * WebGPU through Dawn on Vulkan, frames composited on the GPU. Without a window there is no
 * surface to present to, hence --disable-vulkan-surface. QKV_GPU_ARGS adds flags (space
 * separated; a later flag overrides an earlier one) for a driver that needs others.
 */
export const hardwareGpuLaunchOptions = {
  executablePath: SYSTEM_CHROMIUM,
  args: [
    ...COMMON_ARGS,
    '--use-angle=vulkan',
    '--disable-vulkan-surface',
    ...(process.env.QKV_GPU_ARGS ?? '').split(' ').filter(Boolean),
  ],
};
