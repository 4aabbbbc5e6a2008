package dev.speechmeter.sample.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code speechmeter.datasource} moves Speechmeter's keys and usage to a data source of their
 * own while the host application's persistence unit stays on the server's default one; a name
 * that finds no data source fails the deployment and says which setting to correct.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(SecondDataSource.class)
class HostDataSourceIT {

    private static final String MISSING = "java:jboss/datasources/NoSuchSpeechmeterDS";

    @ArquillianResource
    @OperateOnDeployment("second")
    URL baseUrl;

    @ArquillianResource
    Deployer deployer;

    HostClient host;

    @Deployment(name = "second", testable = false)
    static WebArchive onTheSecondDataSource() {
        return HostDeployment.withSpeechmeterDataSource("host-second", SecondDataSource.JNDI_NAME);
    }

    @Deployment(name = "missing", testable = false, managed = false)
    static WebArchive onAMissingDataSource() {
        return HostDeployment.withSpeechmeterDataSource("host-missing", MISSING);
    }

    @BeforeEach
    void connect() {
        host = new HostClient(baseUrl);
    }

    @Test
    void keysAndUsageAreInTheNamedDataSourceOnly() {
        JsonObject tenant = host.newTenant();
        String projectId = tenant.getString("project_id");

        HttpResponse<String> spoken = host.speak("Bearer " + tenant.getString("api_key"), "hello");

        assertThat(spoken.statusCode()).as(spoken.body()).isEqualTo(200);
        JsonObject second = host.usage(projectId, SecondDataSource.JNDI_NAME);
        assertThat(second.getBoolean("table")).isTrue();
        assertThat(second.getInt("entries")).isEqualTo(1);
        assertThat(host.usage(projectId, "java:comp/DefaultDataSource").getInt("entries")).isZero();
    }

    @Test
    void theHostsOwnPersistenceUnitWorksBesideIt() {
        HttpResponse<String> added = host.addNote("kept by the host");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

        assertThat(host.note(added.body()).body()).isEqualTo("kept by the host");
    }

    @Test
    void aDataSourceNameThatFindsNothingFailsTheDeploymentNamingTheSetting() {
        assertThatThrownBy(() -> deployer.deploy("missing"))
                .hasStackTraceContaining("Invalid value '" + MISSING + "' for speechmeter.datasource");
    }
}
