package org.mljava.data.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.mljava.net.Settings;
import org.mljava.data.DataException;
import org.mljava.data.DataUnavailableException;

/**
 * The local cache of data sets and models and the rules for filling it. For each file of a
 * manifest entry: a verified copy in the cache is used; else a copy is taken from a package that
 * is already on this machine (a Maven jar in the local repository or on the class path); else, when
 * downloads are allowed, it is downloaded from its URL(s) (SHA-256 checked, written atomically);
 * else a {@link DataUnavailableException} names the data set and the command that fetches it.
 * When a data set's packaged files cannot be had, {@link #resolve} falls back to its canonical
 * online files, converted once into the packaged files' format ({@code org.mljava.data.Conversions}).
 *
 * <p>Configuration comes from {@link Settings}: the cache root is {@code $MLJAVA_CACHE} (or
 * {@code -Dmljava.cache}); by default {@code $XDG_CACHE_HOME/mljava} or {@code ~/.cache/mljava}. Data
 * sets go to {@code <root>/data/<id>/}, models to {@code <root>/models/<id>/}. {@code MLJAVA_OFFLINE=1}
 * (or {@code -Dmljava.offline=true}) turns downloads off. Maven packages are looked up in the local
 * repository that Maven uses (settings.xml aware). Proxies come from HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
 */
public final class DataStore {

    /** The command that fills the cache from package sources. */
    public static final String SETUP_COMMAND = "environment/setup.sh";

    private final Path root;
    private final Manifest manifest;
    private final boolean online;
    private final Downloader downloader;
    private final PrintStream log;
    private final Path mavenRepository;

    public DataStore(Path root, Manifest manifest, boolean online, Downloader downloader, PrintStream log, Path mavenRepository) {
        this.root = root.toAbsolutePath();
        this.manifest = manifest;
        this.online = online;
        this.downloader = downloader;
        this.log = log;
        this.mavenRepository = mavenRepository;
    }

    /**
     * A store over the given cache root and manifest that never downloads: the setup's data fetcher
     * (org.mljava.tools.OfflineSources, module tools) fills it from packages, and its tests use it.
     */
    public static DataStore offline(Path root, Manifest manifest, Path mavenRepository) {
        return new DataStore(root, manifest, false, null, null, mavenRepository);
    }

    private static volatile DataStore defaultStore;

    /** The store for this machine, configured from the environment (see the class comment). */
    public static DataStore defaultStore() {
        DataStore s = defaultStore;
        if (s == null) {
            synchronized (DataStore.class) {
                s = defaultStore;
                if (s == null) {
                    s = new DataStore(defaultRoot(), Manifest.bundled(), onlineAllowed(), Downloader.fromEnvironment(System.out),
                            System.out, localMavenRepository());
                    defaultStore = s;
                }
            }
        }
        return s;
    }

    /** Replaces the default store (tests); null resets it. */
    public static void setDefault(DataStore store) {
        defaultStore = store;
    }

    /**
     * Reads the configuration again (after a notebook changed {@code -Dmljava.cache},
     * {@code -Dmljava.offline} or the proxy variables with {@code System.setProperty}) and returns the new default store.
     */
    public static DataStore reload() {
        defaultStore = null;
        return defaultStore();
    }

    /** The cache root: -Dmljava.cache, $MLJAVA_CACHE, $XDG_CACHE_HOME/mljava or ~/.cache/mljava ({@link Settings}). */
    public static Path defaultRoot() {
        return Settings.current().cacheRoot();
    }

    /** Whether downloads are allowed: not when MLJAVA_OFFLINE (or -Dmljava.offline) is 1/true/yes/on ({@link Settings}). */
    public static boolean onlineAllowed() {
        return !Settings.current().offline();
    }

    /** The local Maven repository: -Dmaven.repo.local, settings.xml's localRepository, ~/.m2/repository ({@link Settings}). */
    public static Path localMavenRepository() {
        return Settings.current().localRepository();
    }

    public Path root() {
        return root;
    }

    public Manifest manifest() {
        return manifest;
    }

    public boolean online() {
        return online;
    }

    public PrintStream log() {
        return log;
    }

    /** Where a file of an entry is kept in the cache. */
    public Path location(String id, String fileName) {
        Manifest.Entry entry = manifest.entry(id);
        return location(entry, entry.file(fileName));
    }

    public Path location(Manifest.Entry entry, Manifest.FileEntry file) {
        return root.resolve(entry.section().equals("models") ? "models" : "data").resolve(entry.id()).resolve(file.name());
    }

