import { describe, expect, it } from 'vitest';
import { linkedFocus } from './linkedFocus';

const pointer = (pointerType: string) => ({ pointerType }) as PointerEvent;

describe('linkedFocus', () => {
  it('follows a mouse in and out, but a touch only sets (its leave comes right after the tap)', () => {
    let shown: string | null = null;
    const handlers = linkedFocus<string | null>((value) => (shown = value), 'Q', null);
    handlers.onpointerenter(pointer('mouse'));
    expect(shown).toBe('Q');
    handlers.onpointerleave(pointer('mouse'));
    expect(shown).toBeNull();
    handlers.onpointerenter(pointer('touch'));
    expect(shown).toBeNull();
    handlers.onpointerdown(pointer('touch'));
    expect(shown).toBe('Q');
    handlers.onpointerleave(pointer('touch'));
    expect(shown).toBe('Q');
  });

  it('lets the innermost of nested linked elements claim a bubbling event', () => {
    let shown = 'none';
    const inner = linkedFocus((value: string) => (shown = value), 'inner', 'outer');
    const outer = linkedFocus((value: string) => (shown = value), 'outer', 'none');
    const event = new Event('focusin') as FocusEvent;
    inner.onfocusin(event);
    outer.onfocusin(event);
    expect(shown).toBe('inner');
  });

  it('clears when focus leaves the element, not when it moves inside it', () => {
    let shown: string | null = 'K';
    const handlers = linkedFocus<string | null>((value) => (shown = value), 'K', null);
    const child = {} as Node;
    const element = { contains: (node: Node) => node === child } as Node;
    handlers.onfocusout({ currentTarget: element, relatedTarget: child } as unknown as FocusEvent);
    expect(shown).toBe('K');
    handlers.onfocusout({ currentTarget: element, relatedTarget: null } as unknown as FocusEvent);
    expect(shown).toBeNull();
  });
});
