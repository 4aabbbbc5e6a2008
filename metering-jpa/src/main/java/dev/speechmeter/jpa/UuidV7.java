package dev.speechmeter.jpa;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Time-ordered ids (RFC 9562 version 7): 48 bits of Unix milliseconds, then random bits. */
final class UuidV7 {

    private UuidV7() {
    }

    static UUID at(Instant instant) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = instant.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long mostSignificant = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
