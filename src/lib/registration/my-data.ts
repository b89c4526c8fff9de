// The person's data export (GDPR access): its shape as private.export_my_data
// returns it, and how the readable view lays it out. Pure: no I/O.

/** One row of a section: field name → value as JSON gives it. */
export type MyDataRow = Record<string, unknown>;

export const MY_DATA_SECTIONS = [
  'tickets',
  'ordersPlaced',
  'waitlist',
  'bookings',
  'checkIns',
  'sessionAttendance',
  'calendarFeeds',
  'solutions',
  'solutionTeams',
  'solutionReviews',
  'eventRoles',
  'emails',
  'signInSessions',
  'signInCodes',
  'sessionNotes',
  'solutionContacts',
  'sessionFeedback',
  'surveyAnswers',
  'broadcastEmails',
  'emailPreferences',
  'contactCard',
  'contactCodes',
  'contacts',
  'sessionQuestions',
  'questionVotes',
  'awardVotes',
  'exhibitorLeads',
  'invoicingDetails',
] as const;
export type MyDataSection = (typeof MY_DATA_SECTIONS)[number];

export type MyData = { exportedAt: string; account: MyDataRow | null } & Record<MyDataSection, MyDataRow[]>;

/**
 * A value as the readable view shows it; dates and money are left to the page, which
 * knows the language. Amounts are stored in øre in fields named `…Ore` (priceOre,
 * totalOre, refundedOre); the view shows them as DKK, never as a raw number of øre.
 */
export type MyDataCell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'yes-no'; value: boolean }
  | { kind: 'time'; at: Date }
  | { kind: 'money'; ore: number };

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:?\d{2}|Z)$/;

export function myDataCell(value: unknown, field = ''): MyDataCell {
  if (value === null || value === undefined || value === '') return { kind: 'empty' };
  if (field.endsWith('Ore') && (typeof value === 'number' || (typeof value === 'string' && /^-?\d+$/.test(value)))) {
    const ore = Number(value);
    if (Number.isSafeInteger(ore)) return { kind: 'money', ore };
  }
  if (typeof value === 'boolean') return { kind: 'yes-no', value };
  if (typeof value === 'string' && ISO_TIME.test(value)) return { kind: 'time', at: new Date(value) };
  if (Array.isArray(value) && value.length === 0) return { kind: 'empty' };
  if (typeof value === 'object') return { kind: 'text', text: JSON.stringify(value) };
  return { kind: 'text', text: String(value) };
}

/** The fields of a section's rows, in the order they first appear. */
export function myDataFields(rows: readonly MyDataRow[]): string[] {
  const fields = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) fields.add(key);
  return [...fields];
}
