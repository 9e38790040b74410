package org.mljava.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The IDX format of MNIST and Fashion-MNIST: a big-endian magic number (0x00000801 labels,
 * 0x00000803 images), the dimensions, then unsigned bytes.
 */
final class Idx {

    private Idx() {
    }

    /** The raw content of an IDX file read in one go, checked against its header. */
    record Data(int[] dims, byte[] values) {
    }

    static Data read(Path file, int expectedRank) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new DataException(file + " is too large for an IDX file here");
            }
            ByteBuffer all = ByteBuffer.allocate((int) size);
            while (all.hasRemaining()) {
                if (ch.read(all) < 0) {
                    break;
                }
            }
            all.flip();
            int magic = all.getInt();
            if ((magic >>> 8) != 0x08 || (magic & 0xff) != expectedRank) {
                throw new DataException(file + ": not an IDX file of unsigned bytes with " + expectedRank + " dimensions (magic 0x"
                        + Integer.toHexString(magic) + ")");
            }
            int[] dims = new int[expectedRank];
            long count = 1;
            for (int i = 0; i < expectedRank; i++) {
                dims[i] = all.getInt();
                count *= dims[i];
            }
            if (all.remaining() != count) {
                throw new DataException(file + ": header announces " + count + " values, the file holds " + all.remaining());
            }
            byte[] values = new byte[(int) count];
            all.get(values);
            return new Data(dims, values);
        }
    }
}
