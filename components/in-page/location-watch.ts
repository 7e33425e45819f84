/**
 * Calls back when the page's URL changes without a load (LinkedIn and X are single-page apps).
 * Our own, not WXT's `wxt:locationchange`: WXT stops that one when its content-script context is
 * invalidated, and a page can forge the event that invalidates it (see content-app.ts).
 */
interface NavigationLike {
  addEventListener(type: 'navigatesuccess', listener: () => void): void;
  removeEventListener(type: 'navigatesuccess', listener: () => void): void;
}

export function watchLocation(onChange: () => void, pollMs = 1000): () => void {
  let last = location.href;
  const check = () => {
    if (location.href === last) return;
    last = location.href;
    onChange();
  };
  const navigation = (globalThis as { navigation?: NavigationLike }).navigation;
  navigation?.addEventListener('navigatesuccess', check);
  // pushState does not fire navigatesuccess everywhere (and Firefox has no Navigation API).
  const timer = setInterval(check, pollMs);
  return () => {
    navigation?.removeEventListener('navigatesuccess', check);
    clearInterval(timer);
  };
}
