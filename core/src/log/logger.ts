import { pino, type Logger } from 'pino';

export type { Logger };

/** One structured JSON line per event (pino); children carry a request or job id. */
export function createLogger(level: string, name = 'skywater'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
