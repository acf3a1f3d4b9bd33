import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { Playground } from './state/playground.svelte';
import { exposeDebugApi } from './state/debugApi.svelte';
import { provideExportContext } from './export/exportContext.svelte';

const playground = new Playground(location.search);
exposeDebugApi(playground);
provideExportContext(playground);
mount(App, { target: document.getElementById('app')!, props: { playground } });
