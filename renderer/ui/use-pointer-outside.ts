import { useEffect, type RefObject } from 'react';

/** While `active`, a pointer pressed anywhere outside `root` calls `onOutside` (popovers close this way). */
export function usePointerOutside(root: RefObject<HTMLElement | null>, active: boolean, onOutside: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onPointer = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) onOutside();
    };
    document.addEventListener('mousedown', onPointer);
    return () => document.removeEventListener('mousedown', onPointer);
  }, [root, active, onOutside]);
}
