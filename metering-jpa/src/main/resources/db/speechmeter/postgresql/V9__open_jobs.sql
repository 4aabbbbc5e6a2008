-- Metered jobs that have not ended: written before a job's submit is answered, deleted once its
-- usage entry is with the ledger. owner is the server running the job, which renews renewed_at
-- while it runs; a row whose renewal is older than the lease belongs to a server that stopped, and
-- another server takes it over (and resumes or fails it) by changing owner in one update.
create table sm_open_job (
    id                  uuid         not null,
    correlation_id      varchar(128),
    api_key_id          uuid         not null,
    organization_id     uuid         not null,
    project_id          uuid         not null,
    request_scope       varchar(64)  not null,
    endpoint            varchar(2048),
    method              varchar(16)  not null,
    pool                varchar(64),
    technology          varchar(64),
    vendor              varchar(64),
    operation           varchar(64),
    client_reference_id varchar(256),
    start_time          timestamp(6) with time zone not null,
    owner               varchar(64)  not null,
    renewed_at          timestamp(6) with time zone not null,
    constraint sm_open_job_pk primary key (id)
);

-- The take-over looks for rows by age of renewal; a server renews its own by owner.
create index sm_open_job_renewed_ix on sm_open_job (renewed_at);
create index sm_open_job_owner_ix on sm_open_job (owner);
