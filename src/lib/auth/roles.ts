// Roles a user can hold at an event (public.event_role in the database).

export const EVENT_ROLES = ['organiser', 'checkin_staff', 'exhibitor_member', 'attendee'] as const;
export type EventRole = (typeof EVENT_ROLES)[number];

export function isEventRole(value: string): value is EventRole {
  return (EVENT_ROLES as readonly string[]).includes(value);
}
