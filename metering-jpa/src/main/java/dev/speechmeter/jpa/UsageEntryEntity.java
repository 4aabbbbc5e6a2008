package dev.speechmeter.jpa;

import dev.speechmeter.spi.Costs;
import dev.speechmeter.spi.Usage;
import dev.speechmeter.spi.UsageRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One settled request: a usage log entry when billable, a failed request otherwise. */
@Entity
@Table(name = "sm_usage_entry")
class UsageEntryEntity {

    private static final int MONEY_PRECISION = 20;

    @Id
    @Column(name = "uuid")
    private UUID id;

    @Column(name = "organization_id", nullable = false)
    private UUID organizationId;

    @Column(name = "project_id", nullable = false)
    private UUID projectId;

    @Column(name = "api_key_id", nullable = false)
    private UUID apiKeyId;

    @Column(name = "correlation_id", length = 128)
    private String correlationId;

    @Column(name = "request_scope", nullable = false, length = 64)
    private String requestScope;

    @Column(name = "endpoint", length = 2048)
    private String endpoint;

    @Column(name = "method", length = 16)
    private String method;

    @Column(name = "status_code", nullable = false)
    private int statusCode;

    @Column(name = "billable", nullable = false)
    private boolean billable;

    @Column(name = "client_reference_id", length = 256)
    private String clientReferenceId;

    @Column(name = "model", length = 256)
    private String model;

    @Column(name = "channels", nullable = false)
    private int channels;

    @Column(name = "language_tag", length = Usage.MAX_LANGUAGE_LENGTH)
    private String language;

    @Column(name = "tags", length = TagsColumn.LENGTH)
    private String tags;

    @Convert(converter = InstantColumn.class)
    @Column(name = "start_time", nullable = false)
    private Instant startTime;

    @Convert(converter = InstantColumn.class)
    @Column(name = "end_time", nullable = false)
    private Instant endTime;

    @Column(name = "input_text_tokens", nullable = false)
    private long inputTextTokens;

    @Column(name = "input_audio_tokens", nullable = false)
    private long inputAudioTokens;

    @Column(name = "input_audio_duration_ms", nullable = false)
    private long inputAudioDurationMs;

    @Column(name = "output_text_tokens", nullable = false)
    private long outputTextTokens;

    @Column(name = "output_audio_tokens", nullable = false)
    private long outputAudioTokens;

    @Column(name = "output_audio_duration_ms", nullable = false)
    private long outputAudioDurationMs;

    @Column(name = "cost_usd", nullable = false, precision = MONEY_PRECISION, scale = Costs.SCALE)
    private BigDecimal costUsd;

    @Column(name = "input_cost_usd", nullable = false, precision = MONEY_PRECISION, scale = Costs.SCALE)
    private BigDecimal inputCostUsd;

    @Column(name = "input_text_cost_usd", nullable = false, precision = MONEY_PRECISION, scale = Costs.SCALE)
    private BigDecimal inputTextCostUsd;

    @Column(name = "input_audio_cost_usd", nullable = false, precision = MONEY_PRECISION, scale = Costs.SCALE)
    private BigDecimal inputAudioCostUsd;

    @Column(name = "output_cost_usd", nullable = false, precision = MONEY_PRECISION, scale = Costs.SCALE)
    private BigDecimal outputCostUsd;

    @Column(name = "output_text_cost_usd", nullable = false, precision = MONEY_PRECISION, scale = Costs.SCALE)
    private BigDecimal outputTextCostUsd;

    @Column(name = "output_audio_cost_usd", nullable = false, precision = MONEY_PRECISION, scale = Costs.SCALE)
    private BigDecimal outputAudioCostUsd;

    protected UsageEntryEntity() {
    }

    UsageEntryEntity(UsageRecord record) {
        Usage usage = record.usage();
        Costs costs = record.costs();
        this.id = record.requestId();
        this.organizationId = record.caller().organizationId();
        this.projectId = record.caller().projectId();
        this.apiKeyId = record.caller().apiKeyId();
        this.correlationId = record.correlationId();
        this.requestScope = record.requestScope();
        this.endpoint = record.endpoint();
        this.method = record.method();
        this.statusCode = record.statusCode();
        this.billable = record.billable();
        this.clientReferenceId = record.clientReferenceId();
        this.model = usage.model();
        this.channels = usage.channels();
        this.language = usage.language();
        this.tags = TagsColumn.encode(usage.tags());
        this.startTime = record.startTime();
        this.endTime = record.endTime();
        this.inputTextTokens = usage.inputTextTokens();
        this.inputAudioTokens = usage.inputAudioTokens();
        this.inputAudioDurationMs = usage.inputAudioDurationMs();
        this.outputTextTokens = usage.outputTextTokens();
        this.outputAudioTokens = usage.outputAudioTokens();
        this.outputAudioDurationMs = usage.outputAudioDurationMs();
        this.costUsd = costs.costUsd();
        this.inputCostUsd = costs.inputCostUsd();
        this.inputTextCostUsd = costs.inputTextCostUsd();
        this.inputAudioCostUsd = costs.inputAudioCostUsd();
        this.outputCostUsd = costs.outputCostUsd();
        this.outputTextCostUsd = costs.outputTextCostUsd();
        this.outputAudioCostUsd = costs.outputAudioCostUsd();
    }
}
