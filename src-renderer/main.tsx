import { createRoot } from 'react-dom/client';

// Placeholder until the app shell lands.
createRoot(document.getElementById('root')!).render(<p>Pipewright</p>);
document.getElementById('root')!.dataset.appState = 'ready';
