/**
 * A value as a client reads it after JSON: dates become the ISO strings JSON carries, the rest
 * keeps its shape (arrays and tuples stay so). A route declares its reply with the server's
 * types (Date); the web reads `JsonReply<...>` of the same declaration.
 */
export type JsonReply<T> = T extends Date
  ? string
  : T extends object
    ? { [K in keyof T]: JsonReply<T[K]> }
    : T;
