import { describe, expect, it } from 'vitest';
import type { NewMessagesNotice } from '../../../shared/contacts';
import { newMessagesNotice, type Arrival } from '../../../main/core/notifications';
import { MemorySecretStore } from '../../../main/core/secrets/store';
import { memoryKeychain, testServices } from '../../helpers/services';
import { control, simulator } from '../../helpers/simulator';

const KEY = 'notify-test-key';
const SECRET = 'notify-test-secret-0123456789';
const arrival = (contact: string, name: string | null, count: number, preview: string): Arrival => ({ contact, name, count, preview });

describe('when new customer messages deserve a notification (pure)', () => {
  it('never for the first download of the history, nor when switched off, nor for nothing', () => {
    const arrivals = [arrival('61400000001', 'Jane', 1, 'Hi')];
    expect(newMessagesNotice({ enabled: true, firstDownload: true, arrivals })).toBeNull();
    expect(newMessagesNotice({ enabled: false, firstDownload: false, arrivals })).toBeNull();
    expect(newMessagesNotice({ enabled: true, firstDownload: false, arrivals: [] })).toBeNull();
    expect(newMessagesNotice({ enabled: true, firstDownload: false, arrivals: [arrival('61400000001', 'Jane', 0, '')] })).toBeNull();
  });

  it('names the customer and shows the message for one, counts for several', () => {
    expect(newMessagesNotice({ enabled: true, firstDownload: false, arrivals: [arrival('61400000001', 'Jane Smith', 1, 'Is my parcel\nready?')] })).toEqual({
      count: 1,
      contacts: ['61400000001'],
      title: 'New message from Jane Smith',
      body: 'Is my parcel ready?',
    });
    expect(newMessagesNotice({ enabled: true, firstDownload: false, arrivals: [arrival('61400000001', null, 3, 'Hello?')] })?.title).toBe('3 new messages from +61400000001');
    const many = newMessagesNotice({
      enabled: true,
      firstDownload: false,
      arrivals: [arrival('1', 'Ann', 2, 'a'), arrival('2', 'Bob', 1, 'b'), arrival('3', null, 1, 'c'), arrival('4', 'Dee', 1, 'd'), arrival('5', 'Eve', 1, 'e')],
    });
    expect(many).toMatchObject({ count: 6, contacts: ['1', '2', '3', '4', '5'], title: '6 new messages from 5 customers', body: 'Ann, Bob, +3 and 2 others' });
    expect(newMessagesNotice({ enabled: true, firstDownload: false, arrivals: [arrival('1', 'Ann', 1, 'a'), arrival('2', 'Bob', 1, 'b')] })?.body).toBe('Ann and Bob');
  });

  it('shows hidden characters, so a name cannot disguise itself in the notification, and keeps it short', () => {
    const notice = newMessagesNotice({ enabled: true, firstDownload: false, arrivals: [arrival('61400000001', 'Bank\u202Eknab', 1, `\u0000${'x'.repeat(300)}`)] });
    expect(notice?.title).toBe('New message from Bank⟨U+202E⟩knab');
    expect(notice?.body.startsWith('␀x')).toBe(true);
    expect(notice?.body.length).toBeLessThanOrEqual(140);
  });
});

describe('notifications from a sync (simulator, real cache)', () => {
  it('says nothing for the history, then announces the messages customers sent since, once', { timeout: 60_000 }, async () => {
    const sim = await simulator({ incoming: 300, outgoing: 100, replyRate: 0, accounts: [{ key: KEY, secret: SECRET }] });
    const { services } = await testServices(undefined, { secretStores: memoryKeychain(new MemorySecretStore()) });
    services.settings.update({ apiBaseUrl: sim.url, timeZone: sim.timeZone });
    await services.account.save({ key: KEY, secret: SECRET });
    const notices: NewMessagesNotice[] = [];
    services.events.subscribe(({ event, payload }) => {
      if (event === 'messages.incoming') notices.push(payload);
    });

    expect((await services.sync.start()).phase).toBe('done');
    expect(notices).toEqual([]);

    const now = Math.floor(Date.now() / 1000) * 1000;
    await control(sim, 'POST', '/__sim/incoming', { from: '61400999888', message: 'Are you open on Sunday?', createdAt: now - 5_000 });
    await control(sim, 'POST', '/__sim/incoming', { from: '61400999888', message: 'And Monday?', createdAt: now - 4_000 });
    services.workspaces.require().contacts.rename('61400999888', 'Sunday shopper');
    expect((await services.sync.start()).phase).toBe('done');
    expect(notices).toEqual([{ count: 2, contacts: ['61400999888'], title: '2 new messages from Sunday shopper', body: 'And Monday?' }]);

    // The next sync reads the same messages again (its overlap): no second notice.
    expect((await services.sync.start()).phase).toBe('done');
    expect(notices).toHaveLength(1);

    // Switched off: nothing.
    await control(sim, 'POST', '/__sim/incoming', { from: '61400777666', message: 'Hello', createdAt: now - 2_000 });
    services.settings.update({ notifications: false });
    expect((await services.sync.start()).phase).toBe('done');
    expect(notices).toHaveLength(1);
  });
});
