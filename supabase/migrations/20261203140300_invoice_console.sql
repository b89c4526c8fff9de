-- The organiser's side of invoices (#15 item 4): reminders for overdue
-- invoices, each step at most once. (Settings, marking paid and the list need
-- nothing new: invoice_settings and invoices carry version, audit and the
-- organiser's RLS from 20261203140100_invoices.sql.)
--
-- Reminders: an invoice that is neither paid nor credited in full gets
-- reminder 1 three days after it fell due, 2 after fourteen and 3 after
-- twenty-eight (private.invoice_reminder_offset), one step per run however
-- late the run. A step is one row of private.invoice_reminders, whose key
-- (invoice, step) refuses a second; the row, the invoice's reminders_sent and
-- the email's outbox row are written in one transaction, and the email's
-- idempotency key ('invoice-reminder/<invoice>/<step>') is the provider's
-- Idempotency-Key too. So however many servers run the job, and however often
-- an organiser presses "send reminders now", a buyer gets each reminder once.

create table private.invoice_reminders (
  invoice_id uuid not null references public.invoices (id),
  step smallint not null check (step between 1 and 3),
  sent_at timestamptz not null default now(),
  -- The outbox email (and job) that carries it.
  email_id uuid not null,
  primary key (invoice_id, step)
);

alter table private.invoice_reminders enable row level security;
revoke all on table private.invoice_reminders from public, anon, authenticated;
grant select, insert on table private.invoice_reminders to service_role;

create policy "Invoice reminders are recorded by the service role only"
  on private.invoice_reminders for all
  to service_role
  using (true)
  with check (true);

-- How long after the due moment reminder `p_step` is due (null past the last).
create or replace function private.invoice_reminder_offset(p_step integer) returns interval
language sql
immutable
set search_path = ''
as $$
  select (array[interval '3 days', interval '14 days', interval '28 days'])[p_step]
$$;
revoke execute on function private.invoice_reminder_offset(integer) from public;

-- Queues every due reminder (of one event, or of all when p_event_id is null)
-- as of p_now, and returns how many. Links point at the buyer's My page under
-- p_origin. Rows another run holds are skipped, not waited for: that run
-- sends them.
create or replace function private.queue_due_invoice_reminders(
  p_event_id uuid,
  p_now timestamptz,
  p_origin text
) returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_invoice record;
  v_email uuid;
  v_count integer := 0;
begin
  if p_origin is null or p_origin !~ '^https?://[^/\s]+$' then
    raise exception 'an origin like https://example.org is needed for the links' using errcode = 'invalid_parameter_value';
  end if;
  for v_invoice in
    select i.id, i.number, i.language, i.issue_date, i.due_date, i.seller, i.buyer, i.reminders_sent + 1 as step,
           i.gross_ore - coalesce((select sum(c.gross_ore) from public.invoices c where c.credits_invoice_id = i.id), 0)
             as outstanding_ore,
           e.timezone
      from public.invoices i
      join public.events e on e.id = i.event_id
     where i.kind = 'invoice'
       and i.paid_at is null
       and (p_event_id is null or i.event_id = p_event_id)
       and i.reminders_sent < 3
       and p_now >= i.due_at + private.invoice_reminder_offset(i.reminders_sent + 1)
       and e.personal_data_anonymised_at is null
       and i.buyer ->> 'email' is not null
     order by i.due_at, i.number
       for update of i skip locked
  loop
    continue when v_invoice.outstanding_ore <= 0;
    insert into private.invoice_reminders (invoice_id, step, email_id)
    values (v_invoice.id, v_invoice.step, gen_random_uuid())
    on conflict do nothing;
    continue when not found;

    select q.id into v_email
      from private.enqueue_email(
        'invoice-reminder/' || v_invoice.id || '/' || v_invoice.step,
        v_invoice.buyer ->> 'email',
        v_invoice.language,
        'invoice-reminder',
        jsonb_strip_nulls(jsonb_build_object(
          'recipientName', coalesce(v_invoice.buyer ->> 'reference_person', v_invoice.buyer ->> 'organisation_name'),
          'organisationName', v_invoice.buyer ->> 'organisation_name',
          'eventName', coalesce(v_invoice.seller ->> 'event_name', v_invoice.seller ->> 'name'),
          'invoiceNumber', v_invoice.number,
          'issueDate', v_invoice.issue_date::text,
          'dueDate', v_invoice.due_date::text,
          'amountOre', v_invoice.outstanding_ore,
          'step', v_invoice.step,
          'orderReference', v_invoice.buyer ->> 'order_reference',
          'sellerName', v_invoice.seller ->> 'name',
          'sellerEmail', v_invoice.seller ->> 'email',
          'bankReg', v_invoice.seller ->> 'bank_reg',
          'bankAccount', v_invoice.seller ->> 'bank_account',
          'iban', v_invoice.seller ->> 'iban',
          'myPageUrl', p_origin || case when v_invoice.language = 'en' then '/en/min-side' else '/min-side' end)),
        false) q;
    update private.invoice_reminders r set email_id = v_email
     where r.invoice_id = v_invoice.id and r.step = v_invoice.step;
    update public.invoices i set reminders_sent = v_invoice.step, reminded_at = greatest(now(), i.reminded_at)
     where i.id = v_invoice.id;
    v_count := v_count + 1;
  end loop;
  return v_count;
end
$$;
revoke execute on function private.queue_due_invoice_reminders(uuid, timestamptz, text) from public, anon, authenticated;
grant execute on function private.queue_due_invoice_reminders(uuid, timestamptz, text) to service_role;

-- "Send reminders now" in the console: the event's due reminders, as of now,
-- for one of its organisers.
create or replace function private.send_invoice_reminders(p_event_id uuid, p_origin text) returns integer
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (select auth.uid()) is null or not private.has_event_role(p_event_id, 'organiser') then
    raise exception 'only an organiser of the event may send its reminders' using errcode = 'insufficient_privilege';
  end if;
  return private.queue_due_invoice_reminders(p_event_id, now(), p_origin);
end
$$;
revoke execute on function private.send_invoice_reminders(uuid, text) from public, anon;
grant execute on function private.send_invoice_reminders(uuid, text) to authenticated;

-- The reminder email joins the outbox's list (read from the existing
-- constraint, so other migrations' templates stay whatever the order).
do $$
declare
  v_names text[];
begin
  -- The constraint reads either "template in ('a', 'b')" or, once rewritten
  -- like this, "template = any ('{a,b}'::text[])": take the names from both.
  select array_agg(distinct name order by name)
    into v_names
    from pg_constraint c,
         regexp_matches(pg_get_constraintdef(c.oid), '''([^'']+)''', 'g') as m,
         unnest(case when m[1] like '{%}' then string_to_array(trim(both '{}' from m[1]), ',') else array[m[1]] end) as name
   where c.conrelid = 'private.outbox_emails'::regclass
     and c.conname = 'outbox_emails_template_check';
  if v_names is null then
    raise exception 'outbox_emails_template_check not found';
  end if;
  if not 'invoice-reminder' = any (v_names) then
    v_names := v_names || array['invoice-reminder'];
  end if;
  alter table private.outbox_emails drop constraint outbox_emails_template_check;
  execute format(
    'alter table private.outbox_emails add constraint outbox_emails_template_check check (template = any (%L::text[]))',
    v_names
  );
end
$$;
