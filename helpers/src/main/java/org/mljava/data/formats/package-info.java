/**
 * File formats: the readers that turn cached files into the data-set types of
 * {@link org.mljava.data} (CSV and TSV tables, IDX and CIFAR-10 image files, IMDb's JSON, book
 * folders, mail folders, the Brown corpus, graphs, SMILES molecules), and the writers that
 * {@code org.mljava.data.Conversions} uses to turn a data set's canonical online files into the one
 * format its loader reads. Readers take paths and return values; they do not fetch.
 */
package org.mljava.data.formats;
