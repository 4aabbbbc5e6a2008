package dev.speechmeter.sample.it;

import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * A data source beside the server's default one, for the tests that point
 * {@code speechmeter.datasource} at it: {@value #JNDI_NAME}, an in-memory H2 database of its own,
 * added before the test's deployments and removed after them.
 */
final class SecondDataSource implements ServerSetupTask {

    static final String JNDI_NAME = "java:jboss/datasources/SpeechmeterSecondDS";

    private static final ModelNode ADDRESS = Operations.createAddress("subsystem", "datasources",
            "data-source", "SpeechmeterSecondDS");

    @Override
    public void setup(ManagementClient client, String containerId) throws Exception {
        if (exists(client)) {
            // Left behind by a run that was stopped before its tear-down.
            remove(client);
        }
        ModelNode add = Operations.createAddOperation(ADDRESS);
        add.get("jndi-name").set(JNDI_NAME);
        add.get("driver-name").set("h2");
        add.get("connection-url").set("jdbc:h2:mem:speechmeter-second;DB_CLOSE_DELAY=-1");
        add.get("user-name").set("sa");
        add.get("password").set("sa");
        executeOperation(client, add);
    }

    @Override
    public void tearDown(ManagementClient client, String containerId) throws Exception {
        remove(client);
    }

    private static boolean exists(ManagementClient client) throws Exception {
        return Operations.isSuccessfulOutcome(client.getControllerClient().execute(
                Operations.createReadResourceOperation(ADDRESS)));
    }

    private void remove(ManagementClient client) throws Exception {
        ModelNode remove = Operations.createRemoveOperation(ADDRESS);
        // Without it WildFly keeps the data source's service until a reload.
        remove.get("operation-headers", "allow-resource-service-restart").set(true);
        executeOperation(client, remove);
    }
}
