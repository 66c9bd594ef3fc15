package dev.cacheaside.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * A WARN line that is written at most once per interval; the next one says how many it stood for. An outage
 * or a flood of bad requests then costs a few lines, not one line per request.
 */
final class ThrottledWarning {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextLine = new AtomicLong(System.nanoTime());
    private final AtomicLong held = new AtomicLong();

    /** Lines go to the category of {@code owner}, as its own log lines do. */
    ThrottledWarning(Class<?> owner, Duration interval) {
        this.log = Logger.getLogger(owner);
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Logs {@code format} with {@code args} now, or counts it for the next line if one was logged lately.
     *
     * @return the line written, or {@code null} when it was only counted
     */
    String warn(String format, Object... args) {
        long now = System.nanoTime();
        long next = nextLine.get();
        if (now - next < 0 || !nextLine.compareAndSet(next, now + intervalNanos)) {
            held.incrementAndGet();
            return null;
        }
        long more = held.getAndSet(0);
        String line = String.format(format, args);
        String written = more == 0 ? line : line + " (and " + more + " more like it since the last such line)";
        log.warn(written);
        return written;
    }
}
