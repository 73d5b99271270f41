import { describe, expect, it } from 'vitest';
import { decodeMessageBody, encodeMessageBody, sameMessage } from '../../shared/messages';

describe('message bodies', () => {
  it('round-trips the API string form and decodes by type', () => {
    expect(decodeMessageBody(encodeMessageBody({ type: 'text', text: 'hi' }))).toEqual({ type: 'text', text: 'hi' });
    expect(decodeMessageBody('{"type":"location","lat":1,"lng":2}')).toEqual({ type: 'location', lat: 1, lng: 2 });
    expect(decodeMessageBody('{not json')).toEqual({ type: 'text', text: '{not json' });
    expect(decodeMessageBody('{"type":"hologram"}')).toEqual({ type: 'text', text: '{"type":"hologram"}' });
  });

  it('matches a queued message with what the outgoing list carries', () => {
    // The list carries a text message as its plain text: preview_url is not there to compare.
    expect(sameMessage({ type: 'text', text: 'hello', preview_url: true }, decodeMessageBody('hello'))).toBe(true);
    expect(sameMessage({ type: 'text', text: 'hello' }, decodeMessageBody('hello!'))).toBe(false);
    expect(sameMessage({ type: 'image', url: 'https://x/a.jpg', caption: 'c' }, decodeMessageBody('{"caption":"c","url":"https://x/a.jpg","type":"image"}'))).toBe(true);
    expect(sameMessage({ type: 'template', template_name: 't', params: [] }, decodeMessageBody('{"type":"template","template_name":"t"}'))).toBe(true);
    expect(sameMessage({ type: 'template', template_name: 't', params: ['a'] }, decodeMessageBody('{"type":"template","template_name":"t"}'))).toBe(false);
  });
});
