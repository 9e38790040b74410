package org.mljava.data.formats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mljava.data.cache.DataStore;

/**
 * A timing harness, not a test: the parse time of the cached 63 MB IMDb JSON (first call in this
 * JVM, then the best and the median of 7 warm calls). Run it on its own:
 * {@code mvn -o -q -pl helpers -am test -Dtest=ImdbLoadTiming -Dsurefire.failIfNoSpecifiedTests=false -Dmljava.timing=true}
 */
@EnabledIfSystemProperty(named = "mljava.timing", matches = "true")
class ImdbLoadTiming {

    @Test
    void imdbJsonParseTime() throws Exception {
        Path file = DataStore.defaultRoot().resolve("data/imdb/reviews.json");
        Assumptions.assumeTrue(Files.isRegularFile(file), "no cached " + file);
        long t0 = System.nanoTime();
        TextLoaders.Reviews first = TextLoaders.imdbJson(file);
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        long[] warm = new long[7];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            TextLoaders.Reviews r = TextLoaders.imdbJson(file);
            warm[i] = (System.nanoTime() - t) / 1_000_000;
            if (r.texts().size() != first.texts().size()) {
                throw new AssertionError("different counts");
            }
        }
        Arrays.sort(warm);
        long positives = Arrays.stream(first.labels()).filter(l -> l == 1).count();
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < first.texts().size(); i++) {
            sha.update((first.labels()[i] + "\t" + first.texts().get(i) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String digest = java.util.HexFormat.of().formatHex(sha.digest(), 0, 8);
        System.out.printf("IMDB-TIMING content=%s reviews=%d positives=%d chars=%d first=%d ms warm best=%d ms median=%d ms (cores %d, load %.1f)%n",
                digest, first.texts().size(), positives, first.texts().stream().mapToLong(String::length).sum(), firstMs, warm[0], warm[3],
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
