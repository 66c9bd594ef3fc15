package dev.cacheaside.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketException;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.Test;

class RedisConnectionLossFilterTest {

    private final RedisConnectionLossFilter filter = new RedisConnectionLossFilter();

    @Test
    void aLostRedisConnectionIsOneWarnLineNamingTheCause() {
        ExtLogRecord record = record(RedisConnectionLossFilter.LOGGER, Level.ERROR);
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

    private static ExtLogRecord record(String logger, Level level) {
        ExtLogRecord record = new ExtLogRecord(level, "Unhandled Error", ExtLogRecord.FormatStyle.NO_FORMAT,
                RedisConnectionLossFilterTest.class.getName());
        record.setLoggerName(logger);
        record.setThrown(new SocketException("Connection reset"));
        return record;
    }
}
