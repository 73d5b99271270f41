import { describe, expect, it } from 'vitest';
import { checkTemplateParam, placeholdersOf, renderTemplateBody, TEMPLATE_PARAM_MAX } from '../../shared/template-params';

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
