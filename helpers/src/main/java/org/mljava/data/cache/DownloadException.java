package org.mljava.data.cache;

import org.mljava.data.DataException;

/**
 * A download failed: host or proxy unreachable, a timeout, an HTTP error, or a body cut short.
 * Nothing was written to the cache.
 */
public class DownloadException extends DataException {

    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
