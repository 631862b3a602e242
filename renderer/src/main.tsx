import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { startApp } from './stores/bootstrap';
import './styles/base.css';
import './styles/frame.css';
import './styles/ui.css';
import './styles/tables.css';
import './styles/screens.css';

const root = document.getElementById('root');
if (root) {
  try {
    startApp();
    createRoot(root).render(<StrictMode><App /></StrictMode>);
  } catch (error) {
    // Without its bridge the window cannot do anything; say so instead of showing a blank page.
    const message = error instanceof Error ? error.message : 'The app did not start properly. Restart it.';
    const p = document.createElement('p');
    p.className = 'fatal';
    p.setAttribute('role', 'alert');
    p.textContent = message;
    root.replaceChildren(p);
  }
}
