-- A registration form submitted twice (a double click, a reload of the POST, a
-- phone that resends on a flaky network) makes one order, and every copy of
-- the submit is answered with that order (#13 item 1).
--
-- Each rendering of the registration form carries a random key (a hidden
-- field). private.register_once takes the key's transaction lock, answers
-- with the order the key already made — 'replayed', with the same reference,
-- status and tickets — or registers as private.register does and records the
-- key beside the new order. The key is unique, so even a caller that got past
-- the lock could not attach one key to two orders.
--
-- Only an order that still stands is replayed: once it has expired, been
-- cancelled or refunded, its key is released and the form registers afresh
-- (a buyer back from an abandoned payment page submits the same form again).
-- A post under the same key for other people or another ticket type (the
-- form restored by the back button and changed) is not a copy either: it
-- registers without a key.

create table private.order_submissions (
  submission_key uuid primary key,
  order_id uuid not null unique references public.orders (id) on delete cascade,
  created_at timestamptz not null default now()
);
comment on table private.order_submissions is
  'The idempotency key of the registration form that made each order: a repeated submit is answered with the same order.';

-- Only the definer function below and the service role touch it.
alter table private.order_submissions enable row level security;
revoke all on table private.order_submissions from public, anon, authenticated;
grant select, insert, delete on table private.order_submissions to service_role;

create or replace function private.register_once(
  p_submission_key uuid,
  p_ticket_type_id uuid,
  p_buyer_name text,
  p_buyer_email text,
  p_language text,
  p_attendees jsonb,
  p_online_payment boolean,
  p_offer_token_hash bytea default null,
  p_access_code text default null
) returns table (
  result text,
  order_id uuid,
  order_reference text,
  order_status public.order_status,
  total_ore integer,
  expires_at timestamptz,
  ticket_ids uuid[],
  detail text
)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_order record;
  v_row record;
begin
  if p_submission_key is not null then
    -- Held to the end of the caller's transaction: a copy of this submit
    -- waits here until the first has committed its order (or written nothing).
    perform pg_advisory_xact_lock(hashtextextended('samspil.order_submission:' || p_submission_key::text, 0));
    select o.id, o.reference, o.status, o.total_ore, o.expires_at, o.event_id
      into v_order
      from private.order_submissions s
      join public.orders o on o.id = s.order_id
     where s.submission_key = p_submission_key;
    if found then
      if v_order.status in ('pending', 'paid')
         -- The same form: its ticket type, and every ticket of the order among its attendees.
         and not exists (
           select 1 from public.tickets t
            where t.order_id = v_order.id
              and (t.ticket_type_id <> p_ticket_type_id
                   or t.attendee_email not in (select lower(trim(x ->> 'email')) from jsonb_array_elements(p_attendees) x)))
      then
        return query
          select 'replayed', v_order.id, v_order.reference, v_order.status, v_order.total_ore, v_order.expires_at,
                 (select array_agg(t.id order by t.position) from public.tickets t where t.order_id = v_order.id),
                 null::text;
        return;
      end if;
      if v_order.status not in ('pending', 'paid') then
        delete from private.order_submissions s where s.submission_key = p_submission_key;
      else
        -- Another form under a used key: an order of its own, without the key.
        p_submission_key := null;
      end if;
    end if;
  end if;

  select * into v_row
    from private.register(p_ticket_type_id, p_buyer_name, p_buyer_email, p_language, p_attendees,
                          p_online_payment, p_offer_token_hash, p_access_code) r;
  if v_row.result = 'ok' and p_submission_key is not null then
    insert into private.order_submissions (submission_key, order_id) values (p_submission_key, v_row.order_id);
  end if;
  return query select v_row.result, v_row.order_id, v_row.order_reference, v_row.order_status, v_row.total_ore,
                      v_row.expires_at, v_row.ticket_ids, v_row.detail;
end
$$;

revoke execute on function private.register_once(uuid, uuid, text, text, text, jsonb, boolean, bytea, text) from public;
grant execute on function private.register_once(uuid, uuid, text, text, text, jsonb, boolean, bytea, text)
  to anon, authenticated, service_role;
