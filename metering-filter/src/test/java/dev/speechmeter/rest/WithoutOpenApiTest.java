package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechmeter.ApiGroup;
import java.io.File;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The REST resources on a server without MicroProfile OpenAPI: every class of the package loads and
 * keeps its JAX-RS annotations when the OpenAPI annotations are not there, which the JVM then
 * ignores. A class that used the API in its code would fail to load or link here.
 */
class WithoutOpenApiTest {

    private static final String OPENAPI = "org.eclipse.microprofile.openapi";

    @Test
    void everyClassOfTheRestPackageLoadsWithItsJaxRsAnnotations() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader application = thread.getContextClassLoader();
        try (URLClassLoader server = new URLClassLoader(classPathWithoutOpenApi(),
                ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(server);
            assertThatThrownBy(() -> server.loadClass(OPENAPI + ".annotations.Operation"))
                    .isInstanceOf(ClassNotFoundException.class);
            List<String> classes = restClasses();
            assertThat(classes).contains(ErrorSchemas.class.getName(), AdminSchemas.class.getName() + "$NewTenant");
            for (String name : classes) {
                Class<?> loaded = Class.forName(name, true, server);
                Stream.of(loaded.getDeclaredMethods()).forEach(method -> method.getParameterAnnotations());
                loaded.getDeclaredFields();
                loaded.getAnnotations();
                if (loaded.isRecord()) {
                    Stream.of(loaded.getRecordComponents()).forEach(component -> component.getAnnotations());
                }
            }
            for (Class<?> resource : ApiGroups.classes(ApiGroup.values())) {
                assertThat(jaxRsAnnotations(Class.forName(resource.getName(), true, server)))
                        .as(resource.getSimpleName()).isNotEmpty()
                        .isEqualTo(jaxRsAnnotations(resource));
            }
        } finally {
            thread.setContextClassLoader(application);
        }
    }

    /** The names of the JAX-RS annotations on the class, its methods and their parameters, in order. */
    private static List<String> jaxRsAnnotations(Class<?> type) {
        List<String> names = new ArrayList<>();
        Stream.of(type.getAnnotations()).map(WithoutOpenApiTest::jaxRs).forEach(names::add);
        Method[] methods = type.getDeclaredMethods();
        Arrays.sort(methods, (one, other) -> one.toGenericString().compareTo(other.toGenericString()));
        for (Method method : methods) {
            Stream.of(method.getAnnotations()).map(WithoutOpenApiTest::jaxRs).forEach(names::add);
            Stream.of(method.getParameterAnnotations()).flatMap(Stream::of).map(WithoutOpenApiTest::jaxRs)
                    .forEach(names::add);
        }
        names.removeIf(name -> name == null);
        return names;
    }

    private static String jaxRs(Annotation annotation) {
        return annotation.annotationType().getName().startsWith("jakarta.ws.rs.") ? annotation.toString() : null;
    }

    private static URL[] classPathWithoutOpenApi() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("microprofile-openapi-api")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    private static List<String> restClasses() throws Exception {
        Path root = Path.of(ApiGroups.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path rest = root.resolve(ApiGroups.class.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(rest)) {
            return files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(".class"))
                    .map(file -> ApiGroups.class.getPackageName() + "." + file.substring(0, file.length() - 6))
                    .sorted().toList();
        }
    }
}
