package io.hookline.cluster.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link ClusterComponent.Config} as SCR builds it: the given values, else the annotation's defaults. */
final class TestConfig {

    private TestConfig() {
    }

    /**
     * The config of a node in one JVM over the loopback transport with the tests' short timeouts;
     * {@code extra} may set anything else, or its own transport and timeouts.
     */
    static Map<String, Object> loopbackNode(String cluster, String name, java.nio.file.Path keystore,
            Map<String, Object> extra) {
        Map<String, Object> c = new java.util.HashMap<>(extra);
        c.put("cluster_name", cluster);
        c.put("node_name", name);
        c.putIfAbsent("transport", "loopback");
        c.put("keystore_path", keystore.toString());
        c.put("keystore_password", TestKeys.PASSWORD);
        c.putIfAbsent("join_timeout_ms", 500L);
        c.putIfAbsent("failure_timeout_ms", 3000L);
        c.putIfAbsent("merge_interval_ms", 2000L);
        return c;
    }

    static ClusterComponent.Config of(Map<String, Object> values) {
        return (ClusterComponent.Config) Proxy.newProxyInstance(TestConfig.class.getClassLoader(),
                new Class<?>[] {ClusterComponent.Config.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "TestConfig" + values : method.invoke(values, args);
                    }
                    Object v = values.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }
}
