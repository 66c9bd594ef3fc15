package dev.cacheaside.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketException;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.Test;

class RedisClientNoiseFilterTest {

    private final RedisClientNoiseFilter filter = new RedisClientNoiseFilter();

    @Test
    void aLostRedisConnectionIsOneWarnLineNamingTheCause() {
        ExtLogRecord record = record(RedisClientNoiseFilter.CONNECTION_LOGGER, Level.ERROR);
        assertTrue(filter.isLoggable(record));
        assertEquals(Level.WARN, record.getLevel());
        assertEquals("Lost a pooled Redis connection: java.net.SocketException: Connection reset",
                record.getFormattedMessage());
        assertNull(record.getThrown(), "no stack trace");
    }

    @Test
    void everyOtherRecordIsLeftAlone() {
        ExtLogRecord other = record("io.vertx.core.net.impl.ConnectionBase", Level.ERROR);
        assertTrue(filter.isLoggable(other));
        assertSame(Level.ERROR, other.getLevel());
        assertEquals("Unhandled Error", other.getFormattedMessage());
    }

    @Test
    void theRedisClientsGaugesRegisteredTwiceByQuarkusAreDroppedAndNothingElse() {
        assertFalse(filter.isLoggable(meterWarning("redis.pool.queue.size")));
        assertFalse(filter.isLoggable(meterWarning("redis.active.connections")));
        assertTrue(filter.isLoggable(meterWarning("cache.near.size")), "a duplicate of our own meters still shows");
    }

    private static ExtLogRecord meterWarning(String meter) {
        ExtLogRecord record = new ExtLogRecord(Level.WARN, "This Gauge has been already registered (MeterId{name='"
                + meter + "', tags=[]}), the registration will be ignored.", ExtLogRecord.FormatStyle.NO_FORMAT,
                RedisClientNoiseFilterTest.class.getName());
        record.setLoggerName(RedisClientNoiseFilter.METER_LOGGER);
        return record;
    }

    private static ExtLogRecord record(String logger, Level level) {
        ExtLogRecord record = new ExtLogRecord(level, "Unhandled Error", ExtLogRecord.FormatStyle.NO_FORMAT,
                RedisClientNoiseFilterTest.class.getName());
        record.setLoggerName(logger);
        record.setThrown(new SocketException("Connection reset"));
        return record;
    }
}
