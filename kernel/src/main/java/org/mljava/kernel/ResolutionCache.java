package org.mljava.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.mljava.kernel.DependencyResolver.ResolvedJar;
import org.mljava.net.Settings;

/**
 * Remembers the class path that a set of fixed release coordinates resolved to, so that a warm
 * {@code %maven} costs a file read instead of a dependency-graph walk. An entry is used only while
 * every jar it names still exists; snapshots and version ranges are never cached.
 */
public final class ResolutionCache {

    private final Path directory;

    public ResolutionCache(Path directory) {
        this.directory = directory;
    }

    /** The default place: maven-resolution in the cache root of {@link Settings} (MLJAVA_CACHE, XDG_CACHE_HOME, ~/.cache). */
    public static ResolutionCache forCurrentUser() {
        return new ResolutionCache(Settings.current().cacheRoot().resolve("maven-resolution"));
    }

    /** A cache that never remembers anything. */
    public static ResolutionCache disabled() {
        return new ResolutionCache(null);
    }

    static boolean cacheable(List<MavenCoordinate> coordinates) {
        for (MavenCoordinate c : coordinates) {
            String v = c.version();
            if (v.endsWith("SNAPSHOT") || v.contains("[") || v.contains("(") || v.contains(",") || v.equals("LATEST") || v.equals("RELEASE")) {
                return false;
            }
        }
        return true;
    }

    private Path entry(List<MavenCoordinate> coordinates, DependencyResolver resolver) {
        StringBuilder key = new StringBuilder();
        coordinates.stream().map(MavenCoordinate::toString).sorted().forEach(c -> key.append(c).append('\n'));
        // A release from a remote repository never changes, but one installed locally (this
        // project's helper library) can be reinstalled with other dependencies: its POM's time
        // stamp is part of the key, so the cache follows the reinstall.
        for (MavenCoordinate c : coordinates) {
            Path pom = resolver.localRepository().resolve(c.groupId().replace('.', '/')).resolve(c.artifactId()).resolve(c.version())
                    .resolve(c.artifactId() + "-" + c.version() + ".pom");
            try {
                key.append(Files.getLastModifiedTime(pom).toMillis()).append('\n');
            } catch (IOException e) {
                key.append("-\n");
            }
        }
        resolver.repositoryDescriptions().forEach(r -> key.append(r).append('\n'));
        key.append(resolver.localRepository().toAbsolutePath());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return directory.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".classpath");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached class path, or null when there is none or it is stale. */
    public List<ResolvedJar> lookup(List<MavenCoordinate> coordinates, DependencyResolver resolver) {
        if (directory == null || !cacheable(coordinates)) {
            return null;
        }
        Path file = entry(coordinates, resolver);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            List<ResolvedJar> jars = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 5) {
                    return null;
                }
                Path jar = Path.of(f[4]);
                if (!Files.isRegularFile(jar)) {
                    return null;
                }
                jars.add(new ResolvedJar(f[0], f[1], f[2], f[3], jar));
            }
            return jars;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Stores a class path (best effort: a cache that cannot be written is simply not used). */
    public void store(List<MavenCoordinate> coordinates, DependencyResolver resolver, List<ResolvedJar> jars) {
        if (directory == null || !cacheable(coordinates)) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (ResolvedJar j : jars) {
            text.append(j.groupId()).append('\t').append(j.artifactId()).append('\t').append(j.classifier()).append('\t')
                    .append(j.version()).append('\t').append(j.file().toAbsolutePath()).append('\n');
        }
        try {
            Files.createDirectories(directory);
            Path target = entry(coordinates, resolver);
            Path temp = Files.createTempFile(directory, "entry", ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // not fatal: the next %maven resolves again
        }
    }
}
