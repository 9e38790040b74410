package org.mljava.data;

import java.util.List;
import org.mljava.helpers.Mode;
import org.mljava.data.formats.CdkMolecules;

/**
 * SMILES to molecule graphs with the Chemistry Development Kit (CDK). Needs on the class path
 * {@code org.openscience.cdk:cdk-smiles} and {@code cdk-silent} (versions in pom.xml); without
 * them every method says so.
 *
 * <pre>{@code
 * List<MoleculeGraph> mols = MoleculeGraphs.tpsaForMode();   // RDKit's NCI set with TPSA values
 * double[][] features = mols.get(0).atomFeatures();          // one row per atom
 * }</pre>
 */
public final class MoleculeGraphs {

    /** Molecules in quick mode. */
    public static final int QUICK_MOLECULES = 500;

    private MoleculeGraphs() {
    }

    /**
     * All molecules of RDKit's TPSA set that the CDK can parse (4,999 lines in the file; the
     * count parsed is printed when any is skipped), with TPSA as the property.
     */
    public static List<MoleculeGraph> tpsa() {
        return parseAll(Datasets.tpsaMolecules());
    }

    /** The first {@value #QUICK_MOLECULES} molecules in quick mode, all in full mode. */
    public static List<MoleculeGraph> tpsaForMode() {
        List<Molecule> all = Datasets.tpsaMolecules();
        return parseAll(all.subList(0, Math.min(Mode.choose(QUICK_MOLECULES, Integer.MAX_VALUE), all.size())));
    }

    /** Parses molecules, skipping (and counting) SMILES the CDK rejects. */
    public static List<MoleculeGraph> parseAll(List<Molecule> molecules) {
        requireCdk();
        return CdkMolecules.parseAll(molecules);
    }

    /** One SMILES as a graph; an IllegalArgumentException if the CDK cannot parse it. */
    public static MoleculeGraph parse(String smiles, double property) {
        requireCdk();
        return CdkMolecules.parse(smiles, property);
    }

    private static void requireCdk() {
        try {
            Class.forName("org.openscience.cdk.smiles.SmilesParser", false, MoleculeGraphs.class.getClassLoader());
            Class.forName("org.openscience.cdk.silent.SilentChemObjectBuilder", false, MoleculeGraphs.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new DataException("MoleculeGraphs parses SMILES with the CDK, which is not loaded: add "
                    + "%maven org.openscience.cdk:cdk-smiles:<v> org.openscience.cdk:cdk-silent:<v> (the version in pom.xml)");
        }
    }
}
