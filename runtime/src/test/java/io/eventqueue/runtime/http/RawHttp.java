package io.eventqueue.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP/1.1 over a plain socket, for requests no HTTP client would send (broken framing, pipelining, trickling). */
final class RawHttp {
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]*)\"");

    /** One parsed answer; {@code type} is the problem type URI, or null when the body is not a problem. */
    record Response(int status, Map<String, String> headers, String body) {
        String type() {
            Matcher m = TYPE.matcher(body);
            return headers.getOrDefault("content-type", "").startsWith("application/problem+json") && m.find()
                    ? m.group(1) : null;
        }
    }

    private RawHttp() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Sends {@code request} (then, if {@code halfClose}, shuts the output down) and reads up to {@code expected}
     * answers until the server closes or stays silent for the timeout.
     */
    static List<Response> exchange(int port, byte[] request, int expected, boolean halfClose) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // The server may answer and close before reading everything; its answer is what counts.
            }
            return read(socket.getInputStream(), expected);
        }
    }

    /** Sends {@code head} then {@code trickle} one byte at a time, {@code pauseMillis} apart, until the server answers. */
    static List<Response> trickle(int port, byte[] head, byte[] trickle, long pauseMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head);
            out.flush();
            try {
                for (byte b : trickle) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(pauseMillis);
                }
            } catch (IOException e) {
                // Closed by the server while trickling: read what it said.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return read(in, 1);
        }
    }

    private static List<Response> read(InputStream in, int expected) throws IOException {
        List<Response> responses = new ArrayList<>();
        byte[] data;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int offset = 0;
        byte[] chunk = new byte[16384];
        while (responses.size() < expected) {
            data = buffer.toByteArray();
            Response parsed = null;
            int consumed = -1;
            int headEnd = indexOf(data, ascii("\r\n\r\n"), offset);
            if (headEnd >= 0) {
                String head = new String(data, offset, headEnd - offset, StandardCharsets.ISO_8859_1);
                String[] lines = head.split("\r\n");
                int status = Integer.parseInt(lines[0].split(" ")[1]);
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
                int bodyStart = headEnd + 4;
                if (headers.containsKey("content-length")) {
                    int length = Integer.parseInt(headers.get("content-length"));
                    if (data.length >= bodyStart + length) {
                        parsed = new Response(status, headers,
                                new String(data, bodyStart, length, StandardCharsets.UTF_8));
                        consumed = bodyStart + length;
                    }
                } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    int end = indexOf(data, ascii("\r\n0\r\n\r\n"), bodyStart - 2);
                    if (end >= 0) {
                        parsed = new Response(status, headers, dechunk(data, bodyStart, end + 2));
                        consumed = end + 7;
                    }
                } else {
                    parsed = new Response(status, headers, "");
                    consumed = bodyStart;
                }
            }
            if (parsed != null) {
                responses.add(parsed);
                offset = consumed;
                continue;
            }
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException | java.net.SocketException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            buffer.write(chunk, 0, n);
        }
        return responses;
    }

    private static String dechunk(byte[] data, int start, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int position = start;
        while (position < end) {
            int lineEnd = indexOf(data, ascii("\r\n"), position);
            int size = Integer.parseInt(new String(data, position, lineEnd - position, StandardCharsets.ISO_8859_1)
                    .split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(data, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
