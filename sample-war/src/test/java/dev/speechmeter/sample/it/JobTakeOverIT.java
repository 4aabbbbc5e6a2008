package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A transcription job running when its application stops is not held for ever nor billed: the
 * stop hands it over, and the application deployed again takes it over at once, offers it to the
 * sample (which keeps its jobs in memory, so cannot resume it) and fails it, unbilled, its slot
 * released.
 */
@ExtendWith(ArquillianExtension.class)
class JobTakeOverIT {

    private static final String SAMPLE = "restarting";

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = SAMPLE, testable = false, managed = false)
    static WebArchive sample() {
        return SampleDeployment.withTestSupport();
    }

    @AfterEach
    void undeploy() {
        deployer.undeploy(SAMPLE);
    }

    @Test
    void aJobRunningWhenItsApplicationStopsIsTakenOverAndFailedUnbilledWhenItStartsAgain()
            throws MalformedURLException {
        URL base = new URL("http://127.0.0.1:" + System.getProperty("it.http.port", "8080") + "/");
        SampleClient client = new SampleClient(base);
        JobClient jobs = new JobClient(base);
        deployer.deploy(SAMPLE);
        Tenant tenant = client.newTenant(null, 1);
        String auth = tenant.authorization();
        String file = jobs.uploaded(auth, TestAudio.telephoneSilence(Duration.ofMinutes(15)));
        String job = SampleClient.json(jobs.create(auth, "{\"model\":\"stt-async-sample\",\"file_id\":\"" + file
                + "\",\"client_reference_id\":\"order-9\"}").body()).getString("id");
        assertThat(slots(client, auth)).isEqualTo(1);
        assertThat(client.projectUsage(tenant.projectId()).getInt("entries")).isZero();

        deployer.undeploy(SAMPLE);
        deployer.deploy(SAMPLE);

        JsonObject entry = client.usageEntry(job);
        assertThat(entry).as("the job's entry, written when it was taken over").isNotNull();
        assertThat(entry.getJsonNumber("status_code").intValue()).isEqualTo(500);
        assertThat(entry.getBoolean("billable")).isFalse();
        assertThat(entry.getString("client_reference_id")).isEqualTo("order-9");
        assertThat(SampleClient.pollUntil(() -> slots(client, auth), held -> held == 0)).isZero();
        JsonObject usage = client.projectUsage(tenant.projectId());
        assertThat(usage.getInt("entries")).isEqualTo(1);
        assertThat(usage.getInt("billable")).isZero();
        assertThat(jobs.call(auth, "GET", "v1/transcriptions/" + job).statusCode())
                .as("the sample forgot it with the restart").isEqualTo(404);
    }

    private static int slots(SampleClient client, String authorization) {
        return client.concurrencyLimits(authorization).getJsonObject("project").getJsonObject("current")
                .getInt("transcribe_concurrent");
    }
}
