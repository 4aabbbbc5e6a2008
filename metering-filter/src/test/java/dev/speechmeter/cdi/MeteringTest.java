package dev.speechmeter.cdi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jakarta.enterprise.context.RequestScoped;
import org.jboss.weld.junit5.auto.ActivateScopes;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.jboss.weld.junit5.auto.AddExtensions;
import org.jboss.weld.junit5.auto.EnableAutoWeld;

/**
 * A CDI container with Speechmeter's beans, interceptor and extension, backed by an in-memory
 * directory and ledger on a fake clock ({@link TestBackends}), and an HTTP request faked per test.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@EnableAutoWeld
@ActivateScopes(RequestScoped.class)
@AddExtensions(MeteringExtension.class)
@AddBeanClasses({MeteringRuntimeProducer.class, MeteringConfigProducer.class, UsageContextProducer.class,
        MeteringInterceptor.class, TestBackends.class})
public @interface MeteringTest {
}
