package emostream.metrics;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks a /metrics body against the Prometheus text format (0.0.4) for the tests that scrape it. */
public final class PrometheusText {

    private PrometheusText() {
    }

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*})? "
                    + "(NaN|[+-]Inf|[-+]?[0-9.]+([eE][-+]?[0-9]+)?)");

    /**
     * The text format's grammar, line by line, as a Prometheus server reads it: every sample line parses, and
     * belongs to a family declared once by a TYPE line (a sample may carry the family's _bucket/_count/_sum suffix).
     */
    public static void assertValid(String text) {
        Set<String> families = new HashSet<>();
        String family = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                assertEquals(4, p.length, line);
                assertTrue(Set.of("counter", "gauge", "histogram", "summary", "untyped").contains(p[3]), line);
                assertTrue(families.add(p[2]), "family declared twice: " + line);
                family = p[2];
            } else if (line.startsWith("# HELP ") || line.isEmpty()) {
                continue;
            } else {
                Matcher s = SAMPLE.matcher(line);
                assertTrue(s.matches(), "not a sample line: " + line);
                String name = s.group(1);
                if (family != null && !name.equals(family) && !name.matches(Pattern.quote(family) + "_(bucket|count|sum)")) {
                    family = null;
                }
                assertTrue(family != null || !families.contains(name), "sample away from its family: " + line);
            }
        }
    }
}
