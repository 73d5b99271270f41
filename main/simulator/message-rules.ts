/**
 * The simulator's own reading of a WhatsApp message object, written from the API notes
 * (docs/smsglobal-api.md, "Message objects", after SMSGlobal's parameter tables) and nothing
 * else: it must not share the client's schemas (shared/messages.ts), or a mistake in those could
 * never show up in a test. Answers are Symfony-style sentences per field, which the server puts
 * in the documented `{"errors": {"<field>": {"errors": [...]}}}` body.
 */

export type FieldErrors = Record<string, string[]>;

/** A message object as the simulator stores it: only the fields the notes define. */
export type SimMessage = { type: string } & Record<string, string | number | boolean | string[]>;

/** A field's rule: the sentence saying what is wrong with `value`, or null. */
type Check = (value: unknown) => string | null;

const BLANK = 'This value should not be blank.';

const isBlank = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const string: Check = (value) => (typeof value === 'string' ? null : 'This value should be of type string.');

const requiredString: Check = (value) => (isBlank(value) ? BLANK : string(value));

const boolean: Check = (value) => (typeof value === 'boolean' ? null : 'This value should be of type bool.');

/** "Public url … Should be either HTTP or HTTPS link." */
const httpUrl: Check = (value) => {
  if (isBlank(value)) return BLANK;
  if (typeof value !== 'string') return 'This value should be of type string.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'This value is not a valid URL.';
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? null : 'This value is not a valid URL.';
};

const between =
  (min: number, max: number): Check =>
  (value) => {
    if (value === undefined || value === null) return BLANK;
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'This value should be of type float.';
    return value < min || value > max ? `This value should be between ${min} and ${max}.` : null;
  };

/** "params: String array": the array itself; each item is checked by `string` (see checkMessage). */
const array: Check = (value) => (Array.isArray(value) ? null : 'This value should be of type array.');

interface FieldRule {
  check: Check;
  required: boolean;
  /** Each item of the (array) value must pass this too. */
  items?: Check;
}

const required = (check: Check): FieldRule => ({ check, required: true });
const optional = (check: Check, items?: Check): FieldRule => (items ? { check, required: false, items } : { check, required: false });

/** The notes' table: every type, its fields, which are required and what each must be. */
const TYPES: Record<string, Record<string, FieldRule>> = {
  text: { text: required(requiredString), preview_url: optional(boolean) },
  template: { template_name: required(requiredString), params: optional(array, string) },
  image: { url: required(httpUrl), caption: optional(string) },
  video: { url: required(httpUrl), caption: optional(string) },
  document: { url: required(httpUrl), filename: optional(string), caption: optional(string) },
  audio: { url: required(httpUrl) },
  sticker: { url: required(httpUrl) },
  location: { lat: required(between(-90, 90)), lng: required(between(-180, 180)), name: optional(string), address: optional(string) },
};

type Stored = SimMessage[string];

/** The errors of one field (and of its items), keyed by path; empty when it passes. */
function checkField(path: string, value: unknown, rule: FieldRule): FieldErrors {
  const problem = rule.check(value);
  if (problem) return { [path]: [problem] };
  const errors: FieldErrors = {};
  if (rule.items && Array.isArray(value)) {
    const items = rule.items;
    value.forEach((item, i) => {
      const itemProblem = items(item);
      if (itemProblem) errors[`${path}.${i}`] = [itemProblem];
    });
  }
  return errors;
}

/**
 * Checks a send's `message`. Answers the message with only its defined fields, or the errors
 * per field ("message.<field>"), never both.
 */
export function checkMessage(input: unknown): { message: SimMessage } | { errors: FieldErrors } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { errors: { message: ['This value should be of type object.'] } };
  const record = input as Record<string, unknown>;
  const type = record['type'];
  if (isBlank(type)) return { errors: { 'message.type': [BLANK] } };
  const rules = typeof type === 'string' ? TYPES[type] : undefined;
  if (typeof type !== 'string' || !rules) return { errors: { 'message.type': [`The value you selected is not a valid choice. Use one of: ${Object.keys(TYPES).join(', ')}.`] } };
  let errors: FieldErrors = {};
  const message: SimMessage = { type };
  for (const [name, rule] of Object.entries(rules)) {
    const value = record[name];
    if (value === undefined && !rule.required) continue;
    const fieldErrors = checkField(`message.${name}`, value, rule);
    if (Object.keys(fieldErrors).length > 0) errors = { ...errors, ...fieldErrors };
    // Passed its checks: a string, number, boolean or string array.
    else message[name] = value as Stored;
  }
  return Object.keys(errors).length > 0 ? { errors } : { message };
}

/** The list and get answers' `message` string: the text of a text message, the object's JSON otherwise. */
export function storedMessage(message: SimMessage): string {
  return message.type === 'text' && typeof message['text'] === 'string' ? message['text'] : JSON.stringify(message);
}
