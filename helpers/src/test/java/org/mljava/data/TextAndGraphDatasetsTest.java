package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mljava.data.cache.DataStore;
import org.mljava.data.cache.DirectoryHash;
import org.mljava.data.cache.Manifest;
import org.mljava.data.formats.TextLoaders;

/**
 * IMDb, Moby-Dick, Brown, the State of the Union addresses, SpamAssassin, karate club, the TPSA
 * molecules and the Java corpus from their offline sources.
 */
class TextAndGraphDatasetsTest {

    @Test
    @NeedsDataCache
    void imdbHas50000ReviewsHalfPositiveInASeededStratifiedSplit() {
        TextDataset train = Datasets.imdb(Split.TRAIN);
        TextDataset test = Datasets.imdb(Split.TEST);
        assertEquals(25000, train.size());
        assertEquals(25000, test.size());
        assertArrayEquals(new int[] {12500, 12500}, train.classCounts());
        assertArrayEquals(new int[] {12500, 12500}, test.classCounts());
        assertEquals(25000, train.classCounts()[1] + test.classCounts()[1]); // 25,000 positive in all
        // disjoint: a text in both parts can only be one of the reviews IMDb itself holds twice
        Set<String> trainTexts = new HashSet<>(train.texts());
        Set<String> all = new HashSet<>(trainTexts);
        all.addAll(test.texts());
        assertEquals(49582, all.size()); // 50,000 reviews, 418 of them repeats (a known property of the set)
        long shared = test.texts().stream().filter(trainTexts::contains).count();
        assertTrue(shared <= 50000 - all.size(), "only repeated reviews appear in both parts: " + shared);
        // deterministic
        assertEquals(train.text(0), Datasets.imdb(Split.TRAIN).text(0));
        assertNotEquals(train.text(0), test.text(0));
        // a prefix is a fair sample
        int[] head = train.limit(1000).classCounts();
        assertTrue(head[0] > 400 && head[1] > 400, "both classes in the first 1000: " + head[0] + "/" + head[1]);
        assertEquals(3, train.toTable().columnCount());
    }

