// Linked highlights (a formula symbol ↔ the figure it stands for) that work without a
// mouse. Spread the returned handlers on the element that links: a mouse lights it while
// over it; a tap or click lights it until another is tapped (a touch's pointerleave right
// after the tap is ignored, else the highlight would only flash); keyboard focus inside it
// lights it until focus leaves. Nested linked elements: the innermost wins, as with hover.

export interface LinkedFocusHandlers {
  onpointerenter: (event: PointerEvent) => void;
  onpointerleave: (event: PointerEvent) => void;
  onpointerdown: (event: PointerEvent) => void;
  onfocusin: (event: FocusEvent) => void;
  onfocusout: (event: FocusEvent) => void;
}

/** Events already claimed by an inner linked element (pointerdown and focusin bubble). */
const claimed = new WeakSet<Event>();

export function linkedFocus<T>(set: (value: T) => void, value: T, leaveTo: T): LinkedFocusHandlers {
  const claim = (event: Event) => {
    if (claimed.has(event)) return;
    claimed.add(event);
    set(value);
  };
  return {
    onpointerenter: (event) => {
      if (event.pointerType !== 'touch') set(value);
    },
    onpointerleave: (event) => {
      if (event.pointerType !== 'touch') set(leaveTo);
    },
    onpointerdown: claim,
    onfocusin: claim,
    onfocusout: (event) => {
      const next = event.relatedTarget as Node | null;
      if (!next || !(event.currentTarget as Node).contains(next)) set(leaveTo);
    },
  };
}
