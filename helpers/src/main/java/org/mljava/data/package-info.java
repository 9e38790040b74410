/**
 * Data sets for the notebooks, ready to use in one call: the one entry point is
 * {@link org.mljava.data.Datasets} (Iris, Wine, Breast Cancer (WDBC), Digits, Boston housing, Ames
 * housing (online), MNIST, Fashion-MNIST, CIFAR-10 (online), IMDb reviews, Moby-Dick, the State of the
 * Union addresses, the SpamAssassin mail corpus, the Brown POS corpus, the karate club graph, RDKit's
 * TPSA molecules, a Java code corpus), with the types it returns ({@link org.mljava.data.TabularDataset},
 * {@link org.mljava.data.TextDataset}, {@link org.mljava.data.ImageDataset}, ...).
 * {@link org.mljava.data.DjlDatasets} and {@link org.mljava.data.MoleculeGraphs} give the same data
 * as DJL datasets and CDK molecule graphs.
 *
 * <p>The layers below, one package each:
 * <ul>
 *   <li>{@link org.mljava.data.cache}: fetching and the verified cache (files and checksums, no formats);</li>
 *   <li>{@link org.mljava.data.formats}: file formats (readers, and the writers of the conversions);</li>
 *   <li>{@code org.mljava.models}: pretrained models.</li>
 * </ul>
 * Each data set has one cached format: its packaged files, or its canonical online files converted
 * once into that format ({@code Conversions}). Without either, a
 * {@link org.mljava.data.DataUnavailableException} says what is missing and how to get it.
 * {@link org.mljava.data.Datasets#info(String)} shows a data set's sources, checksums, licence and citation.
 */
package org.mljava.data;
