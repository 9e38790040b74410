package org.mljava.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A molecule as a graph: atoms are nodes, bonds are edges. Made from SMILES by
 * {@link MoleculeGraphs} (with the CDK); this record itself needs no chemistry library.
 *
 * @param smiles     the SMILES it was parsed from
 * @param atoms      element symbol per atom (heavy atoms; hydrogens are counted in {@code hydrogens})
 * @param bonds      each bond once, as {i, j} atom indices
 * @param bondOrders 1, 2 or 3 per bond (1.5 for an aromatic bond)
 * @param aromatic   whether each atom is aromatic
 * @param hydrogens  implicit hydrogens on each atom
 * @param charges    formal charge of each atom
 * @param property   the target value (TPSA for the RDKit set)
 */
public record MoleculeGraph(String smiles, String[] atoms, int[][] bonds, double[] bondOrders, boolean[] aromatic,
                            int[] hydrogens, int[] charges, double property) {

    /** The elements {@link #atomFeatures()} one-hot encodes; anything else falls in a last "other" slot. */
    public static final List<String> ELEMENTS = List.of("C", "N", "O", "S", "F", "Cl", "Br", "I", "P");

    public MoleculeGraph {
        Objects.requireNonNull(smiles);
        int n = atoms.length;
        if (aromatic.length != n || hydrogens.length != n || charges.length != n || bondOrders.length != bonds.length) {
            throw new IllegalArgumentException("inconsistent molecule graph for " + smiles);
        }
    }

    public int atomCount() {
        return atoms.length;
    }

    public int bondCount() {
        return bonds.length;
    }

    /** The symmetric adjacency matrix with bond orders as weights. */
    public double[][] adjacency() {
        double[][] a = new double[atoms.length][atoms.length];
        for (int k = 0; k < bonds.length; k++) {
            a[bonds[k][0]][bonds[k][1]] = bondOrders[k];
            a[bonds[k][1]][bonds[k][0]] = bondOrders[k];
        }
        return a;
    }

    /**
     * Per atom: a one-hot element over {@link #ELEMENTS} + "other" (10 values), then degree,
     * implicit hydrogens, formal charge, aromatic (0/1): 14 features.
     */
    public double[][] atomFeatures() {
        int n = atoms.length;
        int k = ELEMENTS.size() + 1;
        double[][] f = new double[n][k + 4];
        int[] degree = new int[n];
        for (int[] b : bonds) {
            degree[b[0]]++;
            degree[b[1]]++;
        }
        for (int i = 0; i < n; i++) {
            int e = ELEMENTS.indexOf(atoms[i]);
            f[i][e >= 0 ? e : k - 1] = 1;
            f[i][k] = degree[i];
            f[i][k + 1] = hydrogens[i];
            f[i][k + 2] = charges[i];
            f[i][k + 3] = aromatic[i] ? 1 : 0;
        }
        return f;
    }

    @Override
    public String toString() {
        return smiles + " (" + atoms.length + " atoms, " + bonds.length + " bonds, property " + property + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MoleculeGraph m && smiles.equals(m.smiles) && Arrays.equals(atoms, m.atoms)
                && Arrays.deepEquals(bonds, m.bonds) && Double.compare(property, m.property) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(smiles, Arrays.hashCode(atoms), property);
    }
}
