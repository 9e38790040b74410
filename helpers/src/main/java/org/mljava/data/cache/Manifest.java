package org.mljava.data.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mljava.data.Datasets;

/**
 * The data-set and model manifest ({@code data/manifest.json} in the repository, packaged as the
 * resource {@code org/mljava/data/manifest.json}): for every data set and model its files, each
 * with size and SHA-256, the offline source (a Debian, npm or Maven package and the path inside
 * it), the canonical download URL(s), licence, citation and the parser that reads it.
 * Read it in a notebook with {@link Datasets#info(String)}.
 */
public final class Manifest {

    /** Where the manifest lives inside the helpers jar. */
    public static final String RESOURCE = "org/mljava/data/manifest.json";

    /** A package that carries offline copies: Debian ({@code deb}), npm ({@code npm}), Maven ({@code maven}) or the JDK ({@code jdk}). */
    public record Package(String id, String type, String name, String version, String sha256, long size, String licence) {
    }

    /** Where an offline copy of a file sits: the package, the path inside it, and whether it is gzip-compressed there. */
    public record Offline(String packageId, String path, String compression, String include) {
    }

    /**
     * One file (or, with {@code directory}, a folder of files) of a data set or model, as it is
     * kept in the cache. {@code sha256} is of the cached content (for a folder: the SHA-256 of the
     * sorted {@code sha256sum}-style listing of its files); null when it is not known (then the
     * first download is trusted and the hash is printed). {@code urls} are downloads of the same
     * content, gzip-compressed when {@code compression} says so.
     */
    public record FileEntry(String name, long size, String sha256, boolean directory, int count, Offline offline,
                            List<String> urls, String compression, String downloadSha256, String parser, String note) {
        public boolean hasOffline() {
            return offline != null;
        }

        public List<URI> uris() {
            return urls.stream().map(URI::create).toList();
        }
    }

