-- An organiser's download of an invoice or credit note (PDF or UBL XML) is an
-- export of personal data (the buyer's reference person, the attendees'
-- names): it goes into the audit log like the console's list exports, as an
-- 'exports' entry of the list 'invoices' with the document's number as its
-- detail. The download route calls this in the transaction that reads the
-- invoice, before the file is sent; it is also the gate: only an organiser of
-- the invoice's event gets past it. The buyer's own downloads from My page are
-- not organiser exports and are not logged.

create or replace function private.record_invoice_download(p_invoice_id uuid, p_format text) returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_actor uuid := (select auth.uid());
  v_invoice public.invoices;
  v_id bigint;
begin
  select * into v_invoice from public.invoices i where i.id = p_invoice_id;
  if v_actor is null or not found or not private.has_event_role(v_invoice.event_id, 'organiser') then
    raise exception 'only an organiser of the event may download its invoices' using errcode = 'insufficient_privilege';
  end if;
  if p_format is null or p_format not in ('pdf', 'xml') then
    raise exception 'an invoice downloads as pdf or xml' using errcode = 'invalid_parameter_value';
  end if;

  insert into public.audit_log (event_id, actor_id, table_name, row_key, row_label, action, before, after)
  values (
    v_invoice.event_id,
    v_actor,
    'exports',
    jsonb_build_object('list', 'invoices', 'id', v_invoice.id),
    'invoices',
    'insert',
    null,
    jsonb_build_object(
      'format', p_format,
      'columns', to_jsonb(array['number', 'buyer', 'reference_person', 'attendee_names', 'amounts']),
      'third_party', false,
      'detail', v_invoice.number,
      'kind', v_invoice.kind)
  )
  returning id into v_id;
  return v_id;
end
$$;
revoke execute on function private.record_invoice_download(uuid, text) from public, anon;
grant execute on function private.record_invoice_download(uuid, text) to authenticated;
