/**
 * WhatsApp's rules for a template's body parameters, and placeholder rendering. Shared by the
 * composer, the template library and campaigns, so a value refused in one is refused in all,
 * and before anything is sent (Meta refuses the whole message for one bad value).
 */

/** Longest value the app accepts for one parameter: a template body is at most 1,024 characters. */
export const TEMPLATE_PARAM_MAX = 1024;
export const TEMPLATE_BODY_MAX = 1024;

export type ParamProblem = 'empty' | 'newline' | 'tab' | 'spaces' | 'too_long';

export interface ParamIssue {
  problem: ParamProblem;
  reason: string;
}

/** Anything that could be wrong below, in one test: campaigns check a value per row and placeholder. */
const TROUBLE = /[\r\n\t]| {5}/;

/** What is wrong with one parameter value, in a shop owner's words; null when WhatsApp will take it. */
export function checkTemplateParam(value: string): ParamIssue | null {
  if (value.length <= TEMPLATE_PARAM_MAX && !TROUBLE.test(value) && value.trim() !== '') return null;
  if (value.trim() === '') return { problem: 'empty', reason: 'This value is empty; WhatsApp refuses a template with an empty parameter.' };
  if (/[\r\n]/.test(value)) return { problem: 'newline', reason: 'This value has a line break; WhatsApp allows none in a template parameter.' };
  if (value.includes('\t')) return { problem: 'tab', reason: 'This value has a tab; WhatsApp allows none in a template parameter.' };
  if (/ {5,}/.test(value)) return { problem: 'spaces', reason: 'This value has more than 4 spaces in a row; WhatsApp refuses that.' };
  if (value.length > TEMPLATE_PARAM_MAX) return { problem: 'too_long', reason: `This value is ${value.length.toLocaleString('en')} characters long; the most is ${TEMPLATE_PARAM_MAX.toLocaleString('en')}.` };
  return null;
}

const PLACEHOLDER = /\{\{\s*(\d{1,2})\s*\}\}/g;

/** The placeholder numbers a body uses ({{1}}, {{2}}…), sorted and without repeats. */
export function placeholdersOf(body: string): number[] {
  const found = new Set<number>();
  for (const match of body.matchAll(PLACEHOLDER)) found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}

/** The body with {{n}} replaced by params[n - 1]; a missing value stays as its placeholder. */
export function renderTemplateBody(body: string, params: readonly string[]): string {
  return body.replace(PLACEHOLDER, (whole, n: string) => params[Number(n) - 1] ?? whole);
}

const ANY_PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/**
 * What is wrong with a template body as typed into the library, or null. WhatsApp numbers a
 * body's placeholders {{1}}, {{2}}… from 1 without gaps, and SMSGlobal's `params` fill them in
 * that order, so a named placeholder ({{name}}) or a gap ({{1}} and {{3}}) cannot be filled.
 */
export function checkTemplateBody(body: string): string | null {
  if (body.trim() === '') return 'Enter the body text exactly as approved.';
  if (body.length > TEMPLATE_BODY_MAX) return `The body is ${body.length.toLocaleString('en')} characters long; WhatsApp allows ${TEMPLATE_BODY_MAX.toLocaleString('en')}.`;
  for (const match of body.matchAll(ANY_PLACEHOLDER)) {
    if (!/^\s*\d{1,2}\s*$/.test(match[1] ?? '')) return `${match[0]} is not a numbered placeholder; SMSGlobal fills {{1}}, {{2}}… in order.`;
  }
  const numbers = placeholdersOf(body);
  const gap = numbers.findIndex((n, i) => n !== i + 1);
  if (gap !== -1) {
    const expected = gap + 1;
    return `Placeholders are numbered from {{1}} without gaps; {{${expected}}} is missing (this body has ${numbers.map((n) => `{{${n}}}`).join(', ')}).`;
  }
  return null;
}

/** What the checks below need to know of a library entry. */
export interface TemplateShape {
  /** Empty for an entry seen in the history and not completed yet: its placeholders are unknown. */
  body: string;
  mediaHeader: boolean;
  buttons: boolean;
}

/** Why parameters cannot be sent with this template, or null when they can. */
export function paramsRefusal(template: Pick<TemplateShape, 'mediaHeader' | 'buttons'>): string | null {
  if (!template.mediaHeader && !template.buttons) return null;
  const parts = [template.mediaHeader ? 'a media header' : null, template.buttons ? 'buttons' : null].filter(Boolean).join(' and ');
  return `This template has ${parts}. SMSGlobal's API fills parameters only for templates whose content is body text only, so its parameters cannot be sent.`;
}

/**
 * Per-field problems of a template message's parameters, keyed like the form ("params.0", or
 * "params" for the list as a whole); empty when it may be sent. Shared by the composer and main,
 * which checks again before anything is queued. `template` is the library's entry for the name,
 * or null when the name is not in the library (then only the values' own rules apply).
 */
export function checkTemplateValues(params: readonly string[] | undefined, template: TemplateShape | null): Record<string, string[]> {
  const values = params ?? [];
  const fields: Record<string, string[]> = {};
  if (template && values.length > 0) {
    const refusal = paramsRefusal(template);
    if (refusal) return { params: [refusal] };
  }
  values.forEach((value, i) => {
    const issue = checkTemplateParam(value);
    if (issue) fields[`params.${i}`] = [issue.reason];
  });
  if (template && template.body.trim() !== '' && !paramsRefusal(template)) {
    const count = placeholdersOf(template.body).length;
    if (values.length !== count) {
      fields['params'] = [
        count === 0
          ? 'This template has no placeholders; send it without parameters.'
          : `This template has ${count} placeholder${count === 1 ? '' : 's'}; give ${count === 1 ? 'it a value' : `each of them a value`} (${values.length} given).`,
      ];
    }
  }
  return fields;
}
