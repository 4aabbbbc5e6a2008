-- The request list of a project (SPEC section 5) runs newest first over the start time.
create index sm_usage_entry_project_start_ix on sm_usage_entry (project_id, start_time, uuid);
