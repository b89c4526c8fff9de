// The ids of a field and of its hint and error, from the field's name
// ("attendees.0.email" → "attendees-0-email"), and the control's
// aria-describedby, which names only the parts that are shown.
export function fieldIds(
  name: string,
  shown: { hint?: string | undefined; error?: string | undefined },
): { id: string; describedBy: string | undefined } {
  const id = name.replace(/\./g, '-');
  const describedBy = [shown.hint && `${id}-hint`, shown.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return { id, describedBy };
}
