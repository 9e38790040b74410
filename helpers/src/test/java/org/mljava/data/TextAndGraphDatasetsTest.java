package org.mljava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** IMDb, Moby-Dick, Brown, karate club, the TPSA molecules and the Java corpus from their offline sources. */
class TextAndGraphDatasetsTest {

    @Test
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
    void mobyDick() {
        String book = Datasets.mobyDick();
        assertTrue(book.contains("Call me Ishmael."));
        assertTrue(book.length() > 1_000_000, "the whole book: " + book.length());
        List<String> chapters = Datasets.mobyDickChapters();
        assertEquals(136, chapters.size()); // 135 chapters + epilogue
        assertTrue(chapters.getFirst().startsWith("CHAPTER 1. Loomings."));
    }

    @Test
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
