-- Pay by invoice (#15): the organiser's invoice settings, orders paid by
-- invoice, the buyer's invoicing details, and the invoices and credit notes
-- themselves.
--
-- Rules Postgres holds, whatever the code does:
-- * Numbers have no gaps and no duplicates per seller (the seller's CVR): the
--   number comes from a counter row in private.invoice_counters that the
--   issuing transaction locks and raises; a rolled-back issue rolls the
--   counter back with it. (A sequence would leave a gap on every rollback.)
--   Invoices and credit notes share the seller's one series.
-- * An issued invoice or credit note never changes and is never deleted: only
--   its bookkeeping columns (paid_at once from NULL to a time; reminders)
--   move. Its seller and buyer are copied into it when it is issued, so
--   later edits of the settings or the buyer's details never reach it. An
--   event or an order with invoices cannot be deleted (bookkeeping law keeps
--   invoices for five years).
-- * Amounts: prices are øre including VAT (ticket_types.price_ore). Per VAT
--   rate, net = gross × 100 / (100 + rate) rounded half up to the øre, VAT =
--   gross − net; that net is split over the lines by the largest remainder,
--   so line nets add up to it exactly (private.invoice_line_nets, the same
--   rule as src/lib/invoice/amounts.ts). One line per ticket, quantity 1.
-- * Credit notes reference the invoice they credit, credit each ticket at
--   most once and only a cancelled one, and never touch the invoice.
--
-- Writes: invoices and their lines only through private.issue_invoice and
-- private.issue_credit_note (security definer). Organisers of the event read
-- and mark paid; the buyer reads their own order's; nobody else.

-- ---------------------------------------------------------------------------
-- Settings (one row per event; organiser-editable)
-- ---------------------------------------------------------------------------

create table public.invoice_settings (
  event_id uuid primary key references public.events (id) on delete cascade,
  enabled boolean not null default false,
  seller_name text check (length(trim(seller_name)) between 1 and 200),
  seller_cvr text check (seller_cvr ~ '^[0-9]{8}$'),
  seller_address text check (length(trim(seller_address)) between 1 and 200),
  seller_postcode text check (seller_postcode ~ '^[0-9A-Za-z][0-9A-Za-z -]{1,9}$'),
  seller_city text check (length(trim(seller_city)) between 1 and 100),
  seller_country text not null default 'DK' check (seller_country ~ '^[A-Z]{2}$'),
  -- Danish bank: registration number (4 digits) and account (up to 10 digits).
  bank_reg text check (bank_reg ~ '^[0-9]{4}$'),
  bank_account text check (bank_account ~ '^[0-9]{1,10}$'),
  iban text check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  bic text check (bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
  due_days integer not null default 30 check (due_days between 0 and 365),
  -- The seller's contact address printed on the invoice.
  invoice_email text check (invoice_email = lower(invoice_email) and invoice_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'
                            and length(invoice_email) <= 254),
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Off, the organiser may save half-filled settings; on, an invoice can be made from them.
  constraint invoice_settings_complete_when_enabled check (
    not enabled or (
      seller_name is not null and seller_cvr is not null and seller_address is not null
      and seller_postcode is not null and seller_city is not null
      and ((bank_reg is not null and bank_account is not null) or iban is not null)))
);

create trigger invoice_settings_touch before update on public.invoice_settings
  for each row execute function private.touch_updated_at();
create trigger invoice_settings_version before update on public.invoice_settings
  for each row execute function private.bump_version();
create trigger invoice_settings_audit after insert or update or delete on public.invoice_settings
  for each row execute function private.audit_row_change('event_id', 'event_id', 'seller_name');

alter table public.invoice_settings enable row level security;
revoke all on table public.invoice_settings from anon, authenticated;
grant select, insert, update on table public.invoice_settings to authenticated;
grant all on table public.invoice_settings to service_role;

create policy "Organisers can read their events' invoice settings"
  on public.invoice_settings for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can create their events' invoice settings"
  on public.invoice_settings for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can change their events' invoice settings"
  on public.invoice_settings for update
  to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));

-- ---------------------------------------------------------------------------
-- Orders paid by invoice, and their buyer's invoicing details
-- ---------------------------------------------------------------------------

-- An invoice order is 'paid' (confirmed: tickets, check-in and lists work
-- unchanged) from the start; its invoice carries whether money came.
alter table public.orders
  add column payment_method text not null default 'card' check (payment_method in ('card', 'invoice'));
alter table public.orders drop constraint orders_paid_online_has_provider;
alter table public.orders add constraint orders_paid_online_has_provider
  check (total_ore = 0 or status not in ('paid') or payment_provider is not null or payment_method = 'invoice');

create or replace function private.guard_order_payment_method() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.payment_method is distinct from old.payment_method then
    raise exception 'order %: its payment method never changes', old.id using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_order_payment_method() from public;

create trigger orders_payment_method_fixed before update of payment_method on public.orders
  for each row execute function private.guard_order_payment_method();

create table public.invoice_buyers (
  order_id uuid primary key references public.orders (id) on delete cascade,
  buyer_type text not null check (buyer_type in ('public', 'company')),
  -- The public buyer's EAN (GLN) number, their NemHandel address.
  ean text check (ean ~ '^[0-9]{13}$'),
  cvr text check (cvr ~ '^[0-9]{8}$'),
  organisation_name text not null check (length(trim(organisation_name)) between 1 and 200),
  -- The buyer's order or requisition number, and the person who ordered.
  order_reference text check (length(trim(order_reference)) between 1 and 100),
  reference_person text check (length(trim(reference_person)) between 1 and 200),
  invoice_email text not null check (invoice_email = lower(invoice_email) and invoice_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'
                                     and length(invoice_email) <= 254),
  address text check (length(trim(address)) between 1 and 200),
  postcode text check (length(trim(postcode)) between 1 and 10),
  city text check (length(trim(city)) between 1 and 100),
  country text not null default 'DK' check (country ~ '^[A-Z]{2}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Public buyers require all three (NemHandel routes by EAN; their bookkeeping by the other two).
  constraint invoice_buyers_public_complete
    check (buyer_type <> 'public' or (ean is not null and order_reference is not null and reference_person is not null))
);

create trigger invoice_buyers_touch before update on public.invoice_buyers
  for each row execute function private.touch_updated_at();

alter table public.invoice_buyers enable row level security;
revoke all on table public.invoice_buyers from anon, authenticated;
grant select on table public.invoice_buyers to authenticated;
grant all on table public.invoice_buyers to service_role;

create policy "Buyers and the event's organisers can read an order's invoicing details"
  on public.invoice_buyers for select
  to authenticated
  using (order_id in (
    select o.id from public.orders o
    where o.buyer_user_id = (select auth.uid())
       or o.buyer_email = (select private.current_email())
       or private.has_event_role(o.event_id, 'organiser')));

-- ---------------------------------------------------------------------------
-- Invoices, credit notes and their lines
-- ---------------------------------------------------------------------------

-- One row per seller (CVR): the last number it issued. Never read by the API.
create table private.invoice_counters (
  seller_cvr text primary key check (seller_cvr ~ '^[0-9]{8}$'),
  last_number integer not null check (last_number > 0)
);
alter table private.invoice_counters enable row level security;
revoke all on table private.invoice_counters from public, anon, authenticated, service_role;

create table public.invoices (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  order_id uuid not null,
  kind text not null check (kind in ('invoice', 'credit_note')),
  seller_cvr text not null check (seller_cvr ~ '^[0-9]{8}$'),
  -- 1, 2, 3 … per seller, invoices and credit notes in one series.
  number text not null check (number ~ '^[1-9][0-9]{0,9}$'),
  credits_invoice_id uuid references public.invoices (id),
  issued_at timestamptz not null default now(),
  -- Dates in Copenhagen: the issue date, and the last day to pay (invoices only).
  issue_date date not null,
  due_date date,
  -- The first moment the invoice is overdue: the midnight after due_date in Copenhagen.
  due_at timestamptz,
  currency text not null default 'DKK' check (currency = 'DKK'),
  net_ore bigint not null check (net_ore >= 0),
  vat_ore bigint not null check (vat_ore >= 0),
  gross_ore bigint not null check (gross_ore > 0),
  language text not null check (language in ('da', 'en')),
  -- Copies at issue: {name, cvr, address, postcode, city, country, bank_reg, bank_account, iban, bic, email, event_name}.
  seller jsonb not null,
  -- {type, organisation_name, ean, cvr, order_reference, reference_person, email, name, address, postcode, city, country, order_number}.
  buyer jsonb not null,
  -- Bookkeeping, the only columns that change after issue.
  paid_at timestamptz,
  reminders_sent smallint not null default 0 check (reminders_sent between 0 and 100),
  reminded_at timestamptz,
  unique (seller_cvr, number),
  -- The console's address of an invoice is its number within the event.
  unique (event_id, number),
  unique (event_id, id),
  constraint invoices_order_same_event foreign key (event_id, order_id)
    references public.orders (event_id, id) on delete cascade,
  constraint invoices_adds_up check (gross_ore = net_ore + vat_ore),
  constraint invoices_credit_note_credits check ((kind = 'credit_note') = (credits_invoice_id is not null)),
  constraint invoices_invoice_is_due check ((kind = 'invoice') = (due_date is not null and due_at is not null)),
  constraint invoices_credit_note_never_paid check (kind = 'invoice' or (paid_at is null and reminders_sent = 0))
);
create unique index invoices_one_invoice_per_order on public.invoices (order_id) where kind = 'invoice';
create index invoices_event_issued_idx on public.invoices (event_id, issued_at desc);
create index invoices_credits_idx on public.invoices (credits_invoice_id) where credits_invoice_id is not null;

create table public.invoice_lines (
  invoice_id uuid not null references public.invoices (id) on delete cascade,
  position smallint not null check (position between 1 and 1000),
  -- The ticket this line sells (an invoice) or credits (a credit note).
  ticket_id uuid not null references public.tickets (id),
  -- Whether the line belongs to a credit note: a ticket is credited at most once.
  credit boolean not null,
  item_name text not null check (length(item_name) between 1 and 200),
  attendee_name text check (length(attendee_name) between 1 and 200),
  vat_percent smallint not null check (vat_percent in (0, 25)),
  net_ore bigint not null check (net_ore >= 0),
  vat_ore bigint not null check (vat_ore >= 0),
  gross_ore bigint not null check (gross_ore >= 0),
  primary key (invoice_id, position),
  unique (invoice_id, ticket_id),
  constraint invoice_lines_add_up check (gross_ore = net_ore + vat_ore)
);
create unique index invoice_lines_credited_once on public.invoice_lines (ticket_id) where credit;
create index invoice_lines_ticket_idx on public.invoice_lines (ticket_id);

-- Issued means final. The bookkeeping columns move forward only; nothing else moves.
create or replace function private.guard_invoice_change() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_bookkeeping constant text[] := array['paid_at', 'reminders_sent', 'reminded_at'];
begin
  if tg_op = 'DELETE' then
    raise exception 'invoice % is issued and is never deleted', old.number using errcode = 'restrict_violation';
  end if;
  if (to_jsonb(new) - v_bookkeeping) is distinct from (to_jsonb(old) - v_bookkeeping) then
    raise exception 'invoice % is issued and never changes (credit it instead)', old.number
      using errcode = 'check_violation';
  end if;
  if old.paid_at is not null and new.paid_at is distinct from old.paid_at then
    raise exception 'invoice % was marked paid once, for good', old.number using errcode = 'check_violation';
  end if;
  if new.reminders_sent < old.reminders_sent
     or (old.reminded_at is not null and new.reminded_at is distinct from old.reminded_at and not new.reminded_at > old.reminded_at) then
    raise exception 'invoice %: reminders only move forward', old.number using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_invoice_change() from public;

create or replace function private.refuse_invoice_line_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'issued invoices and their lines never change or go (credit them instead)'
    using errcode = 'check_violation';
end
$$;
revoke execute on function private.refuse_invoice_line_change() from public;

create trigger invoices_guard before update or delete on public.invoices
  for each row execute function private.guard_invoice_change();
create trigger invoices_no_truncate before truncate on public.invoices
  for each statement execute function private.refuse_invoice_line_change();
create trigger invoice_lines_guard before update or delete on public.invoice_lines
  for each row execute function private.refuse_invoice_line_change();
create trigger invoice_lines_no_truncate before truncate on public.invoice_lines
  for each statement execute function private.refuse_invoice_line_change();
-- Marking paid is an organiser's change like any other in the console.
create trigger invoices_audit after update on public.invoices
  for each row execute function private.audit_row_change('event_id', 'id', 'number');

-- The seller's number series is its CVR's: once an event has invoices, the
-- CVR they were issued under stays (another CVR would start another series
-- inside the same event).
create or replace function private.guard_invoice_settings_cvr() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.seller_cvr is distinct from old.seller_cvr
     and exists (select 1 from public.invoices i where i.event_id = old.event_id) then
    raise exception 'the event has invoices under CVR %; the CVR stays', old.seller_cvr
      using errcode = 'check_violation', constraint = 'invoice_settings_cvr_fixed';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_invoice_settings_cvr() from public;

create trigger invoice_settings_cvr_fixed before update of seller_cvr on public.invoice_settings
  for each row execute function private.guard_invoice_settings_cvr();

alter table public.invoices enable row level security;
revoke all on table public.invoices from anon, authenticated, service_role;
grant select on table public.invoices to authenticated, service_role;
grant update (paid_at) on table public.invoices to authenticated;
-- Server jobs: reminders, and marking paid from a bank file.
grant update (paid_at, reminders_sent, reminded_at) on table public.invoices to service_role;

create policy "Organisers can read their events' invoices"
  on public.invoices for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Buyers can read the invoices of their own orders"
  on public.invoices for select
  to authenticated
  using (order_id in (
    select o.id from public.orders o
    where o.buyer_user_id = (select auth.uid()) or o.buyer_email = (select private.current_email())));

create policy "Organisers can mark their events' invoices paid"
  on public.invoices for update
  to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));

