package io.liverelay.config.control;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.Function;

/**
 * MicroProfile Config when the server provides it, found by reflection so that the WAR still deploys on a
 * plain Jakarta EE web profile server (TomEE), where system properties and environment variables remain.
 */
final class MicroProfileConfig {

    private MicroProfileConfig() {
    }

    static Optional<Function<String, String>> lookup() {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider", true, loader);
            Class<?> api = Class.forName("org.eclipse.microprofile.config.Config", true, loader);
            Object config = provider.getMethod("getConfig").invoke(null);
            Method optional = api.getMethod("getOptionalValue", String.class, Class.class);
            return Optional.of(name -> read(config, optional, name));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String read(Object config, Method optional, String name) {
        try {
            Object value = optional.invoke(config, name, String.class);
            return value instanceof Optional<?> o ? o.map(Object::toString).orElse(System.getProperty(name))
                    : System.getProperty(name);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return System.getProperty(name); // an unconvertible value must not hide the plain property
        }
    }
}
