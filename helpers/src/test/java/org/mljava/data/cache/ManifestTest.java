package org.mljava.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mljava.models.Models;
import org.mljava.data.Datasets;

/** The bundled manifest: complete, consistent, versions filled in from pom.xml. */
class ManifestTest {

    final Manifest manifest = Manifest.bundled();

    @Test
    void everyEntryHasTitleLicenceAndCitation() {
        for (Manifest.Entry e : manifest.entries().values()) {
            assertNotNull(e.title(), e.id());
            assertNotNull(e.licence(), e.id() + " licence");
            assertNotNull(e.citation(), e.id() + " citation");
            assertTrue(e.homepage() != null || !e.files().isEmpty() || !e.online().isEmpty(), e.id() + " says where it comes from");
        }
    }

    @Test
    void offlineFilesArePinned() {
        for (Manifest.Entry e : manifest.entries().values()) {
            for (Manifest.FileEntry f : e.files()) {
                if (f.offline() == null) {
                    continue;
                }
                Manifest.Package p = manifest.pkg(f.offline().packageId());
                assertNotNull(p, e.id() + " package");
                if (p.type().equals("jdk")) {
                    continue; // read in place from the running JDK
                }
                assertNotNull(f.sha256(), e.id() + "/" + f.name() + " has a SHA-256");
                assertTrue(f.directory() ? f.count() > 0 : f.size() > 0, e.id() + "/" + f.name() + " has a size or file count");
                assertNotNull(p.version(), p.id() + " version");
                assertFalse(p.version().contains("${"), p.id() + ": the version comes from pom.xml: " + p.version());
                if (p.type().equals("deb") || p.type().equals("npm")) {
                    assertNotNull(p.sha256(), p.id() + " package SHA-256");
                }
            }
        }
    }

    @Test
    void urlsAreHttp() {
        for (Manifest.Entry e : manifest.entries().values()) {
            for (List<Manifest.FileEntry> files : List.of(e.files(), e.online())) {
                for (Manifest.FileEntry f : files) {
                    for (String url : f.urls()) {
                        String scheme = URI.create(url).getScheme();
                        assertTrue(scheme.equals("https") || scheme.equals("http"), url);
                    }
                }
            }
        }
    }

    @Test
    void theDataSetsTheCurriculumNamesAreThere() {
        for (String id : List.of("iris", "wine", "breast-cancer", "digits", "boston-housing", "ames-housing", "mnist", "fashion-mnist",
                "imdb", "moby-dick", "mysterious-island", "brown", "state-of-the-union", "spam-assassin", "karate-club", "rdkit-tpsa",
                "java-sources", "cifar-10", "celeba", "qm9", "emotion", "pan-x", "cnn-dailymail", "subjqa", "clinc150")) {
            assertEquals("datasets", manifest.entry(id).section(), id);
        }
        for (String id : List.of("all-minilm-l6-v2-q", "all-minilm-l6-v2", "gpt2-bpe", "gpt2", "distilbert-base-uncased")) {
            assertEquals("models", manifest.entry(id).section(), id);
        }
        assertTrue(Datasets.ids().contains("mnist"));
        assertTrue(Datasets.info("iris").contains("Fisher"));
        assertTrue(Models.info("all-minilm-l6-v2-q").contains("Apache-2.0"));
    }

    @Test
    void onlineOnlyHubEntriesSayTheyAreNotPinned() {
        for (String id : List.of("emotion", "pan-x", "cnn-dailymail", "subjqa", "clinc150", "gpt2")) {
            Manifest.Entry e = manifest.entry(id);
            assertNotNull(e.hub().get("repo"), id);
            assertEquals(Boolean.FALSE, e.hub().get("revisionPinned"), id + ": honest about the revision");
        }
    }
}
