-- Where the dev mailbox transport delivers when no email provider is set up
-- (embedded mode): the fully rendered message, shown at /dev/mailbox. Empty
-- in production, where Resend delivers instead. Like Resend, it accepts each
-- idempotency key once, so a retried send does not deliver twice.

create table private.dev_mailbox (
  id uuid primary key default gen_random_uuid(),
  idempotency_key text not null unique check (length(idempotency_key) between 1 and 256),
  sender text not null,
  recipient text not null,
  subject text not null,
  html text not null,
  text_body text not null,
  -- [{ filename, contentType, contentBase64, contentId? }]
  attachments jsonb not null default '[]' check (jsonb_typeof(attachments) = 'array'),
  tags jsonb not null default '{}' check (jsonb_typeof(tags) = 'object'),
  received_at timestamptz not null default now()
);
create index dev_mailbox_received_idx on private.dev_mailbox (received_at desc, id);

alter table private.dev_mailbox enable row level security;
revoke all on table private.dev_mailbox from public, anon, authenticated;
grant select, insert, delete on table private.dev_mailbox to service_role;

create policy "The dev mailbox is read and written by the service role only"
  on private.dev_mailbox for all
  to service_role
  using (true)
  with check (true);
