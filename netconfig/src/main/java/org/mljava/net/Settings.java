package org.mljava.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The one source of this project's settings, resolved from the environment and the JVM's system
 * properties. The helper library, the kernel and (through {@link #main}) the setup scripts all ask
 * it instead of working a setting out themselves. A system property always wins over the
 * environment variable.
 *
 * <table>
 * <caption>Settings and where they come from, first match wins</caption>
 * <tr><th>setting</th><th>from</th></tr>
 * <tr><td>{@link #cacheRoot}</td><td>{@code -Dmljava.cache}, {@code $MLJAVA_CACHE}, {@code $XDG_CACHE_HOME/mljava},
 *     {@code ~/.cache/mljava} (a leading {@code ~} is the user's home)</td></tr>
 * <tr><td>{@link #offline}</td><td>{@code -Dmljava.offline}, {@code $MLJAVA_OFFLINE}; default false. Data downloads,
 *     the model hub and {@code %maven} all stop going online</td></tr>
 * <tr><td>{@link #mavenSettingsFile}</td><td>{@code -Dorg.mljava.maven.settings}, {@code $MLJAVA_MAVEN_SETTINGS},
 *     {@code ~/.m2/settings.xml}</td></tr>
 * <tr><td>{@link #localRepository}</td><td>{@code -Dmaven.repo.local}, settings.xml {@code <localRepository>}
 *     (with {@code ${user.home}}, {@code ${env.NAME}} and other {@code ${property}} expanded as Maven does),
 *     {@code ~/.m2/repository}</td></tr>
 * <tr><td>{@link #mavenOffline}</td><td>{@link #offline}, or settings.xml {@code <offline>true</offline>}</td></tr>
 * <tr><td>{@link #proxies}</td><td>{@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code ALL_PROXY}, {@code NO_PROXY}
 *     (either case; see {@link ProxySettings})</td></tr>
 * <tr><td>{@link #mode}</td><td>{@code -Dmljava.mode}, {@code $MLJAVA_MODE}: {@code quick} (also {@code test},
 *     {@code ci}) or {@code full}; default full</td></tr>
 * </table>
 *
 * <p>Yes/no values have one spelling everywhere ({@link #flag}): {@code 1}, {@code true}, {@code yes},
 * {@code on} mean yes, {@code 0}, {@code false}, {@code no}, {@code off} or empty mean no, in any
 * case; anything else is an error that names the variable.
 */
public record Settings(Path cacheRoot, boolean offline, Path mavenSettingsFile, Path localRepository, boolean mavenOffline,
        ProxySettings proxies, String mode) {

    public static final String CACHE_VARIABLE = "MLJAVA_CACHE";
    public static final String OFFLINE_VARIABLE = "MLJAVA_OFFLINE";
    public static final String MODE_VARIABLE = "MLJAVA_MODE";
    public static final String MAVEN_SETTINGS_VARIABLE = "MLJAVA_MAVEN_SETTINGS";

    private static final List<String> YES = List.of("1", "true", "yes", "on");
    private static final List<String> NO = List.of("", "0", "false", "no", "off");

    public Settings {
        Objects.requireNonNull(cacheRoot, "cacheRoot");
        Objects.requireNonNull(localRepository, "localRepository");
        Objects.requireNonNull(proxies, "proxies");
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * A yes/no setting: 1/true/yes/on are yes, 0/false/no/off or empty (or null) are no, in any case.
     *
     * @param name the variable, for the error message
     * @throws IllegalArgumentException for any other value
     */
    public static boolean flag(String name, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (YES.contains(v)) {
            return true;
        }
        if (NO.contains(v)) {
            return false;
        }
        throw new IllegalArgumentException(name + "=" + value + " is not a yes/no value: use 1, true, yes or on (or 0, false, no, off)");
    }

    /** Whether the mode is quick; {@code mode} is checked here, so a wrong MLJAVA_MODE fails where the mode is asked. */
    public boolean quick() {
        return switch (mode) {
            case "quick", "test", "ci" -> true;
            case "full" -> false;
            default -> throw new IllegalArgumentException(MODE_VARIABLE + "=" + mode + " is not a mode; use quick or full");
        };
    }

    private static final Object LOCK = new Object();
    private static List<Object> currentKey;
    private static Settings currentValue;

    /**
     * The settings of this JVM now. They are resolved once and again only when an input changed (a
     * notebook's {@code System.setProperty("mljava.offline", "true")}, an edited settings.xml).
     */
    public static Settings current() {
        Map<String, String> properties = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            properties.put(name, System.getProperty(name));
        }
        Map<String, String> env = System.getenv();
        List<Object> key = new ArrayList<>();
        key.add(properties);
        key.add(env);
        Path settingsFile = mavenSettingsFile(env, properties);
        key.add(settingsFile);
        try {
            key.add(Files.isRegularFile(settingsFile) ? Files.getLastModifiedTime(settingsFile).toMillis() : -1L);
        } catch (IOException e) {
            key.add(-2L);
        }
        synchronized (LOCK) {
            if (!key.equals(currentKey)) {
                currentValue = resolve(env, properties);
                currentKey = key;
            }
            return currentValue;
        }
    }

    /** The settings these environment variables and system properties give (tests pass their own maps). */
    public static Settings resolve(Map<String, String> env, Map<String, String> properties) {
        String home = home(properties);
        Path cache;
        String configured = first(properties.get("mljava.cache"), env.get(CACHE_VARIABLE));
        if (configured != null) {
            cache = Path.of(expandHome(configured, home));
        } else {
            String xdg = first(env.get("XDG_CACHE_HOME"));
            cache = (xdg != null ? Path.of(expandHome(xdg, home)) : Path.of(home, ".cache")).resolve("mljava");
        }
        String offlineValue = first(properties.get("mljava.offline"), env.get(OFFLINE_VARIABLE));
        boolean offline = flag(properties.get("mljava.offline") != null && !properties.get("mljava.offline").isBlank()
                ? "-Dmljava.offline" : OFFLINE_VARIABLE, offlineValue);
        Path settingsFile = mavenSettingsFile(env, properties);
        MavenSettings maven = MavenSettings.read(settingsFile);
        Path repository;
        String repoProperty = first(properties.get("maven.repo.local"));
        if (repoProperty != null) {
            repository = Path.of(expandHome(repoProperty, home));
        } else if (maven.localRepository() != null) {
            repository = Path.of(expandHome(interpolate(maven.localRepository(), env, properties), home));
        } else {
            repository = Path.of(home, ".m2", "repository");
        }
        boolean mavenOffline = offline || maven.offline();
        String modeValue = first(properties.get("mljava.mode"), env.get(MODE_VARIABLE));
        String mode = modeValue == null ? "full" : modeValue.toLowerCase(Locale.ROOT);
        return new Settings(cache, offline, settingsFile, repository, mavenOffline, ProxySettings.fromEnvironment(env), mode);
    }

    /** The Maven settings file: -Dorg.mljava.maven.settings, $MLJAVA_MAVEN_SETTINGS, ~/.m2/settings.xml. */
    static Path mavenSettingsFile(Map<String, String> env, Map<String, String> properties) {
        String home = home(properties);
        String file = first(properties.get("org.mljava.maven.settings"), env.get(MAVEN_SETTINGS_VARIABLE));
        return file != null ? Path.of(expandHome(file, home)) : Path.of(home, ".m2", "settings.xml");
    }

    private static String home(Map<String, String> properties) {
        String home = properties.get("user.home");
        return home != null ? home : System.getProperty("user.home");
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    static String expandHome(String path, String home) {
        return path.equals("~") || path.startsWith("~/") ? home + path.substring(1) : path;
    }

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]+)}");

    /** Maven's interpolation of settings.xml values: ${env.NAME} from the environment, ${name} from the system properties. */
    static String interpolate(String value, Map<String, String> env, Map<String, String> properties) {
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = name.startsWith("env.") ? env.get(name.substring(4)) : properties.get(name);
            if (replacement == null && name.equals("user.home")) {
                replacement = home(properties);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The two values of settings.xml that this project reads itself (the kernel's resolver reads the rest). */
    record MavenSettings(String localRepository, boolean offline) {
        static MavenSettings read(Path file) {
            if (file == null || !Files.isRegularFile(file)) {
                return new MavenSettings(null, false);
            }
            try (InputStream in = Files.newInputStream(file)) {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                factory.setExpandEntityReferences(false);
                DocumentBuilder builder = factory.newDocumentBuilder();
                builder.setErrorHandler(null);
                Element root = builder.parse(in).getDocumentElement();
                String repository = child(root, "localRepository");
                String offline = child(root, "offline");
                return new MavenSettings(repository == null || repository.isBlank() ? null : repository.trim(),
                        offline != null && offline.trim().equalsIgnoreCase("true"));
            } catch (Exception e) {
                throw new IllegalStateException("Could not read Maven settings " + file + ": " + e.getMessage(), e);
            }
        }

        private static String child(Element parent, String name) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getNodeName())) {
                    return e.getTextContent();
                }
            }
            return null;
        }
    }

    /** The settings as shell assignments, for {@code eval "$(java ... org.mljava.net.Settings)"}; never a credential. */
    public String toShell() {
        StringBuilder sb = new StringBuilder();
        line(sb, "MLJAVA_CACHE", cacheRoot.toString());
        line(sb, "MLJAVA_OFFLINE", Boolean.toString(offline));
        line(sb, "MLJAVA_MODE", quick() ? "quick" : "full");
        line(sb, "MLJAVA_MAVEN_SETTINGS_FILE", mavenSettingsFile.toString());
        line(sb, "MLJAVA_LOCAL_REPOSITORY", localRepository.toString());
        line(sb, "MLJAVA_MAVEN_OFFLINE", Boolean.toString(mavenOffline));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(name).append('=').append(shellQuote(value)).append('\n');
    }

    /** A word bash reads back as exactly {@code value}. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * A Maven settings file that holds only the proxies of {@link #proxies} (with their credentials:
     * write it where only the user can read it), for a Maven build when the user has no settings.xml.
     */
    public String mavenProxySettingsXml() {
        StringBuilder sb = new StringBuilder("<settings><proxies>");
        String nonProxy = proxies.nonProxyHostsProperty();
        proxies.https().ifPresent(p -> proxyXml(sb, "https", p, nonProxy));
        proxies.http().ifPresent(p -> proxyXml(sb, "http", p, nonProxy));
        return sb.append("</proxies></settings>\n").toString();
    }

    private static void proxyXml(StringBuilder sb, String protocol, ProxySettings.Proxy p, String nonProxy) {
        sb.append("<proxy><id>env-").append(protocol).append("</id><active>true</active><protocol>").append(protocol)
                .append("</protocol><host>").append(xml(p.host())).append("</host><port>").append(p.port()).append("</port>");
        if (p.user() != null) {
            sb.append("<username>").append(xml(p.user())).append("</username><password>").append(xml(p.password())).append("</password>");
        }
        if (!nonProxy.isEmpty()) {
            sb.append("<nonProxyHosts>").append(xml(nonProxy)).append("</nonProxyHosts>");
        }
        sb.append("</proxy>");
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }

    /**
     * The entry point for the setup scripts, so that they ask instead of recomputing:
     * <pre>
     * java -cp mljava-netconfig.jar org.mljava.net.Settings              shell assignments (see {@link #toShell})
     * java -cp mljava-netconfig.jar org.mljava.net.Settings get NAME     one value: cache, offline, mode,
     *                                                                    maven-settings, local-repository, maven-offline
     * java -cp mljava-netconfig.jar org.mljava.net.Settings maven-proxy-settings FILE
     *                                                                    writes the proxies as a Maven settings file
     * </pre>
     * With no jar built yet, {@code java netconfig/src/main/java/org/mljava/net/Settings.java ...} runs the
     * same from source. Exit status 2 and a message on standard error for a setting that is wrong.
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Settings s = current();
            if (args.length == 0 || args[0].equals("shell")) {
                out.print(s.toShell());
                return 0;
            }
            if (args[0].equals("get") && args.length == 2) {
                String value = switch (args[1]) {
                    case "cache" -> s.cacheRoot().toString();
                    case "offline" -> Boolean.toString(s.offline());
                    case "mode" -> s.quick() ? "quick" : "full";
                    case "maven-settings" -> s.mavenSettingsFile().toString();
                    case "local-repository" -> s.localRepository().toString();
                    case "maven-offline" -> Boolean.toString(s.mavenOffline());
                    default -> null;
                };
                if (value == null) {
                    err.println("settings: no setting '" + args[1] + "'; use cache, offline, mode, maven-settings, local-repository or maven-offline");
                    return 64;
                }
                out.println(value);
                return 0;
            }
            if (args[0].equals("maven-proxy-settings") && args.length == 2) {
                try {
                    Files.writeString(Path.of(args[1]), s.mavenProxySettingsXml(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return 0;
            }
            err.println("usage: Settings [shell | get NAME | maven-proxy-settings FILE]");
            return 64;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("settings: " + e.getMessage());
            return 2;
        }
    }
}
