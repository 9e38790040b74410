package org.mljava.data;

/** A file's SHA-256 (or size) is not the one the manifest pins: it was not used and not kept. */
public class ChecksumException extends DataException {

    public ChecksumException(String message) {
        super(message);
    }
}