    /** One data set or model. {@code online} lists alternative files (another format) used when {@code files} cannot be had. */
    public record Entry(String id, String section, String title, String licence, String citation, String homepage,
                        String parser, List<FileEntry> files, List<FileEntry> online, Map<String, Object> hub,
                        String note) {
        /** Whether a package source exists for every file (the setup step can fetch it offline). */
        public boolean hasOfflineSource() {
            return !files.isEmpty() && files.stream().allMatch(FileEntry::hasOffline);
        }

        public FileEntry file(String name) {
            for (FileEntry f : files) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
            for (FileEntry f : online) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException(id + " has no file " + name + " in the manifest");
        }

        /** A readable summary: title, licence, citation, sources. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(title).append(" [").append(id).append("]\n");
            if (licence != null) {
                sb.append("  licence:  ").append(licence).append('\n');
            }
            if (citation != null) {
                sb.append("  cite:     ").append(citation).append('\n');
            }
            if (homepage != null) {
                sb.append("  home:     ").append(homepage).append('\n');
            }
            for (FileEntry f : files) {
                sb.append("  file:     ").append(f.name()).append(f.size() > 0 ? " (" + CacheFiles.humanSize(f.size()) + ")" : "")
                        .append(f.sha256() != null ? " sha256 " + f.sha256() : " sha256 not pinned").append('\n');
                if (f.offline() != null) {
                    sb.append("            offline: ").append(f.offline().packageId()).append(" : ").append(f.offline().path()).append('\n');
                }
                for (String url : f.urls()) {
                    sb.append("            url: ").append(url).append('\n');
                }
            }
            for (FileEntry f : online) {
                sb.append("  online:   ").append(f.name()).append(" <- ").append(String.join(" | ", f.urls()))
                        .append(f.sha256() != null ? " sha256 " + f.sha256() : " (sha256 not pinned)").append('\n');
            }
            if (hub != null && !hub.isEmpty()) {
                sb.append("  hub:      ").append(hub).append('\n');
            }
            if (note != null) {
                sb.append("  note:     ").append(note).append('\n');
            }
            return sb.toString();
        }
    }

    private final Map<String, Package> packages;
    private final Map<String, Entry> entries;

    private Manifest(Map<String, Package> packages, Map<String, Entry> entries) {
        this.packages = packages;
        this.entries = entries;
    }

    private static volatile Manifest bundled;

    /** The manifest packaged in the helpers jar. */
    public static Manifest bundled() {
        Manifest m = bundled;
        if (m == null) {
            try (InputStream in = Manifest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the data manifest " + RESOURCE + " is not on the class path (a broken helpers jar?)");
                }
                m = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = m;
        }
        return m;
    }

    /** Parses manifest JSON text. */
    public static Manifest parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("manifest: not valid JSON: " + e.getOriginalMessage(), e);
        }
        object(root, "manifest");
        Map<String, Package> packages = new LinkedHashMap<>();
        JsonNode pk = root.get("packages");
        if (pk != null) {
            for (Map.Entry<String, JsonNode> e : object(pk, "packages").properties()) {
                JsonNode p = object(e.getValue(), "package " + e.getKey());
                packages.put(e.getKey(), new Package(e.getKey(), str(p, "type"), str(p, "name"), str(p, "version"),
                        str(p, "sha256"), num(p, "size"), str(p, "licence")));
            }
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String section : List.of("datasets", "models")) {
            JsonNode s = root.get(section);
            if (s == null) {
                continue;
            }
            for (Map.Entry<String, JsonNode> e : object(s, section).properties()) {
                JsonNode d = object(e.getValue(), e.getKey());
                Map<String, Object> hub = d.get("hub") == null ? Map.of()
                        : JSON.convertValue(object(d.get("hub"), e.getKey() + ".hub"), new TypeReference<LinkedHashMap<String, Object>>() { });
                Entry entry = new Entry(e.getKey(), section, str(d, "title"), str(d, "licence"), str(d, "citation"),
                        str(d, "homepage"), str(d, "parser"), files(d.get("files"), e.getKey(), packages),
                        files(d.get("online"), e.getKey(), packages), hub, str(d, "note"));
                if (entries.put(e.getKey(), entry) != null) {
                    throw new IllegalArgumentException("manifest: " + e.getKey() + " appears twice");
                }
            }
        }
        return new Manifest(Collections.unmodifiableMap(packages), Collections.unmodifiableMap(entries));
    }

    private static List<FileEntry> files(JsonNode value, String owner, Map<String, Package> packages) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<FileEntry> out = new ArrayList<>();
        for (JsonNode o : array(value, owner + " files")) {
            JsonNode f = object(o, owner + " file");
            Offline offline = null;
            if (f.get("offline") != null) {
                JsonNode off = object(f.get("offline"), owner + " offline");
                String pkg = str(off, "package");
                if (!packages.containsKey(pkg)) {
                    throw new IllegalArgumentException("manifest: " + owner + " names unknown package " + pkg);
                }
                offline = new Offline(pkg, str(off, "path"), str(off, "compression"), str(off, "include"));
            }
            List<String> urls = new ArrayList<>();
            if (f.get("urls") != null) {
                for (JsonNode u : array(f.get("urls"), owner + " urls")) {
                    urls.add(u.asText());
                }
            }
            String sha = str(f, "sha256");
            if (sha != null && !sha.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("manifest: " + owner + " has a malformed sha256 " + sha);
            }
            out.add(new FileEntry(str(f, "name"), num(f, "size"), sha, f.path("directory").asBoolean(false),
                    (int) num(f, "count"), offline, List.copyOf(urls), str(f, "compression"), str(f, "downloadSha256"),
                    str(f, "parser"), str(f, "note")));
        }
        return List.copyOf(out);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return node;
    }

    private static JsonNode array(JsonNode node, String what) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(what + " is not a JSON array");
        }
        return node;
    }

    private static String str(JsonNode m, String key) {
        JsonNode v = m.get(key);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    private static long num(JsonNode m, String key) {
        JsonNode v = m.get(key);
        return v != null && v.isNumber() ? v.longValue() : -1;
    }

    /** A data set or model by id; a clear error naming the known ids otherwise. */
    public Entry entry(String id) {
        Entry e = entries.get(id);
        if (e == null) {
            throw new IllegalArgumentException("no data set or model '" + id + "' in the manifest; known: " + String.join(", ", entries.keySet()));
        }
        return e;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    public Map<String, Package> packages() {
        return packages;
    }

    public Package pkg(String id) {
        return packages.get(id);
    }
}
