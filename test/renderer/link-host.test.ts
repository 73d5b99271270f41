import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePunycode, describeLink, scriptsOf } from '../../renderer/src/link-host';

describe('the facts the link confirmation shows', () => {
  it('decodes punycode as RFC 3492 does', () => {
    // Samples from RFC 3492, section 7.1.
    expect(decodePunycode('ihqwcrb4cv8a8dqg056pqjye')).toBe('他们为什么不说中文');
    expect(decodePunycode('egbpdaj6bu4bxfgehfvwxn')).toBe('\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F');
    expect(decodePunycode('3B-ww4c5e180e575a65lsy2b')).toBe('3年B組金八先生');
    expect(decodePunycode('-> $1.00 <--')).toBe('-> $1.00 <-');
    expect(decodePunycode('pple-43d')).toBe('\u0430pple');
    for (const bad of ['99999999999', 'a-9', 'zz!z', 'é-abc']) expect(decodePunycode(bad), bad).toBeNull();
  });

  it('decodes whatever the URL parser encodes', () => {
    const letters = fc.constantFrom(...'abcxyzаеорсπλβαжщ日本語テストしふ한국ქართ'.split(''));
    fc.assert(
      fc.property(fc.array(letters, { minLength: 1, maxLength: 12 }), (chars) => {
        const host = new URL(`https://${chars.join('')}.example/`).hostname;
        const label = host.split('.')[0] ?? '';
        if (!label.startsWith('xn--')) return;
        const decoded = decodePunycode(label.slice(4));
        expect(decoded).not.toBeNull();
        expect(new URL(`https://${decoded ?? ''}.example/`).hostname).toBe(host);
      }),
    );
  });

  it('shows a lookalike host as the punycode the browser contacts, and says it mixes alphabets', () => {
    // "аpple.com" with a Cyrillic "а".
    expect(describeLink('https://\u0430pple.com/login?next=/')).toEqual({
      href: 'https://xn--pple-43d.com/login?next=/',
      host: 'xn--pple-43d.com',
      punycode: true,
      unicodeHost: '\u0430pple.com',
      mixedScripts: ['Cyrillic', 'Latin'],
    });
    expect(describeLink('https://xn--pple-43d.com/')).toMatchObject({ host: 'xn--pple-43d.com', punycode: true, mixedScripts: ['Cyrillic', 'Latin'] });
  });

  it('an international name in one alphabet is punycode without a mix', () => {
    expect(describeLink('https://пример.рф/')).toEqual({
      href: 'https://xn--e1afmkfd.xn--p1ai/',
      host: 'xn--e1afmkfd.xn--p1ai',
      punycode: true,
      unicodeHost: 'пример.рф',
      mixedScripts: [],
    });
    // Japanese names mix Han, kana and Latin as a matter of course.
    expect(describeLink('https://日本語テストabc.jp/')?.mixedScripts).toEqual([]);
  });

  it('shows the real host behind credentials, and plain hosts as they are', () => {
    expect(describeLink('https://www.smsglobal.com@evil.example/x')).toMatchObject({ host: 'evil.example', punycode: false, unicodeHost: null });
    expect(describeLink('https://WWW.Example.COM:8443/a b')).toMatchObject({ href: 'https://www.example.com:8443/a%20b', host: 'www.example.com' });
    expect(describeLink('https://shop.example/\u202Egnp.exe')?.href).toBe('https://shop.example/%E2%80%AEgnp.exe');
    expect(describeLink('not a url')).toBeNull();
    expect(describeLink('mailto:someone@example.com')).toBeNull();
  });

  it('names the alphabets of a label', () => {
    expect(scriptsOf('paypal')).toEqual(['Latin']);
    expect(scriptsOf('pаypаl')).toEqual(['Latin', 'Cyrillic']);
    expect(scriptsOf('αβ-12')).toEqual(['Greek']);
    expect(scriptsOf('a\u{10400}')).toEqual(['Latin', 'another alphabet']);
  });
});
