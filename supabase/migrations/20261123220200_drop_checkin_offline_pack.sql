-- The device pack is read through private.checkin_device_tickets and
-- private.checkin_device_sessions (20261123220000_checkin_device_pack.sql);
-- the first version's function has no caller left.
drop function private.checkin_offline_pack(uuid);
