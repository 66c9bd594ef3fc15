package dev.cacheaside.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * A per-client limit on every state-changing request under {@code /api/} (all of them need the admin role), checked
 * before routing and before authentication, so that it also slows down password guessing. A client is its address:
 * behind a proxy, set {@code quarkus.http.proxy.proxy-address-forwarding=true} so that this is the caller's, not the
 * proxy's. Reads are never limited.
 */
public class WriteLimitFilter {

    /** More distinct clients than this in one refill period, and the least recent lose their (partly spent) bucket. */
    private static final int MAX_CLIENTS = 100_000;

    private final int burst;
    private final double perSecond;
    private final Cache<String, TokenBucket> buckets;

    public WriteLimitFilter(AdminConfig config) {
        this.burst = config.writeLimit().burst();
        this.perSecond = config.writeLimit().perSecond();
        // a bucket idle long enough to be full again is the same as a new one: forget it
        Duration refill = Duration.ofMillis((long) Math.ceil(burst / perSecond * 1000) + 1000);
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_CLIENTS).expireAfterAccess(refill).build();
    }

    @ServerRequestFilter(preMatching = true)
    public void limitWrites(HttpServerRequest request) {
        if (!isWrite(request.method()) || request.path() == null || !request.path().startsWith("/api/")) {
            return;
        }
        long now = System.nanoTime();
        long waitNanos = buckets.get(client(request), key -> new TokenBucket(burst, perSecond, now)).take(now);
        if (waitNanos > 0) {
            throw new WriteLimitExceededException(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999)));
        }
    }

    private static boolean isWrite(HttpMethod method) {
        return !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method));
    }

    private static String client(HttpServerRequest request) {
        SocketAddress address = request.remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }
}
