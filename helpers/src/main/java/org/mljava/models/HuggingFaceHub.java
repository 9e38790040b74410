package org.mljava.models;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.mljava.data.cache.CacheFiles;
import org.mljava.data.cache.ChecksumException;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.Digests;
import org.mljava.data.cache.DownloadException;
import org.mljava.data.cache.Downloader;
import org.mljava.data.DataUnavailableException;

/**
 * Files from the Hugging Face hub (checkpoints, tokenizers, data-set files) for the online parts
 * of the notebooks, by repository, <b>pinned revision</b> and file name:
 * <pre>{@code
 * Path config = HuggingFaceHub.file("openai-community/gpt2", "<commit sha>", "config.json");
 * }</pre>
 * <ul>
 *   <li>URL: {@code $HF_ENDPOINT/<repo>/resolve/<revision>/<file>} ({@code /datasets/<repo>/...} for data
 *       sets); HF_ENDPOINT defaults to https://huggingface.co.</li>
 *   <li>Cache: the hub's own layout, {@code $HF_HUB_CACHE} or {@code $HF_HOME/hub} (default
 *       {@code ~/.cache/huggingface/hub}): {@code models--org--name/snapshots/<commit>/<file>}, plus
 *       {@code refs/<branch>} holding the commit a branch name resolved to, so Python tools share it.</li>
 *   <li>Checksum: the SHA-256 you pass; else the hub's ETag for large (LFS) files, which is their
 *       SHA-256; else, for small files, the ETag is the git blob id, which is checked too.</li>
 *   <li>Offline ({@code MLJAVA_OFFLINE=1} or {@code HF_HUB_OFFLINE=1}) or without network, a cached
 *       file is used; else a {@link DataUnavailableException} names the repository and file.</li>
 *   <li>{@code HF_TOKEN} is sent (only to the hub itself) for gated repositories. Proxies as everywhere.</li>
 * </ul>
 * A branch name such as "main" works but is not a pin: a warning says so. Use a 40-character
 * commit hash for reproducible notebooks.
 */
public final class HuggingFaceHub {

    /** Whether a repository holds a model, a data set or a Space. */
    public enum RepoType {
        MODEL("models", ""),
        DATASET("datasets", "datasets/"),
        SPACE("spaces", "spaces/");

        final String cachePrefix;
        final String urlPrefix;

        RepoType(String cachePrefix, String urlPrefix) {
            this.cachePrefix = cachePrefix;
            this.urlPrefix = urlPrefix;
        }
    }

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final URI endpoint;
    private final Path cache;
    private final boolean online;
    private final Downloader downloader;
    private final String token;

    HuggingFaceHub(URI endpoint, Path cache, boolean online, Downloader downloader, String token) {
        this.endpoint = endpoint;
        this.cache = cache;
        this.online = online;
        this.downloader = downloader;
        this.token = token;
    }

    /** The hub as this machine's environment configures it. */
    public static HuggingFaceHub fromEnvironment() {
        String endpoint = System.getenv().getOrDefault("HF_ENDPOINT", "https://huggingface.co");
        boolean hfOffline = org.mljava.net.Settings.flag("HF_HUB_OFFLINE", System.getenv("HF_HUB_OFFLINE"));
        String token = System.getenv("HF_TOKEN");
        return new HuggingFaceHub(URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/"), defaultCache(),
                DataStore.onlineAllowed() && !hfOffline, Downloader.fromEnvironment(System.out), token);
    }

