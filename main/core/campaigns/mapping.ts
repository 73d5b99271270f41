import type { Mapping, MappingInput, ParamSource } from '../../../shared/campaigns';
import { AppError } from '../../../shared/result';
import { checkTemplateParam, placeholdersOf, renderTemplateBody } from '../../../shared/template-params';

/**
 * The link between a template and a file: which column holds the numbers, and where each {{n}}
 * gets its value (a column, or one text for everyone). Nothing goes on while a placeholder is
 * unmapped.
 */

const listPlaceholders = (numbers: readonly number[]): string => {
  const names = numbers.map((n) => `{{${n}}}`);
  return names.length === 1 ? (names[0] as string) : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
};

function refuse(message: string, fields: Record<string, string[]>): AppError {
  return new AppError({ code: 'validation', message, fields });
}

export function buildMapping(input: Omit<MappingInput, 'draftId'>, columns: readonly string[]): Mapping {
  const { template } = input;
  const placeholders = template.body !== undefined ? placeholdersOf(template.body) : Array.from({ length: template.paramCount ?? 0 }, (_, i) => i + 1);
  const noColumn = 'That column is not in the file; choose another.';
  if (input.phoneColumn >= columns.length) throw refuse(noColumn, { phoneColumn: [noColumn] });
  const sources = new Map<number, ParamSource>();
  const fields: Record<string, string[]> = {};
  input.params.forEach(({ placeholder, source }, i) => {
    if (!placeholders.includes(placeholder)) fields[`params.${i}.placeholder`] = [`The template has no {{${placeholder}}}.`];
    else if (sources.has(placeholder)) fields[`params.${i}.placeholder`] = [`{{${placeholder}}} is mapped twice.`];
    else if (source.kind === 'column' && source.column >= columns.length) fields[`params.${i}.source`] = [noColumn];
    else if (source.kind === 'text') {
      const issue = checkTemplateParam(source.text);
      if (issue) fields[`params.${i}.source`] = [`The text for {{${placeholder}}}: ${issue.reason}`];
    }
    sources.set(placeholder, source);
  });
  const missing = placeholders.filter((n) => !sources.has(n));
  for (const n of missing) fields[`placeholders.${n}`] = [`Choose a column or type a text for {{${n}}}.`];
  if (missing.length > 0) throw refuse(`Choose a column or type a text for ${listPlaceholders(missing)}.`, fields);
  const first = Object.values(fields)[0]?.[0];
  if (first) throw refuse(first, fields);
  return {
    template: { name: template.name, body: template.body ?? null, language: template.language ?? null },
    placeholders,
    phoneColumn: input.phoneColumn,
    params: placeholders.map((n) => sources.get(n) as ParamSource),
  };
}

/** The values of {{1}}…{{n}} for one row, in the mapping's placeholder order. */
export function paramValues(mapping: Mapping, cells: readonly string[]): string[] {
  return mapping.params.map((source) => (source.kind === 'column' ? (cells[source.column] ?? '') : source.text));
}

/** The message as it will read for one row, when the body is known. */
export function renderedText(mapping: Mapping, values: readonly string[]): string | null {
  if (mapping.template.body === null) return null;
  const byNumber: string[] = [];
  mapping.placeholders.forEach((n, i) => (byNumber[n - 1] = values[i] ?? ''));
  return renderTemplateBody(mapping.template.body, byNumber);
}
