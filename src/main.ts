import { mount } from 'svelte';
import './fonts/notoSansScSubset.css';
import './app.css';
import App from './App.svelte';
import { Playground } from './state/playground.svelte';
import { exposeDebugApi } from './state/debugApi.svelte';
import { registerServiceWorker } from './offline/serviceWorkerClient.svelte';

const playground = new Playground(location.search);
exposeDebugApi(playground);
mount(App, { target: document.getElementById('app')!, props: { playground } });
registerServiceWorker();
