import { describe, expect, it } from 'vitest';
import { WINDOW_MS } from '../../shared/history';
import {
  compileKeywords,
  DEFAULT_OPT_IN_KEYWORDS,
  DEFAULT_OPT_OUT_KEYWORDS,
  keywordClash,
  keywordForm,
  KeywordList,
  keywordListsKey,
  normalizeKeyword,
  optOutWarning,
  type OptOutStatus,
} from '../../shared/optouts';
import { Settings, SettingsPatch } from '../../shared/settings';

const matcher = compileKeywords({ optOut: DEFAULT_OPT_OUT_KEYWORDS, optIn: DEFAULT_OPT_IN_KEYWORDS });

describe('opt-out keywords', () => {
  it('ignores case, accents, surrounding space and punctuation at either end', () => {
    for (const text of ['STOP', 'stop', ' Stop ', 'Stop!', 'stop.', 'STOP!!!', '¡Stop!', '"stop"', 'Stop ?', 'stop\n']) expect(matcher.classify(text), text).toBe('out');
    expect(normalizeKeyword('  Arrêt ! ')).toBe('ARRET');
    expect(matcher.classify('arret')).toBe('out');
    expect(matcher.classify('ARRÊT')).toBe('out');
    expect(matcher.classify('Désabonner.')).toBe('out');
    expect(matcher.classify('stopp')).toBe('out');
    expect(matcher.classify('Baja')).toBe('out');
  });

  it('reads several-word keywords with any spacing, hyphen or underscore', () => {
    for (const text of ['opt out', 'OPT-OUT', 'opt_out', 'Opt   Out!', 'optout', 'stop all', 'STOPALL', 'Stop  All.']) expect(matcher.classify(text), text).toBe('out');
  });

  it('opts back in with START, UNSTOP, SUBSCRIBE', () => {
    for (const text of ['START', 'start!', 'Unstop', 'subscribe.']) expect(matcher.classify(text), text).toBe('in');
  });

  it('only a message that is the keyword and nothing else counts', () => {
    for (const text of ['stop please', 'please stop', 'STOP 🙏', "don't stop", 'stopped', 'S T O P', 'unsubscribe me', 'start the order', '', '!!!', 'Where is my parcel? Please stop sending the wrong size.']) {
      expect(matcher.classify(text), text).toBeNull();
    }
  });

  it('keeps the keyword form of short texts only', () => {
    expect(keywordForm(' Opt-Out! ')).toBe('OPT OUT');
    expect(keywordForm('see you soon')).toBe('SEE YOU SOON');
    // More words than any keyword may have: not kept.
    expect(keywordForm('see you at 3')).toBeNull();
    expect(keywordForm('?!')).toBeNull();
    expect(keywordForm('Stop ! ! ! !')).toBe('STOP');
    expect(keywordForm("don't text me")).toBe("DON'T TEXT ME");
    expect(keywordForm('Ne plus écrire svp')).toBeNull();
    expect(keywordForm('opt-out-now-please')).toBeNull();
    expect(keywordForm('x'.repeat(41))).toBeNull();
    expect(keywordForm('Where is my parcel? It was meant to arrive on Monday morning.')).toBeNull();
  });

  it('a long message is refused by its length alone', () => {
    expect(matcher.classify(`STOP${' '.repeat(200)}`)).toBeNull();
    expect(matcher.classify('x'.repeat(10_000))).toBeNull();
  });

  it('uses the lists it is given; opting out wins a word in both', () => {
    const custom = compileKeywords({ optOut: ['PARE', 'stop'], optIn: ['VOLVER', 'STOP'] });
    expect(custom.classify('pare')).toBe('out');
    expect(custom.classify('volver')).toBe('in');
    expect(custom.classify('stop')).toBe('out');
    expect(custom.classify('unsubscribe')).toBeNull();
    expect(compileKeywords({ optOut: [], optIn: [] }).classify('STOP')).toBeNull();
  });

  it('keeps a settings list tidy and refuses words that cannot be keywords', () => {
    expect(KeywordList.parse([' stop ', '', 'STOP', 'Opt  Out', 'arrêt', 'ARRET'])).toEqual(['stop', 'Opt Out', 'arrêt']);
    const bad = KeywordList.safeParse(['STOP', '!!!', 'x'.repeat(41), 'please stop messaging me']);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      '“!!!” has no letters or digits; it cannot be a keyword.',
      expect.stringContaining('longer than 40 characters'),
      '“please stop messaging me” has more than 3 words; a keyword is a word or two.',
    ]);
    expect(KeywordList.safeParse(Array.from({ length: 101 }, (_, i) => `W${i}`)).success).toBe(false);
    expect(keywordClash({ optOut: ['STOP', 'Arrêt'], optIn: ['START', 'arret'] })).toBe('arret');
    expect(keywordClash({ optOut: DEFAULT_OPT_OUT_KEYWORDS, optIn: DEFAULT_OPT_IN_KEYWORDS })).toBeNull();
    // The stored key ignores order, case, accents and repeats.
    expect(keywordListsKey({ optOut: ['stop', 'Arrêt'], optIn: ['start'] })).toBe(keywordListsKey({ optOut: ['ARRET', 'STOP', 'stop'], optIn: ['START'] }));
  });

  it('are settings with defaults, validated in a patch', () => {
    expect(Settings.shape.optOutKeywords.parse(DEFAULT_OPT_OUT_KEYWORDS)).toContain('STOP');
    expect(SettingsPatch.safeParse({ optOutKeywords: ['STOP', '...'] }).success).toBe(false);
    expect(SettingsPatch.safeParse({ optInKeywords: ['START'] }).success).toBe(true);
  });
});

