// The programme filter in the browser: ProgrammeFilter.astro's form filters on
// the server; with this script the selects filter the list already on the page
// at once (each session carries its track and kind as data attributes; the
// server marks the ones outside the filter `hidden`) and keep the URL in step.
import { formatMessage, type Message } from '../../lib/i18n/message-format.ts';

const form = document.querySelector<HTMLFormElement>('form[data-programme-filter]');
const list = document.querySelector<HTMLElement>('[data-programme-list]');
if (form && list) enhance(form, list);

function enhance(form: HTMLFormElement, list: HTMLElement) {
  const track = form.querySelector<HTMLSelectElement>('select[name="spor"]');
  const kind = form.querySelector<HTMLSelectElement>('select[name="type"]');
  const reset = form.querySelector<HTMLAnchorElement>('[data-programme-reset]');
  const status = document.querySelector<HTMLElement>('[data-programme-count]');
  const empty = document.querySelector<HTMLElement>('[data-programme-empty]');
  if (!track || !kind || !reset || !status || !empty) return;

  const countMessage = JSON.parse(form.dataset['count'] ?? '""') as Message;
  const locale = form.dataset['locale'] ?? 'da';
  const emptyText = empty.dataset['programmeEmpty'] ?? '';
  const slots = [...list.querySelectorAll<HTMLElement>('[data-slot]')].map((slot) => ({
    slot,
    items: [...slot.querySelectorAll<HTMLElement>('[data-kind]')],
  }));
  const total = slots.reduce((sum, { items }) => sum + items.length, 0);

  // The submit button is for visitors without JavaScript; here the selects filter at once.
  form.querySelector('button[type="submit"]')?.remove();

  const apply = () => {
    let shown = 0;
    for (const { slot, items } of slots) {
      let any = false;
      for (const item of items) {
        const match =
          (track.value === '' || item.dataset['track'] === track.value) &&
          (kind.value === '' || item.dataset['kind'] === kind.value);
        item.hidden = !match;
        if (match) {
          any = true;
          shown += 1;
        }
      }
      slot.hidden = !any;
    }
    reset.hidden = track.value === '' && kind.value === '';
    // Only real changes, so the live regions announce nothing else.
    const count = formatMessage(countMessage, locale, { shown, total, count: total });
    if (status.textContent?.trim() !== count) status.textContent = count;
    const nothing = shown === 0;
    if (nothing !== empty.childElementCount > 0) {
      if (nothing) {
        const message = document.createElement('p');
        message.textContent = emptyText;
        empty.replaceChildren(message);
      } else empty.replaceChildren();
    }
  };

  const syncUrl = () => {
    const url = new URL(window.location.href);
    if (track.value) url.searchParams.set('spor', track.value);
    else url.searchParams.delete('spor');
    if (kind.value) url.searchParams.set('type', kind.value);
    else url.searchParams.delete('type');
    history.replaceState(history.state, '', url);
  };

  const update = () => {
    apply();
    syncUrl();
  };

  track.addEventListener('change', update);
  kind.addEventListener('change', update);
  form.addEventListener('submit', (event) => {
    // Already applied as the selects changed.
    event.preventDefault();
    update();
  });
  reset.addEventListener('click', (event) => {
    event.preventDefault();
    track.value = '';
    kind.value = '';
    update();
  });

  // The browser may have restored other select values (back/forward): show what they say.
  apply();
}