    /** Where the files converted from an entry's online files are kept: {@code <root>/data/<id>/converted}. */
    public Path convertedFolder(Manifest.Entry entry) {
        return root.resolve("data").resolve(entry.id()).resolve("converted");
    }

    /** Whether the cache holds a verified copy of this file (or folder). */
    public boolean isCached(Manifest.Entry entry, Manifest.FileEntry file) {
        Path target = location(entry, file);
        return file.directory() ? DirectoryHash.isVerified(target, file.sha256(), file.count())
                : CacheFiles.isVerified(target, file.sha256(), file.size());
    }

    /** The files of a data set as they are cached, fetched as needed, by file name. */
    public Map<String, Path> files(String id) {
        Manifest.Entry entry = manifest.entry(id);
        Map<String, Path> out = new LinkedHashMap<>();
        for (Manifest.FileEntry f : entry.files()) {
            out.put(f.name(), file(entry, f));
        }
        return out;
    }

    /** One file of a data set or model, verified, fetched as needed. */
    public Path file(String id, String fileName) {
        Manifest.Entry entry = manifest.entry(id);
        return file(entry, entry.file(fileName));
    }

    /**
     * The files of an entry: the verified primary copies if they can be had, else its {@code online}
     * files (another format of the same data from the canonical host). The result says which. The
     * store knows files, not formats: {@code org.mljava.data.Conversions} turns online files into the
     * primary files' format, so that each loader reads one format.
     */
    public Resolved resolve(String id) {
        Manifest.Entry entry = manifest.entry(id);
        DataUnavailableException primaryFailure = null;
        if (!entry.files().isEmpty()) {
            try {
                return new Resolved(entry, false, files(id));
            } catch (DataUnavailableException e) {
                primaryFailure = e;
            }
        }
        if (!entry.online().isEmpty()) {
            // cached alternative files first, then downloads
            Map<String, Path> out = new LinkedHashMap<>();
            try {
                for (Manifest.FileEntry f : entry.online()) {
                    out.put(f.name(), file(entry, f));
                }
            } catch (DataUnavailableException e) {
                if (primaryFailure == null) {
                    throw e;
                }
                String names = String.join(", ", entry.online().stream().map(Manifest.FileEntry::name).toList());
                String why = online ? e.getMessage().lines().findFirst().orElse("").replaceFirst("^.*?is not available: ", "")
                        : "downloads are off";
                throw new DataUnavailableException(primaryFailure.getMessage()
                        + "\n(The canonical " + names + " could not be had either: " + why + ")", e);
            }
            return new Resolved(entry, true, out);
        }
        if (primaryFailure != null) {
            throw primaryFailure;
        }
        throw new DataUnavailableException("'" + id + "' (" + entry.title() + ") has no files to load here: it is online only"
                + (entry.hub() != null && !entry.hub().isEmpty() ? ", from the Hugging Face hub " + entry.hub().get("repo")
                + " (use HuggingFaceHub.file(...) with a pinned revision)" : "")
                + (entry.homepage() != null ? "; see " + entry.homepage() : "") + ".");
    }

    /**
     * The files found for an entry, by name; {@code online} tells whether they are the canonical
     * online files rather than the packaged copies (after a conversion into the primary format, the
     * primary files' names with {@code online} still true). Loaders read the files, not the flag.
     */
    public record Resolved(Manifest.Entry entry, boolean online, Map<String, Path> files) {
        public Path file(String name) {
            Path p = files.get(name);
            if (p == null) {
                throw new IllegalArgumentException(entry.id() + ": no file " + name + " among " + files.keySet());
            }
            return p;
        }
    }

    /** The cached file, after trying: cache, a local package, the URLs. */
    Path file(Manifest.Entry entry, Manifest.FileEntry file) {
        Path target = location(entry, file);
        if (isCached(entry, file)) {
            return target;
        }
        boolean present = Files.exists(target);
        if (present && log != null) {
            log.println(entry.id() + ": the cached " + file.name() + " failed its size/SHA-256 check (truncated or corrupt); getting it again");
        }
        List<String> reasons = new ArrayList<>();
        if (present) {
            reasons.add("the cached copy at " + target + " is truncated or corrupt");
        }
        // 1. a package that is already on this machine
        if (file.offline() != null) {
            try {
                if (fromLocalPackage(entry, file, target)) {
                    return target;
                }
            } catch (IOException | DataException e) {
                reasons.add("the local package copy failed: " + e.getMessage());
            }
        }
        // 2. the URLs
        if (!file.urls().isEmpty()) {
            if (!online) {
                reasons.add("downloads are off (MLJAVA_OFFLINE)");
            } else {
                for (URI url : file.uris()) {
                    try {
                        downloader.download(new Downloader.Request(url, entry.id() + "/" + file.name(), file.sha256(), file.size(),
                                "gzip".equals(file.compression()), file.downloadSha256(), Map.of()), target);
                        return target;
                    } catch (DataException e) {
                        reasons.add(e.getMessage());
                    }
                }
            }
        } else {
            reasons.add("it has no download URL");
        }
        if (present) {
            CacheFiles.deleteQuietly(target); // a corrupt copy must not be used by anyone
        }
        throw unavailable(entry, file, target, reasons);
    }