alter table public.invoice_lines enable row level security;
revoke all on table public.invoice_lines from anon, authenticated, service_role;
grant select on table public.invoice_lines to authenticated, service_role;

create policy "Whoever can read an invoice can read its lines"
  on public.invoice_lines for select
  to authenticated
  using (invoice_id in (select i.id from public.invoices i));

-- ---------------------------------------------------------------------------
-- Amounts
-- ---------------------------------------------------------------------------

-- Net øre per line, in the order given, from each line's gross øre (VAT
-- included) and VAT rate. Per rate: net = gross × 100 / (100 + rate), rounded
-- half up; each line gets the floor of its exact share, and the øre left over
-- go one each to the lines with the largest remainders (earlier lines first on
-- a tie). Mirrors splitGross in src/lib/invoice/amounts.ts (tests/db/invoices.test.ts compares them).
create or replace function private.invoice_line_nets(p_gross bigint[], p_rates smallint[]) returns bigint[]
language sql
immutable
set search_path = ''
as $$
  with line as (
    select u.i, u.g, u.r, (u.g * 100) / (100 + u.r) as fl, (u.g * 100) % (100 + u.r) as rem
    from unnest(p_gross, p_rates) with ordinality as u (g, r, i)
  ),
  rate as (
    select l.r, div(2 * sum(l.g) * 100 + (100 + l.r), 2 * (100 + l.r)) - sum(l.fl) as extra
    from line l group by l.r
  ),
  ranked as (
    select l.i, l.fl, row_number() over (partition by l.r order by l.rem desc, l.i) as place, rt.extra
    from line l join rate rt on rt.r = l.r
  )
  select coalesce(array_agg(ranked.fl + case when ranked.place <= ranked.extra then 1 else 0 end order by ranked.i),
                  '{}')
  from ranked
