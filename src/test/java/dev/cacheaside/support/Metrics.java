package dev.cacheaside.support;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

/** Reads {@code /q/metrics} in Prometheus text format 0.0.4 ({@code Accept: text/plain}), sample by sample. */
public final class Metrics {

    private Metrics() {
    }

    public static String scrape() {
        return given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** Every sample of the exposition, keyed by its full name with labels, e.g. {@code cache_gets_total{cache="products",result="hit"}}. */
    public static Map<String, Double> samples(String exposition) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            // the 0.0.4 text format may end a label set with a comma: {a="1",}
            samples.put(line.substring(0, space).replace(",}", "}"), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    public static double value(Map<String, Double> samples, String name) {
        Double value = samples.get(name);
        if (value == null) {
            throw new AssertionError("no sample " + name + " in /q/metrics");
        }
        return value;
    }
}
