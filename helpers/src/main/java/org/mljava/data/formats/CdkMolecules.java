package org.mljava.data.formats;

import java.util.ArrayList;
import java.util.List;
import org.openscience.cdk.exception.InvalidSmilesException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.mljava.data.Molecule;
import org.mljava.data.MoleculeGraph;
import org.mljava.data.MoleculeGraphs;

/** The CDK-using half of {@link MoleculeGraphs}, loaded only when the CDK is on the class path. */
public final class CdkMolecules {

    private CdkMolecules() {
    }

    public static List<MoleculeGraph> parseAll(List<Molecule> molecules) {
        SmilesParser parser = new SmilesParser(SilentChemObjectBuilder.getInstance());
        List<MoleculeGraph> out = new ArrayList<>(molecules.size());
        int skipped = 0;
        for (Molecule m : molecules) {
            try {
                out.add(toGraph(parser.parseSmiles(m.smiles()), m.smiles(), m.property()));
            } catch (InvalidSmilesException | RuntimeException e) {
                skipped++;
            }
        }
        if (skipped > 0) {
            System.out.println("MoleculeGraphs: the CDK could not parse " + skipped + " of " + molecules.size() + " SMILES; they were skipped");
        }
        return out;
    }

    public static MoleculeGraph parse(String smiles, double property) {
        try {
            return toGraph(new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles), smiles, property);
        } catch (InvalidSmilesException e) {
            throw new IllegalArgumentException("not a valid SMILES: " + smiles + " (" + e.getMessage() + ")", e);
        }
    }

    static MoleculeGraph toGraph(IAtomContainer mol, String smiles, double property) {
        int n = mol.getAtomCount();
        String[] atoms = new String[n];
        boolean[] aromatic = new boolean[n];
        int[] hydrogens = new int[n];
        int[] charges = new int[n];
        for (int i = 0; i < n; i++) {
            IAtom a = mol.getAtom(i);
            atoms[i] = a.getSymbol();
            aromatic[i] = a.isAromatic();
            hydrogens[i] = a.getImplicitHydrogenCount() == null ? 0 : a.getImplicitHydrogenCount();
            charges[i] = a.getFormalCharge() == null ? 0 : a.getFormalCharge();
        }
        int m = mol.getBondCount();
        int[][] bonds = new int[m][];
        double[] orders = new double[m];
        for (int k = 0; k < m; k++) {
            IBond b = mol.getBond(k);
            int i = mol.indexOf(b.getBegin());
            int j = mol.indexOf(b.getEnd());
            bonds[k] = new int[] {Math.min(i, j), Math.max(i, j)};
            orders[k] = b.isAromatic() ? 1.5 : switch (b.getOrder()) {
                case DOUBLE -> 2;
                case TRIPLE -> 3;
                case QUADRUPLE -> 4;
                default -> 1;
            };
        }
        return new MoleculeGraph(smiles, atoms, bonds, orders, aromatic, hydrogens, charges, property);
    }
}
