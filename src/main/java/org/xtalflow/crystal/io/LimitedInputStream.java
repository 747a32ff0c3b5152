package org.xtalflow.crystal.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that refuses to deliver more than {@code maxBytes} bytes: past the limit a read throws
 * {@link InputLimitException}. Wrapped around the decompressed stream, it bounds the inflated size
 * of a gzip bomb however well it compresses.
 */
public final class LimitedInputStream extends FilterInputStream {
    private final long maxBytes;
    private final String file;
    private final String limitName;
    private long count;

    public LimitedInputStream(InputStream in, long maxBytes, String file, String limitName) {
        super(in);
        this.maxBytes = maxBytes;
        this.file = file;
        this.limitName = limitName;
    }

    /** Bytes delivered so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long k = super.skip(n);
        if (k > 0) {
            add(k);
        }
        return k;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void add(long n) {
        count += n;
        if (count > maxBytes) {
            throw new InputLimitException(
                    file, 0, "more than " + maxBytes + " bytes (after decompression)", limitName, maxBytes);
        }
    }
}