describe('the composer warning rule', () => {
  const now = Date.UTC(2026, 2, 10, 12);
  const status = (patch: Partial<OptOutStatus> & { since?: number }): OptOutStatus => {
    const { since, ...rest } = patch;
    return {
      number: '61400000001',
      optedOut: since === undefined ? null : { number: '61400000001', action: 'out', at: since, how: 'keyword', text: 'STOP', note: null, providerId: '9', messageKey: '1' },
      blacklisted: false,
      blocked: since !== undefined || patch.blacklisted === true,
      lastInboundAt: null,
      ...rest,
    };
  };

  it('says nothing for a number that may be messaged', () => {
    expect(optOutWarning(null, 'template', now)).toBeNull();
    expect(optOutWarning(status({}), 'template', now)).toBeNull();
    expect(optOutWarning(status({}), 'text', now)).toBeNull();
  });

  it('warns before a template or a message outside a reopened conversation', () => {
    const since = now - 3 * 86_400_000;
    expect(optOutWarning(status({ since }), 'template', now)).toEqual({ reason: 'opted_out', since });
    // No message since opting out: a text is business-initiated.
    expect(optOutWarning(status({ since, lastInboundAt: since }), 'text', now)).toEqual({ reason: 'opted_out', since });
    // They wrote after opting out, but more than 24 hours ago: the window is closed.
    expect(optOutWarning(status({ since, lastInboundAt: now - WINDOW_MS - 1 }), 'text', now)).toEqual({ reason: 'opted_out', since });
    // The STOP itself was their latest message, minutes ago: still warn.
    expect(optOutWarning(status({ since: now - 60_000, lastInboundAt: now - 60_000 }), 'image', now)).toEqual({ reason: 'opted_out', since: now - 60_000 });
  });

  it('allows a reply inside the 24-hour window to a message written after opting out', () => {
    const since = now - 3 * 86_400_000;
    const reopened = status({ since, lastInboundAt: now - 3_600_000 });
    expect(optOutWarning(reopened, 'text', now)).toBeNull();
    expect(optOutWarning(reopened, 'document', now)).toBeNull();
    // …but a template is business-initiated even then.
    expect(optOutWarning(reopened, 'template', now)).toEqual({ reason: 'opted_out', since });
  });

  it('treats a blacklisted number as opted out, whatever the conversation', () => {
    expect(optOutWarning(status({ blacklisted: true, lastInboundAt: now - 60_000 }), 'text', now)).toEqual({ reason: 'blacklisted', since: null });
    expect(optOutWarning(status({ blacklisted: true }), 'template', now)).toEqual({ reason: 'blacklisted', since: null });
  });
});
