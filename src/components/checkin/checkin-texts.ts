// The check-in app's words and clock times: the dictionary's messages the
// page handed in, formatted in the browser in the page's language, and times
// in Copenhagen. Every part of the app reads its text through one of these.
import type { VerdictBooking } from '../../lib/checkin/checkin.ts';
import type { PackSession } from '../../lib/checkin/offline.ts';
import { formatFullDateTime } from '../../lib/i18n/format.ts';
import { formatMessage, type Message } from '../../lib/i18n/message-format.ts';

export class CheckinTexts {
  readonly #labels: Record<string, Message>;
  readonly #locale: string;
  readonly #lang: 'da' | 'en';
  readonly #withSeconds: Intl.DateTimeFormat;
  readonly #short: Intl.DateTimeFormat;

  constructor(labels: Record<string, Message>, locale: string, lang: 'da' | 'en') {
    this.#labels = labels;
    this.#locale = locale;
    this.#lang = lang;
    this.#withSeconds = new Intl.DateTimeFormat(locale, {
      timeZone: 'Europe/Copenhagen',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    this.#short = new Intl.DateTimeFormat(locale, {
      timeZone: 'Europe/Copenhagen',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  /** A message by key; an unknown key shows as itself. */
  tr(key: string, params: Record<string, string | number> = {}): string {
    return formatMessage(this.#labels[key] ?? key, this.#locale, params);
  }

  /** "14:05", or nothing for no time. */
  time(iso: string | null | undefined): string {
    return iso ? this.#short.format(new Date(iso)) : '';
  }

  /** "14:05:09", or nothing for no time: for the queue and the last sync. */
  timeWithSeconds(iso: string | null | undefined): string {
    return iso ? this.#withSeconds.format(new Date(iso)) : '';
  }

  /** "tirsdag den 23. februar 2027 kl. 09.00": when a ticket opens or closed, in Copenhagen, as pages write it. */
  dayAndTime(iso: string): string {
    return formatFullDateTime(this.#lang, new Date(iso));
  }

  /**
   * Why a scan got its verdict, in words; a code without words shows as
   * itself. A code refused for its time window says when it opens or closed.
   */
  reason(code: string, window: { validFrom?: string | null; validUntil?: string | null } = {}): string {
    if (code === 'not_yet_valid' && window.validFrom) {
      return this.tr('checkinRehearsal.notYetValidFrom', { when: this.dayAndTime(window.validFrom) });
    }
    if (code === 'expired' && window.validUntil) {
      return this.tr('checkinRehearsal.expiredAt', { when: this.dayAndTime(window.validUntil) });
    }
    const key = `checkin.reason.${code}`;
    return key in this.#labels ? this.tr(key) : code;
  }

  /** A ticket's status as the desk search shows it. */
  ticketStatus(status: string): string {
    const key = `checkin.search.status.${status}`;
    return key in this.#labels ? this.tr(key) : status;
  }

  /** "14:00 Title · Room", for the session picker. */
  sessionLabel(session: Pick<PackSession, 'title' | 'titleEn' | 'startsAt' | 'room'>): string {
    return `${this.time(session.startsAt)} ${this.#title(session)}${session.room ? ` · ${session.room}` : ''}`;
  }

  /** "14:00 – Title · Room", for the sessions a green verdict lists. */
  bookingLine(booking: VerdictBooking): string {
    return `${this.time(booking.startsAt)} – ${this.#title(booking)}${booking.room ? ` · ${booking.room}` : ''}`;
  }

  #title(session: { title: string; titleEn: string | null }): string {
    return this.#lang === 'en' && session.titleEn ? session.titleEn : session.title;
  }
}
