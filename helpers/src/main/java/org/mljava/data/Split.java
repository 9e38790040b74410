package org.mljava.data;

/** Which part of a data set: the training part or the held-out test part. */
public enum Split {
    TRAIN,
    TEST
}
