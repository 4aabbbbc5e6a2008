-- What each key may do, comma-separated: speech, usage:read. Keys made before may do everything.
alter table sm_api_key add column permissions varchar(200) default 'speech,usage:read' not null;
