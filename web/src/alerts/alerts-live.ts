import { alertsStreamPath } from '../api/alerts-api';

/** How often to re-read the alerts while the stream is not available. */
export const alertsPollEveryMs = 10_000;
/** How long to wait before trying the stream again after it closed. */
const streamRetryMs = 60_000;
/** Several events in a burst (an import raising ten alerts) cause one refresh. */
const burstMs = 250;

// Event names a server may give its Server-Sent Events; unnamed events arrive as `message`.
const streamEventNames = [
  'message',
  'alert',
  'alert-created',
  'alert-updated',
  'alert.created',
  'alert.updated',
  'created',
  'updated',
  'summary',
];

type Listener = () => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;
let pollTimer: number | null = null;
let retryTimer: number | null = null;
let burstTimer: number | null = null;
let mode: 'idle' | 'stream' | 'polling' = 'idle';

function notify(): void {
  if (burstTimer !== null) return;
  burstTimer = window.setTimeout(() => {
    burstTimer = null;
    for (const listener of listeners) listener();
  }, burstMs);
}

function stopPolling(): void {
  if (pollTimer !== null) window.clearInterval(pollTimer);
  pollTimer = null;
}

function startPolling(): void {
  mode = 'polling';
  if (pollTimer === null) pollTimer = window.setInterval(notify, alertsPollEveryMs);
  if (retryTimer === null) {
    retryTimer = window.setTimeout(() => {
      retryTimer = null;
      if (listeners.size > 0) openStream();
    }, streamRetryMs);
  }
}

function openStream(): void {
  if (typeof EventSource === 'undefined') {
    startPolling();
    return;
  }
  source?.close();
  const opened = new EventSource(alertsStreamPath, { withCredentials: true });
  source = opened;
  opened.onopen = () => {
    mode = 'stream';
    stopPolling();
    // Whatever happened while the stream was down is read once now.
    notify();
  };
  for (const name of streamEventNames) opened.addEventListener(name, notify);
  opened.onerror = () => {
    // The browser reconnects by itself while readyState is CONNECTING; CLOSED means it gave up
    // (404, 401, a non-stream reply): poll until the stream is back.
    if (opened.readyState === EventSource.CLOSED || mode !== 'stream') {
      if (opened.readyState === EventSource.CLOSED) {
        opened.close();
        if (source === opened) source = null;
      }
      startPolling();
    }
  };
}

function closeAll(): void {
  source?.close();
  source = null;
  stopPolling();
  if (retryTimer !== null) window.clearTimeout(retryTimer);
  retryTimer = null;
  mode = 'idle';
}

/**
 * Calls `listener` whenever the alerts may have changed: on each event of the server's stream
 * (`GET /api/alerts/stream`, Server-Sent Events), or every 10 s while the stream is not there.
 * One stream is shared by every subscriber (the header badge, the inbox, the site drawer).
 * Returns the unsubscribe function.
 */
export function followAlerts(listener: Listener): () => void {
  listeners.add(listener);
  if (listeners.size === 1) openStream();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) closeAll();
  };
}

/** Whether the alerts are followed live or by polling, for the inbox's status line. */
export function alertsFollowMode(): 'idle' | 'stream' | 'polling' {
  return mode;
}
