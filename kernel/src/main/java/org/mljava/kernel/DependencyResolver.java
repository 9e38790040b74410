package org.mljava.kernel;

import org.mljava.net.ProxySettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.io.xpp3.SettingsXpp3Reader;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

/**
 * Resolves Maven coordinates the way Maven does (transitive dependencies, nearest-wins conflict
 * resolution, classifiers), with the user's local repository and settings.xml (local repository,
 * mirrors, proxies, offline), falling back to the proxy environment variables. Artifacts that are
 * already in the local repository are used without any network access.
 */
public final class DependencyResolver {

    /** One jar on the resolved class path. */
    public record ResolvedJar(String groupId, String artifactId, String classifier, String version, Path file) {
        public String key() {
            return groupId + ":" + artifactId + (classifier.isEmpty() ? "" : ":" + classifier);
        }

        @Override
        public String toString() {
            return key() + ":" + version;
        }
    }

    /** Resolution failed; the message names the coordinates and the cause in plain words. */
    public static final class ResolutionFailedException extends Exception {
        public ResolutionFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static final String CENTRAL_ID = "central";
    public static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

    private RepositorySystem system; // built on first use: most %maven calls are served by the cache
    private final Settings settings;
    private final Path localRepository;
    private final ProxySettings proxySettings;
    private final Map<String, RemoteRepository> repositories = new LinkedHashMap<>();
    private final boolean offline;

    public DependencyResolver(Path settingsFile, Path localRepositoryOverride, ProxySettings proxySettings, boolean forceOffline) {
        this.settings = readSettings(settingsFile);
        this.proxySettings = proxySettings;
        // without an explicit one, the local repository of this JVM's settings (one reading of settings.xml's <localRepository>)
        this.localRepository = localRepositoryOverride != null ? localRepositoryOverride : org.mljava.net.Settings.current().localRepository();
        this.offline = forceOffline || settings.isOffline();
        addRepository(CENTRAL_ID, CENTRAL_URL);
    }

    /**
     * A resolver configured like the user's Maven, from {@link org.mljava.net.Settings}: settings.xml, its local
     * repository (or -Dmaven.repo.local), the proxy variables, MLJAVA_OFFLINE (1/true/yes/on).
     */
    public static DependencyResolver forCurrentUser() {
        org.mljava.net.Settings s = org.mljava.net.Settings.current();
        return new DependencyResolver(s.mavenSettingsFile(), s.localRepository(), s.proxies(), s.offline());
    }

    private static Settings readSettings(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return new Settings();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new SettingsXpp3Reader().read(in, false);
        } catch (Exception e) {
            throw new IllegalStateException("Could not read Maven settings " + file + ": " + e.getMessage(), e);
        }
    }

    public Path localRepository() {
        return localRepository;
    }

    public boolean isOffline() {
        return offline;
    }

    /** Adds a remote repository (%mavenRepo id url); an existing id is replaced. */
    public void addRepository(String id, String url) {
        repositories.put(id, new RemoteRepository.Builder(id, "default", url).build());
    }

    public List<String> repositoryDescriptions() {
        return repositories.values().stream().map(r -> r.getId() + " " + r.getUrl()).collect(Collectors.toList());
    }

