package org.mljava.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mljava.data.cache.Manifest;
import org.mljava.models.HuggingFaceHub;
import org.mljava.data.DataUnavailableException;

/** Names to models: the hub names' manifest entries, and the clear message when a hub model is not here. */
class TransformersLoadingTest {

    @Test
    void everyHubNameHasARepositoryAndACommitInTheManifest() {
        for (String name : Transformers.HUB_NAMES) {
            Map<String, Object> hub = Manifest.bundled().entry(name).hub();
            assertTrue(((String) hub.get("repo")).contains("/"), name + ": " + hub);
            assertTrue(((String) hub.get("revision")).matches("[0-9a-f]{40}"), name + " is pinned to a commit: " + hub);
        }
    }

    @Test
    void offlineAHubModelFailsWithAMessageNamingTheRepositoryAndHowToGetIt() {
        // surefire sets it, but another test may have cleared it: this test is about the offline path
        String before = System.getProperty("mljava.offline");
        System.setProperty("mljava.offline", "true");
        try {
            assertTrue(Transformers.downloadsOff());
            checkOfflineMessage();
        } finally {
            if (before == null) {
                System.clearProperty("mljava.offline");
            } else {
                System.setProperty("mljava.offline", before);
            }
        }
    }

    private static void checkOfflineMessage() {
        Map<String, Object> hub = Manifest.bundled().entry("bert-base-uncased").hub();
        String repo = (String) hub.get("repo");
        assumeFalse(Files.isDirectory(HuggingFaceHub.defaultCache().resolve("models--" + repo.replace("/", "--"))),
                "the hub cache already holds " + repo);
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> Transformers.encoder("bert-base-uncased"));
        String m = e.getMessage();
        System.out.println(m);
        assertTrue(m.startsWith("bert-base-uncased is online only"), m);
        assertTrue(m.contains("Hugging Face repository " + repo + ", revision " + hub.get("revision")), m);
        assertTrue(m.contains("run this once with network access"), m);
        assertTrue(m.contains("Transformers.load(\"/that/folder\")"), m);
        assertTrue(m.contains("Transformers.encoder(\"all-minilm-l6-v2\") works"), m);
    }

    @Test
    void unknownNamesAndWrongKindsAreExplained() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Transformers.load("bert-large-cased"));
        assertTrue(unknown.getMessage().contains("unknown model 'bert-large-cased'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains(Transformers.HUB_NAMES.toString()), unknown.getMessage());
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> Transformers.decoder("all-minilm-l6-v2"));
        assertEquals("all-minilm-l6-v2 is an encoder (BERT family): use Transformers.encoder", kind.getMessage());
    }
}
