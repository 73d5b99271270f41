import { describe, expect, it } from 'vitest';
import { nextIndex } from '../../renderer/src/roving';

describe('where a key moves the focus in a one-Tab-stop group', () => {
  const list = { orientation: 'vertical', page: 5 } as const;
  const tabs = { orientation: 'horizontal' } as const;

  it('moves a list up and down, stopping at its ends', () => {
    expect(nextIndex('ArrowDown', 0, 3, list)).toBe(1);
    expect(nextIndex('ArrowDown', 2, 3, list)).toBe(2);
    expect(nextIndex('ArrowUp', 1, 3, list)).toBe(0);
    expect(nextIndex('ArrowUp', 0, 3, list)).toBe(0);
  });

  it('jumps to the ends with Home and End, and a page with Page Up/Down', () => {
    expect(nextIndex('Home', 120, 200, list)).toBe(0);
    expect(nextIndex('End', 3, 200, list)).toBe(199);
    expect(nextIndex('PageDown', 3, 200, list)).toBe(8);
    expect(nextIndex('PageDown', 197, 200, list)).toBe(199);
    expect(nextIndex('PageUp', 3, 200, list)).toBe(0);
  });

  it('wraps tabs around with the left and right arrows', () => {
    expect(nextIndex('ArrowRight', 0, 4, tabs)).toBe(1);
    expect(nextIndex('ArrowRight', 3, 4, tabs)).toBe(0);
    expect(nextIndex('ArrowLeft', 0, 4, tabs)).toBe(3);
    expect(nextIndex('End', 1, 4, tabs)).toBe(3);
    expect(nextIndex('ArrowDown', 1, 4, tabs)).toBeNull();
  });

  it('ignores other keys, empty groups, and clamps a remembered position past the end', () => {
    expect(nextIndex('Enter', 0, 3, list)).toBeNull();
    expect(nextIndex('ArrowRight', 0, 3, list)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0, list)).toBeNull();
    expect(nextIndex('ArrowUp', 9, 3, list)).toBe(1);
  });
});
