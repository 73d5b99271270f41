import { describe, expect, it } from 'vitest';
import { checkMedia, judge } from '../../../../main/core/outbox/media-check';
import { isPrivateAddress } from '../../../../main/core/private-address';
import { mediaServer } from '../../../helpers/media-server';

const MB = 1024 * 1024;

describe('media pre-flight', () => {
  it('judges content types and sizes by the seed table', () => {
    expect(judge('image', 'image/jpeg', 4 * MB).verdict).toBe('ok');
    expect(judge('image', 'application/pdf', 1000)).toMatchObject({ verdict: 'refused', reason: expect.stringMatching(/serves application\/pdf; an image must be image\/jpeg, image\/png/) });
    expect(judge('image', 'image/jpeg', 6 * MB)).toMatchObject({ verdict: 'refused', reason: 'The file is 6.0 MB; an image may be at most 5.0 MB.' });
    expect(judge('sticker', 'image/webp', 200 * 1024)).toMatchObject({ verdict: 'refused', reason: 'The file is 200 KB; a sticker may be at most 100 KB.' });
    expect(judge('document', 'application/pdf; charset=binary', 50 * MB).verdict).toBe('ok');
    expect(judge('video', 'video/quicktime', 1000).verdict).toBe('refused');
    expect(judge('audio', null, 1000).verdict).toBe('unknown');
  });

  it('asks the server with HEAD, falls back to a ranged GET, and follows redirects', async () => {
    const server = await mediaServer({
      '/photo.jpg': { type: 'image/jpeg', size: 300_000 },
      '/big.jpg': { type: 'image/jpeg', size: 6 * MB },
      '/nohead.png': { type: 'image/png', size: 1000, noHead: true },
      '/moved.jpg': { type: null, size: 0, redirect: '/photo.jpg' },
      '/ftp.jpg': { type: null, size: 0, redirect: 'ftp://example.com/a.jpg' },
      '/to-metadata.jpg': { type: null, size: 0, redirect: 'http://169.254.169.254/latest/meta-data' },
      '/doc.pdf': { type: 'application/pdf', size: 2000 },
    });
    const local = { allowPrivate: true };
    expect(await checkMedia('image', server.url('/photo.jpg'), local)).toMatchObject({ verdict: 'ok', contentType: 'image/jpeg', sizeBytes: 300_000 });
    expect(await checkMedia('image', server.url('/big.jpg'), local)).toMatchObject({ verdict: 'refused' });
    expect(await checkMedia('image', server.url('/nohead.png'), local)).toMatchObject({ verdict: 'ok', sizeBytes: 1000 });
    expect(server.requests).toContain('GET /nohead.png bytes=0-0');
    expect(await checkMedia('image', server.url('/moved.jpg'), local)).toMatchObject({ verdict: 'ok' });
    expect(await checkMedia('image', server.url('/ftp.jpg'), local)).toMatchObject({ verdict: 'refused', reason: expect.stringMatching(/not an http/) });
    expect(await checkMedia('image', server.url('/doc.pdf'), local)).toMatchObject({ verdict: 'refused' });
    // A redirect to a private IP literal is refused even when the first hop was allowed by name.
    expect(await checkMedia('image', server.url('/to-metadata.jpg'), { allowPrivate: false })).toMatchObject({ verdict: 'refused' });
    expect(await checkMedia('image', server.url('/missing.jpg'), local)).toMatchObject({ verdict: 'refused', reason: expect.stringMatching(/404/) });
  });

  it('never reaches into private addresses unless the app talks to a local API', async () => {
    const server = await mediaServer({ '/photo.jpg': { type: 'image/jpeg', size: 1000 } });
    const refused = await checkMedia('image', server.url('/photo.jpg'), { allowPrivate: false });
    expect(refused).toMatchObject({ verdict: 'refused', reason: expect.stringMatching(/private network/) });
    expect(server.requests).toEqual([]);
    const byName = await checkMedia('image', server.url('/photo.jpg').replace('127.0.0.1', 'localhost'), { allowPrivate: false });
    expect(byName.verdict).toBe('refused');
    expect(await checkMedia('image', 'ftp://example.com/a.jpg', { allowPrivate: true })).toMatchObject({ verdict: 'refused' });
    for (const ip of ['10.1.2.3', '192.168.0.1', '172.20.0.1', '127.0.0.1', '169.254.1.1', '::1', 'fd00::1', '::ffff:10.0.0.1', '::ffff:7f00:1', '[::ffff:a9fe:a9fe]']) expect(isPrivateAddress(ip), ip).toBe(true);
    expect(await checkMedia('image', 'http://[::ffff:127.0.0.1]:9/a.jpg', { allowPrivate: false })).toMatchObject({ verdict: 'refused' });
    for (const ip of ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888']) expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it('says it could not check when the server does not answer', async () => {
    const verdict = await checkMedia('image', 'http://127.0.0.1:9/nothing.jpg', { allowPrivate: true, timeoutMs: 500 });
    expect(verdict.verdict).toBe('unknown');
  });
});
