-- What the Deepgram-style request list and usage show of a request besides its counts: the
-- channels of its audio (total_hours counts each), its language tag, and the caller's tags.
-- Tags are at most 10 of at most 128 characters, none holding a control character; they are
-- stored in one column, each preceded by a line feed and the last followed by one (a request
-- tagged a and b holds '\na\nb\n'), so that a tag filter is one position() search. No tags: null.
-- Entries made before have one channel, no language and no tags.
alter table sm_usage_entry add column channels integer default 1 not null;
alter table sm_usage_entry add column language_tag varchar(35);
alter table sm_usage_entry add column tags varchar(1291);
alter table sm_usage_entry add constraint sm_usage_entry_channels check (channels between 1 and 64);