    /** {@code $HF_HUB_CACHE}, or {@code $HF_HOME/hub}, or {@code ~/.cache/huggingface/hub}. */
    public static Path defaultCache() {
        String hubCache = System.getenv("HF_HUB_CACHE");
        if (hubCache != null && !hubCache.isBlank()) {
            return Path.of(hubCache);
        }
        String home = System.getenv("HF_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "hub");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("huggingface").resolve("hub");
    }

    /** A model repository's file at a revision (a commit hash to pin it); checked as the class comment says. */
    public static Path file(String repo, String revision, String filename) {
        return fromEnvironment().download(RepoType.MODEL, repo, revision, filename, null);
    }

    /** A file of any repository type, with an optional SHA-256 to check it against (null: the hub's own checksum). */
    public static Path file(RepoType type, String repo, String revision, String filename, String sha256) {
        return fromEnvironment().download(type, repo, revision, filename, sha256);
    }

    /** The resolve URL of a file: {@code <endpoint>/[datasets/]<repo>/resolve/<revision>/<file>}. */
    public URI resolveUrl(RepoType type, String repo, String revision, String filename) {
        return endpoint.resolve(type.urlPrefix + repo + "/resolve/" + URLEncoder.encode(revision, StandardCharsets.UTF_8) + "/" + filename);
    }

    /** The cache folder of a repository: {@code <hub cache>/models--org--name}. */
    public Path repoFolder(RepoType type, String repo) {
        return cache.resolve(type.cachePrefix + "--" + repo.replace("/", "--"));
    }

    /** Downloads (or finds in the cache) one file; returns its path in the snapshot folder. */
    public Path download(RepoType type, String repo, String revision, String filename, String sha256) {
        if (!repo.matches("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?") || filename.contains("..")) {
            throw new IllegalArgumentException("not a hub repository/file name: " + repo + " / " + filename);
        }
        Path folder = repoFolder(type, repo);
        boolean pinned = COMMIT.matcher(revision).matches();
        String commit = pinned ? revision : readRef(folder, revision);
        if (commit != null) {
            Path cached = folder.resolve("snapshots").resolve(commit).resolve(filename);
            if (Files.isRegularFile(cached) && (sha256 == null || CacheFiles.isVerified(cached, sha256, -1))) {
                if (!pinned && !online) {
                    System.out.println("HuggingFaceHub: using the cached " + repo + "@" + revision + " (= " + commit + ") offline");
                }
                if (pinned || !online) {
                    return cached;
                }
            }
        }
        String what = repo + "/" + filename + "@" + revision;
        if (!online) {
            throw new DataUnavailableException("The hub file " + what + " is not in the cache (" + folder + ") and downloads are off"
                    + " (MLJAVA_OFFLINE or HF_HUB_OFFLINE). It is online only: run the notebook with network access once"
                    + (pinned ? "" : ", with a pinned commit hash as the revision") + ".");
        }
        if (!pinned) {
            System.out.println("HuggingFaceHub: revision '" + revision + "' of " + repo
                    + " is a branch or tag, not a pinned commit; the commit it resolves to is printed below: pin that one.");
        }
        Map<String, String> headers = new HashMap<>();
        if (token != null && !token.isBlank()) {
            headers.put("Authorization", "Bearer " + token);
        }
        URI url = resolveUrl(type, repo, revision, filename);
        try {
            Downloader.Head head = downloader.head(url, headers, what);
            if (head.status() == 401 || head.status() == 403) {
                throw new DownloadException(what + ": HTTP " + head.status() + " (a gated or private repository: set HF_TOKEN)");
            }
            if (head.status() == 404) {
                throw new DownloadException(what + ": not found on the hub (check the repository, revision and file name)");
            }
            if (head.status() >= 400) {
                throw new DownloadException(what + ": HTTP " + head.status() + " from " + Downloader.safe(url));
            }
            String resolvedCommit = head.header("X-Repo-Commit");
            if (resolvedCommit == null || !COMMIT.matcher(resolvedCommit).matches()) {
                resolvedCommit = pinned ? revision : null;
            }
            if (resolvedCommit == null) {
                throw new DownloadException(what + ": the hub did not say which commit '" + revision + "' is (no X-Repo-Commit header)");
            }
            String etag = cleanEtag(head.header("X-Linked-Etag") != null ? head.header("X-Linked-Etag") : head.header("ETag"));
            String expected = sha256 != null ? sha256.toLowerCase(Locale.ROOT) : (etag != null && SHA256.matcher(etag).matches() ? etag : null);
            long size = parseLong(head.header("X-Linked-Size"));
            Path target = folder.resolve("snapshots").resolve(resolvedCommit).resolve(filename);
            if (!(Files.isRegularFile(target) && (expected == null || CacheFiles.isVerified(target, expected, size)))) {
                downloader.download(new Downloader.Request(url, what, expected, size, false, null, headers), target);
                if (expected == null && etag != null && COMMIT.matcher(etag).matches()) {
                    String blob = gitBlobSha1(target);
                    if (!blob.equals(etag)) {
                        CacheFiles.deleteQuietly(target);
                        throw new ChecksumException(what + ": git blob id " + blob + " does not match the hub's ETag " + etag + "; not kept");
                    }
                } else if (expected == null) {
                    System.out.println("HuggingFaceHub: " + what + " had no checksum to check against (no SHA-256 given, no usable ETag)");
                }
            }
            if (!pinned) {
                writeRef(folder, revision, resolvedCommit);
                System.out.println("HuggingFaceHub: " + repo + "@" + revision + " is commit " + resolvedCommit);
            }
            return target;
        } catch (IOException e) {
            throw new DownloadException(what + ": " + e.getMessage(), e);
        } catch (DownloadException e) {
            if (commit != null) {
                Path cached = folder.resolve("snapshots").resolve(commit).resolve(filename);
                if (Files.isRegularFile(cached)) {
                    System.out.println("HuggingFaceHub: " + e.getMessage() + "; using the cached copy of commit " + commit);
                    return cached;
                }
            }
            throw new DataUnavailableException("The hub file " + what + " could not be downloaded and is not cached: " + e.getMessage(), e);
        }
    }

    private static String cleanEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.replace("\"", "").toLowerCase(Locale.ROOT);
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String readRef(Path folder, String revision) {
        Path ref = folder.resolve("refs").resolve(revision);
        try {
            if (Files.isRegularFile(ref)) {
                String commit = Files.readString(ref).trim();
                return COMMIT.matcher(commit).matches() ? commit : null;
            }
        } catch (IOException ignored) {
            // no ref: not cached
        }
        return null;
    }

    private static void writeRef(Path folder, String revision, String commit) throws IOException {
        Path ref = folder.resolve("refs").resolve(revision);
        Path temp = CacheFiles.tempNextTo(ref);
        Files.writeString(temp, commit);
        CacheFiles.moveIntoPlace(temp, ref);
    }

    /** git's id of a file's content: SHA-1 of "blob &lt;size&gt;\0" followed by the bytes. */
    static String gitBlobSha1(Path file) throws IOException {
        return Digests.gitBlobSha1(file);
    }
}
