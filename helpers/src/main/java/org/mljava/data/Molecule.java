package org.mljava.data;

/**
 * A molecule as a SMILES string with a measured or computed property (for the RDKit set: the
 * topological polar surface area, TPSA, in square angstroms). {@link MoleculeGraphs} turns the
 * SMILES into a graph of atoms and bonds with the CDK.
 *
 * @param smiles   the molecule in SMILES notation
 * @param property the property value
 */
public record Molecule(String smiles, double property) {
}
