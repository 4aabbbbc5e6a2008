package dev.speechmeter.sample.it;

import dev.speechmeter.sample.it.host.GreetingResource;
import dev.speechmeter.sample.it.host.HostApi;
import dev.speechmeter.sample.it.host.HostSupportServlet;
import dev.speechmeter.sample.it.host.Note;
import dev.speechmeter.sample.it.host.NoteServlet;
import dev.speechmeter.sample.it.host.Notes;
import dev.speechmeter.sample.it.host.SpeakServlet;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A web application that existed before Speechmeter and then added it, as deploying.md tells:
 * its own entity, persistence unit (the only one it declares) and servlets, Speechmeter's two
 * jars (metering-filter, metering-jpa) and what they bring in {@code WEB-INF/lib}, and the filter
 * mapped on its one speech endpoint. The jars are the ones this build just packaged into the
 * sample WAR, without the sample's Redis store.
 */
final class HostDeployment {

    /** What only the sample adds: the Redis store and the libraries it brings. */
    private static final List<String> NOT_ADDED_BY_THE_HOST =
            List.of("metering-redis-", "lettuce-core-", "netty-", "reactor-core-", "reactive-streams-");

    private HostDeployment() {
    }

    /** Speechmeter's settings in the host: only the {@code usage} group of its REST endpoints. */
    private static final String SETTINGS = "speechmeter.rest.groups=usage\n";

    /** The host application, {@code <name>.war}; Speechmeter on its default data source. */
    static WebArchive named(String name) {
        return host(name, SETTINGS);
    }

    /** The host application with {@code speechmeter.rest.prefix} set in its MicroProfile Config. */
    static WebArchive withRestPrefix(String name, String prefix) {
        return host(name, SETTINGS + "speechmeter.rest.prefix=" + prefix + "\n");
    }

    /** The host application with {@code speechmeter.datasource} set in its MicroProfile Config. */
    static WebArchive withSpeechmeterDataSource(String name, String dataSource) {
        return host(name, SETTINGS + "speechmeter.datasource=" + dataSource + "\n");
    }

    private static WebArchive host(String name, String settings) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(Note.class, Notes.class, NoteServlet.class, SpeakServlet.class, HostSupportServlet.class,
                        HostApi.class, GreetingResource.class, GreetingResource.Greeting.class)
                .addAsResource("host-app/persistence.xml", "META-INF/persistence.xml")
                .addAsResource(new StringAsset(settings), "META-INF/microprofile-config.properties")
                .addAsWebInfResource("host-app/beans.xml", "beans.xml")
                .setWebXML("host-app/web.xml");
        addSpeechmeterJars(war);
        return war;
    }

    private static void addSpeechmeterJars(WebArchive war) {
        File sample = new File(System.getProperty("sample.war", "target/speechmeter-sample.war"));
        if (!sample.isFile()) {
            throw new IllegalStateException("The sample WAR " + sample + " is missing: run the integration tests "
                    + "through Maven (mvn verify), which packages it first");
        }
        List<String> added;
        try (ZipFile zip = new ZipFile(sample)) {
            added = zip.stream()
                    .filter(entry -> entry.getName().startsWith("WEB-INF/lib/") && entry.getName().endsWith(".jar"))
                    .filter(entry -> NOT_ADDED_BY_THE_HOST.stream().noneMatch(fileName(entry)::startsWith))
                    .peek(entry -> war.addAsLibrary(new ByteArrayAsset(bytes(zip, entry)), fileName(entry)))
                    .map(HostDeployment::fileName)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + sample, e);
        }
        for (String jar : List.of("metering-filter-", "metering-jpa-")) {
            if (added.stream().noneMatch(name -> name.startsWith(jar))) {
                throw new IllegalStateException("The sample WAR " + sample + " has no " + jar + "*.jar: " + added);
            }
        }
    }

    private static String fileName(ZipEntry entry) {
        return entry.getName().substring("WEB-INF/lib/".length());
    }

    private static byte[] bytes(ZipFile zip, ZipEntry entry) {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + entry.getName(), e);
        }
    }
}
