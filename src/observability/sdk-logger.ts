import type { Logger as SdkLogger, LogLevel, LogMetadata } from '@temporalio/common';
import { orderFieldsOfWorkflow, type Logger } from './logger';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The SDK's logger (worker, workflow and activity `log` calls) written as pino JSON lines. Lines about a
 * checkout carry its order id beside the workflow id the SDK gives, so one order's lines are found by it.
 */
export function sdkLoggerFor(logger: Logger): SdkLogger {
  const write = (level: LogLevel, message: string, meta: LogMetadata = {}) =>
    logger[LEVELS[level]]({ ...meta, ...orderFieldsOfWorkflow(meta.workflowId) }, message);
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
