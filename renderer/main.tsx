import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { createWebShim, takeToken } from './api/web-shim.ts';
import { useSession } from './state/session-store.ts';
import { useWorkspace } from './state/workspace-store.ts';
import { DEFAULT_QUERY } from './lead-box/query-store.ts';
import { prefetchFirstPage } from './lead-box/rows-store.ts';
import './styles/base.css';
import './styles/lead-box.css';
import './styles/detail.css';
import './styles/forms.css';
import './styles/rules.css';

// Electron's preload has already put the bridge on window; a plain browser gets the web shim.
if (!window.leadrelay) {
  const shim = createWebShim(takeToken());
  window.leadrelay = shim.bridge;
  shim.onUnauthorized(() => useSession.getState().setUnauthorized());
}
// Both first answers are asked for before React renders anything, side by side.
void useWorkspace.getState().load();
prefetchFirstPage(DEFAULT_QUERY);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
