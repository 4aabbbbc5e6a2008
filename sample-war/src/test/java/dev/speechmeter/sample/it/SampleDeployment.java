package dev.speechmeter.sample.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The sample WAR this module built, as deployed by the quick start, plus the test-only support resource. */
final class SampleDeployment {

    private SampleDeployment() {
    }

    static WebArchive withTestSupport() {
        File war = new File(System.getProperty("sample.war", "target/speechmeter-sample.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("The sample WAR " + war + " is missing: run the integration tests "
                    + "through Maven (mvn verify), which packages it first");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).addClasses(TestSupportResource.class,
                HeldWorkResource.class);
    }
}
