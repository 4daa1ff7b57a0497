import '@xyflow/react/dist/style.css';
import './app/styles/base.css';
import './app/styles/shell.css';
import './features/designer/designer.css';
import './features/files/files.css';
import './features/problems/problems.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import './app/ui.store.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
