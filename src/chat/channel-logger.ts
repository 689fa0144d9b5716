/**
 * Where chat adapters report what went wrong without a person to tell (a handler that threw, a
 * reply the platform refused). The shape is pino's `logger.warn(details, message)`, so a pino
 * logger can be passed as is; the default writes to the console.
 */
export interface ChannelLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** A logger writing to the console, used when an adapter is given none. */
export const consoleChannelLogger: ChannelLogger = {
  warn: (details, message) => console.warn(message, details),
  error: (details, message) => console.error(message, details),
};
