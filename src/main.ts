import { mount } from 'svelte';
import './fonts/notoSansScSubset.css';
import './app.css';
import App from './App.svelte';
import { Playground } from './state/playground.svelte';
import { exposeDebugApi } from './state/debugApi.svelte';
import { registerServiceWorker } from './offline/serviceWorkerClient.svelte';
import { bundledFontsLoaded } from './fonts/loadBundledFonts';
import { provideExportContext } from './export/exportContext.svelte';

const playground = new Playground(location.search);
exposeDebugApi(playground);
provideExportContext(playground);
// Mounted once the bundled Chinese font is ready (loadBundledFonts.ts says why).
void bundledFontsLoaded().then(() => {
  mount(App, { target: document.getElementById('app')!, props: { playground } });
  registerServiceWorker();
});
