package dev.cacheaside.stampede;

/** Another stampede test is running in this instance; nothing was invalidated or read. */
public class StampedeBusyException extends RuntimeException {

    public StampedeBusyException() {
        super("a stampede test is already running here; one runs at a time");
    }
}
