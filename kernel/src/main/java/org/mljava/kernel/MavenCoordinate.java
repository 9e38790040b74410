package org.mljava.kernel;

import java.util.Objects;

/**
 * One {@code %maven} coordinate in IJava's syntax: {@code group:artifact:version} or
 * {@code group:artifact:extension:classifier:version} (also {@code group:artifact:extension:version}).
 */
public record MavenCoordinate(String groupId, String artifactId, String extension, String classifier, String version) {

    public MavenCoordinate {
        Objects.requireNonNull(groupId);
        Objects.requireNonNull(artifactId);
        Objects.requireNonNull(version);
        extension = extension == null || extension.isEmpty() ? "jar" : extension;
        classifier = classifier == null ? "" : classifier;
    }

    /** Parses one coordinate; the message of the exception names the text and the expected forms. */
    public static MavenCoordinate parse(String text) {
        String trimmed = text.trim();
        String[] parts = trimmed.split(":", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                throw new IllegalArgumentException(badFormat(trimmed));
            }
        }
        return switch (parts.length) {
            case 3 -> new MavenCoordinate(parts[0], parts[1], "jar", "", parts[2]);
            case 4 -> new MavenCoordinate(parts[0], parts[1], parts[2], "", parts[3]);
            case 5 -> new MavenCoordinate(parts[0], parts[1], parts[2], parts[3], parts[4]);
            default -> throw new IllegalArgumentException(badFormat(trimmed));
        };
    }

    private static String badFormat(String text) {
        return "'" + text + "' is not a Maven coordinate. Write group:artifact:version, "
                + "or group:artifact:extension:classifier:version (for example "
                + "ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.7.1).";
    }

    /** group:artifact plus classifier: the identity that must not appear twice on a class path. */
    public String versionlessKey() {
        return groupId + ":" + artifactId + (classifier.isEmpty() ? "" : ":" + classifier);
    }

    @Override
    public String toString() {
        if (classifier.isEmpty() && extension.equals("jar")) {
            return groupId + ":" + artifactId + ":" + version;
        }
        return groupId + ":" + artifactId + ":" + extension + (classifier.isEmpty() ? "" : ":" + classifier) + ":" + version;
    }
}