$$;
revoke execute on function private.invoice_line_nets(bigint[], smallint[]) from public;
grant execute on function private.invoice_line_nets(bigint[], smallint[]) to service_role;

-- The next number of a seller's series. The counter row stays locked until the
-- caller's transaction ends, so concurrent issues queue here and a rollback
-- gives the number back.
create or replace function private.next_invoice_number(p_seller_cvr text) returns text
language sql
set search_path = ''
as $$
  insert into private.invoice_counters as c (seller_cvr, last_number) values (p_seller_cvr, 1)
  on conflict (seller_cvr) do update set last_number = c.last_number + 1
  returning c.last_number::text
$$;
revoke execute on function private.next_invoice_number(text) from public;

-- ---------------------------------------------------------------------------
-- Issuing
-- ---------------------------------------------------------------------------

-- Issues the invoice of an order paid by invoice: one line per ticket not
-- cancelled. Idempotent: a second call returns the first call's invoice.
create or replace function private.issue_invoice(p_order_id uuid) returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_order public.orders;
  v_settings public.invoice_settings;
  v_buyer public.invoice_buyers;
  v_event public.events;
  v_existing uuid;
  v_id uuid := gen_random_uuid();
  v_now timestamptz := now();
  v_issue_date date := (now() at time zone 'Europe/Copenhagen')::date;
  v_gross bigint[];
  v_rates smallint[];
  v_tickets uuid[];
  v_nets bigint[];
  v_number text;
