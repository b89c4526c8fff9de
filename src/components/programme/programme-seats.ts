// Keeps the programme's seat counts (ProgrammeList.astro) live: one poller for
// the page, and only the counts that changed are rewritten, so their live
// regions announce nothing else.
import { pollSeats } from '../../lib/booking/seat-poller.ts';
import { seatText, type SeatLabels } from '../../lib/booking/seat-text.ts';

const list = document.querySelector<HTMLElement>('[data-programme-list]');
const counts = list ? [...list.querySelectorAll<HTMLElement>('[data-session-id]')] : [];
const url = list?.dataset['seatsUrl'];

if (list && url && counts.length > 0) {
  const locale = list.dataset['locale'] ?? 'da';
  const labels = JSON.parse(list.dataset['seatLabels'] ?? '{}') as SeatLabels;
  pollSeats(url, (seats) => {
    for (const count of counts) {
      const current = seats[count.dataset['sessionId'] ?? ''];
      if (!current) continue;
      const text = seatText(labels, locale, current);
      if (count.textContent?.trim() !== text) count.textContent = text;
      count.classList.toggle('full', current.left === 0);
    }
  });
}
