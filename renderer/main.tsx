import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { createWebShim, takeToken } from './api/web-shim.ts';
import { useSession } from './state/session-store.ts';
import './styles/base.css';
import './styles/lead-box.css';
import './styles/detail.css';
import './styles/forms.css';

// Electron's preload has already put the bridge on window; a plain browser gets the web shim.
if (!window.leadrelay) {
  const shim = createWebShim(takeToken());
  window.leadrelay = shim.bridge;
  shim.onUnauthorized(() => useSession.getState().setUnauthorized());
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
