package dev.cacheaside.cluster;

import java.util.List;

import dev.cacheaside.support.RedisClusterResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The application with {@code quarkus.redis.client-type=cluster}, against a local three-master cluster. */
public class ClusterProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisClusterResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
