import { describe, expect, it } from 'vitest';
import { parseJsonBody, quoteLargeIntegers } from '../../../../main/core/api/json';

describe('big integer ids', () => {
  it('keeps ids above 2^53 exact by reading them as strings', () => {
    const body = parseJsonBody('{"messages":[{"id":9007199254740993},{"id":9007199254740994}],"total":2}') as {
      messages: { id: string }[];
      total: number;
    };
    expect(body.messages.map((m) => m.id)).toEqual(['9007199254740993', '9007199254740994']);
    expect(body.total).toBe(2);
  });

  it('never touches numbers inside strings, escapes included', () => {
    const json = '{"message":"order \\"id\\": 12345678901234567890","id":12345678901234567890,"lat":-33.8688,"n":-9007199254740999}';
    const body = parseJsonBody(json) as Record<string, unknown>;
    expect(body['message']).toBe('order "id": 12345678901234567890');
    expect(body['id']).toBe('12345678901234567890');
    expect(body['lat']).toBe(-33.8688);
    expect(body['n']).toBe('-9007199254740999');
  });

  it('leaves safe integers and floats alone', () => {
    expect(quoteLargeIntegers('{"a":9007199254740991,"b":1.5e300}')).toBe('{"a":9007199254740991,"b":1.5e300}');
  });

  it('answers null for bodies that are not JSON', () => {
    expect(parseJsonBody('<html>502 Bad Gateway</html>')).toBeNull();
    expect(parseJsonBody('Unknown Authentication Error')).toBeNull();
    expect(parseJsonBody('')).toBeNull();
    expect(parseJsonBody('{"messages": [')).toBeNull();
  });
});
