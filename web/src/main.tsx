import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchSession } from './api/auth-api';
import { App } from './app/app';
import { preloadScreen } from './app/screen-outlet';
import { SessionProvider } from './auth/session-provider';
import { startI18n } from './i18n/i18n';
import { currentHashPath } from './navigation/use-hash-path';
import './app/app.css';

// Who is logged in, asked before React's first render; once known, the screen to open starts
// loading (its chunk, and the map's data) while React renders the shell.
const firstSessionCheck = fetchSession();
firstSessionCheck.then(
  (user) => {
    performance.mark('session-checked');
    if (user) preloadScreen(currentHashPath(), user.roles);
  },
  () => undefined,
);

startI18n();

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks the #root element');

createRoot(container).render(
  <StrictMode>
    <SessionProvider firstCheck={firstSessionCheck}>
      <App />
    </SessionProvider>
  </StrictMode>,
);
