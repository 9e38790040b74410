package org.mljava.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An undirected graph with a class label per node, such as Zachary's karate club: nodes are
 * numbered 0..{@code nodeCount-1}, {@code edges[k] = {u, v}} with u &lt; v.
 *
 * @param name       the data set's id
 * @param nodeCount  number of nodes
 * @param edges      each edge once, as {u, v}
 * @param labels     class index per node
 * @param classNames names of the classes
 */
public record GraphDataset(String name, int nodeCount, int[][] edges, int[] labels, String[] classNames) {

    public GraphDataset {
        Objects.requireNonNull(name);
        if (labels.length != nodeCount) {
            throw new IllegalArgumentException(labels.length + " labels for " + nodeCount + " nodes");
        }
        for (int[] e : edges) {
            if (e.length != 2 || e[0] < 0 || e[1] < 0 || e[0] >= nodeCount || e[1] >= nodeCount) {
                throw new IllegalArgumentException("bad edge " + Arrays.toString(e));
            }
        }
    }

    public int edgeCount() {
        return edges.length;
    }

    /** The symmetric 0/1 adjacency matrix. */
    public double[][] adjacency() {
        double[][] a = new double[nodeCount][nodeCount];
        for (int[] e : edges) {
            a[e[0]][e[1]] = 1;
            a[e[1]][e[0]] = 1;
        }
        return a;
    }

    /** The degree of every node. */
    public int[] degrees() {
        int[] d = new int[nodeCount];
        for (int[] e : edges) {
            d[e[0]]++;
            d[e[1]]++;
        }
        return d;
    }

    /** The neighbours of every node, in increasing order. */
    public int[][] neighbours() {
        int[] d = degrees();
        int[][] out = new int[nodeCount][];
        for (int i = 0; i < nodeCount; i++) {
            out[i] = new int[d[i]];
        }
        int[] fill = new int[nodeCount];
        for (int[] e : edges) {
            out[e[0]][fill[e[0]]++] = e[1];
            out[e[1]][fill[e[1]]++] = e[0];
        }
        for (int[] n : out) {
            Arrays.sort(n);
        }
        return out;
    }

    @Override
    public String toString() {
        return name + ": " + nodeCount + " nodes, " + edges.length + " edges, classes " + Arrays.toString(classNames);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GraphDataset g && name.equals(g.name) && nodeCount == g.nodeCount && Arrays.deepEquals(edges, g.edges)
                && Arrays.equals(labels, g.labels) && Arrays.equals(classNames, g.classNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, nodeCount, Arrays.deepHashCode(edges), Arrays.hashCode(labels));
    }
}
