// Lost GPU devices: a WebGPU device or a WebGL context can vanish while the app runs (a
// driver reset, the OS reclaiming the GPU, another tab's crash). TF.js does not recover
// by itself, so the session watches for the loss, replaces the backend and runs again.

import { tf } from './tf';
import type { BackendName } from './backendNames';

/** A watch on the device behind one running backend instance. */
export interface DeviceWatch {
  backend: BackendName;
  /** The TF.js backend instance watched: a restarted backend is a new one. */
  instance: unknown;
  /** Resolves with a reason once the device is lost; never rejects. */
  lost: Promise<string>;
  /** Why the device was lost, or null while it works. */
  lostReason(): string | null;
}

type WebGPULike = { device?: GPUDevice };
type WebGLLike = { gpgpu?: { gl?: WebGL2RenderingContext | WebGLRenderingContext } };

function webglContext(): WebGL2RenderingContext | WebGLRenderingContext | null {
  return (tf.backend() as unknown as WebGLLike).gpgpu?.gl ?? null;
}

function webgpuDevice(): GPUDevice | null {
  return (tf.backend() as unknown as WebGPULike).device ?? null;
}

/** Watch the active backend's device; null for CPU and WASM, which cannot be lost. */
export function watchActiveDevice(): DeviceWatch | null {
  const backend = tf.getBackend() as BackendName;
  const instance = tf.backend();
  let reason: string | null = null;
  if (backend === 'webgpu') {
    const device = webgpuDevice();
    if (!device) return null;
    const lost = device.lost.then((info) => (reason = `${info.reason ?? 'unknown'}: ${info.message || 'device lost'}`));
    return { backend, instance, lost, lostReason: () => reason };
  }
  if (backend === 'webgl') {
    const gl = webglContext();
    if (!gl) return null;
    const lost = new Promise<string>((resolve) => {
      gl.canvas.addEventListener('webglcontextlost', () => resolve((reason = 'webglcontextlost')), { once: true });
    });
    // The event comes a task after the loss; isContextLost() knows at once.
    return { backend, instance, lost, lostReason: () => reason ?? (gl.isContextLost() ? 'webglcontextlost' : null) };
  }
  return null;
}

/** Test hook: lose the active backend's device on purpose. Returns false where there is none. */
export function forceDeviceLoss(): boolean {
  const backend = tf.getBackend();
  if (backend === 'webgpu') {
    const device = webgpuDevice();
    device?.destroy();
    return device !== null;
  }
  if (backend === 'webgl') {
    const loseContext = webglContext()?.getExtension('WEBGL_lose_context');
    loseContext?.loseContext();
    return Boolean(loseContext);
  }
  return false;
}

/** The engine fields removeBackend clears (public in JS, not in the typings). */
interface EngineRegistry {
  registry: Record<string, unknown>;
  registryFactory: Record<string, unknown>;
  backendName: string | null;
  backendInstance: unknown;
  pendingBackendInit: unknown;
}

/** TF.js's own priorities for the GPU backends (only used when no backend is set). */
const PRIORITY: Partial<Record<BackendName, number>> = { webgpu: 3, webgl: 2 };

/**
 * Drop the broken backend instance and register its factory again: the next setBackend
 * builds a new instance, with a new WebGPU device or a new WebGL context.
 */
export function replaceBackend(name: BackendName): void {
  const factory = tf.findBackendFactory(name);
  if (!factory) return;
  try {
    tf.removeBackend(name);
  } catch {
    // Disposing a dead backend may throw before TF.js forgets it: forget it here instead.
    const engine = tf.engine() as unknown as EngineRegistry;
    delete engine.registry[name];
    delete engine.registryFactory[name];
    if (engine.backendName === name) {
      engine.backendName = null;
      engine.backendInstance = null;
      engine.pendingBackendInit = null;
    }
  }
  tf.registerBackend(name, factory, PRIORITY[name] ?? 1);
}

/** Losses of one backend within a window: past a limit, stop restarting it. */
export class LossHistory {
  private readonly times = new Map<BackendName, number[]>();

  constructor(
    readonly limit = 3,
    private readonly windowMs = 60_000,
  ) {}

  /** Record a loss at `now`; true when this backend has now been lost `limit` times within the window. */
  record(backend: BackendName, now: number): boolean {
    const recent = (this.times.get(backend) ?? []).filter((time) => now - time < this.windowMs);
    recent.push(now);
    this.times.set(backend, recent);
    return recent.length >= this.limit;
  }
}
