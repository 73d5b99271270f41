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
