package io.liverelay.ingest.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;

/**
 * A stream's resume tokens: 256 random bits each, given to the browser in {@code started} and in every
 * {@code resumed}, good for one resume. Only their SHA-256 digests are kept (a heap dump does not hold a usable
 * token), compared in constant time; the last few used ones are remembered so that a replay is named as such.
 * Confined to the stream's lane.
 */
final class ResumeTokens {

    /** What a presented token is to this stream. */
    enum Verdict { GOOD, USED, WRONG }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int REMEMBERED = 16;

    private byte[] current;
    private final ArrayDeque<byte[]> used = new ArrayDeque<>();

    /** A new token; the one before it, if any, can no longer resume the stream. */
    String issue() {
        if (current != null) {
            remember(current);
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        current = digest(token);
        return token;
    }

    Verdict check(String presented) {
        byte[] candidate = digest(presented);
        if (current != null && MessageDigest.isEqual(current, candidate)) {
            return Verdict.GOOD;
        }
        for (byte[] old : used) {
            if (MessageDigest.isEqual(old, candidate)) {
                return Verdict.USED;
            }
        }
        return Verdict.WRONG;
    }

    private void remember(byte[] spent) {
        if (used.size() == REMEMBERED) {
            used.removeFirst();
        }
        used.addLast(spent);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
