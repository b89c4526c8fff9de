-- The storage port's local folder (embedded mode) signs its links with a
-- secret every server instance shares. Without STORAGE_URL_SECRET the first
-- instance that signs a link creates it here, beside the session secret.

alter table private.auth_secrets drop constraint auth_secrets_name_check;
alter table private.auth_secrets add constraint auth_secrets_name_check check (name in ('jwt', 'storage'));
