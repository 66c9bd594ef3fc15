package dev.cacheaside.replication;

import java.util.List;

import dev.cacheaside.support.RedisReplicasResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The application with {@code quarkus.redis.client-type=sentinel}, against a local master, replica and Sentinel. */
public class SentinelProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisReplicasResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