begin
  -- The order's lock serialises two calls for it; the second finds the first's invoice.
  select * into v_order from public.orders o where o.id = p_order_id for update;
  if not found then
    raise exception 'no order %', p_order_id using errcode = 'no_data_found';
  end if;
  select i.id into v_existing from public.invoices i where i.order_id = p_order_id and i.kind = 'invoice';
  if found then
    return v_existing;
  end if;
  if v_order.payment_method <> 'invoice' then
    raise exception 'order % is not paid by invoice', p_order_id using errcode = 'check_violation';
  end if;
  if v_order.status <> 'paid' then
    raise exception 'order % is %, not confirmed', p_order_id, v_order.status using errcode = 'check_violation';
  end if;
  select * into v_buyer from public.invoice_buyers b where b.order_id = p_order_id;
  if not found then
    raise exception 'order % has no invoicing details', p_order_id using errcode = 'check_violation';
  end if;
  select * into v_settings from public.invoice_settings s where s.event_id = v_order.event_id;
  if not found or v_settings.seller_name is null or v_settings.seller_cvr is null or v_settings.seller_address is null
     or v_settings.seller_postcode is null or v_settings.seller_city is null
     or ((v_settings.bank_reg is null or v_settings.bank_account is null) and v_settings.iban is null) then
    raise exception 'event % has no complete invoice settings', v_order.event_id
      using errcode = 'check_violation', constraint = 'invoice_settings_complete_when_enabled';
  end if;
  select * into v_event from public.events e where e.id = v_order.event_id;

  select array_agg(t.price_ore::bigint order by t.position), array_agg(tt.vat_percent order by t.position),
         array_agg(t.id order by t.position)
    into v_gross, v_rates, v_tickets
  from public.tickets t join public.ticket_types tt on tt.id = t.ticket_type_id
  where t.order_id = p_order_id and t.status <> 'cancelled';
  if v_gross is null or (select sum(g) from unnest(v_gross) g) = 0 then
    raise exception 'order % has nothing to invoice', p_order_id using errcode = 'check_violation';
  end if;
  v_nets := private.invoice_line_nets(v_gross, v_rates);

  -- Last: the counter stays locked from here to the commit.
  v_number := private.next_invoice_number(v_settings.seller_cvr);

  insert into public.invoices (id, event_id, order_id, kind, seller_cvr, number, issued_at, issue_date, due_date, due_at,
                               net_ore, vat_ore, gross_ore, language, seller, buyer)
  values (
    v_id, v_order.event_id, p_order_id, 'invoice', v_settings.seller_cvr, v_number, v_now, v_issue_date,
    v_issue_date + v_settings.due_days,
    ((v_issue_date + v_settings.due_days + 1)::timestamp) at time zone 'Europe/Copenhagen',
    (select sum(n) from unnest(v_nets) n),
    (select sum(g) from unnest(v_gross) g) - (select sum(n) from unnest(v_nets) n),
    (select sum(g) from unnest(v_gross) g),
    v_order.language,
    jsonb_strip_nulls(jsonb_build_object(
      'name', v_settings.seller_name, 'cvr', v_settings.seller_cvr, 'address', v_settings.seller_address,
      'postcode', v_settings.seller_postcode, 'city', v_settings.seller_city, 'country', v_settings.seller_country,
      'bank_reg', v_settings.bank_reg, 'bank_account', v_settings.bank_account, 'iban', v_settings.iban,
      'bic', v_settings.bic, 'email', v_settings.invoice_email,
      'event_name', case when v_order.language = 'en' then coalesce(v_event.name_en, v_event.name) else v_event.name end)),
    jsonb_strip_nulls(jsonb_build_object(
      'type', v_buyer.buyer_type, 'organisation_name', v_buyer.organisation_name, 'ean', v_buyer.ean,
      'cvr', v_buyer.cvr, 'order_reference', v_buyer.order_reference, 'reference_person', v_buyer.reference_person,
      'email', v_buyer.invoice_email, 'name', v_order.buyer_name, 'address', v_buyer.address,
      'postcode', v_buyer.postcode, 'city', v_buyer.city, 'country', v_buyer.country,
      'order_number', v_order.reference))
  );

  insert into public.invoice_lines (invoice_id, position, ticket_id, credit, item_name, attendee_name, vat_percent,
                                    net_ore, vat_ore, gross_ore)
  select v_id, u.i, t.id, false,
         case when v_order.language = 'en' then coalesce(tt.name_en, tt.name) else tt.name end,
         t.attendee_name, u.r, u.n, u.g - u.n, u.g
  from unnest(v_tickets, v_gross, v_rates, v_nets) with ordinality as u (ticket_id, g, r, n, i)
  join public.tickets t on t.id = u.ticket_id
  join public.ticket_types tt on tt.id = t.ticket_type_id;

  return v_id;
