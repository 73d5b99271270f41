import { describe, expect, it } from 'vitest';
import type { MessageContent } from '../../../../shared/messages';
import { matchListed, type Attempt, type ListedMessage } from '../../../../main/core/send/match';

const T = 1_790_000_000_000;
const X = '61412345601';
const Y = '61412345602';
const text = (t: string): MessageContent => ({ type: 'text', text: t });
const attempt = (key: string, recipient: string, message: MessageContent, at: number, window: [number, number] = [at - 60_000, at + 60_000]): Attempt => ({ key, recipient, message, at, window });
const listed = (id: string, recipient: string, message: string, createdAt: number): ListedMessage => ({ id, recipient, message, createdAt });
const pairs = (matches: Map<string, ListedMessage>): [string, string][] => [...matches].map(([key, entry]): [string, string] => [key, entry.id]).sort();

describe('the match rule', () => {
  it('takes the entry with the same recipient and content, nearest in time to the attempt', () => {
    const matches = matchListed(
      [attempt('a', X, text('Your order is ready'), T)],
      [
        listed('1', X, 'Your order is ready', T - 40_000),
        listed('2', X, 'Your order is ready', T + 2_000),
        listed('3', Y, 'Your order is ready', T),
        listed('4', X, 'Your order is ready!', T),
      ],
      new Set(),
    );
    expect(pairs(matches)).toEqual([['a', '2']]);
  });

  it('never takes an entry another record has claimed', () => {
    const matches = matchListed([attempt('a', X, text('Thanks!'), T)], [listed('1', X, 'Thanks!', T), listed('2', X, 'Thanks!', T + 30_000)], new Set(['1']));
    expect(pairs(matches)).toEqual([['a', '2']]);
    expect(matchListed([attempt('a', X, text('Thanks!'), T)], [listed('1', X, 'Thanks!', T)], new Set(['1'])).size).toBe(0);
  });

  it('ignores entries outside the attempt’s window, however alike', () => {
    // The same words sent to the same customer yesterday are not this attempt.
    const matches = matchListed([attempt('a', X, text('See you soon'), T, [T - 2_000, T + 3_000])], [listed('1', X, 'See you soon', T - 86_400_000)], new Set());
    expect(matches.size).toBe(0);
  });

  it('gives each of two identical attempts its own entry, closest pairs first, whatever the input order', () => {
    const attempts = [attempt('early', X, text('Thanks!'), T), attempt('late', X, text('Thanks!'), T + 10_000)];
    const entries = [listed('1', X, 'Thanks!', T + 9_000), listed('2', X, 'Thanks!', T + 1_000)];
    expect(pairs(matchListed(attempts, entries, new Set()))).toEqual([
      ['early', '2'],
      ['late', '1'],
    ]);
    expect(pairs(matchListed([...attempts].reverse(), [...entries].reverse(), new Set()))).toEqual([
      ['early', '2'],
      ['late', '1'],
    ]);
    // One entry for two attempts: the nearer attempt has it; the other stays unmatched.
    expect(pairs(matchListed(attempts, [listed('1', X, 'Thanks!', T + 9_000)], new Set()))).toEqual([['late', '1']]);
  });

  it('compares content the way a list entry can carry it', () => {
    const template: MessageContent = { type: 'template', template_name: 'order_ready', params: ['Jane', '#1042'] };
    const matches = matchListed(
      [
        // The list carries a text message as its plain text, without preview_url.
        attempt('text', X, { type: 'text', text: 'Tracking: https://t.example/1', preview_url: true }, T),
        // Other types as the object's JSON, keys in any order.
        attempt('template', Y, template, T),
        attempt('params differ', Y, { ...template, params: ['Jane', '#1043'] }, T),
      ],
      [listed('1', X, 'Tracking: https://t.example/1', T + 500), listed('2', Y, '{"params":["Jane","#1042"],"template_name":"order_ready","type":"template"}', T + 500)],
      new Set(),
    );
    expect(pairs(matches)).toEqual([
      ['template', '2'],
      ['text', '1'],
    ]);
  });
});
