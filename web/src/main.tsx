import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchSession } from './api/auth-api';
import { App } from './app/app';
import { preloadScreen } from './app/screen-outlet';
import { rememberedRoles, rememberRoles } from './auth/remembered-roles';
import { SessionProvider } from './auth/session-provider';
import { startI18n } from './i18n/i18n';
import { currentHashPath } from './navigation/use-hash-path';
import './app/app.css';

// Who is logged in, asked before React's first render and before anything else: the browser
// opens six connections to this origin, and a check queued behind the preloads below would hold
// back the first render. Once known, the screen to open starts loading (when the guess below did
// not already) while React renders the shell.
const firstSessionCheck = fetchSession();
firstSessionCheck.then(
  (user) => {
    performance.mark('session-checked');
    rememberRoles(globalThis.localStorage, user?.roles ?? null);
    if (user) preloadScreen(currentHashPath(), user.roles);
  },
  () => undefined,
);

// The screen this browser's last session would open starts loading (its chunk, and the map's
// data) at once, beside the session check rather than after it; a wrong guess costs a download.
const guessedRoles = rememberedRoles(globalThis.localStorage);
if (guessedRoles.length > 0) preloadScreen(currentHashPath(), guessedRoles);

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
