package org.mljava.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.mljava.kernel.DependencyResolver.ResolutionFailedException;
import org.mljava.kernel.DependencyResolver.ResolvedJar;

/**
 * The {@code %maven} and {@code %mavenRepo} line magics. Every {@code %maven} call resolves all
 * coordinates asked for so far in this kernel together, so that later cells get the versions Maven
 * would pick for the whole set; jars already on the class path stay (a JVM cannot unload them),
 * and a version clash is reported instead of silently loading two versions.
 */
public final class MavenMagics {

    private final DependencyResolver resolver;
    private final Consumer<List<Path>> classpath;
    private final Runnable afterClasspathChange;
    private final ResolutionCache cache;
    private final Set<MavenCoordinate> requested = new LinkedHashSet<>();
    private final Map<String, ResolvedJar> loaded = new LinkedHashMap<>();

    /** @param classpath receives each batch of new jars (one call: JShell re-reads its class path per call) */
    public MavenMagics(DependencyResolver resolver, ResolutionCache cache, Consumer<List<Path>> classpath, Runnable afterClasspathChange) {
        this.resolver = resolver;
        this.cache = cache;
        this.classpath = classpath;
        this.afterClasspathChange = afterClasspathChange;
    }

    /** %maven g:a:v [g:a:ext:classifier:v ...] [--verbose]. Throws (failing the cell) when something cannot be resolved. */
    public List<ResolvedJar> maven(List<String> args) throws ResolutionFailedException {
        boolean verbose = false;
        List<MavenCoordinate> asked = new ArrayList<>();
        for (String arg : args) {
            for (String token : arg.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                if (token.equals("-v") || token.equals("--verbose")) {
                    verbose = true;
                } else {
                    asked.add(MavenCoordinate.parse(token));
                }
            }
        }
        if (asked.isEmpty()) {
            throw new IllegalArgumentException("%maven needs at least one coordinate, e.g. %maven tech.tablesaw:tablesaw-core:0.44.4");
        }
        Set<MavenCoordinate> all = new LinkedHashSet<>(requested);
        all.addAll(asked);
        List<MavenCoordinate> allList = new ArrayList<>(all);
        long start = System.nanoTime();
        List<ResolvedJar> jars = cache.lookup(allList, resolver);
        if (jars == null) {
            jars = resolver.resolve(allList);
            cache.store(allList, resolver, jars);
        }
        requested.addAll(asked);

        List<ResolvedJar> added = new ArrayList<>();
        List<String> clashes = new ArrayList<>();
        for (ResolvedJar jar : jars) {
            ResolvedJar present = loaded.get(jar.key());
            if (present == null) {
                loaded.put(jar.key(), jar);
                added.add(jar);
            } else if (!present.version().equals(jar.version())) {
                String clash = jar.key() + ": " + present.version() + " is loaded, " + jar.version() + " was asked for";
                if (verbose || !sameMajor(present.version(), jar.version())) {
                    clashes.add(clash);
                }
            }
        }
        if (!added.isEmpty()) {
            classpath.accept(added.stream().map(ResolvedJar::file).collect(Collectors.toList()));
            afterClasspathChange.run();
        }
        if (verbose) {
            System.out.printf("%%maven: %d jars resolved, %d added in %.2f s%n", jars.size(), added.size(), (System.nanoTime() - start) / 1e9);
            added.forEach(j -> System.out.println("  + " + j));
        }
        if (!clashes.isEmpty()) {
            System.err.println("%maven: version clash; the jar loaded first stays until the kernel restarts:");
            clashes.forEach(c -> System.err.println("  " + c));
        }
        return added;
    }

    /** Same leading number: such clashes (slf4j 2.0.12 vs 2.0.17) are normal and are reported only with --verbose. */
    static boolean sameMajor(String a, String b) {
        return a.split("[.-]")[0].equals(b.split("[.-]")[0]);
    }

    /** %mavenRepo id url: adds a remote repository for the following %maven lines. */
    public void mavenRepo(List<String> args) {
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            for (String token : arg.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    words.add(token);
                }
            }
        }
        if (words.size() != 2) {
            throw new IllegalArgumentException("%mavenRepo takes an id and a URL, e.g. %mavenRepo jitpack https://jitpack.io");
        }
        resolver.addRepository(words.get(0), words.get(1));
    }

    /**
     * %loadFromPOM path (line) or %%loadFromPOM with POM XML as the cell body: loads the POM's
     * dependencies (compile and runtime scope) after adding its repositories. A body without a
     * {@code <project>} element is read as the inside of one, so a bare {@code <dependencies>}
     * block works, as in IJava.
     */
    public List<ResolvedJar> loadFromPom(String pomXml) throws ResolutionFailedException {
        String xml = pomXml.contains("<project") ? pomXml
                : "<project><modelVersion>4.0.0</modelVersion><groupId>notebook</groupId><artifactId>cell</artifactId><version>0</version>"
                        + pomXml + "</project>";
        org.apache.maven.model.Model model;
        try {
            model = new org.apache.maven.model.io.xpp3.MavenXpp3Reader().read(new java.io.StringReader(xml), false);
        } catch (Exception e) {
            throw new IllegalArgumentException("The POM is not valid XML: " + e.getMessage(), e);
        }
        for (org.apache.maven.model.Repository repository : model.getRepositories()) {
            resolver.addRepository(repository.getId(), repository.getUrl());
        }
        List<String> coordinates = new ArrayList<>();
        for (org.apache.maven.model.Dependency d : model.getDependencies()) {
            String scope = d.getScope() == null ? "compile" : d.getScope();
            if (!scope.equals("compile") && !scope.equals("runtime")) {
                continue;
            }
            if (d.getVersion() == null || d.getVersion().contains("${")) {
                throw new IllegalArgumentException(d.getGroupId() + ":" + d.getArtifactId() + " needs a literal <version>");
            }
            String type = d.getType() == null ? "jar" : d.getType();
            coordinates.add(d.getClassifier() == null
                    ? d.getGroupId() + ":" + d.getArtifactId() + ":" + type + ":" + d.getVersion()
                    : d.getGroupId() + ":" + d.getArtifactId() + ":" + type + ":" + d.getClassifier() + ":" + d.getVersion());
        }
        if (coordinates.isEmpty()) {
            throw new IllegalArgumentException("The POM names no compile or runtime <dependency>.");
        }
        return maven(coordinates);
    }

    /** The jars added so far, in order. */
    public List<ResolvedJar> loadedJars() {
        return List.copyOf(loaded.values());
    }
}
