package dev.speechmeter.sample.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every test of the deployed sample shares: the sample WAR (plus the test-support
 * resource) on the managed WildFly, and a client that calls it over real HTTP.
 */
@ExtendWith(ArquillianExtension.class)
abstract class SampleIT {

    @ArquillianResource
    URL baseUrl;

    SampleClient client;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SampleDeployment.withTestSupport();
    }

    @BeforeEach
    void connect() {
        client = new SampleClient(baseUrl);
    }
}