    /** Resolves the coordinates together (one dependency graph) to their runtime class path. */
    public List<ResolvedJar> resolve(List<MavenCoordinate> coordinates) throws ResolutionFailedException {
        if (coordinates.isEmpty()) {
            return List.of();
        }
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        try (RepositorySystemSession.CloseableSession session = newSession()) {
            CollectRequest collect = new CollectRequest();
            for (MavenCoordinate c : coordinates) {
                collect.addDependency(new Dependency(new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(), c.extension(), c.version()), JavaScopes.RUNTIME));
            }
            collect.setRepositories(system.newResolutionRepositories(session, new ArrayList<>(repositories.values())));
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            DependencyResult result = system.resolveDependencies(session, request);
            List<ResolvedJar> jars = new ArrayList<>();
            for (ArtifactResult artifactResult : result.getArtifactResults()) {
                var artifact = artifactResult.getArtifact();
                if (artifact == null || artifact.getPath() == null) {
                    continue;
                }
                if (!"jar".equals(artifact.getExtension())) {
                    continue;
                }
                jars.add(new ResolvedJar(artifact.getGroupId(), artifact.getArtifactId(), artifact.getClassifier(), artifact.getVersion(), artifact.getPath()));
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new ResolutionFailedException(explain(coordinates, e), e);
        } catch (RuntimeException e) {
            throw new ResolutionFailedException("Could not resolve " + names(coordinates) + ": " + e.getMessage(), e);
        }
    }