    @Test
    @NeedsDataCache
    void imdbParseIsFastWhenWarm() throws Exception {
        DataStore.Resolved files = DataStore.defaultStore().resolve("imdb");
        TextLoaders.imdbJson(files.file("reviews.json")); // warm
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 2; run++) {
            long t0 = System.nanoTime();
            TextLoaders.Reviews reviews = TextLoaders.imdbJson(DataStore.defaultStore().resolve("imdb").file("reviews.json"));
            assertEquals(50000, reviews.texts().size());
            best = Math.min(best, System.nanoTime() - t0);
        }
        TimeBudget.assertWithin("IMDb parse (50,000 reviews, 63 MB JSON), warm", best, 3_000_000_000L);
    }

    @Test
    @NeedsDataCache
    void imdbQuickSizes() throws Exception {
        InMode.run("quick", () -> {
            assertEquals(Datasets.QUICK_TRAIN_TEXTS, Datasets.imdbForMode(Split.TRAIN).size());
            assertEquals(Datasets.QUICK_TEST_TEXTS, Datasets.imdbForMode(Split.TEST).size());
        });
    }

    @Test
    void seededShuffleIsPinned() {
        int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        TextLoaders.shuffle(a, 42);
        // pinned: if this permutation changed, every notebook's IMDb split would change with it
        assertArrayEquals(new int[] {0, 9, 5, 8, 6, 4, 7, 2, 1, 3}, a);
    }

    @Test
    @NeedsDataCache
    void mobyDick() {
        String book = Datasets.mobyDick();
        assertTrue(book.contains("Call me Ishmael."));
        assertTrue(book.length() > 1_000_000, "the whole book: " + book.length());
        List<String> chapters = Datasets.mobyDickChapters();
        assertEquals(136, chapters.size()); // 135 chapters + epilogue
        assertTrue(chapters.getFirst().startsWith("CHAPTER 1. Loomings."));
    }

    @Test
    @NeedsDataCache
    void brownCorpus() {
        List<TaggedSentence> all = Datasets.brownCorpus();
        int words = all.stream().mapToInt(TaggedSentence::size).sum();
        System.out.println("Brown: " + all.size() + " sentences, " + words + " words");
        assertTrue(all.size() > 55000 && all.size() < 60000, "about 57,000 sentences: " + all.size());
        assertTrue(words > 1_100_000 && words < 1_200_000, "about 1.16 million words: " + words);
        TaggedSentence first = all.getFirst();
        assertEquals("ca01", first.file());
        assertEquals("news", first.category());
        assertEquals("The", first.words().getFirst());
        assertEquals("at", first.tags().getFirst());
        assertEquals("np-tl", first.tags().get(1)); // Fulton
    }

    @Test
    @NeedsDataCache
    void stateOfTheUnion() throws Exception {
        List<Speech> speeches = Datasets.stateOfTheUnion();
        assertEquals(233, speeches.size());
        Speech first = speeches.getFirst();
        assertEquals(1790, first.year());
        assertEquals("George Washington", first.president());
        assertEquals("none", first.party());
        assertTrue(first.text().startsWith("Fellow-Citizens of the Senate and House of Representatives:"), first.text().substring(0, 80));
        Speech last = speeches.getLast();
        assertEquals(2021, last.year());
        assertEquals("Joseph R Biden", last.president());
        assertEquals("Democratic", last.party());
        for (int i = 1; i < speeches.size(); i++) {
            assertTrue(speeches.get(i - 1).year() <= speeches.get(i).year(), "sorted by year at " + i);
        }
        // two speeches in 1953 and in 1961: the outgoing president's first
        List<String> in1953 = speeches.stream().filter(s -> s.year() == 1953).map(Speech::president).toList();
        assertEquals(List.of("Harry S Truman", "Dwight D Eisenhower"), in1953);
        List<String> in1961 = speeches.stream().filter(s -> s.year() == 1961).map(Speech::president).toList();
        assertEquals(List.of("Dwight D Eisenhower", "John F Kennedy"), in1961);
        assertEquals(43, speeches.stream().map(Speech::president).distinct().count());
        java.util.Map<String, Long> parties = speeches.stream()
                .collect(java.util.stream.Collectors.groupingBy(Speech::party, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        assertEquals(java.util.Map.of("Republican", 92L, "Democratic", 90L, "Democratic-Republican", 28L, "none", 7L, "Federalist", 4L,
                "Whig", 4L, "Whig & Democratic", 4L, "National Union", 4L), parties);
        long chars = speeches.stream().mapToLong(s -> s.text().length()).sum();
        assertTrue(chars > 10_000_000 && chars < 11_000_000, "about 10.7 million characters: " + chars);
        // the cached folder is the one the manifest pins
        Manifest.FileEntry folder = Manifest.bundled().entry("state-of-the-union").file("speeches");
        assertEquals(folder.sha256(), DirectoryHash.hash(DataStore.defaultStore().location("state-of-the-union", "speeches")));
        assertEquals("fae6d1ea54cb7b20c5f18a08093f9e07af152c5d87ba3d56304bad6f2a38247a", folder.sha256());
        InMode.run("quick", () -> {
            List<Speech> some = Datasets.stateOfTheUnionForMode();
            assertEquals(59, some.size());
            assertEquals(1790, some.getFirst().year());
            assertTrue(some.getLast().year() >= 2015, "quick mode still reaches the present: " + some.getLast());
        });
    }

    @Test
    @NeedsDataCache
    void spamAssassinEmails() throws Exception {
        List<Email> all = Datasets.spamAssassinEmails();
        assertEquals(6046, all.size());
        java.util.Map<String, Long> groups = all.stream()
                .collect(java.util.stream.Collectors.groupingBy(Email::group, java.util.stream.Collectors.counting()));
        assertEquals(java.util.Map.of("easy-ham-1", 2500L, "easy-ham-2", 1400L, "hard-ham-1", 250L, "spam-1", 500L, "spam-2", 1396L), groups);
        assertEquals(1896, all.stream().filter(Email::spam).count());
        Email first = all.getFirst();
        assertEquals("easy-ham-1", first.group());
        assertEquals("00001.7c53336b37003a9286aba55d2945844c", first.id());
        assertEquals(0, first.label());
        assertTrue(first.text().startsWith("From exmh-workers-admin@redhat.com  Thu Aug 22 12:36:23 2002"), first.text().substring(0, 80));
        assertEquals("Re: New Sequences Window", first.subject());
        assertTrue(first.headers().contains("Message-Id:") && !first.body().contains("Message-Id:"), "the body has no headers");
        Email last = all.getLast();
        assertEquals("spam-2", last.group());
        assertEquals("01400.b444b69845db2fa0a4693ca04e6ac5c5", last.id());
        assertTrue(last.spam());
        // the cached messages are the original bytes: their MD5 is in their file names (one file of the corpus differs)
        List<String> mismatches = new java.util.ArrayList<>();
        java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
        for (Email e : all) {
            String want = e.id().substring(6);
            String utf8 = java.util.HexFormat.of().formatHex(md5.digest(e.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            String latin1 = java.util.HexFormat.of().formatHex(md5.digest(e.text().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            if (!want.equals(utf8) && !want.equals(latin1)) {
                mismatches.add(e.group() + "/" + e.id());
            }
        }
        assertEquals(List.of("hard-ham-1/00230.244a63cd74c81123ef26129453e32c95"), mismatches);
        Manifest.FileEntry folder = Manifest.bundled().entry("spam-assassin").file("spam-1");
        assertEquals(folder.sha256(), DirectoryHash.hash(DataStore.defaultStore().location("spam-assassin", "spam-1")));
    }

    @Test
    @NeedsDataCache
    void spamAssassinHasASeededStratifiedSplit() throws Exception {
        TextDataset whole = Datasets.spamAssassin();
        assertEquals(6046, whole.size());
        assertArrayEquals(new int[] {4150, 1896}, whole.classCounts());
        assertArrayEquals(new String[] {"ham", "spam"}, whole.classNames());
        TextDataset train = Datasets.spamAssassin(Split.TRAIN);
        TextDataset test = Datasets.spamAssassin(Split.TEST);
        assertEquals(4837, train.size());
        assertEquals(1209, test.size());
        assertArrayEquals(new int[] {3320, 1517}, train.classCounts());
        assertArrayEquals(new int[] {830, 379}, test.classCounts());
        // together exactly the corpus (as a multiset of texts)
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        whole.texts().forEach(t -> counts.merge(t, 1, Integer::sum));
        train.texts().forEach(t -> counts.merge(t, -1, Integer::sum));
        test.texts().forEach(t -> counts.merge(t, -1, Integer::sum));
        assertTrue(counts.values().stream().allMatch(c -> c == 0), "train + test = the corpus");
        assertEquals(train.text(0), Datasets.spamAssassin(Split.TRAIN).text(0)); // deterministic
        int[] head = train.limit(500).classCounts();
        assertTrue(head[0] > 250 && head[1] > 100, "both classes in the first 500: " + head[0] + "/" + head[1]);
        InMode.run("quick", () -> {
            assertEquals(Datasets.QUICK_TRAIN_TEXTS, Datasets.spamAssassinForMode(Split.TRAIN).size());
            assertEquals(Datasets.QUICK_TEST_TEXTS, Datasets.spamAssassinForMode(Split.TEST).size());
        });
    }

    @Test
    void emailBodyStartsAfterTheFirstBlankLine() {
        assertEquals("body\n\nmore\n", Email.bodyOf("From: a\nSubject: x\n\nbody\n\nmore\n"));
        assertEquals("body\r\n", Email.bodyOf("From: a\r\nSubject: x\r\n\r\nbody\r\n"));
        assertEquals("no blank line", Email.bodyOf("no blank line"));
        Email e = new Email("spam-1", "00001.x", true, "From: a\r\nSubject: Free\r\n\tmoney\r\nTo: b\r\n\r\nClick.\r\n");
        assertEquals("Free money", e.subject());
        assertEquals("From: a\r\nSubject: Free\r\n\tmoney\r\nTo: b", e.headers());
        assertEquals("Click.\r\n", e.body());
        assertEquals(1, e.label());
        assertEquals("caf\u00e9", TextLoaders.decodeMail("caf\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("caf\u00e9", TextLoaders.decodeMail("caf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    @Test
    @NeedsDataCache
    void karateClub() {
        GraphDataset g = Datasets.karateClub();
        assertEquals(34, g.nodeCount());
        assertEquals(78, g.edgeCount());
        int[] counts = new int[2];
        for (int l : g.labels()) {
            counts[l]++;
        }
        assertArrayEquals(new int[] {17, 17}, counts);
        assertEquals(16, g.degrees()[0]);  // Mr. Hi
        assertEquals(17, g.degrees()[33]); // the officer
        assertEquals(0, g.labels()[0]);
        assertEquals(1, g.labels()[33]);
    }

    @Test
    @NeedsDataCache
    void tpsaMoleculesAndGraphs() {
        List<Molecule> mols = Datasets.tpsaMolecules();
        assertEquals(4999, mols.size());
        assertEquals("CC1=CC(=O)C=CC1=O", mols.getFirst().smiles());
        assertEquals(34.14, mols.getFirst().property());
        List<MoleculeGraph> graphs = MoleculeGraphs.parseAll(mols.subList(0, 500));
        assertTrue(graphs.size() >= 495, "the CDK parses nearly all: " + graphs.size());
        MoleculeGraph g = graphs.getFirst(); // 2-methyl-1,4-benzoquinone: 7 C + 2 O
        assertEquals(9, g.atomCount());
        assertEquals(9, g.bondCount());
        assertEquals(14, g.atomFeatures()[0].length);
        MoleculeGraph benzene = MoleculeGraphs.parse("c1ccccc1", 0);
        assertEquals(6, benzene.atomCount());
        assertTrue(benzene.aromatic()[0]);
    }

    @Test
    void javaSources() {
        List<SourceFile> files = Datasets.javaSources("java.base/java/util/", 20);
        assertEquals(20, files.size());
        assertTrue(files.getFirst().path().startsWith("java.base/java/util/"));
        assertTrue(files.getFirst().text().contains("package java.util"));
    }
}
