import type { CallOutput, ParsedInput } from '../../../shared/contract';
import { isMediaMessage, type MediaType, type WhatsAppMessage } from '../../../shared/messages';
import type { MediaVerdict, RecipientInfo } from '../../../shared/outbox';
import { AppError } from '../../../shared/result';
import type { AccountService } from '../account';
import type { BackoffPolicy } from '../backoff';
import type { SettingsStore } from '../db/settings-store';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { Delivery } from '../send/delivery';
import { Lane } from '../send/lane';
import type { Workspace, WorkspaceManager } from '../workspace';
import { checkMedia } from './media-check';
import { QueueStore } from './queue-store';
import { acceptRecipient, readRecipient, type RecipientContext } from './recipient';

/**
 * The composer's and the reply box's outbox: what the user sends goes through here. The rules
 * — the number in the API's form, the media pre-flight, the account guard, the durable write
 * before anything leaves, and telling the screens — live here; the sending itself is the reply
 * lane over the shared send pipeline (send/lane.ts, send/delivery.ts).
 */

export interface OutboxOptions {
  settings: SettingsStore;
  account: AccountService;
  workspaces: WorkspaceManager;
  events: EventBus;
  delivery: Delivery;
  log: Logger;
  backoff: BackoffPolicy;
  /** Replies in flight at most (to different customers; one customer's messages go one by one). */
  concurrency?: number;
  /** Refuses a template message whose values the template library says WhatsApp would refuse. */
  checkTemplate?: (message: WhatsAppMessage) => void;
}

export class OutboxService {
  /** The conversation lane: the composer's and the reply box's messages, in order, exactly once. */
  readonly lane: Lane;
  private readonly queues = new WeakMap<Workspace, QueueStore>();

  constructor(private readonly options: OutboxOptions) {
    this.lane = new Lane({
      name: 'replies',
      delivery: options.delivery,
      store: () => this.sendingQueue(),
      concurrency: options.concurrency ?? 4,
      backoff: options.backoff,
      log: options.log,
    });
  }

  private queueOf(workspace: Workspace): QueueStore {
    let queue = this.queues.get(workspace);
    if (!queue) {
      queue = new QueueStore(workspace.db, workspace.messages);
      this.queues.set(workspace, queue);
    }
    return queue;
  }

  /** The open cache's queue, only while it belongs to the account whose credentials are in use. */
  private sendingQueue(): QueueStore | null {
    const workspace = this.options.workspaces.current();
    if (!workspace || workspace.accountId !== this.options.account.accountId()) return null;
    return this.queueOf(workspace);
  }

  private requireQueue(): QueueStore {
    return this.queueOf(this.options.workspaces.require());
  }

  private changed(contacts: readonly (string | null | undefined)[]): void {
    this.options.events.emit('messages.changed', { contacts: contacts.filter((c): c is string => typeof c === 'string'), reason: 'send' });
  }

  /** The typed number in the API's form, or a field error. */
  /** What the recipient rule needs: the default country, and whether a number has written to us. */
  private recipientContext(): RecipientContext {
    return {
      defaultCountry: this.options.settings.get().defaultCountry,
      hasWrittenToUs: (digits) => this.options.workspaces.current()?.queries.hasWrittenToUs(digits) ?? false,
    };
  }

  /** Refuses media WhatsApp would refuse; a link that cannot be checked may still be sent. */
  private async preflight(message: WhatsAppMessage): Promise<void> {
    if (!isMediaMessage(message)) return;
    const verdict = await this.checkMedia(message.type, message.url);
    if (verdict.verdict === 'refused') throw new AppError({ code: 'validation', message: verdict.reason, fields: { 'message.url': [verdict.reason] } });
  }

