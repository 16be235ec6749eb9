// Mounts the React tree into the page. Kept tiny so the renderer's start-up path is obvious; it must
// never reach for Node or Electron: the wallet is reached only through services/ (window.aikey).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { keysStore } from './stores/index';
import './styles.css';
import './styles/controls.css';
import './styles/layout.css';
import './styles/lists.css';
import './styles/overlays.css';

const container = document.getElementById('root');
if (container === null) throw new Error('The page has no #root element to mount the wallet into.');

// An unlocked wallet opens on its keys: ask for them now, beside the vault's status, rather than after
// it answers. A locked or new vault refuses, and the keys store stays idle until the Keys screen opens.
void keysStore.getState().prefetch();

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
