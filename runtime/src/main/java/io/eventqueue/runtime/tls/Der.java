package io.eventqueue.runtime.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The few ASN.1 DER structures needed to re-wrap PEM private keys (and, in tests, to build certificates). */
public final class Der {
    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int OCTET_STRING = 0x04;
    public static final int NULL = 0x05;
    public static final int OID = 0x06;
    public static final int SEQUENCE = 0x30;

    private Der() {
    }

    /** One element: its tag, where its content starts and its length. */
    public record Element(int tag, byte[] source, int contentStart, int length) {
        public byte[] content() {
            return Arrays.copyOfRange(source, contentStart, contentStart + length);
        }

        public int end() {
            return contentStart + length;
        }

        /** The elements inside a constructed element. */
        public List<Element> children() {
            List<Element> children = new ArrayList<>();
            int offset = contentStart;
            while (offset < end()) {
                Element child = read(source, offset);
                if (child.end() > end()) {
                    throw new IllegalArgumentException("DER element overruns its parent");
                }
                children.add(child);
                offset = child.end();
            }
            return children;
        }
    }

    public static Element read(byte[] der, int offset) {
        if (offset + 2 > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int tag = der[offset] & 0xff;
        int first = der[offset + 1] & 0xff;
        int position = offset + 2;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int count = first & 0x7f;
            if (count == 0 || count > 3 || position + count > der.length) {
                throw new IllegalArgumentException("unsupported DER length");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (der[position++] & 0xff);
            }
        }
        if (position + length > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new Element(tag, der, position, length);
    }

    public static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    public static byte[] sequence(byte[]... parts) {
        return tlv(SEQUENCE, parts);
    }

    public static byte[] integer(long value) {
        return tlv(INTEGER, BigInteger.valueOf(value).toByteArray());
    }

    public static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    public static byte[] octetString(byte[] value) {
        return tlv(OCTET_STRING, value);
    }

    public static byte[] bitString(byte[] value) {
        return tlv(BIT_STRING, new byte[] {0}, value);
    }

    public static byte[] nullValue() {
        return new byte[] {NULL, 0};
    }

    public static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                int bits = (int) ((arc >> (7 * g)) & 0x7f);
                out.write(g == 0 ? bits : bits | 0x80);
            }
        }
        return tlv(OID, out.toByteArray());
    }
}
