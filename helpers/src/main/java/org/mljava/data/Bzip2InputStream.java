package org.mljava.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompresses a bzip2 stream (the {@code .tar.bz2} files of SpamAssassin's public corpus), so the
 * helper library needs no compression library. It undoes, block by block, what bzip2 did: the
 * Huffman coding (up to six tables, switched every 50 symbols), the run-length coding of zeros
 * (RUNA/RUNB), the move-to-front transform, the Burrows-Wheeler transform and the first run-length
 * coding (four equal bytes and a count). Each block's CRC and the stream's combined CRC are
 * checked; concatenated streams (as pbzip2 writes them) are read one after the other. The obsolete
 * "randomised" blocks (bzip2 0.9.0 and older) are refused.
 */
final class Bzip2InputStream extends InputStream {

    private static final int MAX_GROUPS = 6;
    private static final int GROUP_SIZE = 50;
    private static final int MAX_ALPHA = 258;
    private static final int MAX_CODE_LENGTH = 20;
    private static final int[] CRC_TABLE = crcTable();

    private final InputStream in;
    private long bitBuffer;
    private int bitCount;

    private int blockSize100k;
    private boolean streamEnded = true; // no stream started yet
    private boolean finished;
    private int combinedCrc;

    // the current block: the BWT's last column, the inverse permutation, and where we are in it
    private byte[] block = new byte[0];
    private int[] tt = new int[0];
    private int tPos;
    private int blockLeft;
    private int blockCrc;
    private int expectedBlockCrc;
    // the first run-length decoding
    private int lastByte = -1;
    private int runLength;
    private int repeatLeft;

    Bzip2InputStream(InputStream in) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
    }

    @Override
    public int read() throws IOException {
        while (true) {
            if (repeatLeft > 0) {
                repeatLeft--;
                blockCrc = crc(blockCrc, lastByte);
                return lastByte;
            }
            if (blockLeft == 0) {
                if (!nextBlock()) {
                    return -1;
                }
                continue;
            }
            int b = block[tPos] & 0xff;
            tPos = tt[tPos];
            blockLeft--;
            if (runLength == 4) { // four equal bytes were followed by a count of further copies
                repeatLeft = b;
                runLength = 0;
                continue;
            }
            if (b == lastByte) {
                runLength++;
            } else {
                lastByte = b;
                runLength = 1;
            }
            blockCrc = crc(blockCrc, b);
            return b;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        int n = 0;
        while (n < length) {
            int b = read();
            if (b < 0) {
                return n == 0 ? -1 : n;
            }
            buffer[offset + n++] = (byte) b;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    // ---- blocks -------------------------------------------------------------------------------

    /** Checks the block just read and decodes the next one; false at the end of the last stream. */
    private boolean nextBlock() throws IOException {
        if (finished) {
            return false;
        }
        if (!streamEnded) { // a block was read: check it
            int actual = ~blockCrc;
            if (actual != expectedBlockCrc) {
                throw new IOException("bzip2: block CRC mismatch (stored " + Integer.toHexString(expectedBlockCrc)
                        + ", computed " + Integer.toHexString(actual) + "): the file is corrupt");
            }
            combinedCrc = ((combinedCrc << 1) | (combinedCrc >>> 31)) ^ actual;
        }
        while (true) {
            if (streamEnded && !startStream()) {
                finished = true;
                return false;
            }
            long magic = ((long) bits(24) << 24) | bits(24);
            if (magic == 0x314159265359L) {
                expectedBlockCrc = bits(32);
                decodeBlock();
                return true;
            }
            if (magic == 0x177245385090L) {
                int stored = bits(32);
                if (stored != combinedCrc) {
                    throw new IOException("bzip2: stream CRC mismatch: the file is corrupt");
                }
                streamEnded = true;
                bitCount = 0; // streams are byte-aligned
                bitBuffer = 0;
                continue;
            }
            throw new IOException("bzip2: bad block header: the file is corrupt");
        }
    }

    /** Reads "BZh1".."BZh9"; false at the end of the input (or trailing bytes that are not bzip2). */
    private boolean startStream() throws IOException {
        int b = in.read();
        if (b < 0) {
            if (blockSize100k == 0) {
                throw new EOFException("bzip2: empty input");
            }
            return false;
        }
        int z = in.read();
        int h = in.read();
        int level = in.read();
        if (b != 'B' || z != 'Z' || h != 'h' || level < '1' || level > '9') {
            if (blockSize100k == 0) {
                throw new IOException("bzip2: not a bzip2 stream (no BZh header)");
            }
            return false; // trailing garbage after a complete stream, as bzip2 itself tolerates
        }
        blockSize100k = level - '0';
        streamEnded = false;
        combinedCrc = 0;
        return true;
    }

    private void decodeBlock() throws IOException {
        if (bits(1) != 0) {
            throw new IOException("bzip2: randomised blocks (bzip2 0.9.0 and older) are not supported");
        }
        int origPtr = bits(24);
        // the symbols in use
        int[] seqToUnseq = new int[256];
        int inUse = 0;
        int used16 = bits(16);
        for (int i = 0; i < 16; i++) {
            if ((used16 & (0x8000 >>> i)) != 0) {
                int used = bits(16);
                for (int j = 0; j < 16; j++) {
                    if ((used & (0x8000 >>> j)) != 0) {
                        seqToUnseq[inUse++] = i * 16 + j;
                    }
                }
            }
        }
        if (inUse == 0) {
            throw new IOException("bzip2: a block uses no symbols: the file is corrupt");
        }
        int alphaSize = inUse + 2;
        int groups = bits(3);
        int selectors = bits(15);
        if (groups < 2 || groups > MAX_GROUPS || selectors < 1) {
            throw new IOException("bzip2: bad table counts: the file is corrupt");
        }
        // the table of each group of 50 symbols, move-to-front coded
        byte[] selector = new byte[selectors];
        byte[] order = new byte[groups];
        for (int g = 0; g < groups; g++) {
            order[g] = (byte) g;
        }
        for (int s = 0; s < selectors; s++) {
            int j = 0;
            while (bits(1) == 1) {
                if (++j >= groups) {
                    throw new IOException("bzip2: bad selector: the file is corrupt");
                }
            }
            byte t = order[j];
            System.arraycopy(order, 0, order, 1, j);
            order[0] = t;
            selector[s] = t;
        }
        // the code lengths of each table, delta coded
        int[][] limit = new int[groups][MAX_CODE_LENGTH + 2];
        int[][] base = new int[groups][MAX_CODE_LENGTH + 2];
        int[][] perm = new int[groups][alphaSize];
        int[] minLength = new int[groups];
        for (int t = 0; t < groups; t++) {
            int[] length = new int[alphaSize];
            int current = bits(5);
            for (int i = 0; i < alphaSize; i++) {
                while (true) {
                    if (current < 1 || current > MAX_CODE_LENGTH) {
                        throw new IOException("bzip2: bad code length: the file is corrupt");
                    }
                    if (bits(1) == 0) {
                        break;
                    }
                    current += bits(1) == 0 ? 1 : -1;
                }
                length[i] = current;
            }
            minLength[t] = decodeTable(length, alphaSize, limit[t], base[t], perm[t]);
        }
        // the symbols: Huffman -> RUNA/RUNB runs and move-to-front indices -> bytes
        int capacity = blockSize100k * 100_000;
        if (block.length < capacity) {
            block = new byte[capacity];
            tt = new int[capacity];
        }
        int[] counts = new int[256];
        byte[] mtf = new byte[256];
        for (int i = 0; i < 256; i++) {
            mtf[i] = (byte) i;
        }
        int endOfBlock = alphaSize - 1;
        int n = 0;
        int groupIndex = -1;
        int groupLeft = 0;
        int table = 0;
        int run = 0;
        int runWeight = 1;
        while (true) {
            if (groupLeft == 0) {
                if (++groupIndex >= selectors) {
                    throw new IOException("bzip2: more symbols than selectors: the file is corrupt");
                }
                table = selector[groupIndex];
                groupLeft = GROUP_SIZE;
            }
            groupLeft--;
            int symbol = decodeSymbol(limit[table], base[table], perm[table], minLength[table], alphaSize);
            if (symbol <= 1) { // RUNA (0) adds 1, RUNB (1) adds 2, times the weight of its position
                run += runWeight << symbol;
                runWeight <<= 1;
                if (run > capacity) {
                    throw new IOException("bzip2: a run overflows the block: the file is corrupt");
                }
                continue;
            }
            if (run > 0) {
                int b = seqToUnseq[mtf[0] & 0xff];
                if (n + run > capacity) {
                    throw new IOException("bzip2: block longer than its declared size: the file is corrupt");
                }
                java.util.Arrays.fill(block, n, n + run, (byte) b);
                counts[b] += run;
                n += run;
                run = 0;
                runWeight = 1;
            }
            if (symbol == endOfBlock) {
                break;
            }
            int index = symbol - 1;
            byte front = mtf[index];
            System.arraycopy(mtf, 0, mtf, 1, index);
            mtf[0] = front;
            int b = seqToUnseq[front & 0xff];
            if (n >= capacity) {
                throw new IOException("bzip2: block longer than its declared size: the file is corrupt");
            }
            block[n++] = (byte) b;
            counts[b]++;
        }
        if (origPtr < 0 || origPtr >= n) {
            throw new IOException("bzip2: bad BWT origin: the file is corrupt");
        }
        // the inverse Burrows-Wheeler transform: tt[i] is the position that follows i
        int[] start = new int[256];
        for (int i = 1; i < 256; i++) {
            start[i] = start[i - 1] + counts[i - 1];
        }
        for (int i = 0; i < n; i++) {
            tt[start[block[i] & 0xff]++] = i;
        }
        tPos = tt[origPtr];
        blockLeft = n;
        blockCrc = -1;
        lastByte = -1;
        runLength = 0;
        repeatLeft = 0;
    }

    /** Canonical Huffman decoding tables (as bzip2's hbCreateDecodeTables); returns the shortest code length. */
    private static int decodeTable(int[] length, int alphaSize, int[] limit, int[] base, int[] perm) {
        int min = MAX_CODE_LENGTH;
        int max = 0;
        for (int i = 0; i < alphaSize; i++) {
            min = Math.min(min, length[i]);
            max = Math.max(max, length[i]);
        }
        int p = 0;
        for (int len = min; len <= max; len++) {
            for (int s = 0; s < alphaSize; s++) {
                if (length[s] == len) {
                    perm[p++] = s;
                }
            }
        }
        int[] countBelow = new int[MAX_CODE_LENGTH + 2]; // countBelow[len] = number of codes shorter than len
        for (int s = 0; s < alphaSize; s++) {
            countBelow[length[s] + 1]++;
        }
        for (int i = 1; i < countBelow.length; i++) {
            countBelow[i] += countBelow[i - 1];
        }
        java.util.Arrays.fill(limit, -1);
        int code = 0;
        for (int len = min; len <= max; len++) {
            code += countBelow[len + 1] - countBelow[len];
            limit[len] = code - 1;
            code <<= 1;
        }
        for (int len = min; len <= max; len++) {
            // the first code of this length, minus the index of its first symbol in perm
            int first = len == min ? 0 : (limit[len - 1] + 1) << 1;
            base[len] = first - countBelow[len];
        }
        return min;
    }

    private int decodeSymbol(int[] limit, int[] base, int[] perm, int min, int alphaSize) throws IOException {
        int len = min;
        int code = bits(len);
        while (len <= MAX_CODE_LENGTH) {
            if (code <= limit[len]) {
                int index = code - base[len];
                if (index < 0 || index >= alphaSize) {
                    break;
                }
                return perm[index];
            }
            len++;
            code = (code << 1) | bits(1);
        }
        throw new IOException("bzip2: bad Huffman code: the file is corrupt");
    }

    // ---- bits and CRC -------------------------------------------------------------------------

    /** The next {@code n} bits (1..32), most significant first. */
    private int bits(int n) throws IOException {
        while (bitCount < n) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("bzip2: the file is truncated");
            }
            bitBuffer = (bitBuffer << 8) | b;
            bitCount += 8;
        }
        bitCount -= n;
        return (int) ((bitBuffer >>> bitCount) & ((1L << n) - 1));
    }

    private static int crc(int crc, int b) {
        return (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff];
    }

    /** CRC-32 with the polynomial 0x04C11DB7, most significant bit first (bzip2's, not zip's reflected one). */
    private static int[] crcTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int k = 0; k < 8; k++) {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }
            table[i] = c;
        }
        return table;
    }
}
