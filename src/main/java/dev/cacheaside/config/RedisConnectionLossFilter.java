package dev.cacheaside.config;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;

import io.quarkus.logging.LoggingFilter;

/**
 * The Vert.x Redis client logs the loss of a pooled connection (Redis stopped, restarted, failed over, or a
 * network cut) as {@code ERROR Unhandled Error} with a full stack trace, once per connection. For this service
 * that is an expected event: the cache's circuit breaker and bypass handle it, and log it once, at INFO. The
 * record stays, as one WARN line naming the cause, so a lost connection is still visible.
 */
@LoggingFilter(name = "redis-connection-loss")
public final class RedisConnectionLossFilter implements Filter {

    static final String LOGGER = "io.vertx.redis.client.impl.RedisConnectionManager";

    @Override
    public boolean isLoggable(LogRecord record) {
        Throwable thrown = record.getThrown();
        // ERROR arrives as JBoss's Level.ERROR or JUL's SEVERE, depending on the bridge: compare by value
        if (thrown != null && record.getLevel().intValue() >= Level.ERROR.intValue()
                && LOGGER.equals(record.getLoggerName()) && record instanceof ExtLogRecord ext) {
            ext.setLevel(Level.WARN);
            ext.setMessage("Lost a pooled Redis connection: " + thrown, ExtLogRecord.FormatStyle.NO_FORMAT);
            ext.setParameters(null);
            ext.setThrown(null);
        }
        return true;
    }
}
