import { calls, isChannel, type Channel, type CallOutput, type ParsedInput } from '../../shared/contract';
import { AppError, fail, fieldErrorsFromZod, ok, summarizeFieldErrors, type AppErrorData, type Result } from '../../shared/result';
import type { Logger } from '../core/log';

/**
 * One implementation per contract channel. Handlers receive input that has already passed its
 * schema and return plain values; throwing an AppError is how they report a failure.
 */
export type Handlers = {
  [C in Channel]: (input: ParsedInput<C>) => Promise<CallOutput<C>> | CallOutput<C>;
};

export type Dispatch = (channel: string, rawInput: unknown) => Promise<Result<unknown>>;

/**
 * The single path every call takes, whatever the transport (Electron IPC or the preview host):
 * validate the input (the handler never runs on bad input), run the handler, validate the output
 * (which also strips fields the contract does not declare), and turn any failure into data.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, rawInput) => {
    if (!isChannel(channel)) {
      return fail({ code: 'not_found', message: `There is no operation called "${channel}".` });
    }
    const definition = calls[channel];
    const input = definition.input.safeParse(rawInput);
    if (!input.success) {
      const fields = fieldErrorsFromZod(input.error);
      return fail({ code: 'validation', message: `Some of the data is not valid: ${summarizeFieldErrors(fields)}`, fields });
    }
    try {
      // The channel picks both the handler and the schema, so the parsed input fits the handler;
      // TypeScript cannot correlate the two through the union, hence the one cast.
      const handler = handlers[channel] as (value: unknown) => unknown;
      const value = await handler(input.data);
      const output = definition.output.safeParse(value);
      if (!output.success) {
        log.error('handler output broke the contract', { channel, issues: output.error.issues.slice(0, 5) });
        return fail({ code: 'internal', message: 'The app produced an unexpected answer. Details are in the log.' });
      }
      return ok(output.data);
    } catch (error) {
      return fail(toErrorData(error, channel, log));
    }
  };
}

export function toErrorData(error: unknown, channel: string, log: Logger): AppErrorData {
  if (error instanceof AppError) {
    if (error.code === 'internal') log.error('operation failed', { channel, error });
    return error.toData();
  }
  log.error('unexpected error', { channel, error });
  return { code: 'internal', message: 'Something went wrong inside the app. Details are in the log.' };
}
