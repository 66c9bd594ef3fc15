package dev.cacheaside.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The application as the build packaged it, for tests that start it themselves: the native executable after a
 * native build, the fast-jar otherwise. Read from {@code target/quarkus-artifact.properties}, as Quarkus's own
 * integration-test launcher does.
 */
public final class PackagedApplication {

    private static final Path TARGET = Path.of("target");

    private PackagedApplication() {
    }

    /**
     * @param systemProperties {@code -Dkey=value} options (a native executable takes them too)
     * @param flags the application's own command-line flags
     */
    public static List<String> command(List<String> systemProperties, List<String> flags) {
        Properties artifact = new Properties();
        try (Reader in = Files.newBufferedReader(TARGET.resolve("quarkus-artifact.properties"))) {
            artifact.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("package the application first (./mvnw package)", e);
        }
        Path path = TARGET.resolve(artifact.getProperty("path"));
        List<String> command = new ArrayList<>();
        if ("native".equals(artifact.getProperty("type"))) {
            command.add(path.toString());
            command.addAll(systemProperties);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(systemProperties);
            command.addAll(List.of("-jar", path.toString()));
        }
        command.addAll(flags);
        return command;
    }
}
