import { describe, expect, it } from 'vitest';
import { createLogger, memorySink, Redactor } from '../../../main/core/log';

describe('logger', () => {
  it('redacts registered secrets and signed Authorization headers from every line', () => {
    const redactor = new Redactor();
    const sink = memorySink();
    const log = createLogger({ sinks: [sink], redactor });
    redactor.add('super-secret-value');
    log.error('request failed', {
      error: new Error('bad secret super-secret-value'),
      header: 'MAC id="key", ts="1", nonce="abc", mac="c2lnbmF0dXJl"',
    });
    const text = sink.lines.join('');
    expect(text).not.toContain('super-secret-value');
    expect(text).not.toContain('c2lnbmF0dXJl');
    expect(text).toContain('[redacted]');
  });

  it('also redacts a secret that JSON escapes (quotes, backslashes)', () => {
    const redactor = new Redactor();
    const sink = memorySink();
    const log = createLogger({ sinks: [sink], redactor });
    redactor.add('ab"cd\\ef12');
    log.warn('failed', { error: new Error('secret ab"cd\\ef12 refused') });
    expect(sink.lines.join('')).not.toContain('ab\\"cd');
    expect(sink.lines.join('')).toContain('[redacted]');
  });
});
