import { describe, expect, it } from 'vitest';
import { checkMessage, storedMessage } from '../../../main/simulator/message-rules';
import { signedRequest } from '../../helpers/signed';
import { simulator } from '../../helpers/simulator';

/**
 * The simulator's reading of message objects, against the API notes' table (docs/smsglobal-api.md,
 * "Message objects"): every type, its required fields, ranges, URLs and JSON types.
 */

const errorsOf = (message: unknown): Record<string, string[]> => {
  const result = checkMessage(message);
  return 'errors' in result ? result.errors : {};
};

describe('the simulator\'s message rules', () => {
  it('accepts every type the notes define, with its optional fields', () => {
    const valid = [
      { type: 'text', text: 'Hello', preview_url: true },
      { type: 'template', template_name: 'order_ready', params: ['Ana', '#123'] },
      { type: 'template', template_name: 'welcome_message' },
      { type: 'image', url: 'https://example.com/a.jpg', caption: 'Front' },
      { type: 'video', url: 'http://example.com/a.mp4' },
      { type: 'document', url: 'https://example.com/a.pdf', filename: 'a.pdf', caption: 'Invoice' },
      { type: 'audio', url: 'https://example.com/a.ogg' },
      { type: 'sticker', url: 'https://example.com/a.webp' },
      { type: 'location', lat: -90, lng: 180, name: 'Pole', address: 'South' },
    ];
    for (const message of valid) expect(checkMessage(message), JSON.stringify(message)).toEqual({ message });
  });

  it('stores only the fields the notes define, text as its text', () => {
    expect(checkMessage({ type: 'sticker', url: 'https://x.example/s.webp', colour: 'red' })).toEqual({ message: { type: 'sticker', url: 'https://x.example/s.webp' } });
    expect(storedMessage({ type: 'text', text: 'Hi there' })).toBe('Hi there');
    expect(JSON.parse(storedMessage({ type: 'location', lat: 1, lng: 2 }))).toEqual({ type: 'location', lat: 1, lng: 2 });
  });

  it('refuses what the notes rule out, per field', () => {
    const cases: [unknown, Record<string, string[]>][] = [
      [{}, { 'message.type': ['This value should not be blank.'] }],
      ['hello', { message: ['This value should be of type object.'] }],
      [{ type: 'text' }, { 'message.text': ['This value should not be blank.'] }],
      [{ type: 'text', text: '  ' }, { 'message.text': ['This value should not be blank.'] }],
      [{ type: 'text', text: 'x', preview_url: 'true' }, { 'message.preview_url': ['This value should be of type bool.'] }],
      [{ type: 'template' }, { 'message.template_name': ['This value should not be blank.'] }],
      [{ type: 'template', template_name: 'x', params: 'a' }, { 'message.params': ['This value should be of type array.'] }],
      [{ type: 'template', template_name: 'x', params: ['a', 2, null] }, { 'message.params.1': ['This value should be of type string.'], 'message.params.2': ['This value should be of type string.'] }],
      [{ type: 'image' }, { 'message.url': ['This value should not be blank.'] }],
      [{ type: 'image', url: 'ftp://example.com/a.jpg' }, { 'message.url': ['This value is not a valid URL.'] }],
      [{ type: 'video', url: 'javascript:alert(1)' }, { 'message.url': ['This value is not a valid URL.'] }],
      [{ type: 'document', url: 'not a url' }, { 'message.url': ['This value is not a valid URL.'] }],
      [{ type: 'document', url: 'https://x.example/a', filename: 3 }, { 'message.filename': ['This value should be of type string.'] }],
      [{ type: 'image', url: 'https://x.example/a', caption: ['x'] }, { 'message.caption': ['This value should be of type string.'] }],
      [{ type: 'location', lat: 90.5, lng: 0 }, { 'message.lat': ['This value should be between -90 and 90.'] }],
      [{ type: 'location', lat: 0, lng: -180.1 }, { 'message.lng': ['This value should be between -180 and 180.'] }],
      [{ type: 'location', lat: '1', lng: 0 }, { 'message.lat': ['This value should be of type float.'] }],
      [{ type: 'location' }, { 'message.lat': ['This value should not be blank.'], 'message.lng': ['This value should not be blank.'] }],
    ];
    for (const [message, errors] of cases) expect(errorsOf(message), JSON.stringify(message)).toEqual(errors);
    expect(errorsOf({ type: 'carousel' })['message.type']?.[0]).toMatch(/not a valid choice.*text, template, image, video, document, audio, sticker, location/);
  });

  it('answers a send with the documented error body, and stores nothing', async () => {
    const sim = await simulator();
    const before = sim.store.outgoing.length;
    const reply = await signedRequest(sim, 'POST', '/v2/whatsapp/outgoing', {
      body: JSON.stringify({ to: ['61400000001'], message: { type: 'location', lat: 91, lng: 0 } }),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({ errors: { 'message.lat': { errors: ['This value should be between -90 and 90.'] } } });
    const missing = await signedRequest(sim, 'POST', '/v2/whatsapp/outgoing', {
      body: JSON.stringify({ to: ['61400000001'] }),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(JSON.parse(missing.body)).toEqual({ errors: { message: { errors: ['This value should not be blank.'] } } });
    expect(sim.store.outgoing.length).toBe(before);
  });
});
