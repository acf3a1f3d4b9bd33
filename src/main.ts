import { mount } from 'svelte';
import './fonts/notoSansScSubset.css';
import './app.css';
import App from './App.svelte';
import { Playground } from './state/playground.svelte';
import { exposeDebugApi } from './state/debugApi.svelte';
import { registerServiceWorker } from './offline/serviceWorkerClient.svelte';
import { bundledFontsLoaded } from './fonts/loadBundledFonts';
import { provideExportContext } from './export/exportContext.svelte';
import { applyDisplay, resolveTheme } from './state/projectorMode.svelte';

const playground = new Playground(location.search);
// The theme and view go onto <html> before the first paint of the app: without this the
// light palette showed for a moment on a dark system or with ?theme=dark (the CSP allows no
// inline script in index.html to do it earlier; app.css also follows prefers-color-scheme).
applyDisplay(playground.settings.view, resolveTheme(playground.settings.theme));
exposeDebugApi(playground);
provideExportContext(playground);
// Mounted once the bundled Chinese font is ready (loadBundledFonts.ts says why).
void bundledFontsLoaded().then(() => {
  mount(App, { target: document.getElementById('app')!, props: { playground } });
  registerServiceWorker();
});
