package dev.speechmeter.sample.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the fleet tests share: the sample WAR (with the test-support resource) on two WildFly
 * servers behind one Redis and one database, and a client of each over real HTTP.
 */
@ExtendWith({FleetRedis.class, ArquillianExtension.class})
abstract class TwoServers {

    @ArquillianResource
    @OperateOnDeployment("a")
    URL nodeA;

    @ArquillianResource
    @OperateOnDeployment("b")
    URL nodeB;

    SampleClient a;
    SampleClient b;

    @Deployment(name = "a", testable = false)
    @TargetsContainer("node-a")
    static WebArchive onNodeA() {
        return SampleDeployment.withTestSupport();
    }

    @Deployment(name = "b", testable = false)
    @TargetsContainer("node-b")
    static WebArchive onNodeB() {
        return SampleDeployment.withTestSupport();
    }

    @BeforeEach
    void connect() {
        a = new SampleClient(nodeA);
        b = new SampleClient(nodeB);
    }
}
