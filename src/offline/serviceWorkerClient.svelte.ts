// Registers the service worker (sw.js, built from serviceWorker.ts) and follows it, so the
// page can say when the app has become usable offline and when a new build is waiting.
// Only the built app registers one: the dev server's modules are not precached.

export type OfflineState = 'none' | 'ready' | 'update';

class OfflineStatus {
  /** 'ready': this visit made the app work offline; 'update': a new build waits for a reload. */
  state = $state<OfflineState>('none');
  dismissed = $state(false);
  registration: ServiceWorkerRegistration | null = null;
  reloadRequested = false;
}

export const offlineStatus = new OfflineStatus();

/** How long the "ready offline" toast stays (the "new version" one stays until answered). */
const READY_NOTICE_MS = 8000;

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  const controlledAtStart = container.controller !== null;
  container.addEventListener('controllerchange', () => {
    // The new build took over because the user asked for it: load the page from it.
    if (offlineStatus.reloadRequested) location.reload();
  });
  const show = (state: OfflineState) => {
    offlineStatus.state = state;
    offlineStatus.dismissed = false;
    // Kept on <html> after the toast is gone, for tests and for styles.
    document.documentElement.dataset.offline = state;
    // "Ready offline" is news once: it leaves by itself instead of covering a figure for the lesson.
    if (state === 'ready') {
      setTimeout(() => {
        if (offlineStatus.state === 'ready') offlineStatus.dismissed = true;
      }, READY_NOTICE_MS);
    }
  };
  const follow = (worker: ServiceWorker | null) => {
    if (!worker) return;
    const onStateChange = () => {
      // Installed beside a controlling worker: a new build, waiting.
      if (worker.state === 'installed' && container.controller) show('update');
      // Everything precached and this page controlled: the first visit is done.
      if (worker.state === 'activated' && !controlledAtStart) show('ready');
    };
    worker.addEventListener('statechange', onStateChange);
    onStateChange();
  };
  // After the page's own loading, so precaching does not compete with the first heatmap.
  const register = async () => {
    try {
      // Next to index.html, whatever folder the app is served from; its scope is that folder.
      const registration = await container.register(new URL('sw.js', document.baseURI), { updateViaCache: 'none' });
      offlineStatus.registration = registration;
      if (registration.waiting && container.controller) show('update');
      follow(registration.installing);
      registration.addEventListener('updatefound', () => follow(registration.installing));
    } catch (error) {
      // The app works as before, online only (e.g. a private window that refuses workers).
      console.warn('QKV Lab: no offline support here:', error);
    }
  };
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}

/** Switch to the waiting build: it takes over, and the page reloads from it. */
export function reloadIntoUpdate(): void {
  const waiting = offlineStatus.registration?.waiting;
  if (!waiting) return location.reload();
  offlineStatus.reloadRequested = true;
  waiting.postMessage({ type: 'skip-waiting' });
}