    private DataUnavailableException unavailable(Manifest.Entry entry, Manifest.FileEntry file, Path target, List<String> reasons) {
        StringBuilder sb = new StringBuilder();
        String kind = entry.section().equals("models") ? "model" : "data set";
        sb.append("The ").append(kind).append(" '").append(entry.id()).append("' (").append(entry.title()).append(") is not available: ")
                .append("no verified copy of ").append(file.name()).append(" at ").append(target);
        for (String r : reasons) {
            sb.append("; ").append(r);
        }
        sb.append(".\n");
        if (entry.hasOfflineSource()) {
            Manifest.Package p = manifest.pkg(file.offline() != null ? file.offline().packageId() : entry.files().getFirst().offline().packageId());
            sb.append("Fetch it with: ").append(SETUP_COMMAND).append("   (it takes the real data from the ")
                    .append(describePackage(p)).append(" into ").append(root).append(")");
        } else {
            sb.append("It has no offline source: it needs the network (").append(String.join(", ", allUrls(entry)))
                    .append(")").append(online ? "" : "; unset MLJAVA_OFFLINE").append(". ")
                    .append("Run ").append(SETUP_COMMAND).append(" for the data sets that do work offline.");
        }
        return new DataUnavailableException(sb.toString());
    }

    private static List<String> allUrls(Manifest.Entry entry) {
        List<String> urls = new ArrayList<>();
        entry.files().forEach(f -> urls.addAll(f.urls()));
        entry.online().forEach(f -> urls.addAll(f.urls()));
        if (urls.isEmpty() && entry.homepage() != null) {
            urls.add(entry.homepage());
        }
        return urls;
    }

    public static String describePackage(Manifest.Package p) {
        if (p == null) {
            return "package";
        }
        return switch (p.type()) {
            case "deb" -> "Debian package " + p.name();
            case "npm" -> "npm package " + p.name();
            case "maven" -> "Maven artifact " + p.name();
            case "jdk" -> "JDK";
            default -> p.type() + " " + p.name();
        };
    }

    /** Copies a file out of a Maven jar that is on this machine (local repository or class path). */
    private boolean fromLocalPackage(Manifest.Entry entry, Manifest.FileEntry file, Path target) throws IOException {
        Manifest.Package p = manifest.pkg(file.offline().packageId());
        if (p == null || !p.type().equals("maven") || file.directory()) {
            return false;
        }
        Path jar = mavenJar(p);
        String what = entry.id() + "/" + file.name();
        if (jar != null) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry ze = zip.getEntry(file.offline().path());
                if (ze != null) {
                    try (InputStream in = zip.getInputStream(ze)) {
                        copyFromPackage(in, file, target, what);
                        return true;
                    }
                }
            }
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (ClassLoader cl : new ClassLoader[] {loader, DataStore.class.getClassLoader()}) {
            if (cl == null) {
                continue;
            }
            try (InputStream in = cl.getResourceAsStream(file.offline().path())) {
                if (in != null) {
                    copyFromPackage(in, file, target, what);
                    return true;
                }
            }
        }
        return false;
    }

    /** The jar of a Maven package in the local repository, or null. */
    public Path mavenJar(Manifest.Package p) {
        String[] gav = (p.name() + ":" + p.version()).split(":");
        if (gav.length < 3 || mavenRepository == null) {
            return null;
        }
        String group = gav[0];
        String artifact = gav[1];
        String version = gav[gav.length - 1];
        String classifier = gav.length == 5 ? gav[3] : null;
        Path jar = mavenRepository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + (classifier != null ? "-" + classifier : "") + ".jar");
        return Files.isRegularFile(jar) ? jar : null;
    }

    /** Writes a file taken from a package into the cache, decompressing it if the manifest says so. */
    public static void copyFromPackage(InputStream in, Manifest.FileEntry file, Path target, String what) throws IOException {
        InputStream source = "gzip".equals(file.offline().compression()) ? new GZIPInputStream(in, 1 << 16) : in;
        CacheFiles.copyVerified(source, target, file.sha256(), file.size(), what);
    }

}
