package org.mljava.data.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.mljava.data.DataException;

/**
 * The IDX format of MNIST and Fashion-MNIST: a big-endian magic number (0x00000801 labels,
 * 0x00000803 images), the dimensions, then unsigned bytes.
 */
public final class Idx {

    private Idx() {
    }

    /** The raw content of an IDX file read in one go, checked against its header. */
    public record Data(int[] dims, byte[] values) {
    }

    public static Data read(Path file, int expectedRank) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(4 + 4 * expectedRank);
            readFully(ch, header, file);
            header.flip();
            int magic = header.getInt();
            if ((magic >>> 8) != 0x08 || (magic & 0xff) != expectedRank) {
                throw new DataException(file + ": not an IDX file of unsigned bytes with " + expectedRank + " dimensions (magic 0x"
                        + Integer.toHexString(magic) + ")");
            }
            int[] dims = new int[expectedRank];
            long count = 1;
            for (int i = 0; i < expectedRank; i++) {
                dims[i] = header.getInt();
                count *= dims[i];
            }
            long remaining = ch.size() - header.capacity();
            if (remaining != count || count > Integer.MAX_VALUE) {
                throw new DataException(file + ": header announces " + count + " values, the file holds " + remaining);
            }
            byte[] values = new byte[(int) count];
            readFully(ch, ByteBuffer.wrap(values), file); // straight into the array, no second copy
            return new Data(dims, values);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer, Path file) throws IOException {
        while (buffer.hasRemaining()) {
            if (ch.read(buffer) < 0) {
                throw new DataException(file + ": ends early");
            }
        }
    }
}
