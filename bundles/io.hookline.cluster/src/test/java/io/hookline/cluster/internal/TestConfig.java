package io.hookline.cluster.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link ClusterComponent.Config} as SCR builds it: the given values, else the annotation's defaults. */
final class TestConfig {

    private TestConfig() {
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
