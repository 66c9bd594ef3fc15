package dev.cacheaside;

import java.util.Map;

import dev.cacheaside.config.CommandLineFlags;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point of the packaged application: maps the seed's flags onto configuration, then starts Quarkus. */
@QuarkusMain
public class CacheAsideApplication {

    public static void main(String... args) {
        Map<String, String> properties;
        try {
            properties = CommandLineFlags.parse(args);
        } catch (CommandLineFlags.UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(CommandLineFlags.usage());
            System.exit(2);
            return;
        }
        if (properties.containsKey("help")) {
            System.out.println(CommandLineFlags.usage());
            return;
        }
        properties.forEach(System::setProperty);
        Quarkus.run();
    }
}
