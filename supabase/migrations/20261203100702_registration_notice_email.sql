-- The registration notice: what the registration and waitlist forms no longer
-- say on the page (that an address already has a ticket, or its place in
-- line) goes to the address by email instead.
--
-- Adds the template to the outbox's list. The list is read from the existing
-- constraint rather than written out again, so migrations written alongside
-- this one that add templates of their own keep them whatever the order.
do $$
declare
  v_names text[];
begin
  select array_agg(distinct m[1] order by m[1])
    into v_names
    from pg_constraint c,
         regexp_matches(pg_get_constraintdef(c.oid), '''([^'']+)''', 'g') as m
   where c.conrelid = 'private.outbox_emails'::regclass
     and c.conname = 'outbox_emails_template_check';
  if v_names is null then
    raise exception 'outbox_emails_template_check not found';
  end if;
  if not 'registration-notice' = any (v_names) then
    v_names := v_names || array['registration-notice'];
  end if;
  alter table private.outbox_emails drop constraint outbox_emails_template_check;
  execute format(
    'alter table private.outbox_emails add constraint outbox_emails_template_check check (template = any (%L::text[]))',
    v_names
  );
end
$$;
