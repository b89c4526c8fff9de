// Keeps a server-rendered part of a page live without a framework: every few
// seconds fetch the page again and swap the element with `id` in — unless
// paused by the button (WCAG 2.2.2), the tab is hidden, or focus is inside the
// element (someone is about to press one of its buttons). Works across server
// instances and through any pooler: it is just a GET.
export function startLiveSwap(id: string, pauseButtonId: string, everyMs = 5_000): void {
  const pause = document.getElementById(pauseButtonId);
  let paused = false;
  pause?.addEventListener('click', () => {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
  });
  const busy = () => {
    const element = document.getElementById(id);
    return !element || element.contains(document.activeElement);
  };
  setInterval(async () => {
    if (paused || document.hidden || busy()) return;
    try {
      // Without the one-off notice of a post (?sendt=…).
      const url = new URL(location.href);
      url.searchParams.delete('sendt');
      const response = await fetch(url, { headers: { accept: 'text/html' }, cache: 'no-store' });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById(id);
      const current = document.getElementById(id);
      if (fresh && current && !busy()) current.replaceWith(fresh);
    } catch {
      // Offline for a moment: the next round tries again.
    }
  }, everyMs);
}
