// My page's contact requests, kept current while the person's contact QR is
// on screen: every few seconds the fragment at the region's data-live-src is
// fetched and, only when it differs, put in place, so the live region
// announces a new request once. Skipped while the tab is hidden or focus is
// inside the region (someone is about to press Accept). Just a GET: works
// across server instances and through any pooler.
const EVERY_MS = 6_000;

export function followContactRequests(id: string): void {
  const region = document.getElementById(id);
  const source = region?.dataset.liveSrc;
  if (!region || !source) return;
  let shown = region.innerHTML.trim();
  setInterval(async () => {
    if (document.hidden || region.contains(document.activeElement)) return;
    try {
      const response = await fetch(source, { headers: { accept: 'text/html' }, cache: 'no-store' });
      if (!response.ok) return;
      const fresh = (await response.text()).trim();
      if (fresh === shown || region.contains(document.activeElement)) return;
      region.innerHTML = fresh;
      shown = fresh;
    } catch {
      // Offline for a moment: the next round tries again.
    }
  }, EVERY_MS);
}
