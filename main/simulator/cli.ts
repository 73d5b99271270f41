import { parseArgs } from 'node:util';
import { DEFAULT_ACCOUNT, startSimulator } from './server';

/** `npm run simulator -- --port 4010 --seed 7 --messages 50000` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '7' },
      messages: { type: 'string', default: '5000' },
      months: { type: 'string', default: '18' },
      'time-zone': { type: 'string', default: 'Australia/Sydney' },
      key: { type: 'string', default: DEFAULT_ACCOUNT.key },
      secret: { type: 'string', default: DEFAULT_ACCOUNT.secret },
      latency: { type: 'string', default: '0' },
      'error-rate': { type: 'string', default: '0' },
      'rate-limit': { type: 'string', default: '0' },
      incoming: { type: 'string' },
      outgoing: { type: 'string' },
      // For the benchmark's bare baseline: no MAC check, or only for requests that carry one.
      'no-auth': { type: 'boolean', default: false },
      'optional-auth': { type: 'boolean', default: false },
    },
  });
  const errorRate = Number(values['error-rate']);
  const simulator = await startSimulator({
    port: Number(values.port),
    host: values.host,
    seed: Number(values.seed),
    messages: Number(values.messages),
    ...(values.incoming !== undefined ? { incoming: Number(values.incoming) } : {}),
    ...(values.outgoing !== undefined ? { outgoing: Number(values.outgoing) } : {}),
    auth: values['optional-auth'] ? 'optional' : !values['no-auth'],
    months: Number(values.months),
    timeZone: values['time-zone'],
    accounts: [{ key: values.key, secret: values.secret }],
    faults: {
      latencyMs: Number(values.latency),
      errorRates: errorRate > 0 ? { '500': errorRate } : {},
      rateLimitPerSecond: Number(values['rate-limit']),
    },
  });
  process.stdout.write(`SIMULATOR_URL=${simulator.url}\n`);
  process.stdout.write(
    [
      '',
      `  SMSGlobal WhatsApp API simulator on ${simulator.url}`,
      `  ${simulator.store.incoming.length} incoming and ${simulator.store.outgoing.length} outgoing messages, time zone ${simulator.timeZone}`,
      `  API key:    ${values.key}`,
      `  API secret: ${values.secret}`,
      `  Point the app at it: Settings → Account → API address ${simulator.url}`,
      `  Control routes: ${simulator.url}/__sim/info, /__sim/log, /__sim/faults`,
      '',
    ].join('\n') + '\n',
  );
  const stop = (): void => void simulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
