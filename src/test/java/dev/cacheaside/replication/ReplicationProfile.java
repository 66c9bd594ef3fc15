package dev.cacheaside.replication;

import java.util.List;
import java.util.Map;

import dev.cacheaside.support.RedisReplicasResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The application with {@code client-type=replication} and {@code replicas=never}, on a master and a replica. */
public class ReplicationProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisReplicasResource.class, Map.of("mode", "replication")));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
