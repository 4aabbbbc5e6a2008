package dev.speechmeter.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.ConfigurationException;
import dev.speechmeter.OutagePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store's own settings, read with it and checked as they are read. */
class StoreSettingsTest {

    @Test
    void readsEverySetting() {
        StoreSettings settings = StoreSettings.fromProperties(Map.ofEntries(
                Map.entry("speechmeter.datasource", " java:jboss/datasources/SpeechmeterDS "),
                Map.entry("speechmeter.schema.mode", " Validate "),
                Map.entry("speechmeter.usage.queue-capacity", "500"),
                Map.entry("speechmeter.usage.max-batch", "200"),
                Map.entry("speechmeter.usage.writers", "4"),
                Map.entry("speechmeter.usage.on-outage", "refuse"),
                Map.entry("speechmeter.usage.sync-timeout-seconds", "3"),
                Map.entry("speechmeter.usage.journal.directory", "/var/lib/speechmeter"),
                Map.entry("speechmeter.usage.journal.max-bytes", "1048576"),
                Map.entry("speechmeter.jobs.lease-seconds", "20"),
                Map.entry("speechmeter.health.max-usage-backlog", "800"),
                Map.entry("speechmeter.capacities.absent-recheck-seconds", "0"))::get);

        assertThat(settings).isEqualTo(new StoreSettings("java:jboss/datasources/SpeechmeterDS", SchemaMode.VALIDATE,
                500, 200, 4, OutagePolicy.REFUSE, Duration.ofSeconds(3), Path.of("/var/lib/speechmeter"), 1_048_576,
                Duration.ofSeconds(20), 800, Duration.ZERO));
    }

    @Test
    void theBacklogAServerStaysReadyWithIsHalfItsQueueUnlessSet() {
        assertThat(StoreSettings.fromProperties(Map.of("speechmeter.usage.queue-capacity", "501")::get)
                .maxUsageBacklog()).isEqualTo(250);
        assertThat(StoreSettings.fromProperties(Map.of("speechmeter.usage.queue-capacity", "1")::get)
                .maxUsageBacklog()).isEqualTo(1);
        assertThatThrownBy(() -> StoreSettings.fromProperties(Map.of("speechmeter.health.max-usage-backlog", "0")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.health.max-usage-backlog").hasMessageContaining("'0'");
    }

    @Test
    void whatIsNotSetHasItsDefault() {
        assertThat(StoreSettings.fromProperties(name -> null)).isEqualTo(StoreSettings.defaults());
        assertThat(StoreSettings.defaults()).isEqualTo(new StoreSettings("java:comp/DefaultDataSource",
                SchemaMode.MIGRATE, 10_000, 2_000, 2, OutagePolicy.JOURNAL, Duration.ofSeconds(10), null, 1L << 30,
                Duration.ofSeconds(60), 5_000, Duration.ofSeconds(5)));
    }

    @Test
    void aBadValueIsNamedWithItsProperty() {
        assertThatThrownBy(() -> StoreSettings.fromProperties(Map.of("speechmeter.usage.writers", "0")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.usage.writers").hasMessageContaining("'0'");
        assertThatThrownBy(() -> StoreSettings.fromProperties(Map.of("speechmeter.schema.mode", "drop")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.schema.mode").hasMessageContaining("'drop'")
                .hasMessageContaining("one of migrate, validate, none");
        assertThatThrownBy(() -> StoreSettings.fromProperties(Map.of("speechmeter.usage.on-outage", "panic")::get))
                .hasMessageContaining("one of journal, refuse");
        assertThatThrownBy(() -> StoreSettings.fromProperties(Map.of("speechmeter.usage.queue-capacity", "99999999")::get))
                .hasMessageContaining("a whole number from 1 to 1000000");
        assertThatThrownBy(() -> StoreSettings.fromProperties(
                Map.of("speechmeter.capacities.absent-recheck-seconds", "-1")::get))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("speechmeter.capacities.absent-recheck-seconds").hasMessageContaining("'-1'")
                .hasMessageContaining("a whole number of seconds >= 0");
    }
}
