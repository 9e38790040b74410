package org.mljava.data.cache;

import org.mljava.data.DataException;

/** A file's SHA-256 (or size) is not the one the manifest pins: it was not used and not kept. */
public class ChecksumException extends DataException {

    public ChecksumException(String message) {
        super(message);
    }
}
