import { describe, expect, it } from 'vitest';
import { liveErrors, type FieldErrors } from '../../renderer/src/hooks/live-errors';

type Values = { to: string; 'message.text': string };
const check = (values: Values) => (): FieldErrors => ({
  ...(values.to.trim() === '' ? { to: ['Enter a phone number.'] } : {}),
  ...(values['message.text'].length > 10 ? { 'message.text': ['At most 10 characters.'] } : {}),
});

describe('field errors that follow the input', () => {
  it('drops a field’s error as soon as its value is right, and shows the new problem while it is not', () => {
    const at: Values = { to: '', 'message.text': 'far too long a text' };
    const shown = { to: ['Enter a phone number.'], 'message.text': ['At most 10 characters.'] };
    expect(liveErrors(shown, at, at, check(at))).toEqual(shown);
    const typed: Values = { to: '0412 345 678', 'message.text': 'far too long a text' };
    expect(liveErrors(shown, at, typed, check(typed))).toEqual({ 'message.text': ['At most 10 characters.'] });
    const shortened: Values = { to: '0412 345 678', 'message.text': 'short' };
    expect(liveErrors(shown, at, shortened, check(shortened))).toEqual({});
    const emptiedAgain: Values = { to: ' ', 'message.text': 'short' };
    expect(liveErrors(shown, at, emptiedAgain, check(emptiedAgain))).toEqual({ to: ['Enter a phone number.'] });
  });

  it('keeps a server’s refusal while its value is unchanged, and errors that belong to no field', () => {
    const at = { 'message.url': 'https://shop.example/a.pdf', 'message.caption': '' };
    const shown = { 'message.url': ['This link serves application/pdf.'], _: ['The account changed.'] };
    const captioned = { ...at, 'message.caption': 'Front view' };
    expect(liveErrors(shown, at, captioned, () => ({}))).toEqual(shown);
    const relinked = { ...at, 'message.url': 'https://shop.example/a.jpg' };
    expect(liveErrors(shown, at, relinked, () => ({}))).toEqual({ _: ['The account changed.'] });
  });

  it('never shows an error for a field that had none', () => {
    const at: Values = { to: '0412 345 678', 'message.text': '' };
    const later: Values = { to: '', 'message.text': 'far too long a text' };
    expect(liveErrors({}, at, later, check(later))).toEqual({});
  });
});
