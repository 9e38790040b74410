package org.mljava.data;

/**
 * Something went wrong while getting a data set or model: it is not available here, a download
 * failed, or a file did not match its SHA-256. The message always names the data set or file and
 * says what to do next.
 */
public class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
