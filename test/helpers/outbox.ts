import type { WhatsAppMessageInput } from '../../shared/messages';
import type { QueueState } from '../../shared/outbox';
import type { Result } from '../../shared/result';
import { MemorySecretStore } from '../../main/core/secrets/store';
import type { ServiceConfig, Services } from '../../main/core/services';
import { createDispatcher, type Dispatch } from '../../main/ipc/dispatch';
import { createHandlers } from '../../main/ipc/handlers';
import type { Simulator } from '../../main/simulator/server';
import { memoryKeychain, testServices, type TestPlatform } from './services';
import { tempDir } from './temp';

/** Services connected to a simulator (AU numbers), with the send pipeline's waits shortened. */
export async function sendingServices(
  sim: Simulator,
  outbox: ServiceConfig['outbox'] = {},
  dataDir = tempDir(),
  extra: Partial<ServiceConfig> = {},
): Promise<{ services: Services; dispatch: Dispatch; platform: TestPlatform }> {
  const account = sim.accounts[0];
  if (!account) throw new Error('the simulator has no account');
  const { services, platform } = await testServices(dataDir, {
    secretStores: memoryKeychain(new MemorySecretStore()),
    apiTimeoutMs: 600,
    outbox: { backoff: { baseMs: 100, capMs: 1_000 }, ...outbox },
    ...extra,
  });
  services.settings.update({ apiBaseUrl: sim.url, timeZone: sim.timeZone, defaultCountry: 'AU' });
  await services.account.save(account);
  return { services, platform, dispatch: createDispatcher(createHandlers(services), services.log) };
}

/** Queues a text message through the contract, as the composer does; its local id. */
export async function sendText(dispatch: Dispatch, to: string, text: string): Promise<string> {
  const message: WhatsAppMessageInput = { type: 'text', text };
  const result = (await dispatch('outbox.send', { to, message })) as Result<{ localId: string }>;
  if (!result.ok) throw new Error(`not queued: ${result.error.message}`);
  return result.value.localId;
}

/** Send requests the simulator processed (faults that answer without processing are not logged). */
export function postsTo(sim: Simulator, digits?: string): { at: number; text: string }[] {
  return sim
    .log()
    .filter((e) => e.method === 'POST' && e.path === '/v2/whatsapp/outgoing')
    .map((e) => ({ at: e.at, body: e.body as { to: string[]; message: { text?: string } } }))
    .filter(({ body }) => digits === undefined || body.to[0] === digits)
    .map(({ at, body }) => ({ at, text: body.message.text ?? '' }));
}

/** The queue row of each local id, by the queue's own record. */
export function queueState(services: Services, localId: string): QueueState | null {
  const row = services.workspaces.require().db.prepare<[string], { state: QueueState }>('SELECT state FROM outbox_queue WHERE local_id = ?').get(localId);
  return row?.state ?? null;
}

/** Waits for a condition, kicking the reply lane as the app does when something happens. */
export async function settle(services: Services, until: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!until()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the outbox');
    await services.outbox.kick();
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for a condition without touching the lane (its own timers must do the work). */
export async function until(condition: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
