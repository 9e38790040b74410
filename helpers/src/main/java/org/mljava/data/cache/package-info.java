/**
 * Fetching and the verified cache: where every data file and model file comes from and how it is
 * checked. {@link org.mljava.data.cache.DataStore} keeps one folder per manifest entry under
 * {@code $MLJAVA_CACHE} and, for each file, uses a verified copy, else copies it out of a package
 * already on this machine, else downloads it ({@link org.mljava.data.cache.Downloader}: the JDK's
 * HttpClient with the proxies of {@code org.mljava.net.Settings}); a file is written to a temp file
 * and renamed into place only when its size and SHA-256 match the
 * {@link org.mljava.data.cache.Manifest}. {@link org.mljava.data.cache.Stamps} remembers a verified
 * hash beside the file so that it is not hashed again while size and time are unchanged.
 *
 * <p>This package knows files, not formats: it never parses what it fetches. Notebooks do not call it
 * directly; {@link org.mljava.data.Datasets} does.
 */
package org.mljava.data.cache;
