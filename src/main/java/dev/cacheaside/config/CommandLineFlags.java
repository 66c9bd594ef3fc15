package dev.cacheaside.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The seed's command-line flags, mapped onto Quarkus configuration keys.
 * <p>
 * {@code --port 8080 --host 0.0.0.0 --redis-host localhost --redis-port 6379 --ttl 30s --primary-latency-ms 150};
 * each also as {@code --flag=value}. A flag given here beats {@code application.properties} and environment
 * variables, because it becomes a system property.
 */
public final class CommandLineFlags {

    private static final String USAGE = """
            Usage: java -jar target/quarkus-app/quarkus-run.jar [flags]
              --port N                 HTTP port (default 8080)
              --host ADDRESS           HTTP bind address (default 0.0.0.0)
              --redis-host HOST        Redis host (default localhost)
              --redis-port N           Redis port (default 6379)
              --ttl DURATION           record TTL, e.g. 30s, 2m, 500ms, or seconds (default 30s)
              --primary-latency-ms N   simulated primary read latency (default 150)
              --help                   print this and exit
            Any other setting: -Dkey=value or environment variables (see README).""";

    private static final Set<String> FLAGS = Set.of("help", "port", "host", "redis-host", "redis-port", "ttl",
            "primary-latency-ms");

    private CommandLineFlags() {
    }

    public static String usage() {
        return USAGE;
    }

    /** Thrown for a flag that is unknown, lacks its value, or has a value of the wrong shape. */
    public static class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    /**
     * @return the configuration properties the flags stand for, plus {@code help=true} for {@code --help}
     * @throws UsageException on any bad flag
     */
    public static Map<String, String> parse(String... args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!FLAGS.contains(name)) {
                throw new UsageException("unknown flag --" + name);
            }
            if (value == null) {
                if (name.equals("help")) {
                    value = "";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            }
            flags.put(name, value);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        String redisHost = "localhost";
        String redisPort = null;
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            String value = flag.getValue();
            switch (flag.getKey()) {
                case "help" -> properties.put("help", "true");
                case "port" -> properties.put("quarkus.http.port", port("--port", value));
                case "host" -> properties.put("quarkus.http.host", nonEmpty("--host", value));
                case "redis-host" -> redisHost = nonEmpty("--redis-host", value);
                case "redis-port" -> redisPort = port("--redis-port", value);
                case "ttl" -> properties.put("cache.ttl", duration("--ttl", value));
                case "primary-latency-ms" -> properties.put("cache.primary.latency",
                        nonNegative("--primary-latency-ms", value) + "ms");
                default -> throw new IllegalStateException("a flag in FLAGS without a mapping: " + flag.getKey());
            }
        }
        if (flags.containsKey("redis-host") || redisPort != null) {
            properties.put("quarkus.redis.hosts",
                    "redis://" + redisHost + ":" + (redisPort == null ? "6379" : redisPort));
        }
        return properties;
    }

    private static String nonEmpty(String flag, String value) {
        if (value.isBlank()) {
            throw new UsageException(flag + " must not be empty");
        }
        return value;
    }

    private static String port(String flag, String value) {
        long port = nonNegative(flag, value);
        if (port < 1 || port > 65535) {
            throw new UsageException(flag + " must be a port between 1 and 65535, got " + value);
        }
        return Long.toString(port);
    }

    private static long nonNegative(String flag, String value) {
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw new UsageException(flag + " must not be negative, got " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " takes a whole number, got '" + value + "'");
        }
    }

    private static String duration(String flag, String value) {
        if (value.matches("\\d+")) {
            return value + "s";
        }
        if (value.matches("\\d+(ms|s|m|h)")) {
            return value;
        }
        throw new UsageException(flag + " takes a duration such as 30s, 2m or 500ms, got '" + value + "'");
    }
}
