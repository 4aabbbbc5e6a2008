package dev.speechmeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnmeteredUsageTest {

    private final UsageContext unmetered = UsageContext.unmetered("/tts");

    @Test
    void everyMethodOfTheContextRefusesTheRequest() throws Exception {
        int methods = 0;
        for (Method method : UsageContext.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Object[] args = new Object[method.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                Class<?> type = method.getParameterTypes()[i];
                args[i] = type == long.class ? 1L : type == int.class ? (Object) 1 : type == Duration.class ? Duration.ofSeconds(1) : null;
            }
            assertThatThrownBy(() -> invoke(method, args))
                    .as(method.getName())
                    .isInstanceOfSatisfying(UnmeteredRequestException.class,
                            refusal -> assertThat(refusal.path()).isEqualTo("/tts"));
            methods++;
        }
        assertThat(methods).isGreaterThanOrEqualTo(10);
    }

    @Test
    void itCanStillBeLoggedAndCompared() {
        assertThat(unmetered.toString()).contains("/tts");
        assertThat(unmetered).isEqualTo(unmetered).isNotEqualTo(UsageContext.unmetered("/tts"));
        assertThat(unmetered.hashCode()).isEqualTo(System.identityHashCode(unmetered));
    }

    private void invoke(Method method, Object[] args) throws Throwable {
        try {
            method.invoke(unmetered, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
