import { describe, expect, it } from 'vitest';
import { numberFilterProblem, OutboxFilter, outboxFilterMatches, rangeProblem, SearchQuery } from '../../shared/history';

const issues = (result: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

describe('filters say what is wrong with them', () => {
  it('a number filter with letters or Excel damage, in words', () => {
    expect(numberFilterProblem('0442 000 022')).toBeNull();
    expect(numberFilterProblem('+61 (442) 000-022')).toBeNull();
    expect(numberFilterProblem('')).toBeNull();
    expect(numberFilterProblem('04abc')).toMatch(/digits, spaces, \+, \( \) and - only/);
    expect(numberFilterProblem('6.14123E+10')).toMatch(/Excel turned this column into numbers/);
    expect(issues(OutboxFilter.safeParse({ number: 'Wei' }))).toEqual([['number', expect.stringMatching(/phone number or part of one/)]]);
  });

  it('a reversed date range is refused as reversed, not answered with nothing', () => {
    expect(rangeProblem(2000, 1000)).toMatch(/“From” date is after the “To” date/);
    expect(rangeProblem(1000, 1000)).toBeNull();
    expect(rangeProblem(undefined, 1000)).toBeNull();
    expect(issues(OutboxFilter.safeParse({ from: 2000, to: 1000 }))).toEqual([['to', expect.stringMatching(/Swap them/)]]);
    expect(issues(SearchQuery.safeParse({ text: 'order', from: 2000, to: 1000 }))).toEqual([['to', expect.stringMatching(/Swap them/)]]);
  });

  it('search takes an empty text with a number, and at most 200 characters, in words', () => {
    expect(SearchQuery.safeParse({ text: '', number: '0442 000 022' }).success).toBe(true);
    expect(SearchQuery.safeParse({ number: '0442 000 022' }).success).toBe(true);
    expect(issues(SearchQuery.safeParse({ text: '  ' }))).toEqual([['text', 'Type something to search for, or a number to list its messages.']]);
    expect(issues(SearchQuery.safeParse({ text: 'x'.repeat(201) }))).toEqual([['text', 'Search for at most 200 characters.']]);
  });

  it('tells whether the outbox still shows a message under a filter (the details panel follows it)', () => {
    const message = { direction: 'out' as const, status: 'delivered' as const, createdAt: 5000, contact: '61442000022' };
    expect(outboxFilterMatches(message, {}, 'AU')).toBe(true);
    expect(outboxFilterMatches(message, { status: 'delivered', from: 1000, to: 9000, number: '0442 000 022' }, 'AU')).toBe(true);
    expect(outboxFilterMatches(message, { status: 'failed' }, 'AU')).toBe(false);
    expect(outboxFilterMatches(message, { from: 6000 }, 'AU')).toBe(false);
    expect(outboxFilterMatches(message, { to: 4000 }, 'AU')).toBe(false);
    expect(outboxFilterMatches(message, { number: '0427 000 008' }, 'AU')).toBe(false);
  });
});
