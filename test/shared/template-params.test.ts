import { describe, expect, it } from 'vitest';
import { checkTemplateBody, checkTemplateParam, checkTemplateValues, paramsRefusal, placeholdersOf, renderTemplateBody, TEMPLATE_BODY_MAX, TEMPLATE_PARAM_MAX } from '../../shared/template-params';

describe('template parameters', () => {
  it('refuses what WhatsApp refuses, with the reason', () => {
    expect(checkTemplateParam('Anna')).toBeNull();
    expect(checkTemplateParam('a    b')).toBeNull();
    expect(checkTemplateParam('')?.problem).toBe('empty');
    expect(checkTemplateParam('   ')?.problem).toBe('empty');
    expect(checkTemplateParam('line\nbreak')?.problem).toBe('newline');
    expect(checkTemplateParam('cr\rhere')?.problem).toBe('newline');
    expect(checkTemplateParam('tab\there')?.problem).toBe('tab');
    expect(checkTemplateParam('a     b')?.problem).toBe('spaces');
    expect(checkTemplateParam('x'.repeat(TEMPLATE_PARAM_MAX))).toBeNull();
    expect(checkTemplateParam('x'.repeat(TEMPLATE_PARAM_MAX + 1))?.problem).toBe('too_long');
  });

  it('finds placeholders and renders a body', () => {
    expect(placeholdersOf('Hi {{1}}, order {{2}} ships {{ 3 }}; thanks {{1}}')).toEqual([1, 2, 3]);
    expect(placeholdersOf('No placeholders')).toEqual([]);
    expect(renderTemplateBody('Hi {{1}}, order {{2}} is {{3}}', ['Anna', '#42'])).toBe('Hi Anna, order #42 is {{3}}');
  });
});

describe('template bodies in the library', () => {
  it('accepts numbered placeholders from {{1}} without gaps', () => {
    expect(checkTemplateBody('Hi {{1}}, your order {{2}} is ready. Thanks {{1}}!')).toBeNull();
    expect(checkTemplateBody('Welcome to the shop')).toBeNull();
    expect(checkTemplateBody('Hi {{ 1 }}')).toBeNull();
  });

  it('refuses what SMSGlobal cannot fill, with the reason', () => {
    expect(checkTemplateBody('')).toMatch(/Enter the body/);
    expect(checkTemplateBody('   ')).toMatch(/Enter the body/);
    expect(checkTemplateBody('Hi {{1}}, see you {{3}}')).toMatch(/\{\{2\}\} is missing/);
    expect(checkTemplateBody('Hi {{2}}')).toMatch(/\{\{1\}\} is missing/);
    expect(checkTemplateBody('Hi {{name}}')).toMatch(/\{\{name\}\} is not a numbered placeholder/);
    expect(checkTemplateBody('Hi {{}}')).toMatch(/not a numbered placeholder/);
    expect(checkTemplateBody('x'.repeat(TEMPLATE_BODY_MAX + 1))).toMatch(/1,025 characters/);
  });
});

describe("a template message's values against its library entry", () => {
  const body = { body: 'Hi {{1}}, order {{2}} is ready.', mediaHeader: false, buttons: false };

  it('passes values WhatsApp takes, one per placeholder', () => {
    expect(checkTemplateValues(['Anna', '#42'], body)).toEqual({});
    expect(checkTemplateValues(undefined, { ...body, body: 'Welcome!' })).toEqual({});
    // A name not in the library (or not completed yet): only the values' own rules.
    expect(checkTemplateValues(['a', 'b', 'c'], null)).toEqual({});
    expect(checkTemplateValues(['a', 'b', 'c'], { ...body, body: '' })).toEqual({});
  });

  it('names each bad value at its field', () => {
    expect(checkTemplateValues(['', 'line\nbreak'], body)).toEqual({
      'params.0': [expect.stringMatching(/empty/)],
      'params.1': [expect.stringMatching(/line break/)],
    });
    expect(checkTemplateValues(['a     b'], null)).toEqual({ 'params.0': [expect.stringMatching(/more than 4 spaces/)] });
  });

  it('wants as many values as the body has placeholders', () => {
    expect(checkTemplateValues(['Anna'], body)).toEqual({ params: ['This template has 2 placeholders; give each of them a value (1 given).'] });
    expect(checkTemplateValues(['x'], { ...body, body: 'Welcome!' })).toEqual({ params: ['This template has no placeholders; send it without parameters.'] });
  });

  it('refuses parameters for a template with a media header or buttons, with the API’s reason', () => {
    const header = checkTemplateValues(['Anna', '#42'], { ...body, mediaHeader: true });
    expect(header).toEqual({ params: [expect.stringContaining('media header')] });
    expect(header['params']?.[0]).toContain('body text only');
    expect(checkTemplateValues(['Anna'], { ...body, buttons: true })['params']?.[0]).toContain('buttons');
    expect(paramsRefusal({ mediaHeader: true, buttons: true })).toContain('a media header and buttons');
    // Without parameters it may still be sent (SMSGlobal sends the template as approved).
    expect(checkTemplateValues([], { ...body, mediaHeader: true })).toEqual({});
    expect(paramsRefusal({ mediaHeader: false, buttons: false })).toBeNull();
  });
});
