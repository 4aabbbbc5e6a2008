package dev.speechmeter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void noUriMeansNoRedis() {
        assertThat(RedisSettings.fromProperties(Map.<String, String>of()::get)).isNull();
    }

    @Test
    void readsEverySetting() {
        RedisSettings settings = RedisSettings.fromProperties(Map.of(
                "speechmeter.redis.uri", "redis://:secret@redis.internal:6379",
                "speechmeter.redis.timeout-millis", "100",
                "speechmeter.redis.lease-seconds", "10",
                "speechmeter.redis.on-failure", "refuse",
                "speechmeter.redis.history", "server")::get);

        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.onFailure()).isEqualTo(FailurePolicy.REFUSE);
        assertThat(settings.fleetHistory()).as("kept by each server").isFalse();
        assertThat(RedisSettings.fromProperties(Map.of("speechmeter.redis.uri", "redis://x")::get).fleetHistory())
                .as("by default, the fleet's").isTrue();
        assertThat(settings.safeUri()).isEqualTo("redis://***@redis.internal:6379");
        assertThat(settings.toString()).doesNotContain("secret").contains("redis://***@redis.internal:6379");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> RedisSettings.fromProperties(Map.of("speechmeter.redis.uri", "http://x")::get))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("speechmeter.redis.uri");
        assertThatThrownBy(() -> RedisSettings.fromProperties(Map.of("speechmeter.redis.uri", "redis://x",
                "speechmeter.redis.on-failure", "panic")::get))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("local or refuse");
        assertThatThrownBy(() -> RedisSettings.fromProperties(Map.of("speechmeter.redis.uri", "redis://x",
                "speechmeter.redis.timeout-millis", "0")::get))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("timeout-millis");
        assertThatThrownBy(() -> RedisSettings.fromProperties(Map.of("speechmeter.redis.uri", "redis://x",
                "speechmeter.redis.history", "cluster")::get))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("speechmeter.redis.history")
                .hasMessageContaining("fleet or server");
    }
}
