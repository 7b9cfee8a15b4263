/** Globals k6 provides that @types/k6 leaves out (we use no DOM or Node types here). */
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};