  /** What the app knows of a typed number: its API form, name, 24-hour window, opt-in. */
  recipient(to: string): RecipientInfo {
    const parsed = readRecipient(to, this.recipientContext());
    const workspace = this.options.workspaces.current();
    const conversation = workspace?.queries.conversation(parsed.digits) ?? null;
    const contact = workspace?.contacts.get(parsed.digits) ?? null;
    return {
      digits: parsed.digits,
      international: parsed.international,
      name: conversation?.name ?? (contact?.localName || contact?.name || null),
      windowOpen: conversation?.windowOpen ?? false,
      windowClosesAt: conversation?.windowClosesAt ?? null,
      optedIn: contact ? contact.optedIn : null,
      warning: parsed.warning,
    };
  }

  checkMedia(type: MediaType, url: string): Promise<MediaVerdict> {
    return checkMedia(type, url, { allowPrivate: this.options.account.isLocalApi() });
  }

  /** Writes the message to the queue and the conversation (durably), then lets the lane send it. */
  async send({ to, message, confirmed }: ParsedInput<'outbox.send'>): Promise<CallOutput<'outbox.send'>> {
    const { digits } = acceptRecipient(to, confirmed ?? false, this.recipientContext());
    this.options.checkTemplate?.(message);
    const before = this.options.workspaces.require().accountId;
    await this.preflight(message);
    // The media check takes a moment: refuse if the account changed meanwhile.
    if (this.options.workspaces.current()?.accountId !== before) throw new AppError({ code: 'conflict', message: 'The account changed while the message was checked; nothing was sent.' });
    const queued = this.requireQueue().enqueue(digits, message);
    this.changed([digits]);
    void this.lane.kick();
    return { localId: queued.id, state: queued.state, recipient: digits };
  }

  async edit({ localId, to, message, confirmed }: ParsedInput<'outbox.edit'>): Promise<CallOutput<'outbox.edit'>> {
    const { digits } = acceptRecipient(to, confirmed ?? false, this.recipientContext());
    this.options.checkTemplate?.(message);
    await this.preflight(message);
    const touched = this.requireQueue().edit(localId, digits, message);
    if (!touched) throw new AppError({ code: 'conflict', message: 'This message is already on its way and can no longer be changed.' });
    this.changed(touched);
    void this.lane.kick();
    return { localId, state: 'queued', recipient: digits };
  }

  cancel({ localId }: ParsedInput<'outbox.cancel'>): CallOutput<'outbox.cancel'> {
    const contact = this.requireQueue().cancel(localId);
    if (contact === false) throw new AppError({ code: 'conflict', message: 'This message is already on its way and can no longer be cancelled.' });
    this.changed([contact]);
    return { cancelled: true };
  }

  retry({ localId }: ParsedInput<'outbox.retry'>): CallOutput<'outbox.retry'> {
    const contact = this.requireQueue().retry(localId);
    if (contact === false) throw new AppError({ code: 'conflict', message: 'Only a failed message can be sent again.' });
    this.changed([contact]);
    void this.lane.kick();
    return { retried: true };
  }

  /** The user's decision on a message that needs attention: send it again, or it arrived. */
  resolve({ localId, decision }: ParsedInput<'outbox.resolve'>): CallOutput<'outbox.resolve'> {
    const contact = this.requireQueue().resolve(localId, decision);
    if (contact === false) throw new AppError({ code: 'conflict', message: 'This message no longer needs a decision: the app has found out what happened to it.' });
    this.options.log.info('the user decided on a send of unknown outcome', { localId, decision });
    this.changed([contact]);
    // Either way its recipient's line is free again.
    void this.lane.kick();
    return { resolved: true };
  }

  /** What is waiting, on its way, uncertain or failed. */
  queue(): CallOutput<'outbox.queue'> {
    const workspace = this.options.workspaces.current();
    return { items: workspace ? this.queueOf(workspace).pending() : [] };
  }

  /** Sends what is waiting now (or right after the current pass); also looks into unknown outcomes. */
  kick(): Promise<void> {
    return this.lane.kick();
  }

  whenIdle(): Promise<void> {
    return this.lane.whenIdle();
  }

  stop(): void {
    this.lane.stop();
  }

  resume(): void {
    this.lane.resume();
  }

  close(): void {
    this.lane.close();
  }
}
