// The desk's search for an attendee by name, organisation or reference: the
// server's answer when it gives one, else the device's kept pack. Kept beside
// the device (not in the search part) so a gate change keeps the results.
import { type FoundAttendee, searchOnline } from '../../lib/checkin/device/sync.ts';
import type { CheckinDevice } from './checkin-device.svelte.ts';

/** When a row was checked in from here; outside the class for the same reason as checkin-device.svelte.ts's clock. */
const checkedInNow = () => new Date().toISOString();

export class DeskSearch {
  readonly #device: CheckinDevice;
  readonly #eventId: string;

  query = $state('');
  #results = $state.raw<FoundAttendee[]>([]);
  #searched = $state(false);
  #offline = $state(false);

  constructor(device: CheckinDevice, eventId: string) {
    this.#device = device;
    this.#eventId = eventId;
  }

  get results() {
    return this.#results;
  }
  /** Whether a search has run, so "no one found" is not shown before one. */
  get searched() {
    return this.#searched;
  }
  /** Whether the results came from the kept pack rather than the server. */
  get offline() {
    return this.#offline;
  }

  async search() {
    if (this.query.trim().length < 2) return;
    const result = navigator.onLine ? await searchOnline(this.#eventId, this.query.trim()) : null;
    if (result?.ok) {
      this.#results = result.attendees;
      this.#offline = false;
    } else {
      if (result && !result.ok) this.#device.noteFailure(result.reason);
      this.#results = this.#device.searchKept(this.query);
      this.#offline = true;
    }
    this.#searched = true;
  }

  /** Checks a found attendee in at the door; a green verdict marks the row checked in. */
  async checkIn(ticketId: string, revision: number) {
    await this.#device.handle({ manual: { ticketId, revision } });
    this.#results = this.#results.map((row) =>
      row.ticketId === ticketId && this.#device.shown?.code === 'ok' ? { ...row, checkedInAt: checkedInNow() } : row,
    );
  }
}
