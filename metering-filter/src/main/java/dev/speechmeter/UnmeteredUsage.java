package dev.speechmeter;

import dev.speechmeter.spi.Usage;
import java.time.Duration;
import java.util.UUID;

/**
 * The {@link UsageContext} of a request that reached a metered endpoint without an admission.
 * Every use of it refuses the request with an {@link UnmeteredRequestException}: there is no way
 * to serve a metered endpoint for free.
 */
final class UnmeteredUsage implements UsageContext {

    private final String path;

    UnmeteredUsage(String path) {
        this.path = path;
    }

    private UnmeteredRequestException refused() {
        return UnmeteredRequestException.at(path);
    }

    @Override
    public UUID requestId() {
        throw refused();
    }

    @Override
    public UsageContext model(String model) {
        throw refused();
    }

    @Override
    public UsageContext inputAudioDuration(Duration duration) {
        throw refused();
    }

    @Override
    public UsageContext outputAudioDuration(Duration duration) {
        throw refused();
    }

    @Override
    public UsageContext inputTextTokens(long tokens) {
        throw refused();
    }

    @Override
    public UsageContext inputAudioTokens(long tokens) {
        throw refused();
    }

    @Override
    public UsageContext outputTextTokens(long tokens) {
        throw refused();
    }

    @Override
    public UsageContext outputAudioTokens(long tokens) {
        throw refused();
    }

    @Override
    public UsageContext clientReferenceId(String clientReferenceId) {
        throw refused();
    }

    @Override
    public Usage snapshot() {
        throw refused();
    }
}
