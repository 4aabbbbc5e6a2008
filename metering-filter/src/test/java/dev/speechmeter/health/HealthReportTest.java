package dev.speechmeter.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** A report keeps its figures in order, says what failed without a secret, and becomes the same response. */
class HealthReportTest {

    @Test
    void anErrorLeavesOutUrlsCredentialsAndKeys() {
        SQLException failure = new SQLException("Cannot open jdbc:postgresql://db:5432/meter?user=app&password=hunter2 "
                + "(redis://:s3cret@cache:6379, PASSWORD = swordfish; api_key=sk-123)");

        String error = HealthReport.down("speechmeter-database").withError(failure).data().get("error").toString();

        assertThat(error).startsWith("SQLException: Cannot open jdbc:... (redis://***@cache:6379")
                .doesNotContain("hunter2", "s3cret", "swordfish", "sk-123", "db:5432");
    }

    @Test
    void aLongErrorIsCut() {
        String error = HealthReport.down("speechmeter-database").withError(new IllegalStateException("x".repeat(1_000)))
                .data().get("error").toString();

        assertThat(error).hasSize(HealthReport.MAX_ERROR + 3).endsWith("...");
    }

    @Test
    void theResponseCarriesTheStatusAndTheFiguresAsGiven() {
        HealthReport report = HealthReport.of("speechmeter-usage-backlog", false)
                .with("backlog", 7).with("max-backlog", 5).with("accepting", true).with("mode", "migrate");

        HealthCheckResponse response = HealthResponses.of(report);

        assertThat(response.getName()).isEqualTo("speechmeter-usage-backlog");
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow()).containsExactlyInAnyOrderEntriesOf(
                Map.of("backlog", 7L, "max-backlog", 5L, "accepting", true, "mode", "migrate"))
                .isEqualTo(report.data());
        assertThat(report.data().keySet()).containsExactly("backlog", "max-backlog", "accepting", "mode");
        assertThat(HealthResponses.of(HealthReport.up("speechmeter-redis")).getData()).isEmpty();
    }
}
