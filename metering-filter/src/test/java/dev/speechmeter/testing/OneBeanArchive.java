package dev.speechmeter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A module's classes as the one bean archive of a deployment, on a server with or without
 * MicroProfile Health: Weld SE, given this loader, discovers that module's
 * {@code META-INF/beans.xml} and no other, and the module's classes are defined here, so that
 * without the API whatever needs it fails to load, as it would on such a server.
 *
 * <pre>{@code
 * try (WeldContainer container = new Weld().setClassLoader(OneBeanArchive.of(JpaStore.class, false))
 *         .addBeanClasses(MeteringConfigProducer.class).initialize()) { ... }
 * }</pre>
 */
public final class OneBeanArchive extends ClassLoader {

    private static final String HEALTH_API = "org.eclipse.microprofile.health.";

    private final Path classes;
    private final String packagePrefix;
    private final boolean healthApi;

    private OneBeanArchive(Path classes, String packagePrefix, boolean healthApi, ClassLoader parent) {
        super(parent);
        this.classes = classes;
        this.packagePrefix = packagePrefix;
        this.healthApi = healthApi;
    }

    /**
     * The archive of the module {@code member} belongs to (its classes directory), whose classes
     * in {@code member}'s package and below are defined by this loader.
     */
    public static OneBeanArchive of(Class<?> member, boolean healthApi) {
        try {
            Path classes = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new OneBeanArchive(classes, member.getPackageName() + ".", healthApi, member.getClassLoader());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!healthApi && name.startsWith(HEALTH_API)) {
            throw new ClassNotFoundException(name);
        }
        Path file = classes.resolve(name.replace('.', '/') + ".class");
        if (!name.startsWith(packagePrefix) || !Files.isRegularFile(file)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    byte[] bytes = Files.readAllBytes(file);
                    loaded = defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return loaded;
        }
    }

    /** The names of the module's classes in {@code packageName}, nested ones included. */
    public Set<String> classNamesIn(String packageName) {
        Path folder = classes.resolve(packageName.replace('.', '/'));
        try (var files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(".class"))
                    .map(file -> packageName + "." + file.substring(0, file.length() - ".class".length()))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the archive's {@code beans.xml} leaves {@code className} out of discovery here, by
     * the rules of CDI's exclude filters ({@code <scan><exclude>}): the name of the class, of its
     * package ({@code .*}) or of a package above it ({@code .**}), under conditions on the classes
     * this loader can load ({@code if-class-available}, {@code if-class-not-available}).
     */
    public boolean excludes(String className) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            NodeList excludes = factory.newDocumentBuilder().parse(classes.resolve("META-INF/beans.xml").toFile())
                    .getElementsByTagNameNS("*", "exclude");
            for (int i = 0; i < excludes.getLength(); i++) {
                Element exclude = (Element) excludes.item(i);
                if (matches(exclude.getAttribute("name"), className) && active(exclude)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the beans.xml of " + classes, e);
        }
    }

    private static boolean matches(String filter, String className) {
        String packageName = className.substring(0, className.lastIndexOf('.'));
        if (filter.endsWith(".**")) {
            String above = filter.substring(0, filter.length() - 3);
            return packageName.equals(above) || packageName.startsWith(above + ".");
        }
        if (filter.endsWith(".*")) {
            return packageName.equals(filter.substring(0, filter.length() - 2));
        }
        return className.equals(filter);
    }

    private boolean active(Element exclude) {
        for (Node child = exclude.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element condition) {
                boolean loadable = loadable(condition.getAttribute("name"));
                boolean holds = switch (condition.getLocalName()) {
                    case "if-class-available" -> loadable;
                    case "if-class-not-available" -> !loadable;
                    default -> throw new IllegalStateException("not understood here: " + condition.getLocalName());
                };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean loadable(String className) {
        try {
            loadClass(className, false);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** This module's {@code beans.xml} only, and no portable extension of another jar. */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (name.equals("META-INF/beans.xml")) {
            Path beansXml = classes.resolve(name);
            return Collections.enumeration(Files.isRegularFile(beansXml) ? Set.of(beansXml.toUri().toURL()) : Set.of());
        }
        if (name.startsWith("META-INF/services/jakarta.enterprise")) {
            return Collections.emptyEnumeration();
        }
        return super.getResources(name);
    }
}
