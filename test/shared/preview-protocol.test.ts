import { describe, expect, it } from 'vitest';
import { eventFrame, EventStreamParser, isWellFormedToken, previewUrl, tokenFromFragment } from '../../shared/preview-protocol';

describe('the preview protocol', () => {
  it('prints the token in the fragment and reads it back from there only', () => {
    const token = 'AbC_-0123456789abcdefghijklmnopq';
    const url = new URL(previewUrl(4000, token));
    expect(url.search).toBe('');
    expect(url.hash).toBe(`#token=${token}`);
    expect(tokenFromFragment(url.hash)).toBe(token);
    expect(tokenFromFragment(`#other=1&token=${token}`)).toBe(token);
    expect(tokenFromFragment('')).toBeNull();
    expect(tokenFromFragment('#token=')).toBeNull();
    expect(tokenFromFragment('#token=short')).toBeNull();
    expect(tokenFromFragment('#token=has spaces and <script> in it')).toBeNull();
    expect(isWellFormedToken(token)).toBe(true);
  });

  it('parses event frames split anywhere, skipping comments', () => {
    const frames = [': connected\n\n', eventFrame({ kind: 'event', event: 'a' }), ': ping\n\n', eventFrame({ kind: 'open-url', url: 'https://x.example/é' })].join('');
    for (let cut = 0; cut <= frames.length; cut++) {
      const parser = new EventStreamParser();
      const messages = [...parser.push(frames.slice(0, cut)), ...parser.push(frames.slice(cut))];
      expect(messages.map((m) => JSON.parse(m) as unknown), `cut at ${cut}`).toEqual([
        { kind: 'event', event: 'a' },
        { kind: 'open-url', url: 'https://x.example/é' },
      ]);
    }
  });

  it('joins multi-line data and keeps an unfinished frame for later', () => {
    const parser = new EventStreamParser();
    expect(parser.push('data: one\ndata:two\nid: 3\n\ndata: three')).toEqual(['one\ntwo']);
    expect(parser.push('\n\n')).toEqual(['three']);
  });
});