end
$$;
revoke execute on function private.issue_invoice(uuid) from public, anon, authenticated;
grant execute on function private.issue_invoice(uuid) to service_role;

-- Credits the given tickets of an invoice (all its tickets not yet credited if
-- NULL) with a new credit note; the tickets must be cancelled first. The
-- invoice itself is never touched. Asking again for tickets already credited
-- returns the credit note that credited them.
create or replace function private.issue_credit_note(p_invoice_id uuid, p_ticket_ids uuid[] default null) returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_invoice public.invoices;
  v_id uuid := gen_random_uuid();
  v_issue_date date := (now() at time zone 'Europe/Copenhagen')::date;
  v_gross bigint[];
  v_rates smallint[];
  v_tickets uuid[];
  v_positions smallint[];
  v_nets bigint[];
  v_earlier uuid;
begin
  select * into v_invoice from public.invoices i where i.id = p_invoice_id;
  if not found or v_invoice.kind <> 'invoice' then
    raise exception 'no invoice %', p_invoice_id using errcode = 'no_data_found';
  end if;
  -- The order's lock serialises credit notes of one invoice (and the invoice's issue).
  perform 1 from public.orders o where o.id = v_invoice.order_id for update;

  if p_ticket_ids is not null and exists (
       select 1 from unnest(p_ticket_ids) x (ticket_id)
       where not exists (select 1 from public.invoice_lines l
                         where l.invoice_id = p_invoice_id and l.ticket_id = x.ticket_id)) then
    raise exception 'a ticket to credit is not on invoice %', v_invoice.number using errcode = 'check_violation';
  end if;

  select array_agg(l.gross_ore order by l.position), array_agg(l.vat_percent order by l.position),
         array_agg(l.ticket_id order by l.position), array_agg(l.position order by l.position)
    into v_gross, v_rates, v_tickets, v_positions
  from public.invoice_lines l
  where l.invoice_id = p_invoice_id
    and (p_ticket_ids is null or l.ticket_id = any (p_ticket_ids))
    and not exists (select 1 from public.invoice_lines c where c.credit and c.ticket_id = l.ticket_id);

  if v_tickets is null then
    select c.invoice_id into v_earlier
    from public.invoice_lines c join public.invoices i on i.id = c.invoice_id
    where c.credit and i.credits_invoice_id = p_invoice_id
      and (p_ticket_ids is null or c.ticket_id = any (p_ticket_ids))
    order by i.issued_at desc, i.number desc limit 1;
    if v_earlier is null then
      raise exception 'invoice % has nothing left to credit', v_invoice.number using errcode = 'check_violation';
    end if;
    return v_earlier;
  end if;

  if exists (select 1 from public.tickets t where t.id = any (v_tickets) and t.status <> 'cancelled') then
    raise exception 'only cancelled tickets are credited' using errcode = 'check_violation';
  end if;

  v_nets := private.invoice_line_nets(v_gross, v_rates);

  insert into public.invoices (id, event_id, order_id, kind, seller_cvr, number, credits_invoice_id, issued_at,
                               issue_date, net_ore, vat_ore, gross_ore, language, seller, buyer)
  values (
    v_id, v_invoice.event_id, v_invoice.order_id, 'credit_note', v_invoice.seller_cvr,
    private.next_invoice_number(v_invoice.seller_cvr), p_invoice_id, now(), v_issue_date,
    (select sum(n) from unnest(v_nets) n),
    (select sum(g) from unnest(v_gross) g) - (select sum(n) from unnest(v_nets) n),
    (select sum(g) from unnest(v_gross) g),
    v_invoice.language, v_invoice.seller, v_invoice.buyer
  );

  insert into public.invoice_lines (invoice_id, position, ticket_id, credit, item_name, attendee_name, vat_percent,
                                    net_ore, vat_ore, gross_ore)
  select v_id, u.i, u.ticket_id, true, l.item_name, l.attendee_name, u.r, u.n, u.g - u.n, u.g
  from unnest(v_tickets, v_positions, v_gross, v_rates, v_nets) with ordinality as u (ticket_id, p, g, r, n, i)
  join public.invoice_lines l on l.invoice_id = p_invoice_id and l.position = u.p;

  return v_id;
end
$$;
revoke execute on function private.issue_credit_note(uuid, uuid[]) from public, anon, authenticated;
grant execute on function private.issue_credit_note(uuid, uuid[]) to service_role;
