-- Usage per project, UTC day and model, kept up to date in the transaction that writes the
-- entries, so that summaries never scan raw entries. A null model is stored as ''.

create table sm_usage_daily (
    project_id               uuid           not null,
    usage_day                date           not null,
    model                    varchar(256)   not null,
    num_requests             bigint         not null,
    input_text_tokens        bigint         not null,
    input_audio_tokens       bigint         not null,
    input_audio_duration_ms  bigint         not null,
    output_text_tokens       bigint         not null,
    output_audio_tokens      bigint         not null,
    output_audio_duration_ms bigint         not null,
    input_text_cost_usd      numeric(24, 6) not null,
    input_audio_cost_usd     numeric(24, 6) not null,
    output_text_cost_usd     numeric(24, 6) not null,
    output_audio_cost_usd    numeric(24, 6) not null,
    primary key (project_id, usage_day, model)
) engine = InnoDB default character set utf8mb4 collate utf8mb4_nopad_bin;
