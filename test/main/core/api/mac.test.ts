import { describe, expect, it } from 'vitest';
import { authorizationHeader, computeMac, newNonce, parseAuthorization, signRequest } from '../../../../main/core/api/mac';

describe('MAC signing', () => {
  it('matches SMSGlobal SDK vector 1', () => {
    expect(computeMac('abcd', { ts: 1375000000, nonce: 'random-nonce', method: 'GET', target: '/v1/sms/', host: 'api.smsglobal.com', port: 443 })).toBe(
      'xHRg9NU2FyDXb6X/iWGfseHslX7ES3IKPSwFV5QLguQ=',
    );
  });

  it('matches SMSGlobal SDK vector 2, header included', () => {
    const header = signRequest({
      method: 'GET',
      url: new URL('https://api.smsglobal.com/v2/sms/'),
      key: '945a7aca9f05a78a194b77f76c6bb653',
      secret: 'a8dfa0dc19c7439914c74c6c92a95d25',
      ts: 1471398353,
      nonce: '1174249',
    });
    expect(header).toBe('MAC id="945a7aca9f05a78a194b77f76c6bb653", ts="1471398353", nonce="1174249", mac="iX34qsNi2hqcoeNVtA/W5D+Hj6eMO3mIThfcYNJPaPM="');
  });

  it('matches vector 3: the query string is part of the signed target', () => {
    const header = signRequest({
      method: 'get',
      url: new URL('https://api.smsglobal.com/v2/sms?limit=20&offset=1'),
      key: 'my-api-key',
      secret: 'my-api-secret',
      ts: 1700000000,
      nonce: 'a1b2c3d4e5f60718',
    });
    expect(header).toContain('mac="DlD6PWwxhoQykuJps6rVidNnsxd3+SdVpPO7u4ZITHE="');
  });

  it('uses the explicit port of the URL, else the scheme default', () => {
    const parts = { ts: 1, nonce: 'n', method: 'GET', target: '/v2/x' };
    const at = (url: string): string =>
      signRequest({ method: 'GET', url: new URL(url), key: 'k', secret: 's', ts: parts.ts, nonce: parts.nonce });
    expect(at('http://127.0.0.1:4010/v2/x')).toContain(computeMac('s', { ...parts, host: '127.0.0.1', port: 4010 }));
    expect(at('http://localhost/v2/x')).toContain(computeMac('s', { ...parts, host: 'localhost', port: 80 }));
    expect(at('https://api.smsglobal.com/v2/x')).toContain(computeMac('s', { ...parts, host: 'api.smsglobal.com', port: 443 }));
  });

  it('makes 32-character lowercase hex nonces that do not repeat', () => {
    const nonces = new Set(Array.from({ length: 2000 }, () => newNonce()));
    expect(nonces.size).toBe(2000);
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/);
  });

  it('parses headers with optional spaces and in any order', () => {
    const expected = { id: 'k', ts: '1', nonce: 'n', mac: 'm=' };
    expect(parseAuthorization(authorizationHeader('k', 1, 'n', 'm='))).toEqual(expected);
    expect(parseAuthorization('MAC id = "k" ,ts="1",   nonce= "n",mac ="m="')).toEqual(expected);
    expect(parseAuthorization('mac nonce="n", mac="m=", id="k", ts="1"')).toEqual(expected);
    expect(parseAuthorization('Bearer abc')).toBeNull();
    expect(parseAuthorization('MAC id="k", ts="1"')).toBeNull();
    expect(parseAuthorization('MAC id="k", ts="1", nonce="n", mac="m=", junk')).toBeNull();
  });
});
