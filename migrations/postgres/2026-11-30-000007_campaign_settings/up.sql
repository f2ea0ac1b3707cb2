-- A campaign's sending window ("08:00-17:00 mon-fri", in its time zone): its invitations and
-- reminders go out only then. NULL: any time.
ALTER TABLE campaigns ADD COLUMN send_window TEXT;
