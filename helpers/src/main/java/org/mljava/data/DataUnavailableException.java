package org.mljava.data;

/**
 * A data set or model has no verified copy in the cache, and it cannot be fetched now (no network,
 * or {@code MLJAVA_OFFLINE=1}, or the data set has no offline source). The message names it and
 * the command that fetches it ({@code environment/setup.sh}).
 */
public class DataUnavailableException extends DataException {

    public DataUnavailableException(String message) {
        super(message);
    }

    public DataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
