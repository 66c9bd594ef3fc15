package dev.cacheaside.config;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;

import io.quarkus.logging.LoggingFilter;

/**
 * Two log records of the Redis client that say nothing a user of this service can act on:
 * <ul>
 * <li>The Vert.x Redis client logs the loss of a pooled connection (Redis stopped, restarted, failed over, or a
 * network cut) as {@code ERROR Unhandled Error} with a full stack trace, once per connection. For this service that
 * is an expected event: the cache's circuit breaker and bypass handle it, and log it once, at INFO. The record
 * stays, as one WARN line naming the cause, so a lost connection is still visible.</li>
 * <li>Every start logged {@code WARN This Gauge has been already registered (MeterId{name='redis.pool.queue.size'
 * ...})}. Its cause is in Quarkus 3.33.2: two build steps (RedisClientProcessor and RedisDatasourceProcessor) both
 * record {@code RedisClientRecorder.initialize}, which builds a Vert.x Redis client for each configured name before
 * its {@code putIfAbsent}, so the default client is built twice and the second, never used, registers the same pool
 * and client gauges again. Micrometer keeps the first registration, which is the client in use, so the exported
 * {@code redis_pool_*} meters are right. That record is dropped; a duplicate of any other meter still shows.</li>
 * </ul>
 */
@LoggingFilter(name = "redis-client-noise")
public final class RedisClientNoiseFilter implements Filter {

    static final String CONNECTION_LOGGER = "io.vertx.redis.client.impl.RedisConnectionManager";
    static final String METER_LOGGER = "io.micrometer.core.instrument.MeterRegistry";
    private static final String REDIS_GAUGE_REGISTERED_TWICE =
            "This Gauge has been already registered (MeterId{name='redis.";

    @Override
    public boolean isLoggable(LogRecord record) {
        Throwable thrown = record.getThrown();
        // ERROR arrives as JBoss's Level.ERROR or JUL's SEVERE, depending on the bridge: compare by value
        if (thrown != null && record.getLevel().intValue() >= Level.ERROR.intValue()
                && CONNECTION_LOGGER.equals(record.getLoggerName()) && record instanceof ExtLogRecord ext) {
            ext.setLevel(Level.WARN);
            ext.setMessage("Lost a pooled Redis connection: " + thrown, ExtLogRecord.FormatStyle.NO_FORMAT);
            ext.setParameters(null);
            ext.setThrown(null);
        }
        return !(METER_LOGGER.equals(record.getLoggerName()) && record.getMessage() != null
                && record.getMessage().startsWith(REDIS_GAUGE_REGISTERED_TWICE));
    }
}