    private String explain(List<MavenCoordinate> coordinates, DependencyResolutionException e) {
        List<String> missing = new ArrayList<>();
        if (e.getResult() != null && e.getResult().getArtifactResults() != null) {
            for (ArtifactResult r : e.getResult().getArtifactResults()) {
                if (!r.isResolved() && r.getRequest() != null) {
                    missing.add(r.getRequest().getArtifact().toString());
                }
            }
        }
        StringBuilder message = new StringBuilder("Could not resolve ")
                .append(missing.isEmpty() ? names(coordinates) : String.join(", ", missing)).append(".");
        Throwable cause = e;
        String deepest = e.getMessage();
        while (cause != null) {
            if (cause.getMessage() != null) {
                deepest = cause.getMessage();
            }
            cause = cause.getCause();
        }
        message.append("\n  Cause: ").append(firstLine(e.getMessage()));
        if (deepest != null && !deepest.equals(e.getMessage())) {
            message.append("\n  Root cause: ").append(firstLine(deepest));
        }
        message.append("\n  Check the spelling and the version (search.maven.org lists what exists).");
        if (offline) {
            message.append("\n  The resolver is offline (settings.xml <offline> or MLJAVA_OFFLINE=1): only ").append(localRepository).append(" is used.");
        } else {
            message.append("\n  Repositories tried: ").append(String.join(", ", repositoryDescriptions()));
            String proxy = proxyInUse();
            if (proxy != null) {
                message.append(", through the proxy ").append(proxy);
            }
            message.append(". Without network, only artifacts already in ").append(localRepository).append(" can be used.");
        }
        return message.toString();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String names(List<MavenCoordinate> coordinates) {
        return coordinates.stream().map(MavenCoordinate::toString).collect(Collectors.joining(", "));
    }

    private RepositorySystemSession.CloseableSession newSession() {
        SessionBuilderSupplier supplier = new SessionBuilderSupplier(system);
        RepositorySystemSession.SessionBuilder builder = supplier.get();
        builder.withLocalRepositoryBaseDirectories(localRepository);
        builder.setOffline(offline);
        builder.setSystemProperties(System.getProperties());
        // Fail fast rather than hang when a host or proxy is down.
        builder.setConfigProperty("aether.transport.http.connectTimeout", 20_000);
        builder.setConfigProperty("aether.transport.http.requestTimeout", 60_000);
        builder.setConfigProperty("aether.connector.connectTimeout", 20_000);
        builder.setConfigProperty("aether.connector.requestTimeout", 60_000);
        builder.setMirrorSelector(mirrorSelector());
        builder.setProxySelector(proxySelector());
        return builder.build();
    }

    private DefaultMirrorSelector mirrorSelector() {
        DefaultMirrorSelector selector = new DefaultMirrorSelector();
        for (Mirror mirror : settings.getMirrors()) {
            selector.add(mirror.getId(), mirror.getUrl(), mirror.getLayout(), false, mirror.isBlocked(),
                    mirror.getMirrorOf(), mirror.getMirrorOfLayouts());
        }
        return selector;
    }

    private DefaultProxySelector proxySelector() {
        DefaultProxySelector selector = new DefaultProxySelector();
        boolean fromSettings = false;
        for (org.apache.maven.settings.Proxy proxy : settings.getProxies()) {
            if (!proxy.isActive()) {
                continue;
            }
            Authentication auth = proxy.getUsername() == null ? null
                    : new AuthenticationBuilder().addUsername(proxy.getUsername()).addPassword(proxy.getPassword()).build();
            selector.add(new org.eclipse.aether.repository.Proxy(proxy.getProtocol(), proxy.getHost(), proxy.getPort(), auth),
                    proxy.getNonProxyHosts());
            fromSettings = true;
        }
        if (!fromSettings) {
            String nonProxy = proxySettings.nonProxyHostsProperty();
            proxySettings.https().ifPresent(p -> selector.add(toAether("https", p), nonProxy));
            proxySettings.http().ifPresent(p -> selector.add(toAether("http", p), nonProxy));
        }
        return selector;
    }

    /** The proxy of the first repository that has one, and where it is set, or null: the error names it, as the data loaders do. */
    private String proxyInUse() {
        for (RemoteRepository repository : repositories.values()) {
            String hostPort = proxyFor(repository.getUrl());
            if (hostPort != null) {
                ProxySettings.Proxy fromEnvironment = proxySettings.proxyFor(java.net.URI.create(repository.getUrl()));
                boolean fromSettingsXml = settings.getProxies().stream().anyMatch(org.apache.maven.settings.Proxy::isActive);
                return fromSettingsXml || fromEnvironment == null ? hostPort + " (from settings.xml)" : fromEnvironment.toString();
            }
        }
        return null;
    }

    /** The proxy that resolution uses for a repository URL, as {@code host:port}, or null for a direct connection. */
    String proxyFor(String url) {
        org.eclipse.aether.repository.Proxy p = proxySelector().getProxy(new RemoteRepository.Builder("probe", "default", url).build());
        return p == null ? null : p.getHost() + ":" + p.getPort();
    }

    private static org.eclipse.aether.repository.Proxy toAether(String protocol, ProxySettings.Proxy p) {
        Authentication auth = p.user() == null ? null
                : new AuthenticationBuilder().addUsername(p.user()).addPassword(p.password()).build();
        return new org.eclipse.aether.repository.Proxy(protocol, p.host(), p.port(), auth);
    }

    /**
     * Command line: resolves each argument (a %maven line's coordinates, resolved together) into the
     * local repository and the resolution cache; setup uses it to fill them with exactly what the
     * notebooks load. With {@code --classpath} first, prints each line's class path instead of a
     * summary (to see where a resolution comes from).
     */
    public static void main(String[] args) throws IOException {
        int status = run(args, System.out, System.err, forCurrentUser(), ResolutionCache.forCurrentUser());
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err, DependencyResolver resolver, ResolutionCache cache) {
        boolean classpath = args.length > 0 && args[0].equals("--classpath");
        if (classpath) {
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        int failures = 0;
        for (String line : args) {
            List<MavenCoordinate> coordinates = new ArrayList<>();
            for (String token : line.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    coordinates.add(MavenCoordinate.parse(token));
                }
            }
            try {
                List<ResolvedJar> jars = cache.lookup(coordinates, resolver);
                if (jars == null) {
                    jars = resolver.resolve(coordinates);
                    cache.store(coordinates, resolver, jars);
                }
                if (classpath) {
                    out.println(jars.stream().map(j -> j.file().toAbsolutePath().toString()).collect(Collectors.joining(java.io.File.pathSeparator)));
                } else {
                    out.println("resolved " + names(coordinates) + " -> " + jars.size() + " jars");
                }
            } catch (ResolutionFailedException e) {
                failures++;
                err.println(e.getMessage());
            }
        }
        return failures > 0 ? 1 : 0;
    }
}
