package org.mljava.data;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.mljava.data.cache.DataStore;

/**
 * A test that reads the real data sets and models which environment/setup.sh puts in the cache
 * ({@code ~/.cache/mljava}, {@link DataStore#defaultRoot}). Tagged {@value #TAG}: {@code mvn test}
 * leaves it out, so the unit tier runs on a fresh checkout; {@code mvn verify} (and
 * environment/test.sh) runs it in a second pass (the root pom's surefire executions).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(NeedsDataCache.TAG)
public @interface NeedsDataCache {
    String TAG = "integration";
}
