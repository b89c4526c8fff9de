// The seat line of a session that needs booking ("12 of 40 seats left", "All
// 40 seats are free", "The only seat is booked"), in one place for the server
// (BookingPanel, ProgrammeList) and the live counts in the browser (SeatCount,
// programme-seats.ts). Pure and free of the dictionary, so islands can use it
// with the three messages the page hands them; each message picks its plural
// form through Intl.PluralRules (formatMessage).
import { formatMessage, type Message } from '../i18n/message-format.ts';

export interface SeatLabels {
  /** Some seats taken, some left: counted by the seats left, out of the capacity. */
  left: Message;
  /** Nobody has booked yet: counted by the capacity ("All 40 seats are free", "The only seat is free"). */
  allFree: Message;
  /** Every seat taken: counted by the capacity. */
  full: Message;
}

export function seatText(labels: SeatLabels, locale: string, seats: { capacity: number; left: number }): string {
  if (seats.left <= 0) return formatMessage(labels.full, locale, { count: seats.capacity });
  if (seats.left >= seats.capacity) return formatMessage(labels.allFree, locale, { count: seats.capacity });
  return formatMessage(labels.left, locale, { count: seats.left, capacity: seats.capacity });
}
