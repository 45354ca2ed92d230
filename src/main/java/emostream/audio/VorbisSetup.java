package emostream.audio;

/**
 * Checks the codebooks of a Vorbis setup header (Vorbis I spec, section 3.2.1) before JOrbis unpacks them: JOrbis
 * allocates the entry and value counts a codebook claims before reading them, so a few bytes could ask for
 * gigabytes. A claim is accepted only when the packet holds the bits it implies (at least one bit per entry for an
 * unordered codebook, {@code value_bits} per lookup value); ordered codebooks (run-length coded lengths) are
 * limited to {@link #MAX_ORDERED_ENTRIES} entries. Each residue's classification book must have at least
 * classifications^dimensions entries, as libvorbis requires (JOrbis builds a table of that size: found by fuzzing,
 * a 2 KB file asked for more than the VM's largest array). Mappings and modes are left to JOrbis.
 */
final class VorbisSetup {

    static final int MAX_ORDERED_ENTRIES = 1 << 16;

    private final byte[] p;
    private final String name;
    private long bit;

    private VorbisSetup(byte[] packet, String name) {
        this.p = packet;
        this.name = name;
    }

    /** @throws AudioFormatException naming the input when a codebook claims more than the packet can hold */
    static void check(byte[] packet, String name) throws AudioFormatException {
        new VorbisSetup(packet, name).codebooks();
    }

    private long left() {
        return 8L * p.length - bit;
    }

    private long read(int n) throws AudioFormatException {
        if (n > 64) { // a long field: skip it bit by bit in pieces
            for (int k = 0; k < n; k += 64) {
                read(Math.min(64, n - k));
            }
            return 0;
        }
        if (n > left()) {
            throw bad("it ends inside a codebook");
        }
        long v = 0;
        for (int i = 0; i < n; i++, bit++) {
            v |= (long) ((p[(int) (bit >> 3)] >> (bit & 7)) & 1) << i;
        }
        return v;
    }

    private AudioFormatException bad(String why) {
        return new AudioFormatException(name + ": bad Ogg Vorbis setup header: " + why);
    }

    private long[] bookEntries;
    private long[] bookDims;

    private void codebooks() throws AudioFormatException {
        bit = 7 * 8; // packet type and "vorbis"
        int count = (int) read(8) + 1;
        bookEntries = new long[count];
        bookDims = new long[count];
        for (int b = 0; b < count; b++) {
            if (read(24) != 0x564342) {
                throw bad("codebook " + b + " has no sync pattern");
            }
            long dims = read(16);
            long entries = read(24);
            bookEntries[b] = entries;
            bookDims[b] = dims;
            boolean ordered = read(1) == 1;
            if (ordered) {
                if (entries > MAX_ORDERED_ENTRIES) {
                    throw bad("codebook " + b + " claims " + entries + " ordered entries");
                }
                read(5);
                long done = 0;
                while (done < entries) {
                    done += read(ilog(entries - done));
                }
                if (done > entries) {
                    throw bad("codebook " + b + " has more lengths than entries");
                }
            } else {
                boolean sparse = read(1) == 1;
                if (entries > left()) { // each entry takes at least one bit
                    throw bad("codebook " + b + " claims " + entries + " entries in " + left() / 8 + " bytes");
                }
                for (long e = 0; e < entries; e++) {
                    if (!sparse || read(1) == 1) {
                        read(5);
                    }
                }
            }
            int lookup = (int) read(4);
            if (lookup == 1 || lookup == 2) {
                read(32);
                read(32);
                int valueBits = (int) read(4) + 1;
                read(1);
                long values = lookup == 1 ? lookup1Values(entries, dims) : entries * dims;
                if (values > left() / valueBits) {
                    throw bad("codebook " + b + " claims " + values + " lookup values in " + left() / 8 + " bytes");
                }
                bit += values * valueBits;
            } else if (lookup != 0) {
                throw bad("codebook " + b + " has lookup type " + lookup);
            }
        }
        int times = (int) read(6) + 1;
        for (int t = 0; t < times; t++) {
            read(16);
        }
        int floors = (int) read(6) + 1;
        for (int f = 0; f < floors; f++) {
            floor(f);
        }
        int residues = (int) read(6) + 1;
        for (int r = 0; r < residues; r++) {
            residue(r);
        }
    }

    private void floor(int f) throws AudioFormatException {
        int type = (int) read(16);
        if (type == 0) {
            read(8 + 16 + 16 + 6 + 8);
            int books = (int) read(4) + 1;
            read(8 * books);
        } else if (type == 1) {
            int partitions = (int) read(5);
            int[] classOf = new int[partitions];
            int maxClass = -1;
            for (int i = 0; i < partitions; i++) {
                classOf[i] = (int) read(4);
                maxClass = Math.max(maxClass, classOf[i]);
            }
            int[] dims = new int[maxClass + 1];
            for (int c = 0; c <= maxClass; c++) {
                dims[c] = (int) read(3) + 1;
                int subclasses = (int) read(2);
                if (subclasses != 0) {
                    read(8);
                }
                read(8 << subclasses);
            }
            read(2);
            int rangeBits = (int) read(4);
            for (int i = 0; i < partitions; i++) {
                read(rangeBits * dims[classOf[i]]);
            }
        } else {
            throw bad("floor " + f + " has type " + type);
        }
    }

    private void residue(int r) throws AudioFormatException {
        int type = (int) read(16);
        if (type > 2) {
            throw bad("residue " + r + " has type " + type);
        }
        read(24 + 24 + 24);
        int classifications = (int) read(6) + 1;
        int book = (int) read(8);
        if (book >= bookEntries.length) {
            throw bad("residue " + r + " uses codebook " + book + " of " + bookEntries.length);
        }
        long partvals = 1;
        for (long d = bookDims[book]; d > 0; d--) {
            partvals *= classifications;
            if (partvals > bookEntries[book]) {
                throw bad("residue " + r + ": " + classifications + " classifications in " + bookDims[book]
                        + " dimensions need more than the " + bookEntries[book] + " entries of codebook " + book);
            }
        }
        if (bookDims[book] < 1) {
            throw bad("residue " + r + " uses a codebook of 0 dimensions");
        }
        int books = 0;
        for (int c = 0; c < classifications; c++) {
            int low = (int) read(3);
            int high = read(1) == 1 ? (int) read(5) : 0;
            books += Integer.bitCount(high * 8 + low);
        }
        read(8 * books);
    }

    private static int ilog(long v) {
        return 64 - Long.numberOfLeadingZeros(v);
    }

    /** The largest r with r^dims <= entries. */
    private static long lookup1Values(long entries, long dims) {
        if (dims == 0) {
            return 0;
        }
        long r = (long) Math.floor(Math.pow(entries, 1.0 / dims));
        while (r > 0 && pow(r, dims) > entries) {
            r--;
        }
        while (pow(r + 1, dims) <= entries) {
            r++;
        }
        return r;
    }

    private static long pow(long r, long dims) {
        long v = 1;
        for (long i = 0; i < dims; i++) {
            v *= r;
            if (v > (1L << 40)) {
                return v;
            }
        }
        return v;
    }
}
