// The booking form's script (BookingPanel.astro): "Book" posts the form's
// fields as JSON to the booking endpoint (src/pages/api/booking.ts, answered
// before Astro by the built server's fast lane) and goes to the page the
// answer names, which shows the outcome — the page the form's own post would
// have been redirected to, for a fraction of the server's work in a rush
// (#16). Any other answer (a refusal, a busy or absent server, no network)
// sends the form itself, so the form's action answers it in words at the form,
// exactly as without JavaScript. Nothing is booked twice: a refusal booked
// nothing, and a second post of a booking made is "already booked".

const FORM = 'form[data-book-api]';

async function bookOverApi(form: HTMLFormElement, endpoint: string): Promise<boolean> {
  const fields = new FormData(form);
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        event: fields.get('event'),
        session: fields.get('session'),
        swap: fields.get('swap') === 'on',
        back: fields.get('back'),
      }),
    });
    if (!response.ok) return false;
    const answer = (await response.json()) as { ok?: boolean; location?: unknown };
    if (answer.ok !== true || typeof answer.location !== 'string' || !answer.location.startsWith('/')) return false;
    window.location.assign(answer.location);
    return true;
  } catch {
    return false;
  }
}

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !form.matches(FORM)) return;
  const endpoint = form.dataset['bookApi'];
  if (!endpoint) return;
  event.preventDefault();
  // One post per click: a second click while the first is on its way does nothing.
  if (form.getAttribute('aria-busy') === 'true') return;
  form.setAttribute('aria-busy', 'true');
  void bookOverApi(form, endpoint).then((booked) => {
    if (!booked) form.submit();
  });
});
