import { useCallback, useEffect, useRef } from 'react';

/** How long a control mounted anew still gets the focus back. */
const RETURN_WINDOW_MS = 10_000;

/**
 * Gives focus back to the control that opened a dialog once it closes, also
 * when the control is mounted anew meanwhile: Create workspace moves from
 * the empty state into the grid as the first workspace appears, and MUI's
 * own restore would leave focus on the page's body. The next element the
 * ref gets within a few seconds takes focus, unless the user has pressed a
 * key or pointed somewhere since.
 */
export function useFocusReturn<T extends HTMLElement>() {
  const node = useRef<T | null>(null);
  const pending = useRef<() => void>();

  const ref = useCallback((element: T | null) => {
    node.current = element;
    if (element && pending.current) {
      // after the commit that mounts it: MUI's ButtonBase mounts its ripple
      // in an effect, and a focus before that throws in its own effect
      window.requestAnimationFrame(() =>
        window.setTimeout(() => {
          if (pending.current && element.isConnected) element.focus();
        }),
      );
    }
  }, []);

  const returnFocus = useCallback(() => {
    pending.current?.();
    const returnWindow = { timer: 0 };
    const stop = () => {
      window.clearTimeout(returnWindow.timer);
      document.removeEventListener('pointerdown', stop, true);
      document.removeEventListener('keydown', stop, true);
      pending.current = undefined;
    };
    returnWindow.timer = window.setTimeout(stop, RETURN_WINDOW_MS);
    document.addEventListener('pointerdown', stop, true);
    document.addEventListener('keydown', stop, true);
    pending.current = stop;
    node.current?.focus();
  }, []);

  useEffect(() => () => pending.current?.(), []);

  return { ref, returnFocus };
}
