-- Checkout by invoice (#15 items 1, 3 and 5), on the invoice data model of
-- 20261203140100_invoices.sql.
--
-- * private.register_by_invoice: the registration form's "pay by invoice".
--   In ONE transaction: the order and its tickets as private.register_once
--   makes them (capacity, duplicates, access codes, the form's idempotency
--   key), confirmed at once (status 'paid', payment_method 'invoice', tickets
--   valid, seats taken), the buyer's invoicing details, the invoice
--   (private.issue_invoice) and, for a signed-in buyer who asks for it, the
--   details remembered for next time. Anything refused writes nothing.
-- * EAN (GLN) and CVR numbers are checked by their check digits here too, not
--   only in the form (src/lib/invoice/identifiers.ts is the same rule).
-- * Cancelling a ticket of an invoice order with "give the money back" (the
--   attendee's own cancel, the organiser's, an erased account) issues a credit
--   note for it (private.issue_credit_note) instead of a card refund; the
--   invoice is never edited.
-- * public.invoice_buyer_profiles: a signed-in buyer's organisation details,
--   pre-filled on their next invoice order; theirs to read and delete, and in
--   export_my_data.

-- ---------------------------------------------------------------------------
-- Check digits
-- ---------------------------------------------------------------------------

-- An EAN (GLN): 13 digits, the last the GS1 check digit of the first 12
-- (weights 3 and 1 alternating from the right).
create or replace function private.is_valid_gln(p_value text) returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select p_value ~ '^[0-9]{13}$'
     and (10 - (select sum(substr(p_value, i, 1)::integer * case when i % 2 = 0 then 3 else 1 end)
                  from generate_series(1, 12) i) % 10) % 10 = substr(p_value, 13, 1)::integer
$$;

-- A CVR number: 8 digits, not starting with 0, weighted sum (2,7,6,5,4,3,2,1) divisible by 11.
create or replace function private.is_valid_cvr(p_value text) returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select p_value ~ '^[1-9][0-9]{7}$'
     and (select sum(substr(p_value, i, 1)::integer * (array[2, 7, 6, 5, 4, 3, 2, 1])[i])
            from generate_series(1, 8) i) % 11 = 0
$$;

revoke execute on function private.is_valid_gln(text) from public, anon, authenticated;
revoke execute on function private.is_valid_cvr(text) from public, anon, authenticated;
-- The constraints run them as the writer: the definer functions and the service role.
grant execute on function private.is_valid_gln(text) to service_role;
grant execute on function private.is_valid_cvr(text) to service_role;

alter table public.invoice_buyers
  add constraint invoice_buyers_ean_check_digit check (ean is null or private.is_valid_gln(ean)),
  add constraint invoice_buyers_cvr_check_digit check (cvr is null or private.is_valid_cvr(cvr)),
  -- A company is known by its CVR number (a public buyer by its EAN).
  add constraint invoice_buyers_company_has_cvr check (buyer_type <> 'company' or cvr is not null);

-- ---------------------------------------------------------------------------
-- A card order becomes an invoice order only in the transaction that makes it
-- ---------------------------------------------------------------------------
-- private.register makes a paid order 'pending' with the default method
-- 'card'; register_by_invoice confirms it as an invoice order before the
-- commit. That one step (pending, no checkout ever opened → paid by invoice)
-- is the only change of method allowed; everything else stays refused.

create or replace function private.guard_order_payment_method() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.payment_method is distinct from old.payment_method
     and not (old.payment_method = 'card' and new.payment_method = 'invoice' and old.status = 'pending'
              and new.status = 'paid' and old.checkout_session_id is null and old.payment_intent_id is null) then
    raise exception 'order %: its payment method never changes', old.id using errcode = 'check_violation';
  end if;
  return new;
end
$$;

-- ---------------------------------------------------------------------------
-- Remembered invoicing details
-- ---------------------------------------------------------------------------

create table public.invoice_buyer_profiles (
  user_id uuid primary key references auth.users (id) on delete cascade,
  buyer_type text not null check (buyer_type in ('public', 'company')),
  ean text check (ean is null or private.is_valid_gln(ean)),
  cvr text check (cvr is null or private.is_valid_cvr(cvr)),
  organisation_name text not null check (length(trim(organisation_name)) between 1 and 200),
  -- The standing reference person; the order number is each order's own and not kept.
  reference_person text check (length(trim(reference_person)) between 1 and 200),
  invoice_email text not null check (invoice_email = lower(invoice_email) and invoice_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'
                                     and length(invoice_email) <= 254),
  updated_at timestamptz not null default now()
);
comment on table public.invoice_buyer_profiles is
  'A signed-in buyer''s organisation invoicing details (EAN, CVR, reference), pre-filled on their next invoice order.';

alter table public.invoice_buyer_profiles enable row level security;
revoke all on table public.invoice_buyer_profiles from anon, authenticated;
-- Written only by private.register_by_invoice; read and deleted by their owner.
grant select, delete on table public.invoice_buyer_profiles to authenticated;
grant all on table public.invoice_buyer_profiles to service_role;

create policy "Users can read their own remembered invoicing details"
  on public.invoice_buyer_profiles for select
  to authenticated
  using (user_id = (select auth.uid()));

create policy "Users can delete their own remembered invoicing details"
  on public.invoice_buyer_profiles for delete
  to authenticated
  using (user_id = (select auth.uid()));

-- ---------------------------------------------------------------------------
-- Whether the registration form offers payment by invoice
-- ---------------------------------------------------------------------------
-- The settings are the organisers' to read; the form needs only this: one row
-- (the days to pay) when the event invoices, none otherwise.
create or replace function private.invoice_terms(p_event_id uuid) returns table (due_days integer)
language sql
stable
security definer
set search_path = ''
as $$
  select s.due_days from public.invoice_settings s where s.event_id = p_event_id and s.enabled
$$;
revoke execute on function private.invoice_terms(uuid) from public;
grant execute on function private.invoice_terms(uuid) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Registering with payment by invoice
-- ---------------------------------------------------------------------------
-- p_buyer: {buyerType, ean, cvr, organisationName, orderReference,
-- referencePerson, invoiceEmail, remember}. Results: those of
-- private.register_once ('ok', 'replayed' and its refusals), plus
-- 'invoice_unavailable' (the event does not invoice, or the type is free).

create or replace function private.register_by_invoice(
  p_submission_key uuid,
  p_ticket_type_id uuid,
  p_buyer_name text,
  p_buyer_email text,
  p_language text,
  p_attendees jsonb,
  p_buyer jsonb,
  p_offer_token_hash bytea default null,
  p_access_code text default null
) returns table (
  result text,
  order_id uuid,
  order_reference text,
  order_status public.order_status,
  total_ore integer,
  ticket_ids uuid[],
  detail text,
  invoice_id uuid,
  due_date date
)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_row record;
  v_invoice uuid;
  v_due date;
  v_type text := p_buyer ->> 'buyerType';
  v_ean text := nullif(trim(p_buyer ->> 'ean'), '');
  v_cvr text := nullif(trim(p_buyer ->> 'cvr'), '');
begin
  if not exists (
    select 1 from public.ticket_types tt join public.invoice_settings s on s.event_id = tt.event_id
     where tt.id = p_ticket_type_id and tt.price_ore > 0 and s.enabled
  ) then
    return query select (case when exists (select 1 from public.ticket_types tt where tt.id = p_ticket_type_id)
                              then 'invoice_unavailable' else 'not_found' end),
                        null::uuid, null::text, null::public.order_status, null::integer, null::uuid[], null::text,
                        null::uuid, null::date;
    return;
  end if;
  -- The form checked these; the constraints hold them whatever the caller.
  if v_type is null or v_type not in ('public', 'company') then
    raise exception 'register_by_invoice: buyerType must be public or company' using errcode = 'invalid_parameter_value';
  end if;

  -- "Online payment" lets the paid order through; it is confirmed below, before the commit.
  select * into v_row
    from private.register_once(p_submission_key, p_ticket_type_id, p_buyer_name, p_buyer_email, p_language,
                               p_attendees, true, p_offer_token_hash, p_access_code) r;

  if v_row.result = 'replayed' then
    select i.id, i.due_date into v_invoice, v_due from public.invoices i
     where i.order_id = v_row.order_id and i.kind = 'invoice';
    return query select v_row.result, v_row.order_id, v_row.order_reference, v_row.order_status, v_row.total_ore,
                        v_row.ticket_ids, v_row.detail, v_invoice, v_due;
    return;
  end if;
  if v_row.result <> 'ok' then
    return query select v_row.result, null::uuid, null::text, null::public.order_status, null::integer, null::uuid[],
                        v_row.detail, null::uuid, null::date;
    return;
  end if;

  update public.orders o
     set status = 'paid', payment_method = 'invoice', paid_at = now(), expires_at = null, payment_provider = null
   where o.id = v_row.order_id;
  update public.tickets t set status = 'valid', issued_at = now()
   where t.order_id = v_row.order_id and t.status = 'reserved';

  insert into public.invoice_buyers (order_id, buyer_type, ean, cvr, organisation_name, order_reference,
                                     reference_person, invoice_email)
  values (v_row.order_id, v_type, v_ean, v_cvr, trim(p_buyer ->> 'organisationName'),
          nullif(trim(p_buyer ->> 'orderReference'), ''), nullif(trim(p_buyer ->> 'referencePerson'), ''),
          lower(trim(p_buyer ->> 'invoiceEmail')));

  v_invoice := private.issue_invoice(v_row.order_id);
  select i.due_date into v_due from public.invoices i where i.id = v_invoice;

  if auth.uid() is not null and coalesce((p_buyer ->> 'remember')::boolean, false) then
    insert into public.invoice_buyer_profiles as p (user_id, buyer_type, ean, cvr, organisation_name, reference_person,
                                                    invoice_email, updated_at)
    values (auth.uid(), v_type, v_ean, v_cvr, trim(p_buyer ->> 'organisationName'),
            nullif(trim(p_buyer ->> 'referencePerson'), ''), lower(trim(p_buyer ->> 'invoiceEmail')), now())
    on conflict (user_id) do update
      set buyer_type = excluded.buyer_type, ean = excluded.ean, cvr = excluded.cvr,
          organisation_name = excluded.organisation_name, reference_person = excluded.reference_person,
          invoice_email = excluded.invoice_email, updated_at = excluded.updated_at;
  end if;

  return query select 'ok', v_row.order_id, v_row.order_reference, 'paid'::public.order_status, v_row.total_ore,
                      v_row.ticket_ids, null::text, v_invoice, v_due;
end
$$;

revoke execute on function private.register_by_invoice(uuid, uuid, text, text, text, jsonb, jsonb, bytea, text)
  from public;
grant execute on function private.register_by_invoice(uuid, uuid, text, text, text, jsonb, jsonb, bytea, text)
  to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Cancelling a ticket of an invoice order credits it
-- ---------------------------------------------------------------------------
-- As 20261123160800, plus: p_refund on an invoice order issues a credit note
-- for the ticket (the invoice stays as issued). Still returns the card refund
-- request, if any (NULL for an invoice order: the credit note is found by its
-- line, invoice_lines.ticket_id with credit).

create or replace function private.cancel_valid_ticket(p_ticket_id uuid, p_refund boolean)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_ticket record;
  v_refund uuid;
  v_invoice uuid;
begin
  update public.tickets t set status = 'cancelled', cancelled_at = now()
   where t.id = p_ticket_id and t.status = 'valid'
  returning t.id, t.order_id, t.ticket_type_id, t.price_ore into v_ticket;
  if not found then
    return null;
  end if;
  perform private.release_seats(v_ticket.ticket_type_id, 1);
  if p_refund and v_ticket.price_ore > 0 then
    select i.id into v_invoice
      from public.invoices i join public.orders o on o.id = i.order_id
     where i.order_id = v_ticket.order_id and i.kind = 'invoice' and o.payment_method = 'invoice';
    if v_invoice is not null then
      perform private.issue_credit_note(v_invoice, array[v_ticket.id]);
    else
      v_refund := private.request_refund(v_ticket.order_id, v_ticket.id, v_ticket.price_ore, 'cancellation',
                                         'cancel:' || v_ticket.id);
    end if;
  end if;
  if not exists (select 1 from public.tickets t where t.order_id = v_ticket.order_id and t.status in ('reserved', 'valid')) then
    update public.orders o
       set status = case when exists (select 1 from private.refund_requests r where r.order_id = o.id)
                           or exists (select 1 from public.invoices i where i.order_id = o.id and i.kind = 'credit_note')
                         then 'refunded'::public.order_status else 'cancelled' end,
           cancelled_at = now()
     where o.id = v_ticket.order_id and o.status = 'paid';
  end if;
  return v_refund;
end
$$;

-- ---------------------------------------------------------------------------
-- The invoice email
-- ---------------------------------------------------------------------------

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
  if not 'invoice' = any (v_names) then
    v_names := v_names || array['invoice'];
  end if;
  alter table private.outbox_emails drop constraint outbox_emails_template_check;
  execute format(
    'alter table private.outbox_emails add constraint outbox_emails_template_check check (template = any (%L::text[]))',
    v_names
  );
end
$$;

-- ---------------------------------------------------------------------------
-- My data: the remembered invoicing details, and the invoices of my orders
-- ---------------------------------------------------------------------------

alter function private.export_my_data() rename to export_my_data_before_invoices;
revoke execute on function private.export_my_data_before_invoices() from public, anon, authenticated;

create or replace function private.export_my_data()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_email text := private.current_email();
  v_data jsonb;
begin
  -- Refuses a caller who is not signed in.
  v_data := private.export_my_data_before_invoices();
  return v_data || jsonb_build_object(
    'invoicingDetails', coalesce((
      select jsonb_agg(jsonb_build_object('buyerType', p.buyer_type, 'ean', p.ean, 'cvr', p.cvr,
                                          'organisationName', p.organisation_name,
                                          'referencePerson', p.reference_person,
                                          'invoiceEmail', p.invoice_email, 'updatedAt', p.updated_at))
        from public.invoice_buyer_profiles p where p.user_id = v_uid), '[]'),
    'invoices', coalesce((
      select jsonb_agg(jsonb_build_object('event', e.slug, 'order', o.reference, 'kind', i.kind, 'number', i.number,
                                          'issuedAt', i.issued_at, 'dueDate', i.due_date, 'grossOre', i.gross_ore,
                                          'paidAt', i.paid_at, 'buyer', i.buyer)
                       order by i.issued_at, i.number)
        from public.invoices i
        join public.orders o on o.id = i.order_id
        join public.events e on e.id = i.event_id
       where o.buyer_user_id = v_uid or o.buyer_email = v_email), '[]')
  );
end
$$;
revoke execute on function private.export_my_data() from public, anon;
grant execute on function private.export_my_data() to authenticated;
